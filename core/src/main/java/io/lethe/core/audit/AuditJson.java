package io.lethe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/** The JSON form of audit entries and their counts, shared by the storages. */
final class AuditJson {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private AuditJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit value could not be written as JSON", e);
    }
  }

  static AuditEntry entry(String json) throws JsonProcessingException {
    return MAPPER.readValue(json, AuditEntry.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Long> counts(String json) throws JsonProcessingException {
    Map<String, Number> raw = MAPPER.readValue(json, Map.class);
    return raw.entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().longValue()));
  }
}
