package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.jdbc.InvalidMappingException;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VZGen's job results, kept in a table of their own that refers to the job: they go 90 days after
 * the job completed, a time that only the jobs table holds. The rule's clock is read through the
 * reference, in the expiry query itself. On H2 and PostgreSQL.
 */
class ReferencedAnchorTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Anchor COMPLETED = Anchor.event("job.completed");

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void job_results_go_90_days_after_their_jobs_completion(String database) throws SQLException {
    // GIVEN a job completed 100 days ago, one 10 days ago and one not completed, 2 results each
    List<JdbcStore> stores = vzgen(database);
    JdbcStore results = stores.get(1);
    RetentionEngine engine =
        RetentionEngine.builder(policy()).stores(results).audit(audit()).clock(clock).build();

    // WHEN the plan is made and the sweep runs
    RetentionPlan plan = engine.plan(NOW);
    SweepReport report = engine.sweep(NOW, SweepOptions.defaults());

    // THEN only the results of the job completed long ago went
    assertThat(plan.totalDue()).isEqualTo(2);
    assertThat(report.totalProcessed()).isEqualTo(2);
    assertThat(ids("job_results")).containsExactly("3", "4", "5", "6");
    // AND a result read for its subject carries its job's completion as its anchor
    try (Stream<PersonalRecord> records = results.recordsOf(Set.of(SubjectRef.account("a1")))) {
      assertThat(records.toList())
          .extracting(r -> r.anchors().get(COMPLETED).orElse(null))
          .containsExactly(
              NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(10)), null, null);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void an_anchor_through_a_missing_column_or_reference_is_refused(String database)
      throws SQLException {
    vzgen(database);

    InvalidMappingException missing =
        catchThrowableOfType(
            InvalidMappingException.class,
            () ->
                JdbcStores.open(
                    dataSource, clock, jobs(), resultsThrough("order_id", "completed_at")));
    InvalidMappingException column =
        catchThrowableOfType(
            InvalidMappingException.class,
            () ->
                JdbcStores.open(
                    dataSource, clock, jobs(), resultsThrough("job_id", "finished_at")));

    assertThat(missing.problems())
        .containsExactly(
            "referencedAnchors.job.completed.reference:"
                + " no reference of this mapping holds column 'order_id'");
    assertThat(column.problems())
        .singleElement()
        .asString()
        .startsWith("referencedAnchors.job.completed.column: table 'jobs_")
        .endsWith("' of store 'jobs' has no column 'finished_at'");
  }

  private List<JdbcStore> vzgen(String database) throws SQLException {
    tables = scratch.open(database, "referenced-anchor");
    dataSource = tables.dataSource();
    String jobs = tables.name("jobs");
    String results = tables.name("job_results");
    tables.execute(
        "CREATE TABLE "
            + jobs
            + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
            + " NOT NULL, created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
    tables.execute(
        "CREATE TABLE "
            + results
            + " (id BIGINT PRIMARY KEY, job_id BIGINT NOT"
            + " NULL, phone VARCHAR(20), created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "INSERT INTO "
            + jobs
            + " VALUES"
            + " (1, 'a1', TIMESTAMP '2026-02-01 00:00:00', TIMESTAMP '2026-02-21 00:00:00'),"
            + " (2, 'a1', TIMESTAMP '2026-05-01 00:00:00', TIMESTAMP '2026-05-22 00:00:00'),"
            + " (3, 'a1', TIMESTAMP '2026-05-30 00:00:00', NULL)");
    for (int id = 1; id <= 6; id++) {
      tables.execute(
          "INSERT INTO "
              + results
              + " VALUES ("
              + id
              + ", "
              + ((id + 1) / 2)
              + ", '+15550000"
              + id
              + "', TIMESTAMP '2026-01-01 00:00:00')");
    }
    return JdbcStores.open(dataSource, clock, jobs(), resultsThrough("job_id", "completed_at"));
  }

  private JdbcMapping jobs() {
    return JdbcMapping.builder("jobs")
        .table(tables.name("jobs"), "id")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .collectedAt("created_at")
        .anchor(COMPLETED, "completed_at")
        .build();
  }

  private JdbcMapping resultsThrough(String reference, String column) {
    return JdbcMapping.builder("job_results")
        .table(tables.name("job_results"), "id")
        .category("user.behavior.usage")
        .reference("job_id", "jobs", "id")
        .field("phone", "user.contact.phone_number")
        .collectedAt("created_at")
        .anchorThrough(COMPLETED, reference, column)
        .build();
  }

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("vzgen")
        .controller("VZGen", "privacy@vzgen.store")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .rule(
            RetentionRule.builder("job-history")
                .categories("user.behavior.usage", "user.contact.phone_number")
                .anchoredOn("job.completed")
                .maximum("P90D")
                .build())
        .build();
  }

  private AuditLog audit() {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
        SubjectHasher.withSecret(
            "referenced-anchor-secret-32-byte".getBytes(StandardCharsets.UTF_8)),
        clock);
  }

  private List<String> ids(String table) throws SQLException {
    return tables.strings("SELECT id FROM " + tables.name(table) + " ORDER BY id");
  }
}
