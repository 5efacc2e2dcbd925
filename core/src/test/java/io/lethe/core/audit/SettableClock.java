package io.lethe.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the audit tests set by hand; safe to read from several threads. */
final class SettableClock extends Clock {

  private volatile Instant now;

  private SettableClock(Instant now) {
    this.now = now;
  }

  static SettableClock at(Instant now) {
    return new SettableClock(now);
  }

  SettableClock set(Instant instant) {
    this.now = instant;
    return this;
  }

  SettableClock advance(Duration duration) {
    this.now = now.plus(duration);
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the audit log does not need other zones");
  }
}
