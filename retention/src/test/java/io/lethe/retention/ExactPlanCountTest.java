package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store whose records are deleted after a year and whose IP address is cleared after 30 days: a
 * record past both is deleted, not also cleared, so the plan counts it once, under its record rule,
 * and what the plan says is due is what the sweep processes.
 */
class ExactPlanCountTest {

  private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void the_plan_counts_a_record_once_and_the_sweep_processes_what_it_counted(String database)
      throws SQLException {
    tables = scratch.open(database, "exact-plan");
    DataSource dataSource = tables.dataSource();
    String logins = tables.name("logins");
    tables.execute(
        "CREATE TABLE "
            + logins
            + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
            + " NOT NULL, ip VARCHAR(40), at TIMESTAMP NOT NULL)");
    // 12,010 logins two years old (past both rules; more than a page of the plan's merge),
    // 6 two months old (past the IP rule only), 4 from last week (past neither)
    tables.execute(
        "INSERT INTO "
            + logins
            + " SELECT x, 'acct', '203.0.113.1', TIMESTAMP"
            + " '2025-05-01 00:00:00' FROM "
            + (database.equals("h2")
                ? "SYSTEM_RANGE(1, 12010)"
                : "generate_series(1, 12010) AS x"));
    tables.execute(
        "INSERT INTO "
            + logins
            + " VALUES (20001, 'acct', '203.0.113.2', TIMESTAMP"
            + " '2027-04-01 00:00:00'), (20002, 'acct', '203.0.113.2', TIMESTAMP '2027-04-01"
            + " 00:00:00'), (20003, 'acct', '203.0.113.2', TIMESTAMP '2027-04-01 00:00:00'),"
            + " (20004, 'acct', '203.0.113.2', TIMESTAMP '2027-04-01 00:00:00'), (20005, 'acct',"
            + " '203.0.113.2', TIMESTAMP '2027-04-01 00:00:00'), (20006, 'acct', '203.0.113.2',"
            + " TIMESTAMP '2027-04-01 00:00:00'), (30001, 'acct', '203.0.113.3', TIMESTAMP"
            + " '2027-05-28 00:00:00'), (30002, 'acct', '203.0.113.3', TIMESTAMP '2027-05-28"
            + " 00:00:00'), (30003, 'acct', '203.0.113.3', TIMESTAMP '2027-05-28 00:00:00'),"
            + " (30004, 'acct', NULL, TIMESTAMP '2027-05-28 00:00:00')");
    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("logins")
                .table(logins, "id")
                .category("user.behavior.usage")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .field("ip", "user.device.ip_address")
                .collectedAt("at")
                .build(),
            clock);
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(
                RetentionRule.builder("logins").categories("user.behavior").maximum("P1Y").build())
            .rule(RetentionRule.builder("ips").categories("user.device").maximum("P30D").build())
            .build();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(store)
            .audit(
                AuditLog.create(
                    JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
                    SubjectHasher.withSecret(
                        "exact-plan-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
                    clock))
            .clock(clock)
            .build();

    RetentionPlan plan = engine.plan(NOW);
    SweepReport sweep = engine.sweep(NOW, SweepOptions.defaults());

    assertThat(plan.lines())
        .extracting(PlanLine::rule, PlanLine::due)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("logins", 12_010L),
            org.assertj.core.groups.Tuple.tuple("ips", 6L));
    assertThat(sweep.totalProcessed()).isEqualTo(plan.totalDue()).isEqualTo(12_016);
    assertThat(tables.strings("SELECT COUNT(*) FROM " + logins + " WHERE ip IS NOT NULL"))
        .containsExactly("3");
  }
}
