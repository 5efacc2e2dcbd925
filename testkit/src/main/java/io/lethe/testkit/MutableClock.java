package io.lethe.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests set and move by hand, for travelling through months and years of retention in
 * milliseconds. Safe to read from several threads.
 */
public final class MutableClock extends Clock {

  private final ZoneId zone;
  private volatile Instant now;

  private MutableClock(Instant now, ZoneId zone) {
    this.now = Objects.requireNonNull(now, "now");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * A clock standing at an instant, in UTC.
   *
   * @param now the instant
   * @return the clock
   */
  public static MutableClock at(Instant now) {
    return new MutableClock(now, ZoneOffset.UTC);
  }

  /**
   * A clock standing at an instant given as ISO-8601 text.
   *
   * @param now such as {@code 2026-01-10T00:00:00Z}
   * @return the clock
   */
  public static MutableClock at(String now) {
    return at(Instant.parse(now));
  }

  /**
   * Moves to an instant, forwards or backwards.
   *
   * @param instant the new time
   * @return this clock
   */
  public MutableClock set(Instant instant) {
    this.now = Objects.requireNonNull(instant, "instant");
    return this;
  }

  /**
   * Moves forward by an exact duration.
   *
   * @param duration how far
   * @return this clock
   */
  public synchronized MutableClock advance(Duration duration) {
    this.now = now.plus(duration);
    return this;
  }

  /**
   * Moves forward by a calendar period, in this clock's zone.
   *
   * @param period how far, such as {@code P1M}
   * @return this clock
   */
  public synchronized MutableClock advance(Period period) {
    this.now = now.atZone(zone).plus(period).toInstant();
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now + ", " + zone + "]";
  }
}
