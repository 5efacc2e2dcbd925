package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RightsProfileTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @ParameterizedTest(name = "GDPR, received {0}: due {1}, extended {2}")
  @CsvSource({
    "2026-01-31T09:00:00Z, 2026-02-28T09:00:00Z, 2026-04-30T09:00:00Z",
    "2028-01-31T09:00:00Z, 2028-02-29T09:00:00Z, 2028-04-30T09:00:00Z",
    "2026-03-15T09:00:00Z, 2026-04-15T09:00:00Z, 2026-06-15T09:00:00Z",
  })
  void gdpr_deadline_is_one_calendar_month_extendable_by_two(
      Instant received, Instant due, Instant extended) {
    RightsProfile gdpr = RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS);

    assertThat(gdpr.dueDate(received, UTC)).contains(due);
    assertThat(gdpr.extendedDueDate(received, UTC)).contains(extended);
  }

  @ParameterizedTest(name = "CCPA, received {0}: due {1}, extended {2}")
  @CsvSource({
    "2026-01-01T00:00:00Z, 2026-02-15T00:00:00Z, 2026-04-01T00:00:00Z",
    "2026-12-20T00:00:00Z, 2027-02-03T00:00:00Z, 2027-03-20T00:00:00Z",
  })
  void ccpa_deadline_is_forty_five_days_plus_forty_five(
      Instant received, Instant due, Instant extended) {
    RightsProfile ccpa = RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW);

    assertThat(ccpa.dueDate(received, UTC)).contains(due);
    assertThat(ccpa.extendedDueDate(received, UTC)).contains(extended);
  }

  @ParameterizedTest(name = "30 days promised, received {0}: due {1}, extended {2}")
  @CsvSource({
    // One month from 31 January (28 February) is stricter than 30 days (2 March).
    "2026-01-31T00:00:00Z, 2026-02-28T00:00:00Z, 2026-04-01T00:00:00Z",
    // From 1 March, 30 days (31 March) is stricter than one month (1 April).
    "2026-03-01T00:00:00Z, 2026-03-31T00:00:00Z, 2026-04-30T00:00:00Z",
  })
  void the_stricter_of_promise_and_law_wins(Instant received, Instant due, Instant extended) {
    RightsProfile promise =
        RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS)
            .promising(Period.ofDays(30), Period.ofDays(30));

    assertThat(promise.dueDate(received, UTC)).contains(due);
    assertThat(promise.extendedDueDate(received, UTC)).contains(extended);
  }

  @ParameterizedTest
  @CsvSource({"2026-06-01T00:00:00Z, 2026-07-01T00:00:00Z"})
  void a_global_promise_without_law_uses_the_promise_alone(Instant received, Instant due) {
    RightsProfile global =
        RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)
            .promising(Period.ofDays(30), null);

    assertThat(global.dueDate(received, UTC)).contains(due);
    assertThat(global.extendedDueDate(received, UTC)).as("no extension allowed").contains(due);
    assertThat(RightsProfile.of(Jurisdiction.GLOBAL).dueDate(received, UTC)).isEmpty();
  }
}
