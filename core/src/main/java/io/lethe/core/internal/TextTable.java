package io.lethe.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned plain-text table for terminal output and logs: a header row, a rule, then rows,
 * columns padded to their widest cell, and notes under rows. Used by retention plans, sweep reports
 * and erasure receipts, which render themselves as text for hosts.
 *
 * <p>A table fits a terminal: {@link #render()} keeps every line within {@value #WIDTH} columns. It
 * narrows the widest columns that hold several words first, wrapping their cells at spaces onto
 * continuation lines; only if that is not enough does it narrow further, breaking words after a
 * {@code .}, {@code _}, {@code -} or {@code /} where it can and anywhere where it cannot. {@link
 * #render(int)} takes another width.
 */
public final class TextTable {

  /** The width {@link #render()} fits a table into. */
  public static final int WIDTH = 100;

  /** No column is narrowed below this, nor below its header. */
  private static final int NARROWEST = 6;

  private static final String INDENT = "  ";
  private static final String NOTE_INDENT = "    ";
  private static final String GAP = "  ";

  private final List<String> headers;

  /** Rows of cells; a row of one element that is a {@link Note} is a note. */
  private final List<Object> rows = new ArrayList<>();

  private record Note(String text) {}

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

  /**
   * Adds a note under the last row: a line of prose across the table, indented, wrapped at spaces.
   * Notes do not widen the columns.
   *
   * @param text the note
   * @return this table
   */
  public TextTable note(String text) {
    rows.add(new Note(text));
    return this;
  }

  /**
   * Renders the table within {@value #WIDTH} columns.
   *
   * @return the table as lines of text, each ending in a line separator
   */
  public String render() {
    return render(WIDTH);
  }

  /**
   * Renders the table within a width, wrapping cells where the columns would not fit. Where even
   * the narrowest columns do not fit, lines are as short as they can be.
   *
   * @param maxWidth the longest line wanted, in characters
   * @return the table as lines of text, each ending in a line separator
   */
  public String render(int maxWidth) {
    int[] widths = fit(maxWidth);
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    line(out, rule, widths);
    for (Object row : rows) {
      if (row instanceof Note note) {
        for (String part :
            wrap(note.text(), Math.max(NARROWEST, maxWidth - NOTE_INDENT.length()))) {
          out.append(NOTE_INDENT).append(part).append(System.lineSeparator());
        }
      } else {
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) row;
        line(out, cells, widths);
      }
    }
    return out.toString();
  }

  /**
   * Wraps prose that goes with a table (a note under it) at spaces into lines of at most {@value
   * #WIDTH} columns, continuation lines indented by two spaces.
   *
   * @param text one paragraph
   * @return its lines, each ending in a line separator
   */
  public static String paragraph(String text) {
    StringBuilder out = new StringBuilder();
    String indent = "";
    for (String line : wrap(text, WIDTH - INDENT.length())) {
      out.append(indent).append(line).append(System.lineSeparator());
      indent = INDENT;
    }
    return out.toString();
  }

  /**
   * The column widths: each column's widest cell, then, while the table is too wide, the widest
   * column that can still lose a character loses one: first down to its longest word, then down to
   * {@link #NARROWEST} or its header.
   */
  private int[] fit(int maxWidth) {
    int columns = headers.size();
    int[] widths = new int[columns];
    int[] words = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = headers.get(c).length();
      words[c] = Math.max(NARROWEST, headers.get(c).length());
    }
    for (Object row : rows) {
      if (row instanceof List<?> cells) {
        for (int c = 0; c < columns; c++) {
          String cell = (String) cells.get(c);
          widths[c] = Math.max(widths[c], cell.length());
          for (String word : cell.strip().split(" +")) {
            words[c] = Math.max(words[c], word.length());
          }
        }
      }
    }
    int total = INDENT.length() + GAP.length() * (columns - 1);
    for (int width : widths) {
      total += width;
    }
    for (boolean breakWords : new boolean[] {false, true}) {
      while (total > maxWidth) {
        int widest = -1;
        for (int c = 0; c < columns; c++) {
          int floor = breakWords ? Math.max(NARROWEST, headers.get(c).length()) : words[c];
          if (widths[c] > floor && (widest < 0 || widths[c] > widths[widest])) {
            widest = c;
          }
        }
        if (widest < 0) {
          break;
        }
        widths[widest]--;
        total--;
      }
    }
    return widths;
  }

  /** Writes one row: as many lines as its tallest wrapped cell needs. */
  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int c = 0; c < cells.size(); c++) {
      List<String> parts = wrap(cells.get(c), widths[c]);
      wrapped.add(parts);
      height = Math.max(height, parts.size());
    }
    for (int l = 0; l < height; l++) {
      StringBuilder line = new StringBuilder(INDENT);
      for (int c = 0; c < cells.size(); c++) {
        String part = l < wrapped.get(c).size() ? wrapped.get(c).get(l) : "";
        line.append(part);
        if (c < cells.size() - 1) {
          line.append(" ".repeat(widths[c] - part.length())).append(GAP);
        }
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
  }

  /**
   * Splits text into lines of at most {@code width} characters at spaces; leading spaces (an
   * indented sub-row) stay on the first line only. A word longer than the width is broken after its
   * last {@code .}, {@code _}, {@code -} or {@code /} that fits, or else at the width.
   */
  static List<String> wrap(String text, int width) {
    if (text.length() <= width) {
      return List.of(text);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int indent = text.length() - text.stripLeading().length();
    current.append(text, 0, Math.min(indent, width - 1));
    for (String word : text.strip().split(" +")) {
      String rest = word;
      while (!rest.isEmpty()) {
        boolean empty = current.toString().isBlank();
        int room = width - current.length() - (empty ? 0 : 1);
        if (rest.length() <= room) {
          current.append(empty ? "" : " ").append(rest);
          rest = "";
        } else if (empty) {
          int cut = breakPoint(rest, room);
          current.append(rest, 0, cut);
          rest = rest.substring(cut);
          lines.add(current.toString());
          current.setLength(0);
        } else {
          lines.add(current.toString());
          current.setLength(0);
        }
      }
    }
    if (!current.toString().isBlank()) {
      lines.add(current.toString());
    }
    return lines;
  }

  /** Where to break a word too long for {@code room}: after punctuation if any fits. */
  private static int breakPoint(String word, int room) {
    for (int i = room - 1; i > 0; i--) {
      if (".-_/".indexOf(word.charAt(i - 1)) >= 0) {
        return i;
      }
    }
    return Math.max(1, room);
  }
}
