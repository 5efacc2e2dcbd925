package io.lethe.core.policy;

/** Formatting helpers for messages about policy values (never about personal data). */
final class Texts {

  private static final int MAX_QUOTED = 60;

  private Texts() {}

  /** Quotes a policy value for a message, cut short so a pasted blob cannot flood a report. */
  static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    if (text.length() > MAX_QUOTED) {
      text = text.substring(0, MAX_QUOTED) + "…";
    }
    return "'" + text + "'";
  }
}
