package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
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
  void calendar_periods_are_added_in_the_policy_zone(
      Instant start, String period, ZoneId zone, Instant end) {
    assertThat(RetentionPeriod.parse(period).addTo(start, zone)).contains(end);
  }

  @Test
  void indefinite_has_no_end() {
    assertThat(RetentionPeriod.INDEFINITE.addTo(Instant.EPOCH, ZoneOffset.UTC)).isEmpty();
  }

  @Test
  void comparison_covers_every_month_length() {
    assertThat(RetentionPeriod.parse("P1M").mayExceed(RetentionPeriod.parse("P30D")))
        .as("a month from 1 March is 31 days")
        .isTrue();
    assertThat(RetentionPeriod.parse("P30D").mayExceed(RetentionPeriod.parse("P1M")))
        .as("30 days from 31 January pass 28 February")
        .isTrue();
    assertThat(RetentionPeriod.parse("P28D").mayExceed(RetentionPeriod.parse("P1M"))).isFalse();
    assertThat(RetentionPeriod.parse("P5Y").mayExceed(RetentionPeriod.parse("P60M"))).isFalse();
    assertThat(RetentionPeriod.INDEFINITE.mayExceed(RetentionPeriod.parse("P99Y"))).isTrue();
    assertThat(RetentionPeriod.parse("P99Y").mayExceed(RetentionPeriod.INDEFINITE)).isFalse();
  }

  @ParameterizedTest(name = "{1} at {0}: anchors up to {2} have expired")
  @CsvSource({
    "2026-03-28T10:00:00Z, P1M,  2026-02-28T10:00:00Z",
    // Nothing starts on 29-31 February: everything up to the end of 28 February has expired.
    "2026-03-31T10:00:00Z, P1M,  2026-02-28T23:59:59.999999Z",
    "2026-04-10T00:00:00Z, P90D, 2026-01-10T00:00:00Z",
    "2027-01-10T00:00:00Z, P12M, 2026-01-10T00:00:00Z",
    "2026-01-10T00:00:00Z, PT0S, 2026-01-10T00:00:00Z",
  })
  void usually_one_range_of_anchors_has_run_out(Instant at, String period, Instant cutoff) {
    assertThat(RetentionPeriod.parse(period).expiredAnchorRanges(at, ZoneOffset.UTC))
        .containsExactly(AnchorRange.upTo(cutoff));
  }

  @Test
  void a_clamped_month_end_adds_a_range_after_the_cutoff() {
    // 28 Feb 2020 noon + 7 years = 28 Feb 2027 noon: not yet at midnight.
    // 29 Feb 2020 00:00 + 7 years = 28 Feb 2027 00:00 (clamped): run out at midnight.
    List<AnchorRange> ranges =
        RetentionPeriod.parse("P7Y")
            .expiredAnchorRanges(Instant.parse("2027-02-28T00:00:00Z"), ZoneOffset.UTC);

    assertThat(ranges)
        .containsExactly(
            AnchorRange.upTo(Instant.parse("2020-02-28T00:00:00Z")),
            new AnchorRange(
                Instant.parse("2020-02-29T00:00:00Z"), Instant.parse("2020-02-29T00:00:00Z")));
  }

  @Test
  void an_end_pushed_forward_by_a_daylight_saving_gap_has_not_run_out_though_later_ones_have() {
    // Sydney skips 02:00-03:00 on 3 October 2027. An account closed at 02:15 local on 3 April
    // 2025 ends 30 months later at 02:15, which does not exist: 03:15 (16:15Z). At 03:06 local
    // (16:06Z) it has not run out, while one closed at 03:03 local (16:03Z on 2 April) has.
    ZoneId sydney = ZoneId.of("Australia/Sydney");
    RetentionPeriod period = RetentionPeriod.parse("P30M");
    Instant at = Instant.parse("2027-10-02T16:06:00Z");

    List<AnchorRange> ranges = period.expiredAnchorRanges(at, sydney);

    Instant inGap = Instant.parse("2025-04-02T15:15:00Z");
    Instant afterGap = Instant.parse("2025-04-02T16:03:00Z");
    assertThat(period.addTo(inGap, sydney)).contains(Instant.parse("2027-10-02T16:15:00Z"));
    assertThat(ranges.stream().anyMatch(r -> r.contains(inGap))).as("ends at 16:15Z").isFalse();
    assertThat(ranges.stream().anyMatch(r -> r.contains(afterGap))).as("ends at 16:03Z").isTrue();
    assertThat(ranges.stream().anyMatch(r -> r.contains(Instant.parse("2025-04-02T15:05:00Z"))))
        .as("ends at 16:05Z, pushed forward too")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Australia/Sydney",
        "America/Santiago",
        "Australia/Lord_Howe",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Auckland"
      })
  void the_ranges_are_exact_when_ends_meet_a_daylight_saving_gap(String zoneId) {
    ZoneId zone = ZoneId.of(zoneId);
    String[] periods = {"P1M", "P30M", "P1Y", "P7Y", "P1M15D", "P90D"};
    java.time.zone.ZoneRules rules = zone.getRules();
    int checked = 0;
    for (java.time.zone.ZoneOffsetTransition t =
            rules.nextTransition(Instant.parse("2027-01-01T00:00:00Z"));
        t.getInstant().isBefore(Instant.parse("2029-01-01T00:00:00Z"));
        t = rules.nextTransition(t.getInstant())) {
      if (!t.isGap()) {
        continue;
      }
      long gapMinutes = t.getDuration().toMinutes();
      for (long minutes : new long[] {0, 1, gapMinutes / 2, gapMinutes - 1, gapMinutes}) {
        Instant at = t.getInstant().plusSeconds(minutes * 60);
        for (String text : periods) {
          RetentionPeriod period = RetentionPeriod.parse(text);
          List<AnchorRange> ranges = period.expiredAnchorRanges(at, zone);
          Instant guess = at.atZone(zone).minus(period.amount().orElseThrow()).toInstant();
          for (long m = -26 * 60; m <= 26 * 60; m += 3) {
            Instant anchor = guess.plusSeconds(m * 60);
            for (Instant a : List.of(anchor, anchor.minusNanos(1_000), anchor.plusNanos(1_000))) {
              boolean runOut = !period.addTo(a, zone).orElseThrow().isAfter(at);
              assertThat(ranges.stream().anyMatch(r -> r.contains(a)))
                  .as("%s at %s in %s, anchor %s", period, at, zone, a)
                  .isEqualTo(runOut);
            }
          }
          checked++;
        }
      }
    }
    assertThat(checked).as("sweep instants next to a gap").isGreaterThanOrEqualTo(60);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void the_ranges_hold_exactly_the_anchors_whose_period_has_run_out(long seed) {
    java.util.Random random = new java.util.Random(seed);
    String[] periods = {"P1M", "P12M", "P5Y", "P7Y", "P90D", "P1Y6M", "P3M", "P1M15D"};
    ZoneId[] zones = {
      ZoneOffset.UTC,
      ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/New_York"),
      ZoneId.of("Australia/Sydney"),
      ZoneId.of("America/Santiago"),
      ZoneId.of("Australia/Lord_Howe")
    };
    for (int trial = 0; trial < 40; trial++) {
      RetentionPeriod period = RetentionPeriod.parse(periods[random.nextInt(periods.length)]);
      ZoneId zone = zones[random.nextInt(zones.length)];
      Instant at =
          Instant.parse("2027-01-01T00:00:00Z")
              .plusSeconds(
                  random.nextInt(3 * 365 * 24) * 3600L + (random.nextBoolean() ? 0 : 1800));
      List<AnchorRange> ranges = period.expiredAnchorRanges(at, zone);
      Instant guess = at.atZone(zone).minus(period.amount().orElseThrow()).toInstant();
      for (long minutes = -8 * 24 * 60; minutes <= 8 * 24 * 60; minutes += 30) {
        Instant anchor = guess.plusSeconds(minutes * 60);
        for (Instant a : List.of(anchor, anchor.minusNanos(1_000), anchor.plusNanos(1_000))) {
          boolean runOut = !period.addTo(a, zone).orElseThrow().isAfter(at);
          assertThat(ranges.stream().anyMatch(r -> r.contains(a)))
              .as("seed %d: %s at %s in %s, anchor %s", seed, period, at, zone, a)
              .isEqualTo(runOut);
        }
      }
    }
    assertThat(RetentionPeriod.INDEFINITE.expiredAnchorRanges(Instant.EPOCH, ZoneOffset.UTC))
        .isEmpty();
  }
}
