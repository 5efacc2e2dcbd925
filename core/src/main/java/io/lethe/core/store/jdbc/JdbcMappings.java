package io.lethe.core.store.jdbc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads JDBC store mappings from YAML, the same shape {@link JdbcMapping}'s builder makes:
 *
 * <pre>{@code
 * stores:
 *   - store: orders
 *     table: orders
 *     key: id
 *     category: user.financial.transaction
 *     subjects:
 *       - {column: customer_id, type: account_id}
 *     fields:
 *       - {column: email, category: user.contact.email}
 *     anchors:
 *       collected: created_at
 *       account.closed: closed_at
 *     anonymizedAt: anonymized_at
 * }</pre>
 */
public final class JdbcMappings {

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The document: a list of store mappings. */
  private record Document(List<JdbcMapping> stores) {}

  private JdbcMappings() {}

  /**
   * Reads mappings from a YAML file.
   *
   * @param file the file
   * @return the mappings, each checked for its own shape (the database is checked on open)
   * @throws InvalidMappingException listing every problem found
   */
  public static List<JdbcMapping> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw InvalidMappingException.of(file.toString(), List.of("cannot read the file: "
          + e.getClass().getSimpleName()));
    }
  }

  /**
   * Reads mappings from YAML text.
   *
   * @param yaml the text
   * @param source a name for error messages
   * @return the mappings
   * @throws InvalidMappingException listing every problem found
   */
  public static List<JdbcMapping> parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Document document;
    try {
      document = YAML.readValue(yaml, Document.class);
    } catch (JsonMappingException e) {
      throw InvalidMappingException.of(source, List.of(path(e) + describe(e)));
    } catch (JsonProcessingException e) {
      throw InvalidMappingException.of(source, List.of("syntax error: " + describe(e)));
    }
    if (document == null || document.stores() == null || document.stores().isEmpty()) {
      throw InvalidMappingException.of(source, List.of("stores: needs at least one mapping"));
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < document.stores().size(); i++) {
      JdbcMapping mapping = document.stores().get(i);
      if (mapping == null) {
        problems.add("stores[" + i + "]: is empty");
        continue;
      }
      for (String problem : mapping.problems()) {
        problems.add("stores[" + i + "]." + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw InvalidMappingException.of(source, problems);
    }
    return List.copyOf(document.stores());
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        out.append(out.length() > 0 ? "." : "").append(ref.getFieldName());
      }
    }
    return out.length() == 0 ? "" : out + ": ";
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
    message = message.lines().findFirst().orElse("unreadable")
        .replaceAll("\\s*\\(class [^)]*\\)", "")
        .replaceAll("`[a-z.]+\\.([A-Z][A-Za-z$]*)`", "$1");
    JsonLocation at = e.getLocation();
    return at != null && at.getLineNr() > 0
        ? message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"
        : message;
  }
}
