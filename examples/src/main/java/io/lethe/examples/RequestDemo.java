package io.lethe.examples;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.DsarService;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.JdbcRequestRepository;
import io.lethe.dsar.RequestType;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.RetentionEngine;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The request part of the demo: a VZGen customer asks for erasure under the GDPR. Accounts and jobs
 * go; the credit transactions stay for five years, restricted, and a later sweep finishes the job;
 * the receipt says so store by store.
 */
final class RequestDemo {

  static final Instant NOW = Instant.parse("2027-04-10T09:00:00Z");
  static final SubjectRef CUSTOMER = SubjectRef.email("customer3@example.com");

  private RequestDemo() {}

  static void run(PrintStream out) throws SQLException {
    String nl = System.lineSeparator();
    JdbcDataSource dataSource = DemoDatabase.fresh("lethe-requests");
    load(dataSource);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    PrivacyPolicy vzgen = DemoDatabase.vzgen();
    AuditLog audit = DemoDatabase.audit(dataSource, clock);
    RetentionEngine engine =
        RetentionEngine.builder(vzgen)
            .stores(
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
                    clock),
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("jobs")
                        .table("jobs", "id")
                        .category("user.behavior.usage.job_history")
                        .subject("account_id", IdentifierType.ACCOUNT_ID)
                        .field("phone_numbers", "user.contact.phone_number.verified")
                        .collectedAt("created_at")
                        .anchor(Anchor.event("job.completed"), "completed_at")
                        .build(),
                    clock),
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("credit_transactions")
                        .table("credit_transactions", "id")
                        .category("user.financial.transaction")
                        .subject("account_id", IdentifierType.ACCOUNT_ID)
                        .collectedAt("created_at")
                        .build(),
                    clock))
            .audit(audit)
            .clock(clock)
            .erasureLedger(JdbcErasureLedger.of(dataSource).createTableIfMissing())
            .build();
    Restrictions restrictions =
        Restrictions.create(
            JdbcRestrictionRegistry.of(dataSource).createTableIfMissing(), vzgen, audit, clock);
    DsarService dsar =
        DsarService.builder(vzgen)
            .repository(JdbcRequestRepository.of(dataSource).createTableIfMissing())
            .restrictions(restrictions)
            .retention(engine)
            .audit(audit)
            .clock(clock)
            .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
            .build();

    DataSubjectRequest request = dsar.receive(RequestType.ERASURE, CUSTOMER, Jurisdiction.GDPR);
    dsar.verifyIdentity(request.id(), IdentityEvidence.of("signed-in session", Map.of()));
    dsar.start(request.id());
    ErasureReceipt receipt = dsar.fulfilErasure(request.id());

    out.append(nl)
        .append("2. An erasure request: a VZGen customer asks under the GDPR (due ")
        .append(request.dueAt().toString())
        .append(").")
        .append(nl)
        .append("   The receipt says, store by store, what was erased and what the law keeps.")
        .append(nl)
        .append(nl);
    out.append(receipt.toTable()).append(nl);
    boolean blocked =
        restrictions
            .blocking(
                SubjectRef.account("acct-3"),
                "credit_purchases",
                CategoryKey.of("user.financial.transaction"),
                NOW)
            .isPresent();
    out.append(
        DemoText.paragraph(
            "Request: "
                + dsar.get(request.id()).state()
                + ". The kept"
                + " transactions may still serve 'legal_compliance', but not 'credit_purchases': "
                + (blocked ? "blocked" : "NOT BLOCKED")
                + "."));
    out.append("Erasures waiting for a floor to pass: ")
        .append(Integer.toString(engine.deferredErasures().size()))
        .append(nl);
  }

  /** Five customers with an account, jobs and credit purchases. */
  private static void load(JdbcDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (account_id VARCHAR(20) PRIMARY KEY, email VARCHAR(100),"
              + " created_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO accounts SELECT 'acct-' || X, 'customer' || X || '@example.com',"
              + " TIMESTAMP '2026-01-05 10:00:00', NULL FROM SYSTEM_RANGE(1, 5)");
      s.execute(
          "CREATE TABLE jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(20) NOT NULL,"
              + " phone_numbers VARCHAR(200), created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO jobs SELECT X, 'acct-' || MOD(X, 5), '+1555' || LPAD(X, 7, '0'),"
              + " DATEADD(DAY, X, TIMESTAMP '2027-03-01 00:00:00'), DATEADD(DAY, X + 1,"
              + " TIMESTAMP '2027-03-01 00:00:00') FROM SYSTEM_RANGE(1, 30)");
      s.execute(
          "CREATE TABLE credit_transactions (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
              + " NOT NULL, created_at TIMESTAMP NOT NULL)");
      s.execute(
          "INSERT INTO credit_transactions SELECT X, 'acct-' || MOD(X, 5),"
              + " DATEADD(MONTH, X, TIMESTAMP '2026-01-10 12:00:00') FROM SYSTEM_RANGE(1, 12)");
    }
  }
}
