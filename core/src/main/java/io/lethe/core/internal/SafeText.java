package io.lethe.core.internal;

/**
 * Makes text from a file safe to print in one line of a message or log: control characters,
 * invisible format characters (zero-width space, right-to-left override), line and paragraph
 * separators and unpaired surrogates are shown as escapes ({@code \n}, U+0000 as {@code \\u0000},
 * U+200B as {@code \\u200B}), so that a value cannot break a line, hide itself or forge a log
 * entry. Backslashes stay as they are.
 */
public final class SafeText {

  private SafeText() {}

  /**
   * Escapes what a reader could not see or what would break the line.
   *
   * @param text the text, may be null
   * @return the text with those characters escaped; null stays null
   */
  public static String escape(String text) {
    if (text == null || isPlain(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = text.codePointAt(i);
        if (needsEscape(codePoint)) {
          out.append(String.format("\\u%04X\\u%04X", (int) c, (int) text.charAt(i + 1)));
        } else {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isSurrogate(c) || needsEscape(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsEscape(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED && codePoint > 0xFFFF
        || type == Character.PRIVATE_USE
        || codePoint == 0x115F
        || codePoint == 0x1160
        || codePoint == 0x3164 // Hangul fillers
        || codePoint == 0xFFA0
        || codePoint >= 0xFE00 && codePoint <= 0xFE0F; // variation selectors
  }

  /**
   * Whether the text holds a UTF-16 surrogate without its partner, which no file encoding can hold
   * and no consumer can print.
   *
   * @param text the text
   * @return the index of the first unpaired surrogate, or -1
   */
  public static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
