package io.lethe.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares calendar-based and exact time amounts.
 *
 * <p>{@code P1M} and {@code P30D} have no fixed order: a month after 31 January is shorter than 30
 * days, a month after 1 March is longer. These helpers compare two amounts from every day of a leap
 * year and the year after it, so every month length and month end is covered.
 */
public final class Spans {

  private static final List<Instant> STARTS = referenceStarts();

  private Spans() {}

  private static List<Instant> referenceStarts() {
    List<Instant> starts = new ArrayList<>();
    LocalDate day = LocalDate.of(2024, 1, 1);
    LocalDate end = LocalDate.of(2026, 1, 1);
    while (day.isBefore(end)) {
      starts.add(day.atStartOfDay().toInstant(ZoneOffset.UTC));
      day = day.plusDays(1);
    }
    return List.copyOf(starts);
  }

  /**
   * Adds a {@link Period} or {@link Duration} to an instant in UTC.
   *
   * @param start the start
   * @param amount a period or duration
   * @return the end
   */
  public static Instant plus(Instant start, TemporalAmount amount) {
    try {
      // An offset, not a zone: the same result in UTC without looking up zone rules.
      return start.atOffset(ZoneOffset.UTC).plus(amount).toInstant();
    } catch (java.time.DateTimeException | ArithmeticException beyondTime) {
      // Only an amount far beyond any a valid policy holds gets here: compare it as endless.
      boolean negative =
          amount instanceof java.time.Period p
              ? p.isNegative()
              : amount instanceof java.time.Duration d && d.isNegative();
      return negative ? Instant.MIN : Instant.MAX;
    }
  }

  /**
   * Tells whether {@code longer} ends after {@code shorter} for at least one start date.
   *
   * @param longer the amount suspected to be longer
   * @param shorter the amount it is compared with
   * @return true if some start date makes {@code longer} end strictly later
   */
  public static boolean mayExceed(TemporalAmount longer, TemporalAmount shorter) {
    for (Instant start : STARTS) {
      if (plus(start, longer).isAfter(plus(start, shorter))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether {@code longer} ends after {@code shorter} on average over every start date:
   * {@code P31D} is longer than {@code P1M} (30.4 days on average), {@code P30D} is not.
   *
   * @param longer the amount suspected to be longer
   * @param shorter the amount it is compared with
   * @return true if the mean difference is positive
   */
  public static boolean exceedsOnAverage(TemporalAmount longer, TemporalAmount shorter) {
    double total = 0;
    for (Instant start : STARTS) {
      total +=
          (double) plus(start, longer).getEpochSecond() - plus(start, shorter).getEpochSecond();
    }
    return total > 0;
  }
}
