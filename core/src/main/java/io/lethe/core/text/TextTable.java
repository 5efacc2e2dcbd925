package io.lethe.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned plain-text table for terminal output and logs: a header row, a rule, then rows,
 * columns padded to their widest cell. Used by the demo, retention plans and sweep reports.
 */
public final class TextTable {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * A table with the given column headers.
   *
   * @param headers one per column
   */
  public TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  /**
   * Adds a row; a null cell prints empty.
   *
   * @param cells one per column
   * @return this table
   * @throws IllegalArgumentException if the number of cells differs from the headers
   */
  public TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "expected " + headers.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** {@return the table as lines of text, each ending in a line separator} */
  public String render() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    line(out, rule, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < cells.size(); c++) {
      line.append(cells.get(c));
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cells.get(c).length())).append("  ");
      }
    }
    out.append(line.toString().stripTrailing()).append(System.lineSeparator());
  }
}
