package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One export's entries of an {@link ExportSection}, asked for once and written into the JSON
 * document and its CSV file ({@code sections/<name>.csv}): a column per key, the section's own
 * columns first.
 */
final class SectionContent {

  private final ExportSection section;
  private final List<Map<String, Object>> entries;
  private final List<String> columns;

  /**
   * Asks a section for a subject's entries.
   *
   * @throws IllegalStateException if the section has no description, or answers no list, or an
   *     entry with a null key
   */
  SectionContent(ExportSection section, Set<SubjectRef> identities) {
    this.section = section;
    if (section.description() == null || section.description().isBlank()) {
      throw new IllegalStateException("export section '" + section.name() + "' has no description");
    }
    List<Map<String, Object>> answered = section.entries(identities);
    if (answered == null) {
      throw new IllegalStateException(
          "export section '" + section.name() + "' returned no entries");
    }
    List<Map<String, Object>> copied = new ArrayList<>(answered.size());
    Set<String> keys = new LinkedHashSet<>(section.columns());
    for (Map<String, Object> entry : answered) {
      Map<String, Object> copy = new LinkedHashMap<>();
      Objects.requireNonNull(entry, "an entry of export section '" + section.name() + "'")
          .forEach(
              (key, value) -> {
                if (key == null) {
                  throw new IllegalStateException(
                      "an entry of export section '" + section.name() + "' has a null key");
                }
                copy.put(key, value);
              });
      keys.addAll(copy.keySet());
      copied.add(copy);
    }
    this.entries = copied;
    this.columns = List.copyOf(keys);
  }

  /** {@return the section's name} */
  String name() {
    return section.name();
  }

  /** {@return the section's description} */
  String description() {
    return section.description();
  }

  /** {@return the name of the section's CSV entry in the archive} */
  String fileName() {
    return "sections/" + section.name() + ".csv";
  }

  /** {@return how many entries the section has} */
  int size() {
    return entries.size();
  }

  /** Writes the entries as a JSON array of objects. */
  void writeEntries(JsonGenerator json) throws IOException {
    json.writeStartArray();
    for (Map<String, Object> entry : entries) {
      writeValue(json, entry);
    }
    json.writeEndArray();
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> field : map.entrySet()) {
        json.writeFieldName(String.valueOf(field.getKey()));
        writeValue(json, field.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof Collection<?> list) {
      json.writeStartArray();
      for (Object element : list) {
        writeValue(json, element);
      }
      json.writeEndArray();
    } else if (value instanceof Instant instant) {
      json.writeString(IsoInstants.format(instant));
    } else {
      JsonValues.write(json, JsonValues.plain(value));
    }
  }

  /** Writes the CSV file: a header row, then a row per entry (RFC 4180, cells guarded). */
  void writeCsv(Writer writer, ObjectMapper mapper) throws IOException {
    List<String> header = new ArrayList<>(columns.size());
    columns.forEach(column -> header.add(CsvCells.guard(column)));
    row(writer, header);
    for (Map<String, Object> entry : entries) {
      List<String> cells = new ArrayList<>(columns.size());
      for (String column : columns) {
        Object value = entry.get(column);
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
          cells.add(CsvCells.guard(mapper.writeValueAsString(value)));
        } else if (value instanceof Instant instant) {
          cells.add(IsoInstants.format(instant));
        } else {
          cells.add(CsvCells.cell(JsonValues.plain(value)));
        }
      }
      row(writer, cells);
    }
    writer.flush();
  }

  private static void row(Writer writer, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        writer.write(',');
      }
      writer.write(CsvCells.quote(cells.get(i)));
    }
    writer.write("\r\n");
  }
}
