package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lethe.core.internal.Spans;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
   * ISO-8601 duration such as {@code PT0S} or {@code PT72H}.
   *
   * @param text the period as written in a policy
   * @return the period
   * @throws IllegalArgumentException if the text is none of these, or is negative
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RetentionPeriod parse(String text) {
    Objects.requireNonNull(text, "retention period");
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("indefinite")) {
      return INDEFINITE;
    }
    TemporalAmount amount = null;
    try {
      amount = Period.parse(trimmed);
    } catch (DateTimeParseException notAPeriod) {
      try {
        amount = Duration.parse(trimmed);
      } catch (DateTimeParseException notADuration) {
        throw new IllegalArgumentException(
            "not an ISO-8601 period (P90D, P12M, P5Y), duration (PT0S, PT72H) or 'indefinite': "
                + Texts.quote(text));
      }
    }
    if (amount instanceof Period p && p.isNegative()
        || amount instanceof Duration d && d.isNegative()) {
      throw new IllegalArgumentException("a retention period must not be negative: " + text);
    }
    return new RetentionPeriod(amount, trimmed.toUpperCase(java.util.Locale.ROOT));
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
   * @return the end, or empty when indefinite
   */
  public Optional<Instant> addTo(Instant start, ZoneId zone) {
    if (amount == null) {
      return Optional.empty();
    }
    return Optional.of(start.atZone(zone).plus(amount).toInstant());
  }

  /**
   * The latest anchor instant whose period has run out at {@code at}: every record anchored at
   * or before it has {@code anchor + this <= at}, and none after it does. This is the cutoff a
   * store filters by ({@code anchor <= cutoff}), exact to the microsecond even where calendar
   * arithmetic clamps month ends (31 March minus one month is not a start that ends on 31 March).
   *
   * @param at the instant of the sweep
   * @param zone the policy's time zone
   * @return the cutoff, empty when indefinite
   */
  public Optional<Instant> latestAnchorExpiredAt(Instant at, ZoneId zone) {
    if (amount == null) {
      return Optional.empty();
    }
    if (amount instanceof Duration duration) {
      return Optional.of(at.minus(duration));
    }
    Instant guess = at.atZone(zone).minus(amount).toInstant();
    long low = micros(guess) - DAYS_OF_SLACK;
    long high = micros(guess) + DAYS_OF_SLACK;
    while (!endsBy(low, at, zone)) {
      low -= DAYS_OF_SLACK;
    }
    while (endsBy(high, at, zone)) {
      high += DAYS_OF_SLACK;
    }
    // Invariant: low ends by 'at', high does not; adding a period is monotonic.
    while (high - low > 1) {
      long middle = low + (high - low) / 2;
      if (endsBy(middle, at, zone)) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return Optional.of(Instant.EPOCH.plus(low, java.time.temporal.ChronoUnit.MICROS));
  }

  private static final long DAYS_OF_SLACK = 5L * 86_400L * 1_000_000L;

  private static long micros(Instant instant) {
    return java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private boolean endsBy(long startMicros, Instant at, ZoneId zone) {
    Instant start = Instant.EPOCH.plus(startMicros, java.time.temporal.ChronoUnit.MICROS);
    return !start.atZone(zone).plus(amount).toInstant().isAfter(at);
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
