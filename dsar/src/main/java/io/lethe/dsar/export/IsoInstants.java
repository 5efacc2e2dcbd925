package io.lethe.dsar.export;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in
 * groups of three digits and left out when zero), without going through a {@code
 * DateTimeFormatter}: an export writes one or more instants per record, and the formatter made up
 * a tenth of a small export's time.
 */
final class IsoInstants {

  private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long YEAR_10000 =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

  private IsoInstants() {}

  /**
   * Formats an instant.
   *
   * @param instant the instant
   * @return the same text as {@code instant.toString()}
   */
  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < YEAR_0 || seconds > YEAR_10000) {
      return instant.toString(); // signed or five-digit years
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    int nano = instant.getNano();
    int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    char[] text = new char[20 + (digits == 0 ? 0 : digits + 1)];
    put(text, 0, t.getYear(), 4);
    text[4] = '-';
    put(text, 5, t.getMonthValue(), 2);
    text[7] = '-';
    put(text, 8, t.getDayOfMonth(), 2);
    text[10] = 'T';
    put(text, 11, t.getHour(), 2);
    text[13] = ':';
    put(text, 14, t.getMinute(), 2);
    text[16] = ':';
    put(text, 17, t.getSecond(), 2);
    int end = 19;
    if (digits > 0) {
      text[end++] = '.';
      put(text, end, digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano, digits);
      end += digits;
    }
    text[end] = 'Z';
    return new String(text);
  }

  private static void put(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
