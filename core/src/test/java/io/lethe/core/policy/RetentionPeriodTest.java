package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionPeriodTest {

  @Test
  void periods_durations_and_indefinite_parse_and_print_as_written() {
    assertThat(RetentionPeriod.parse("P90D").amount()).contains(Period.ofDays(90));
    assertThat(RetentionPeriod.parse("P12M").toString()).isEqualTo("P12M");
    assertThat(RetentionPeriod.parse("PT0S").amount()).contains(Duration.ZERO);
    assertThat(RetentionPeriod.parse("PT72H").amount()).contains(Duration.ofHours(72));
    assertThat(RetentionPeriod.parse("indefinite")).isSameAs(RetentionPeriod.INDEFINITE);
    assertThat(RetentionPeriod.INDEFINITE.isIndefinite()).isTrue();
    assertThat(RetentionPeriod.years(5)).isEqualTo(RetentionPeriod.parse("P5Y"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"90 days", "P90X", "forever", "", "-P1D", "P-1D", "PT-5S"})
  void anything_else_is_rejected(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> RetentionPeriod.parse(text));
  }

  @ParameterizedTest(name = "{0} + {1} in {2} = {3}")
  @CsvSource({
      "2026-03-31T10:00:00Z, P1M,  UTC,           2026-04-30T10:00:00Z",
      "2024-02-29T00:00:00Z, P12M, UTC,           2025-02-28T00:00:00Z",
      "2026-01-10T00:00:00Z, P90D, UTC,           2026-04-10T00:00:00Z",
      "2026-01-10T00:00:00Z, PT0S, UTC,           2026-01-10T00:00:00Z",
      // 30 March 00:30 in Berlin is 29 March 22:30Z; a month later in Berlin is 30 April 00:30.
      "2026-03-29T22:30:00Z, P1M,  Europe/Berlin, 2026-04-29T22:30:00Z",
  })
  void calendar_periods_are_added_in_the_policy_zone(Instant start, String period, ZoneId zone,
      Instant end) {
    assertThat(RetentionPeriod.parse(period).addTo(start, zone)).contains(end);
  }

  @Test
  void indefinite_has_no_end() {
    assertThat(RetentionPeriod.INDEFINITE.addTo(Instant.EPOCH, ZoneOffset.UTC)).isEmpty();
  }

  @Test
  void comparison_covers_every_month_length() {
    assertThat(RetentionPeriod.parse("P1M").mayExceed(RetentionPeriod.parse("P30D")))
        .as("a month from 1 March is 31 days").isTrue();
    assertThat(RetentionPeriod.parse("P30D").mayExceed(RetentionPeriod.parse("P1M")))
        .as("30 days from 31 January pass 28 February").isTrue();
    assertThat(RetentionPeriod.parse("P28D").mayExceed(RetentionPeriod.parse("P1M"))).isFalse();
    assertThat(RetentionPeriod.parse("P5Y").mayExceed(RetentionPeriod.parse("P60M"))).isFalse();
    assertThat(RetentionPeriod.INDEFINITE.mayExceed(RetentionPeriod.parse("P99Y"))).isTrue();
    assertThat(RetentionPeriod.parse("P99Y").mayExceed(RetentionPeriod.INDEFINITE)).isFalse();
  }

  @ParameterizedTest(name = "{1} at {0}: anchors up to {2} have expired")
  @CsvSource({
      "2026-03-28T10:00:00Z, P1M,  UTC, 2026-02-28T10:00:00Z",
      // Nothing starts on 29-31 February: everything up to the end of 28 February has expired.
      "2026-03-31T10:00:00Z, P1M,  UTC, 2026-02-28T23:59:59.999999Z",
      "2026-04-10T00:00:00Z, P90D, UTC, 2026-01-10T00:00:00Z",
      "2027-01-10T00:00:00Z, P12M, UTC, 2026-01-10T00:00:00Z",
      "2026-01-10T00:00:00Z, PT0S, UTC, 2026-01-10T00:00:00Z",
      "2029-02-28T12:00:00Z, P5Y,  UTC, 2024-02-29T12:00:00Z",
  })
  void the_cutoff_is_the_latest_anchor_whose_period_has_run_out(Instant at, String period,
      ZoneId zone, Instant cutoff) {
    RetentionPeriod retention = RetentionPeriod.parse(period);

    Instant latest = retention.latestAnchorExpiredAt(at, zone).orElseThrow();

    assertThat(latest).isEqualTo(cutoff);
    assertThat(retention.addTo(latest, zone).orElseThrow()).isBeforeOrEqualTo(at);
    assertThat(retention.addTo(latest.plusNanos(1_000), zone).orElseThrow()).isAfter(at);
  }

  @Test
  void the_cutoff_agrees_with_adding_the_period_on_every_day_of_two_years() {
    RetentionPeriod[] periods = {RetentionPeriod.parse("P1M"), RetentionPeriod.parse("P12M"),
        RetentionPeriod.parse("P5Y"), RetentionPeriod.parse("P90D"), RetentionPeriod.parse("P1Y6M")};
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    for (RetentionPeriod period : periods) {
      for (int day = 0; day < 730; day++) {
        Instant at = Instant.parse("2027-01-01T06:30:00Z").plusSeconds(86_400L * day);
        Instant latest = period.latestAnchorExpiredAt(at, berlin).orElseThrow();
        assertThat(period.addTo(latest, berlin).orElseThrow()).as("%s at %s", period, at)
            .isBeforeOrEqualTo(at);
        assertThat(period.addTo(latest.plusNanos(1_000), berlin).orElseThrow())
            .as("%s at %s", period, at).isAfter(at);
      }
    }
    assertThat(RetentionPeriod.INDEFINITE.latestAnchorExpiredAt(Instant.EPOCH, berlin)).isEmpty();
  }
}
