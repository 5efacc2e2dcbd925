package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lethe.core.internal.Spans;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.Objects;
import java.util.Optional;

/**
 * How long data may or must be kept: an ISO-8601 calendar period ({@code P90D}, {@code P12M},
 * {@code P5Y}), an exact duration ({@code PT0S}, {@code PT72H}), or {@link #INDEFINITE}.
 *
 * <p>Calendar periods are added in the policy's time zone, so "12 months from 31 March" has one
 * answer everywhere: 31 March plus {@code P1M} is 30 April.
 */
public final class RetentionPeriod {

  /** Keep without end. Only anonymized or aggregate data may be kept indefinitely. */
  public static final RetentionPeriod INDEFINITE = new RetentionPeriod(null, "indefinite");

  /** Zero: gone at the anchor itself, for example "not retained after delivery". */
  public static final RetentionPeriod NONE = new RetentionPeriod(Duration.ZERO, "PT0S");

  private final TemporalAmount amount;
  private final String text;

  private RetentionPeriod(TemporalAmount amount, String text) {
    this.amount = amount;
    this.text = text;
  }

  /**
   * Parses {@code indefinite}, an ISO-8601 period such as {@code P90D} or {@code P1Y6M}, or an
   * ISO-8601 duration such as {@code PT0S} or {@code PT72H}, spelt as the policy JSON Schema
   * says: upper case, whole numbers (seconds may have a fraction), no sign, no spaces. A period
   * is at most {@link #MAX_YEARS} years long, so that adding it to any date of a policy stays
   * far inside what {@code java.time} can represent.
   *
   * @param text the period as written in a policy
   * @return the period
   * @throws IllegalArgumentException if the text is none of these, or is longer than 1,000 years
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RetentionPeriod parse(String text) {
    Objects.requireNonNull(text, "retention period");
    if (text.equals("indefinite")) {
      return INDEFINITE;
    }
    TemporalAmount amount;
    if (PolicyReader.PERIOD.matcher(text).matches()) {
      amount = Period.parse(text);
    } else if (PolicyReader.DURATION.matcher(text).matches()) {
      amount = Duration.parse(text);
    } else if (PolicyReader.PERIOD.matcher(text.replace("-", "")).matches()
        || PolicyReader.DURATION.matcher(text.replace("-", "")).matches()) {
      throw new IllegalArgumentException("a retention period must not be negative: "
          + Texts.quote(text));
    } else {
      throw new IllegalArgumentException(
          "not an ISO-8601 period (P90D, P12M, P5Y), duration (PT0S, PT72H) or 'indefinite': "
              + Texts.quote(text));
    }
    if (!withinBounds(amount)) {
      throw new IllegalArgumentException("a retention period is at most " + MAX_YEARS
          + " years long: " + Texts.quote(text));
    }
    return new RetentionPeriod(amount, text);
  }

  /** The longest period or duration a policy may state, in years. */
  public static final int MAX_YEARS = 1_000;

  private static final double DAYS_PER_MONTH = 365.2425 / 12;

  /**
   * Whether a period or duration is not negative in any part and at most {@link #MAX_YEARS}
   * years long (a year of 365.2425 days, a month a twelfth of it). Never throws.
   *
   * @param amount a {@link Period} or {@link Duration}
   * @return true if it is within bounds
   */
  static boolean withinBounds(TemporalAmount amount) {
    if (amount instanceof Period p) {
      if (p.isNegative()) {
        return false;
      }
      double days = p.toTotalMonths() * DAYS_PER_MONTH + p.getDays();
      return days <= MAX_YEARS * 365.2425;
    }
    if (amount instanceof Duration d) {
      return !d.isNegative() && d.getSeconds() <= (long) (MAX_YEARS * 365.2425 * 86_400);
    }
    return false;
  }

  /**
   * A calendar period.
   *
   * @param period days, months and years, not negative
   * @return the retention period
   */
  public static RetentionPeriod of(Period period) {
    return parse(period.toString());
  }

  /**
   * An exact duration.
   *
   * @param duration not negative
   * @return the retention period
   */
  public static RetentionPeriod of(Duration duration) {
    return parse(duration.toString());
  }

  /** Shorthand for {@code of(Period.ofDays(days))}. @param days days @return the period */
  public static RetentionPeriod days(int days) {
    return of(Period.ofDays(days));
  }

  /** Shorthand for {@code of(Period.ofMonths(months))}. @param months months @return the period */
  public static RetentionPeriod months(int months) {
    return of(Period.ofMonths(months));
  }

  /** Shorthand for {@code of(Period.ofYears(years))}. @param years years @return the period */
  public static RetentionPeriod years(int years) {
    return of(Period.ofYears(years));
  }

  /** {@return whether this is {@link #INDEFINITE}} */
  public boolean isIndefinite() {
    return amount == null;
  }

  /** {@return the {@link Period} or {@link Duration}, empty when indefinite} */
  public Optional<TemporalAmount> amount() {
    return Optional.ofNullable(amount);
  }

  /**
   * Adds this period to a start instant, calendar units in the given zone.
   *
   * @param start the anchor instant
   * @param zone the policy's time zone
   * @return the end, or empty when indefinite; {@link Instant#MAX} when the end lies beyond
   *     what an instant can hold
   */
  public Optional<Instant> addTo(Instant start, ZoneId zone) {
    if (amount == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(start.atZone(zone).plus(amount).toInstant());
    } catch (java.time.DateTimeException | ArithmeticException beyondTime) {
      // Only a start within 1,000 years of the end of time gets here: it never ends.
      return Optional.of(Instant.MAX);
    }
  }

  /** Sweep instants this far from the epoch keep all arithmetic in range. */
  private static final Instant EARLIEST_SWEEP = Instant.ofEpochSecond(-3_155_695_200_000L);
  private static final Instant LATEST_SWEEP = Instant.ofEpochSecond(3_155_695_200_000L);

  private static final long DAYS_OF_SLACK = 5L * 86_400L * 1_000_000L;

  private static long micros(Instant instant) {
    // Not ChronoUnit.MICROS.between, which counts in nanoseconds and overflows after 2262.
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  private boolean endsBy(long startMicros, Instant at, ZoneId zone) {
    Instant start = Instant.EPOCH.plus(startMicros, java.time.temporal.ChronoUnit.MICROS);
    return !start.atZone(zone).plus(amount).toInstant().isAfter(at);
  }

  /**
   * Every anchor whose period has run out at {@code at}: the anchors {@code a} with {@code a +
   * this <= at}, as ranges. Usually one range, {@code (-inf, cutoff]}. Calendar periods can add
   * small ranges after it: adding months clamps to the month's end but keeps the time of day, so
   * 29 February 00:00 plus seven years (28 February 00:00) has run out at midnight on 28
   * February while 28 February noon of the same year has not.
   *
   * @param at the instant of the sweep
   * @param zone the policy's time zone
   * @return the ranges, ordered and disjoint; empty when indefinite
   * @throws IllegalArgumentException if {@code at} lies outside the years -100000 to 100000
   */
  public java.util.List<AnchorRange> expiredAnchorRanges(Instant at, ZoneId zone) {
    if (amount == null) {
      return java.util.List.of();
    }
    if (at.isBefore(EARLIEST_SWEEP) || at.isAfter(LATEST_SWEEP)) {
      throw new IllegalArgumentException("a sweep instant lies in the years -100000 to 100000,"
          + " not " + at);
    }
    if (amount instanceof Duration duration) {
      return java.util.List.of(AnchorRange.upTo(at.minus(duration)));
    }
    // The largest cutoff below which every anchor has run out (the running maximum of
    // anchor + period stays within 'at').
    long guess = micros(at.atZone(zone).minus(amount).toInstant());
    long low = guess - DAYS_OF_SLACK;
    long high = guess + DAYS_OF_SLACK;
    while (!allEndBy(low, at, zone)) {
      low -= DAYS_OF_SLACK;
    }
    while (allEndBy(high, at, zone)) {
      high += DAYS_OF_SLACK;
    }
    while (high - low > 1) {
      long middle = low + (high - low) / 2;
      if (allEndBy(middle, at, zone)) {
        low = middle;
      } else {
        high = middle;
      }
    }
    java.util.List<AnchorRange> ranges = new java.util.ArrayList<>();
    ranges.add(AnchorRange.upTo(instant(low)));
    // After it, whole local days whose clamped end still falls by 'at': within a day, adding
    // the period is increasing, so each day contributes at most one leading stretch.
    java.time.LocalDate day = instant(low).atZone(zone).toLocalDate();
    for (int i = 0; i <= 6; i++, day = day.plusDays(1)) {
      long start = Math.max(micros(day.atStartOfDay(zone).toInstant()), low + 1);
      long end = micros(day.plusDays(1).atStartOfDay(zone).toInstant()) - 1;
      if (start > end || !endsBy(start, at, zone)) {
        continue;
      }
      long lo = start;
      long hi = end + 1;
      while (hi - lo > 1) {
        long middle = lo + (hi - lo) / 2;
        if (endsBy(middle, at, zone)) {
          lo = middle;
        } else {
          hi = middle;
        }
      }
      AnchorRange previous = ranges.get(ranges.size() - 1);
      if (micros(previous.to()) + 1 == start) {
        ranges.set(ranges.size() - 1, new AnchorRange(previous.from(), instant(lo)));
      } else {
        ranges.add(new AnchorRange(instant(start), instant(lo)));
      }
    }
    return java.util.List.copyOf(ranges);
  }

  /** Whether every anchor up to {@code c} has run out: the running maximum stays within 'at'. */
  private boolean allEndBy(long c, Instant at, ZoneId zone) {
    if (!endsBy(c, at, zone)) {
      return false;
    }
    java.time.LocalDate day = instant(c).atZone(zone).toLocalDate();
    for (int i = 1; i <= 5; i++) {
      long lastOfDay = micros(day.minusDays(i - 1).atStartOfDay(zone).toInstant()) - 1;
      if (lastOfDay < c && !endsBy(lastOfDay, at, zone)) {
        return false;
      }
    }
    return true;
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
  }

  /**
   * Tells whether this period can end later than {@code other} for some start date. An indefinite
   * period exceeds every finite one.
   *
   * @param other the period to compare with
   * @return true if this period may be longer
   */
  public boolean mayExceed(RetentionPeriod other) {
    if (isIndefinite()) {
      return !other.isIndefinite();
    }
    if (other.isIndefinite()) {
      return false;
    }
    return Spans.mayExceed(amount, other.amount);
  }

  /** {@return the text as written: {@code P90D}, {@code PT0S} or {@code indefinite}} */
  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetentionPeriod other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
