package io.lethe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.store.jdbc.JdbcMapping;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of an exported document, written so that two ways of exporting can be compared record
 * by record: each record as one line of text holding its store, the values of the store's mapped
 * fields, and its anchor times, the lines sorted. Lethe's document ({@code lethe-export/1}: {@code
 * records[].store}, {@code .fields}, {@code .anchors}) and the hand-written ones ({@code
 * records[].table}, {@code .row} with every column) come out the same when they hold the same
 * records, whatever the order, the field order or the extra columns.
 */
final class ExportRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportRecords() {}

  /**
   * {@return the records of a document, one sorted line each}
   *
   * @param document Lethe's or a hand-written export
   * @throws IOException if it is not JSON
   */
  static List<String> of(byte[] document) throws IOException {
    JsonNode records = JSON.readTree(document).path("records");
    List<String> lines = new ArrayList<>();
    for (JsonNode record : records) {
      lines.add(record.has("store") ? lethe(record) : handWritten(record));
    }
    lines.sort(null);
    return lines;
  }

  private static String lethe(JsonNode record) {
    Map<String, String> fields = new TreeMap<>();
    record
        .path("fields")
        .fields()
        .forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
    List<String> times = new ArrayList<>();
    record.path("anchors").forEach(at -> times.add(Instant.parse(at.asText()).toString()));
    return line(record.path("store").asText(), fields, times);
  }

  private static String handWritten(JsonNode record) {
    String table = record.path("table").asText();
    JdbcMapping mapping =
        ExportTables.TABLES.stream()
            .filter(t -> t.name().equals(table))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no table " + table))
            .mapping();
    JsonNode row = record.path("row");
    Map<String, String> fields = new TreeMap<>();
    for (JdbcMapping.FieldColumn field : mapping.fields()) {
      fields.put(field.column(), row.path(field.column()).asText());
    }
    List<String> times = new ArrayList<>();
    for (String column : mapping.anchors().values()) {
      times.add(Instant.parse(row.path(column).asText()).toString());
    }
    return line(mapping.store(), fields, times);
  }

  private static String line(String store, Map<String, String> fields, List<String> times) {
    times.sort(null);
    return store + " " + fields + " " + times;
  }

  /**
   * {@return the first difference between two sorted record lists, or null if they are equal}
   *
   * @param a one way's records
   * @param b another's
   */
  static String difference(List<String> a, List<String> b) {
    Iterator<String> i = a.iterator();
    Iterator<String> j = b.iterator();
    while (i.hasNext() && j.hasNext()) {
      String x = i.next();
      String y = j.next();
      if (!x.equals(y)) {
        return x.compareTo(y) < 0 ? "only in the first: " + x : "only in the second: " + y;
      }
    }
    if (i.hasNext()) {
      return "only in the first: " + i.next();
    }
    return j.hasNext() ? "only in the second: " + j.next() : null;
  }
}
