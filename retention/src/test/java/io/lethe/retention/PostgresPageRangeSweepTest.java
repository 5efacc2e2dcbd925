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
import io.lethe.testsupport.ObservedDataSource;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sweep of a {@link JdbcStore} table on PostgreSQL deletes a range of heap pages per statement
 * ({@code ctid >= '(s,0)' AND ctid < '(e,0)'}), which PostgreSQL runs as a TID range scan that
 * reads just those pages, rather than a key range it finds through the index: every DELETE the
 * store prepares for the table (seen through {@link ObservedDataSource}) carries the bound, the
 * bounds cover the table, and the plan PostgreSQL makes for that very statement is a Tid Range
 * Scan.
 */
class PostgresPageRangeSweepTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final int ROWS = 20_000;
  private static final int BATCH = 1_000;

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private final MutableClock clock = MutableClock.at(NOW);

  @Test
  void a_sweep_on_postgresql_deletes_bounded_ranges_of_heap_pages() throws SQLException {
    // GIVEN 20,000 jobs, every other one past its 90 days, filling a couple of hundred pages
    ScratchTables tables = scratch.open("postgresql", "page-ranges");
    String jobs = tables.name("jobs");
    tables.execute(
        "CREATE TABLE "
            + jobs
            + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20),"
            + " note VARCHAR(100), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    tables.execute(
        "INSERT INTO "
            + jobs
            + " SELECT g, 'acct-' || (g % 50), 'a note of some"
            + " length, ' || g, TIMESTAMPTZ '2026-06-01 00:00:00+00' - (CASE WHEN g % 2 = 0 THEN 200"
            + " ELSE 10 END) * INTERVAL '1 day' FROM generate_series(1, "
            + ROWS
            + ") g");
    tables.execute("ANALYZE " + jobs);
    long pages =
        Long.parseLong(
            tables
                .strings(
                    "SELECT pg_relation_size('"
                        + jobs
                        + "') / current_setting('block_size')::bigint")
                .get(0));
    List<String> prepared = new ArrayList<>();
    DataSource observed =
        ObservedDataSource.of(
            tables.dataSource(),
            sql -> {
              synchronized (prepared) {
                prepared.add(sql);
              }
            });
    RetentionEngine engine =
        RetentionEngine.builder(policy())
            .stores(
                JdbcStore.open(
                    observed,
                    JdbcMapping.builder("jobs")
                        .table(jobs, "id")
                        .category("user.behavior.usage")
                        .subject("account_id", IdentifierType.ACCOUNT_ID)
                        .collectedAt("created_at")
                        .build(),
                    clock))
            .audit(
                AuditLog.create(
                    JdbcAuditStorage.of(tables.dataSource(), tables.name("audit"))
                        .createTableIfMissing(),
                    SubjectHasher.withSecret(
                        "page-range-sweep-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
                    clock))
            .clock(clock)
            .build();

    // WHEN it sweeps in batches of 1,000
    SweepReport report = engine.sweep(NOW, SweepOptions.defaults().batchSize(BATCH));

    // THEN the expired half is gone, and every DELETE was bounded by heap pages: all but the
    // last by both ends, in statements enough to cover the table's pages a few at a time
    assertThat(report.totalProcessed()).isEqualTo(ROWS / 2);
    assertThat(
            tables.strings(
                "SELECT COUNT(*) FROM "
                    + jobs
                    + " WHERE created_at"
                    + " < TIMESTAMPTZ '2026-03-03 00:00:00+00'"))
        .containsExactly("0");
    assertThat(tables.strings("SELECT COUNT(*) FROM " + jobs))
        .containsExactly(Integer.toString(ROWS / 2));
    List<String> deletes =
        prepared.stream()
            .filter(
                sql ->
                    sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("DELETE")
                        && sql.contains(jobs))
            .toList();
    assertThat(pages).as("heap pages of the table").isGreaterThan(20);
    assertThat(deletes)
        .as("DELETE statements of the sweep")
        .hasSizeGreaterThan(2)
        .allSatisfy(sql -> assertThat(sql).contains("ctid >= ?::tid"));
    List<String> bounded = deletes.stream().filter(sql -> sql.contains("ctid < ?::tid")).toList();
    assertThat(bounded).as("DELETE statements bounded at both ends").hasSize(deletes.size() - 1);
    // a range spans so few pages that it cannot hold more rows than a batch: the 20,000 rows
    // take at least 20 statements, where one unbounded DELETE would have done
    assertThat(deletes.size())
        .as("statements over %d pages", pages)
        .isGreaterThanOrEqualTo(ROWS / BATCH);

    // AND PostgreSQL plans that very statement, for the first pages, as a TID range scan, not a
    // scan of the table or the index
    String plan = String.join("\n", tables.strings("EXPLAIN " + bound(bounded.get(0))));
    System.out.printf(
        "PostgresPageRangeSweepTest: %d pages, %d DELETE statements; plan:%n%s%n",
        pages, deletes.size(), plan);
    assertThat(plan)
        .as("the plan of%n%s", bounded.get(0))
        .contains("Tid Range Scan")
        .doesNotContain("Seq Scan")
        .doesNotContain("Index Scan");
  }

  /**
   * The statement with values for its parameters: the first five pages for the page range, the
   * sweep's cutoff for the expiry filter (no other parameter is bound here: nobody is held).
   */
  private static String bound(String sql) {
    return sql.replaceFirst("ctid >= \\?::tid", "ctid >= '(0,0)'::tid")
        .replaceFirst("ctid < \\?::tid", "ctid < '(5,0)'::tid")
        .replace("?", "TIMESTAMPTZ '2026-03-03 00:00:00+00'");
  }

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .rule(
            RetentionRule.builder("jobs").categories("user.behavior.usage").maximum("P90D").build())
        .build();
  }
}
