package io.lethe.dsar.export;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Turns values into CSV cells (RFC 4180), guarded against formula injection (CSV injection, as
 * OWASP describes it).
 *
 * <p>A text cell whose first character is one of {@link #FORMULA_TRIGGERS} gets a single quote in
 * front, so that a spreadsheet shows it as text rather than evaluating it; text that already starts
 * with single quotes followed by one of them gets one quote more, so that taking one quote off
 * every guarded-looking cell gives the stored text back. Numbers and booleans the store gives as
 * such are written unguarded, so a negative amount stays {@code -42.50}.
 */
final class CsvCells {

  /** The characters that make a spreadsheet read a cell starting with them as a formula. */
  private static final String FORMULA_TRIGGERS = "=+-@\t\r";

  private CsvCells() {}

  /**
   * {@return the CSV text of a field value, after {@link JsonValues#plain}: numbers and booleans as
   * they are, anything else guarded}
   */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Double
        || value instanceof Float) {
      return value.toString();
    }
    return guard(value.toString());
  }

  /**
   * Puts a single quote in front of text a spreadsheet would evaluate as a formula, and in front of
   * text that already looks guarded (quotes, then such a character), so that taking one quote off a
   * guarded-looking cell always gives the stored text back.
   */
  static String guard(String text) {
    int first = 0;
    while (first < text.length() && text.charAt(first) == '\'') {
      first++;
    }
    return first < text.length() && FORMULA_TRIGGERS.indexOf(text.charAt(first)) >= 0
        ? "'" + text
        : text;
  }

  /** {@return a cell quoted and escaped as RFC 4180 says if it holds a comma, quote or break} */
  static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
