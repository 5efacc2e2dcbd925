package io.lethe.examples;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.JdbcCheckpointStore;
import io.lethe.retention.JdbcHoldRegistry;
import io.lethe.retention.LegalHolds;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.RetentionPlan;
import io.lethe.retention.SweepOptions;
import io.lethe.retention.SweepReport;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The retention part of the demo: VZGen's job history and security logs in an embedded H2 database,
 * a legal hold on one customer, a dry-run plan and a sweep on 10 April 2027, and the audit trail's
 * verification.
 */
final class RetentionDemo {

  static final Instant SWEEP_AT = Instant.parse("2027-04-10T00:00:00Z");

  private RetentionDemo() {}

  static void run(PrintStream out) throws SQLException {
    String nl = System.lineSeparator();
    JdbcDataSource dataSource = DemoDatabase.fresh("lethe-demo");
    load(dataSource);
    Clock clock = Clock.fixed(SWEEP_AT, ZoneOffset.UTC);
    PrivacyPolicy vzgen = DemoDatabase.vzgen();
    AuditLog audit = DemoDatabase.audit(dataSource, clock);
    LegalHolds holds =
        LegalHolds.create(JdbcHoldRegistry.of(dataSource).createTableIfMissing(), audit, clock);
    holds.holdSubject(SubjectRef.account("acct-7"), "chargeback dispute D-118", "legal", null);
    RetentionEngine engine =
        RetentionEngine.builder(vzgen)
            .stores(
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
                    JdbcMapping.builder("security_logs")
                        .table("security_logs", "id")
                        .category("user.device.ip_address")
                        .subject("account_id", IdentifierType.ACCOUNT_ID)
                        .field("user_agent", "user.device.user_agent")
                        .collectedAt("logged_at")
                        .build(),
                    clock))
            .audit(audit)
            .holds(holds)
            .clock(clock)
            .checkpoints(JdbcCheckpointStore.of(dataSource).createTableIfMissing())
            .build();

    out.append(nl)
        .append(
            "1. A retention sweep: VZGen's job history and security logs, one" + " customer under")
        .append(nl)
        .append("   a legal hold. First the dry run (the plan)," + " then the sweep itself.")
        .append(nl)
        .append(nl);
    RetentionPlan plan = engine.plan(SWEEP_AT);
    out.append(plan.toTable()).append(nl);
    SweepReport report = engine.sweep(SWEEP_AT, SweepOptions.defaults().batchSize(100));
    out.append(report.toTable()).append(nl);
    AuditVerification verification = audit.verify();
    out.append("Audit trail: ")
        .append(verification.intact() ? "intact" : "BROKEN")
        .append(", ")
        .append(Long.toString(verification.entriesChecked()))
        .append(" entries, each chained to the one before")
        .append(nl);
  }

  /** 400 jobs completed over 2026 and 2027, 500 log lines over two years, for ten customers. */
  private static void load(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(20) NOT NULL,"
              + " phone_numbers VARCHAR(200), created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO jobs SELECT X, 'acct-' || MOD(X, 10), '+1555' || LPAD(X, 7, '0'),"
              + " DATEADD(DAY, X, TIMESTAMP '2026-01-01 00:00:00'), CASE WHEN MOD(X, 25) = 0 THEN"
              + " NULL ELSE DATEADD(DAY, X + 1, TIMESTAMP '2026-01-01 00:00:00') END"
              + " FROM SYSTEM_RANGE(1, 400)");
      s.execute(
          "CREATE TABLE security_logs (id BIGINT PRIMARY KEY, account_id VARCHAR(20) NOT"
              + " NULL, user_agent VARCHAR(200), logged_at TIMESTAMP NOT NULL)");
      s.execute(
          "INSERT INTO security_logs SELECT X, 'acct-' || MOD(X, 10), 'Mozilla/5.0',"
              + " DATEADD(HOUR, X * 35, TIMESTAMP '2025-06-01 00:00:00') FROM SYSTEM_RANGE(1, 500)");
    }
  }
}
