package io.lethe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.RequestState;
import io.lethe.dsar.RequestType;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The entry point wires every engine over one data source, audit trail and clock. */
class LetheTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final byte[] SECRET =
      "a-32-byte-secret-kept-elsewhere!".getBytes(StandardCharsets.UTF_8);
  private static final SubjectRef ADA = SubjectRef.account("acct-ada");

  private final MutableClock clock = MutableClock.at(T0);
  private final DataSource dataSource = TestDatabases.h2("lethe");
  private final InMemoryStore jobs =
      InMemoryStore.builder("jobs")
          .category("user.behavior.usage")
          .subject("account_id", IdentifierType.ACCOUNT_ID)
          .field("ip", "user.device.ip_address")
          .anchor(Anchor.COLLECTED, "created_at")
          .build();

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .purpose(
            Purpose.builder("service")
                .name("Run the service")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.behavior.usage", "user.device.ip_address")
                .build())
        .rule(
            RetentionRule.builder("usage")
                .categories("user.behavior.usage", "user.device.ip_address")
                .maximum("P30D")
                .build())
        .rights(
            RightsProfile.of(
                Jurisdiction.GDPR,
                DataSubjectRight.of(DataSubjectRight.Family.GDPR).toArray(DataSubjectRight[]::new)))
        .build();
  }

  private Lethe lethe() {
    return Lethe.builder(policy())
        .dataSource(dataSource)
        .secret(SECRET)
        .stores(jobs)
        .clock(clock)
        .identityVerifier(
            (request, evidence) ->
                "signed-in".equals(evidence.method())
                    ? IdentityVerifier.Verdict.VERIFIED
                    : IdentityVerifier.Verdict.REJECTED)
        .build();
  }

  private void job(long id, String account, Instant created) {
    jobs.insert(
        RecordKey.of(id),
        Map.of("account_id", account, "ip", "192.0.2." + id, "created_at", created));
  }

  @Test
  void a_sweep_and_an_erasure_request_run_through_one_audit_trail() throws Exception {
    // GIVEN Ada's job of 40 days ago and one of yesterday, and Bob's of yesterday
    job(1, "acct-ada", T0.minus(Duration.ofDays(40)));
    job(2, "acct-ada", T0.minus(Duration.ofDays(1)));
    job(3, "acct-bob", T0.minus(Duration.ofDays(1)));
    Lethe lethe = lethe();

    // WHEN the sweep runs, then Ada asks for her data and then for erasure
    lethe.retention().sweep();
    DataSubjectRequest access = started(lethe, RequestType.ACCESS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lethe.requests().fulfilAccess(access.id(), out, ExportFormat.JSON);
    DataSubjectRequest erasure = started(lethe, RequestType.ERASURE);
    ErasureReceipt receipt = lethe.requests().fulfilErasure(erasure.id());

    // THEN the sweep took the old job, the export held the new one, the erasure took it too,
    // and every step is in one intact trail
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("192.0.2.2")
        .doesNotContain("192.0.2.1", "192.0.2.3");
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.deleted()).isEqualTo(1);
    assertThat(jobs.keys()).containsExactly(RecordKey.of(3L));
    assertThat(lethe.requests().get(erasure.id()).state()).isEqualTo(RequestState.COMPLETED);
    try (Stream<AuditEntry> entries = lethe.audit().entries()) {
      assertThat(entries.map(AuditEntry::action).distinct())
          .contains(
              AuditAction.SWEEP_BATCH,
              AuditAction.EXPORT,
              AuditAction.ERASURE,
              AuditAction.REQUEST_STATE);
    }
    assertThat(lethe.audit().verify().intact()).isTrue();
  }

  @Test
  void a_second_instance_on_the_same_data_source_sees_the_requests_and_holds_of_the_first() {
    // GIVEN a request received and a hold placed through one instance
    Lethe first = lethe();
    DataSubjectRequest request =
        first.requests().receive(RequestType.ERASURE, ADA, Jurisdiction.GDPR);
    first.holds().holdSubject(ADA, "litigation", "legal", null);

    // WHEN another instance starts on the same database (a restart, a second node)
    Lethe second = lethe();

    // THEN it knows both, and continues the same audit trail
    assertThat(second.requests().get(request.id()).state()).isEqualTo(RequestState.RECEIVED);
    assertThat(second.holds().activeAt(T0)).hasSize(1);
    assertThat(second.audit().head()).isEqualTo(first.audit().head());
    assertThat(second.stores()).containsExactly(jobs);
  }

  @Test
  void a_missing_data_source_or_secret_is_named_before_anything_is_created() {
    assertThatThrownBy(() -> Lethe.builder(policy()).secret(SECRET).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Lethe.builder(policy) needs .dataSource(...): where Lethe keeps its audit"
                + " trail, holds, erasure ledger, requests and restrictions");
    assertThatThrownBy(() -> Lethe.builder(policy()).dataSource(dataSource).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Lethe.builder(policy) needs .secret(...): at least 32 bytes that key the"
                + " hashes of subjects, kept outside the database");
    assertThatThrownBy(
            () ->
                Lethe.builder(policy())
                    .dataSource(dataSource)
                    .secret("short".getBytes(StandardCharsets.UTF_8))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  private static DataSubjectRequest started(Lethe lethe, RequestType type) {
    DataSubjectRequest request = lethe.requests().receive(type, ADA, Jurisdiction.GDPR);
    lethe.requests().verifyIdentity(request.id(), IdentityEvidence.of("signed-in", Map.of()));
    return lethe.requests().start(request.id());
  }
}
