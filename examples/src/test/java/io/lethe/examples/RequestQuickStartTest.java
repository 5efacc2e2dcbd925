package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.DsarService;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.JdbcRequestRepository;
import io.lethe.dsar.RequestState;
import io.lethe.dsar.RequestType;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.RetentionEngine;
import io.lethe.testkit.assertions.LetheAssertions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's data-subject request snippet, compiled and run on H2 with VZGen's policy. */
class RequestQuickStartTest {

  @Test
  void erasure_quick_start() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme-dsar;DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (account_id VARCHAR(40) PRIMARY KEY, email VARCHAR(100),"
              + " created_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO accounts VALUES ('acct-1', 'ada@example.com',"
              + " TIMESTAMP '2026-01-01 00:00:00', NULL)");
      s.execute(
          "CREATE TABLE payments (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
              + " created_at TIMESTAMP NOT NULL)");
      s.execute("INSERT INTO payments VALUES (1, 'acct-1', TIMESTAMP '2026-01-10 00:00:00')");
    }
    PrivacyPolicy policy =
        PolicyFiles.readResource("policies/vzgen.yaml", getClass().getClassLoader());
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "keep-this-32-byte-secret-elsewhere".getBytes(StandardCharsets.UTF_8)),
            clock);
    JdbcStore accounts =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("accounts")
                .table("accounts", "account_id")
                .category("user.account")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .field("email", "user.contact.email")
                .collectedAt("created_at")
                .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
                .build(),
            clock);
    JdbcStore payments =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("payments")
                .table("payments", "id")
                .category("user.financial.transaction")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build(),
            clock);
    IdentityVerifier yourLoginCheck = (request, evidence) -> IdentityVerifier.Verdict.VERIFIED;

    // readme:begin
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(accounts, payments)
            .audit(audit)
            .clock(clock)
            .erasureLedger(JdbcErasureLedger.of(dataSource).createTableIfMissing())
            .build();
    DsarService dsar =
        DsarService.builder(policy)
            .repository(JdbcRequestRepository.of(dataSource).createTableIfMissing())
            .restrictions(
                Restrictions.create(
                    JdbcRestrictionRegistry.of(dataSource).createTableIfMissing(),
                    policy,
                    audit,
                    clock))
            .identityVerifier(yourLoginCheck)
            .retention(engine)
            .audit(audit)
            .clock(clock)
            .build();

    DataSubjectRequest request =
        dsar.receive(
            RequestType.ERASURE,
            SubjectRef.email("ada@example.com"),
            Jurisdiction.GDPR); // due in 30 days (VZGen)
    dsar.verifyIdentity(request.id(), IdentityEvidence.of("signed-in session", Map.of()));
    dsar.start(request.id());
    ErasureReceipt receipt = dsar.fulfilErasure(request.id());
    receipt.complete(); // true: every store reached and done
    receipt.toTable(); // per store: deleted, anonymized, kept with the legal ground
    receipt.recipientsToNotify(); // whom to tell (Art. 19)
    // readme:end

    // readme:begin
    LetheAssertions.assertThat(receipt).isComplete().erased("accounts", 1);
    LetheAssertions.assertThat(receipt)
        .retained("user.financial.transaction")
        .because(RetainedRecords.Ground.MINIMUM_RETENTION)
        .until(Instant.parse("2031-01-10T00:00:00Z"))
        .isDeferred();
    LetheAssertions.assertThat(accounts).holdsNoRecordsOf(SubjectRef.email("ada@example.com"));
    LetheAssertions.assertThat(payments)
        .stillHolds("user.financial.transaction")
        .of(SubjectRef.account("acct-1"));
    // readme:end

    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    assertThat(receipt.retained())
        .singleElement()
        .satisfies(
            kept -> {
              assertThat(kept.ground()).isEqualTo(RetainedRecords.Ground.MINIMUM_RETENTION);
              assertThat(kept.until()).isEqualTo(Instant.parse("2031-01-10T00:00:00Z"));
            });
    assertThat(receipt.recipientsToNotify()).contains("email_delivery_provider");
    assertThat(dsar.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
    assertThat(engine.deferredErasures()).hasSize(1);
  }
}
