package io.lethe.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's own text layout: paragraphs and tables wrapped at spaces to fit {@value #WIDTH}
 * columns. The engines' reports lay themselves out ({@code toTable()}); this is only for what the
 * demo prints of a policy.
 */
final class DemoText {

  /** The widest line the demo prints. */
  static final int WIDTH = 100;

  private static final String NL = System.lineSeparator();

  private DemoText() {}

  /** {@return the text wrapped at spaces, continuation lines indented by two spaces} */
  static String paragraph(String text) {
    StringBuilder out = new StringBuilder();
    String indent = "";
    for (String line : wrap(text, WIDTH - 2)) {
      out.append(indent).append(line).append(NL);
      indent = "  ";
    }
    return out.toString();
  }

  /** Splits text at spaces into lines of at most {@code width}, breaking longer words. */
  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split(" +")) {
      while (word.length() > width) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * A table: a header, a rule, rows, and notes under rows. Columns are as wide as their widest
   * cell; where that is too wide, the widest column narrows and its cells wrap.
   */
  static final class Table {

    private final List<String> headers;

    /** A row is its cells; a note is a row of one cell in {@link #notes}. */
    private final List<List<String>> rows = new ArrayList<>();

    private final List<Boolean> notes = new ArrayList<>();

    Table(String... headers) {
      this.headers = List.of(headers);
    }

    Table row(Object... cells) {
      rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString()).toList());
      notes.add(false);
      return this;
    }

    Table note(String text) {
      rows.add(List.of(text));
      notes.add(true);
      return this;
    }

    String render() {
      int[] widths = headers.stream().mapToInt(String::length).toArray();
      int[] words = widths.clone();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; !notes.get(r) && c < widths.length; c++) {
          String cell = rows.get(r).get(c);
          widths[c] = Math.max(widths[c], cell.length());
          for (String word : cell.split(" ")) {
            words[c] = Math.max(words[c], word.length());
          }
        }
      }
      // two spaces before the table and between columns; too wide, the widest column narrows,
      // first only where that wraps its cells between words
      int total = 2 * widths.length + Arrays.stream(widths).sum();
      for (boolean breakWords : new boolean[] {false, true}) {
        for (int widest = widest(widths, words, breakWords);
            total > WIDTH && widest >= 0;
            widest = widest(widths, words, breakWords)) {
          widths[widest]--;
          total--;
        }
      }
      StringBuilder out = new StringBuilder();
      line(out, headers, widths);
      line(out, Arrays.stream(widths).mapToObj("-"::repeat).toList(), widths);
      for (int r = 0; r < rows.size(); r++) {
        if (notes.get(r)) {
          wrap(rows.get(r).get(0), WIDTH - 4).forEach(l -> out.append("    ").append(l).append(NL));
        } else {
          line(out, rows.get(r), widths);
        }
      }
      return out.toString();
    }

    /** The widest column that may narrow, or -1; one narrows below its longest word if asked. */
    private static int widest(int[] widths, int[] words, boolean breakWords) {
      int widest = -1;
      for (int c = 0; c < widths.length; c++) {
        boolean narrows = widths[c] > (breakWords ? 1 : words[c]);
        widest = narrows && (widest < 0 || widths[c] > widths[widest]) ? c : widest;
      }
      return widest;
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
      List<List<String>> wrapped = new ArrayList<>();
      int height = 0;
      for (int c = 0; c < cells.size(); c++) {
        wrapped.add(cells.get(c).isEmpty() ? List.of("") : wrap(cells.get(c), widths[c]));
        height = Math.max(height, wrapped.get(c).size());
      }
      for (int l = 0; l < height; l++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
          String part = l < wrapped.get(c).size() ? wrapped.get(c).get(l) : "";
          line.append("  ").append(part).append(" ".repeat(widths[c] - part.length()));
        }
        out.append(line.toString().stripTrailing()).append(NL);
      }
    }
  }
}
