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
   * ISO-8601 duration such as {@code PT0S} or {@code PT72H}, spelt as the policy JSON Schema says:
   * upper case, whole numbers (seconds may have a fraction), no sign, no spaces. A period is at
   * most {@link #MAX_YEARS} years long, so that adding it to any date of a policy stays far inside
   * what {@code java.time} can represent.
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
      throw new IllegalArgumentException(
          "a retention period must not be negative: " + Texts.quote(text));
    } else {
      throw new IllegalArgumentException(
          "not an ISO-8601 period (P90D, P12M, P5Y), duration (PT0S, PT72H) or 'indefinite': "
              + Texts.quote(text));
    }
    if (!withinBounds(amount)) {
      throw new IllegalArgumentException(
          "a retention period is at most " + MAX_YEARS + " years long: " + Texts.quote(text));
    }
    return new RetentionPeriod(amount, text);
  }

  /** The longest period or duration a policy may state, in years. */
  public static final int MAX_YEARS = 1_000;

  private static final double DAYS_PER_MONTH = 365.2425 / 12;

  /**
   * Whether a period or duration is not negative in any part and at most {@link #MAX_YEARS} years
   * long (a year of 365.2425 days, a month a twelfth of it). Never throws.
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
   * @return the end, or empty when indefinite; {@link Instant#MAX} when the end lies beyond what an
   *     instant can hold
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
   * Every anchor whose period has run out at {@code at}: the anchors {@code a} with {@code a + this
   * <= at}, as ranges. Usually one range, {@code (-inf, cutoff]}. Calendar periods can add small
   * ranges after it: adding months clamps to the month's end but keeps the time of day, so 29
   * February 00:00 plus seven years (28 February 00:00) has run out at midnight on 28 February
   * while 28 February noon of the same year has not.
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
      throw new IllegalArgumentException(
          "a sweep instant lies in the years -100000 to 100000," + " not " + at);
    }
    if (amount instanceof Duration duration) {
      return java.util.List.of(AnchorRange.upTo(at.minus(duration)));
    }
    // Anchors well before 'at - period' have all run out, and none well after it. Between,
    // the end 'anchor + period' rises with the anchor except where it steps back: at the start
    // of a local day (adding months clamps to a month's end and keeps the time of day), where
    // the zone's offset changes at the anchor, and where the end leaves a daylight-saving gap
    // (an end inside the gap moves forward by the gap's length, so the ends just before the
    // gap's last instant are later than the ends just after it). Between those breaks it
    // rises, so each piece holds one leading stretch of anchors that have run out.
    long guess = micros(at.atZone(zone).minus(amount).toInstant());
    long from = guess - DAYS_OF_SLACK;
    long to = guess + DAYS_OF_SLACK;
    while (!endsBy(from, at, zone)) {
      from -= DAYS_OF_SLACK;
    }
    while (endsBy(to, at, zone)) {
      to += DAYS_OF_SLACK;
    }
    java.util.List<AnchorRange> ranges = new java.util.ArrayList<>();
    ranges.add(AnchorRange.upTo(instant(from)));
    java.util.List<Long> breaks = breaks(from + 1, to, at, zone);
    for (int i = 0; i + 1 < breaks.size(); i++) {
      long start = breaks.get(i);
      long end = breaks.get(i + 1) - 1;
      if (!endsBy(start, at, zone)) {
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

  /**
   * The anchors, from {@code from} to {@code to} (and {@code to + 1} last), at which adding this
   * period may step back: local day starts, offset changes at the anchor, and the first anchor
   * whose end is the last instant of a daylight-saving gap or after it.
   */
  private java.util.List<Long> breaks(long from, long to, Instant at, ZoneId zone) {
    java.util.TreeSet<Long> breaks = new java.util.TreeSet<>();
    breaks.add(from);
    breaks.add(to + 1);
    java.time.LocalDate day = instant(from).atZone(zone).toLocalDate();
    for (long start = micros(day.atStartOfDay(zone).toInstant());
        start <= to;
        day = day.plusDays(1), start = micros(day.atStartOfDay(zone).toInstant())) {
      if (start > from) {
        breaks.add(start);
      }
    }
    java.time.zone.ZoneRules rules = zone.getRules();
    for (java.time.zone.ZoneOffsetTransition t = rules.nextTransition(instant(from).minusNanos(1));
        t != null && micros(t.getInstant()) <= to;
        t = rules.nextTransition(t.getInstant())) {
      breaks.add(micros(t.getInstant()));
    }
    // Gaps the ends of these anchors may meet: near 'at', give or take the window.
    java.util.List<java.time.LocalDateTime> gapEnds = new java.util.ArrayList<>();
    Instant firstEnd =
        instant(from).atZone(zone).plus(amount).toInstant().minus(Duration.ofDays(2));
    Instant lastEnd = instant(to).atZone(zone).plus(amount).toInstant().plus(Duration.ofDays(2));
    for (java.time.zone.ZoneOffsetTransition t = rules.nextTransition(firstEnd);
        t != null && !t.getInstant().isAfter(lastEnd);
        t = rules.nextTransition(t.getInstant())) {
      if (t.isGap()) {
        gapEnds.add(t.getDateTimeAfter());
      }
    }
    if (!gapEnds.isEmpty()) {
      java.util.List<Long> pieces = new java.util.ArrayList<>(breaks);
      for (int i = 0; i + 1 < pieces.size(); i++) {
        long start = pieces.get(i);
        long end = pieces.get(i + 1) - 1;
        for (java.time.LocalDateTime gapEnd : gapEnds) {
          // within a piece the unresolved local end rises with the anchor
          if (!localEnd(start, zone).isBefore(gapEnd) || localEnd(end, zone).isBefore(gapEnd)) {
            continue;
          }
          long lo = start;
          long hi = end;
          while (hi - lo > 1) {
            long middle = lo + (hi - lo) / 2;
            if (localEnd(middle, zone).isBefore(gapEnd)) {
              lo = middle;
            } else {
              hi = middle;
            }
          }
          breaks.add(hi);
        }
      }
    }
    return java.util.List.copyOf(breaks);
  }

  /** The local date-time this period ends at from an anchor, before the zone resolves it. */
  private java.time.LocalDateTime localEnd(long anchorMicros, ZoneId zone) {
    return instant(anchorMicros).atZone(zone).toLocalDateTime().plus(amount);
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
