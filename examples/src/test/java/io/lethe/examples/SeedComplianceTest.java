package io.lethe.examples;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.assertions.LetheAssertions;
import io.lethe.testkit.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VZGen's promises as compliance tests, the way a host's own suite would write them. */
class SeedComplianceTest {

  private final PrivacyPolicy vzgen =
      PolicyFiles.readResource("policies/vzgen.yaml", getClass().getClassLoader());

  @Test
  void vzgen_keeps_its_promises() {
    PrivacyPolicy policy = vzgen;
    // readme:begin
    assertThat(policy).category("user.device.ip_address").isRetainedAtMost(Period.ofMonths(12));
    assertThat(policy).category("user.financial.transaction").isProtectedAtLeast(Period.ofYears(5));
    assertThat(policy).category("user.contact.email").hasLawfulBasis(LawfulBasis.CONTRACT);
    assertThat(policy)
        .category("user.contact.phone_number.verified")
        .isSharedOnlyWith(
            "carrier_verification_provider", "hosting_provider", "authorities", "acquirer");
    assertThat(policy).category("user.contact.email").isNotTransferredOutsideEea();
    assertThat(policy).passesLintAllowing("processor-without-dpa", "retention-without-period");
    // readme:end
  }

  @Test
  void the_lint_names_what_vzgen_leaves_unsaid() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertThat(vzgen).passesLint())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expecting policy \"vzgen\" to pass the lint but it has 4" + " finding(s):")
        .hasMessageContaining("WARNING processor-without-dpa recipients[0]")
        .hasMessageContaining("WARNING retention-without-period retention[4]");
  }

  @Test
  void a_job_store_holds_nothing_past_retention_after_ninety_days() {
    MutableClock clock = LetheAssertions.clockAt("2026-04-10T00:00:00Z");
    InMemoryStore jobs =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage.job_history")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .anchor(Anchor.event("job.completed"), "completed_at")
            .build();
    Instant completed = Instant.parse("2026-01-10T00:00:00Z");
    jobs.insert(
        RecordKey.of(1L),
        Map.of("account_id", "acct-1", "collected", completed, "completed_at", completed));

    assertThat(jobs).at(clock.advance(Duration.ofSeconds(-1))).holdsNothingPastRetention(vzgen);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                assertThat(jobs)
                    .at(clock.advance(Duration.ofSeconds(1)))
                    .holdsNothingPastRetention(vzgen))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("job-history")
        .hasMessageNotContaining("acct-1");
    assertThat(jobs).stillHolds("user.behavior.usage").of(SubjectRef.account("acct-1"));
  }
}
