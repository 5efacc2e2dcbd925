package io.lethe.dsar.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads export packages back in tests: ZIP entries, and CSV as RFC 4180 defines it. */
final class ExportPackages {

  private ExportPackages() {}

  /** {@return every entry of a ZIP as UTF-8 text, by name, in archive order} */
  static Map<String, String> unzip(byte[] bytes) {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /**
   * Parses CSV strictly: records end with CRLF, a quoted field may hold commas, quotes (doubled)
   * and line breaks, an unquoted field may hold none of them.
   *
   * @param text the whole file
   * @return its rows, the header first
   * @throws IllegalArgumentException if the text is not well-formed RFC 4180 CSV
   */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted field at " + i);
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cell.append(c);
          }
        }
      } else {
        while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          char c = text.charAt(i++);
          if (c == '"' || c == '\n') {
            throw new IllegalArgumentException(
                "unquoted field holds a quote or line feed at " + (i - 1));
          }
          cell.append(c);
        }
      }
      row.add(cell.toString());
      cell.setLength(0);
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      } else if (text.startsWith("\r\n", i)) {
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else {
        throw new IllegalArgumentException("expected a comma or CRLF at " + i);
      }
    }
    if (!row.isEmpty()) {
      throw new IllegalArgumentException("the last record does not end with CRLF");
    }
    return rows;
  }

  /** {@return the rows after the header, each as column name to cell} */
  static List<Map<String, String>> csvRecords(String text) {
    List<List<String>> rows = parseCsv(text);
    List<String> header = rows.get(0);
    List<Map<String, String>> records = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " cells, the header " + header.size());
      }
      Map<String, String> record = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        record.put(header.get(c), row.get(c));
      }
      records.add(record);
    }
    return records;
  }
}
