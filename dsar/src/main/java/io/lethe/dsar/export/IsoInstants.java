package io.lethe.dsar.export;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in
 * groups of three digits and left out when zero), without going through a {@code
 * DateTimeFormatter}: an export writes one or more instants per record, and the formatter made up a
 * tenth of a small export's time.
 */
final class IsoInstants {

  private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long YEAR_10000 =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

  private IsoInstants() {}

  /** The longest text {@link #format(Instant, char[])} writes. */
  static final int MAX_LENGTH = 30;

  /**
   * Formats an instant.
   *
   * @param instant the instant
   * @return the same text as {@code instant.toString()}
   */
  static String format(Instant instant) {
    char[] text = new char[MAX_LENGTH];
    int length = format(instant, text);
    return length < 0 ? instant.toString() : new String(text, 0, length);
  }

  /**
   * Formats an instant into a buffer, allocating nothing: an export writes one per anchor of every
   * record.
   *
   * @param instant the instant
   * @param text where the characters go, at least {@link #MAX_LENGTH} long
   * @return how many characters were written, the same as {@code instant.toString()}; -1 for a year
   *     before 0 or after 9999, which the caller writes with {@code toString()}
   */
  static int format(Instant instant, char[] text) {
    long seconds = instant.getEpochSecond();
    if (seconds < YEAR_0 || seconds > YEAR_10000) {
      return -1; // signed or five-digit years
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // the civil date of a day count (H. Hinnant's days_from_civil, inverted), proleptic Gregorian
    long shifted = days + 719_468L;
    long era = Math.floorDiv(shifted, 146_097L);
    long dayOfEra = shifted - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    int nano = instant.getNano();
    int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    put(text, 0, year, 4);
    text[4] = '-';
    put(text, 5, month, 2);
    text[7] = '-';
    put(text, 8, day, 2);
    text[10] = 'T';
    put(text, 11, secondOfDay / 3_600, 2);
    text[13] = ':';
    put(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    put(text, 17, secondOfDay % 60, 2);
    int end = 19;
    if (digits > 0) {
      text[end++] = '.';
      put(text, end, digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano, digits);
      end += digits;
    }
    text[end++] = 'Z';
    return end;
  }

  private static void put(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
