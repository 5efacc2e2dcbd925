package io.lethe.core.policy;

/** Formatting helpers for messages about policy values (never about personal data). */
final class Texts {

  private static final int MAX_QUOTED = 60;

  private Texts() {}

  /**
   * Quotes a policy value for a message, cut short so a pasted blob cannot flood a report, with
   * control and invisible characters escaped so that it cannot break or forge a line.
   */
  static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    if (text.length() > MAX_QUOTED) {
      int cut =
          Character.isHighSurrogate(text.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
      text = text.substring(0, cut) + "…";
    }
    text = io.lethe.core.internal.SafeText.escape(text);
    return "'" + text + "'";
  }
}
