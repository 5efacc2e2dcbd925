package io.lethe.benchmarks;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A sweep of child rows whose clock starts in their parent: {@code bench_results} rows (two per
 * job) go 90 days after their {@code bench_jobs} row completed, which only the parent holds. Lethe
 * ({@code anchorThrough} on a reference) against the hand-written {@code DELETE FROM bench_results
 * WHERE job_id IN (SELECT id FROM bench_jobs WHERE completed_at <= ?)} ({@code sql}) and against
 * the statements Lethe sends on H2 written by hand, that semi-join bounded to consecutive ranges of
 * {@link SweepMethods#LETHE_BATCH} keys ({@code sql_ranged}). On the same harness as the sweep
 * benchmark ({@link SweepRounds}, one child JVM per database): freshly loaded tables for every
 * sweep, rotating order, full-size warm-ups, every sweep checked. Prints every sweep, a {@code
 * ROUNDS} line per way, and:
 *
 * <pre>RESULT sweep-ref db=&lt;h2|postgresql&gt; rows=&lt;n&gt; batch=&lt;n&gt;
 * lethe_rows_per_s=&lt;n&gt; sql_rows_per_s=&lt;n&gt; sql_ranged_rows_per_s=&lt;n&gt;
 * fastest_sql=&lt;way&gt; ratio=&lt;lethe / fastest sql&gt;</pre>
 *
 * <p>Arguments after {@code sweep-ref}: {@code [child_rows] [rounds] [h2|postgresql|both]} (default
 * 1000000 7 both). Lethe's batches are bounded as in the sweep benchmark ({@code
 * -Dlethe.bench.batch}, default 200,000); {@code -Dlethe.bench.ways=lethe_default,sql} adds Lethe
 * at the library's default batch size, slow enough here to leave out by default. About two thirds
 * of the rows are due.
 */
final class SweepRefBenchmark {

  private static final Instant SWEEP_AT = Instant.parse("2027-01-01T00:00:00Z");

  /** 90 days before the sweep: jobs completed by then have expired results. */
  private static final LocalDateTime CUTOFF = LocalDateTime.of(2026, 10, 3, 0, 0);

  private static final String DUE =
      "job_id IN (SELECT id FROM bench_jobs WHERE completed_at" + " <= ?)";

  private SweepRefBenchmark() {}

  /**
   * Runs the benchmark with the arguments that follow {@code sweep-ref}, each database in a child
   * JVM if {@code fork}.
   */
  static void sweepRef(String[] args, boolean fork) throws Exception {
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    String which = args.length > 3 ? args[3] : "both";
    if (fork) {
      for (String db : SweepBenchmark.databases(which)) {
        Fork.run(
            "sweep-ref-" + db,
            List.of("sweep-ref-child", Long.toString(rows), Integer.toString(rounds), db));
      }
    } else {
      BenchDatabase.each(
          which, db -> System.out.println(run(db, rows, rounds, SweepBenchmark.WARM_UPS)));
    }
  }

  /** The two tables: results due when their job completed by the cutoff. */
  private static final SweepRounds.Table RESULTS =
      new SweepRounds.Table() {
        @Override
        public void load(BenchDatabase db, long rows) throws Exception {
          SweepRefBenchmark.load(db, rows);
        }

        @Override
        public SweepRounds.Counts counts(BenchDatabase db) throws Exception {
          long due = count(db.dataSource, "SELECT COUNT(*) FROM bench_results WHERE " + DUE, true);
          return new SweepRounds.Counts(
              due, count(db.dataSource, "SELECT COUNT(*) FROM bench_results", false) - due);
        }
      };

  static String run(BenchDatabase db, long rows, int rounds, int warmUps) throws Exception {
    int batch = SweepMethods.LETHE_BATCH;
    Map<String, SweepRounds.Way> ways = new LinkedHashMap<>();
    ways.put("lethe", (d, ds) -> lethe(ds, batch));
    ways.put("sql", (d, ds) -> () -> sql(ds));
    ways.put("sql_ranged", (d, ds) -> () -> sqlRanged(ds, batch));
    ways.put("lethe_default", (d, ds) -> lethe(ds, SweepMethods.DEFAULT_BATCH));
    Map<String, SweepRounds.Way> chosen =
        SweepBenchmark.chosen(ways, List.of("lethe", "sql", "sql_ranged"));
    load(db, rows);
    SweepPlans.print(db, plans(db));
    Map<String, List<SweepRounds.Timing>> timings =
        SweepRounds.run(db, chosen, RESULTS, rows, warmUps, rounds);
    System.out.println(SweepRounds.roundsLines("sweep-ref", db.name, timings));
    return String.format(
            Locale.ROOT, "RESULT sweep-ref db=%s rows=%d batch=%d", db.name, rows, batch)
        + SweepRounds.rates(timings);
  }

  /** The statements of the ways, to explain. */
  private static List<SweepPlans.Statement> plans(BenchDatabase db) {
    Timestamp cutoff = Timestamp.valueOf(CUTOFF);
    int bound = SweepMethods.LETHE_BATCH;
    List<SweepPlans.Statement> statements =
        new ArrayList<>(
            List.of(
                new SweepPlans.Statement(
                    "sql", "DELETE FROM bench_results WHERE " + DUE, List.of(cutoff)),
                new SweepPlans.Statement(
                    "sql_ranged" + (db.name.equals("h2") ? ", lethe" : ""),
                    "DELETE FROM bench_results WHERE " + DUE + " AND id > ? AND id <= ?",
                    List.of(cutoff, 0L, (long) bound))));
    if (!db.name.equals("h2")) {
      statements.add(
          new SweepPlans.Statement(
              "lethe",
              "DELETE FROM bench_results WHERE " + DUE + " AND ctid >= ?::tid AND ctid < ?::tid",
              List.of(
                  cutoff,
                  "(0,0)",
                  "(" + bound / 157 + ",0)"))); // 157: rows of id, job_id and created_at to a page
    }
    return statements;
  }

  /** Drops and loads {@code rows / 2} jobs and {@code rows} results, two per job. */
  private static void load(BenchDatabase db, long rows) throws SQLException {
    boolean h2 = db.name.equals("h2");
    long jobs = rows / 2;
    try (Connection c = db.dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "bench_results",
              "bench_jobs",
              "lethe_audit_head",
              "lethe_audit",
              "lethe_sweep_checkpoint")) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute(
          "CREATE TABLE bench_jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40) NOT"
              + " NULL, created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "CREATE TABLE bench_results (id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL,"
              + " phone VARCHAR(40), created_at TIMESTAMP NOT NULL)");
      // completed_at spreads over 2026; a tenth of the jobs never completed
      if (h2) {
        s.execute(
            "INSERT INTO bench_jobs SELECT X, 'acct-' || MOD(X, 100000), TIMESTAMP"
                + " '2026-01-01 00:00:00', CASE WHEN MOD(X, 10) = 0 THEN NULL ELSE DATEADD(MINUTE,"
                + " MOD(X * 7919, 525600), TIMESTAMP '2026-01-01 00:00:00') END FROM"
                + " SYSTEM_RANGE(1, "
                + jobs
                + ")");
        s.execute(
            "INSERT INTO bench_results SELECT X, (X + 1) / 2, '+1555' || X, TIMESTAMP"
                + " '2026-01-01 00:00:00' FROM SYSTEM_RANGE(1, "
                + rows
                + ")");
      } else {
        s.execute(
            "INSERT INTO bench_jobs SELECT x, 'acct-' || (x % 100000), TIMESTAMP"
                + " '2026-01-01 00:00:00', CASE WHEN x % 10 = 0 THEN NULL ELSE TIMESTAMP"
                + " '2026-01-01 00:00:00' + ((x::bigint * 7919) % 525600) * INTERVAL '1 minute'"
                + " END FROM generate_series(1, "
                + jobs
                + ") AS x");
        s.execute(
            "INSERT INTO bench_results SELECT x, (x + 1) / 2, '+1555' || x, TIMESTAMP"
                + " '2026-01-01 00:00:00' FROM generate_series(1, "
                + rows
                + ") AS x");
      }
      s.execute("CREATE INDEX bench_jobs_completed ON bench_jobs (completed_at)");
      s.execute("CREATE INDEX bench_jobs_account ON bench_jobs (account_id)");
      s.execute("CREATE INDEX bench_results_job ON bench_results (job_id)");
      if (!h2) {
        s.execute("VACUUM ANALYZE bench_jobs");
        s.execute("VACUUM ANALYZE bench_results");
        s.execute("CHECKPOINT");
      }
    }
  }

  /** The hand-written way: one statement with a semi-join on the parents. */
  private static long sql(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement("DELETE FROM bench_results WHERE " + DUE)) {
      delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
      int deleted = delete.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return deleted;
    }
  }

  /**
   * The semi-join over consecutive ranges of {@code bound} result keys, each statement its own
   * transaction (autocommit): the statements Lethe sends on H2, written by hand.
   */
  private static long sqlRanged(DataSource dataSource, int bound) throws SQLException {
    long deleted = 0;
    try (Connection c = dataSource.getConnection()) {
      long low;
      long high;
      try (PreparedStatement range =
              c.prepareStatement("SELECT MIN(id), MAX(id) FROM bench_results");
          ResultSet rs = range.executeQuery()) {
        rs.next();
        low = rs.getLong(1) - 1;
        high = rs.getLong(2);
      }
      try (PreparedStatement delete =
          c.prepareStatement(
              "DELETE FROM bench_results WHERE " + DUE + " AND id > ? AND id <= ?")) {
        for (long from = low; from < high; from += bound) {
          delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
          delete.setLong(2, from);
          delete.setLong(3, Math.min(high, from + bound));
          deleted += delete.executeUpdate();
        }
      }
    }
    return deleted;
  }

  /** Lethe: the results reach their clock through the reference to their job. */
  private static SweepMethods.Sweep lethe(DataSource dataSource, int batchSize) {
    Clock clock = Clock.fixed(SWEEP_AT, ZoneOffset.UTC);
    Anchor completed = Anchor.event("job.completed");
    PrivacyPolicy policy =
        PrivacyPolicy.builder("bench")
            .controller("Bench", "privacy@bench.example")
            .version("1")
            .effective(LocalDate.of(2025, 1, 1))
            .rule(
                RetentionRule.builder("results")
                    .categories("user.contact.phone_number")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .build())
            .build();
    List<JdbcStore> stores =
        JdbcStores.open(
            dataSource,
            clock,
            JdbcMapping.builder("jobs")
                .table("bench_jobs", "id")
                .category("user.behavior.usage")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .anchor(completed, "completed_at")
                .build(),
            JdbcMapping.builder("results")
                .table("bench_results", "id")
                .category("user.contact.phone_number")
                .reference("job_id", "jobs", "id")
                .field("phone", "user.contact.phone_number")
                .collectedAt("created_at")
                .anchorThrough(completed, "job_id", "completed_at")
                .build());
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)),
            clock);
    RetentionEngine engine =
        RetentionEngine.builder(policy).stores(stores.get(1)).audit(audit).clock(clock).build();
    return () ->
        engine.sweep(SWEEP_AT, SweepOptions.defaults().batchSize(batchSize)).totalProcessed();
  }

  private static long count(DataSource dataSource, String sql, boolean cutoff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (cutoff) {
        s.setTimestamp(1, Timestamp.valueOf(CUTOFF));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
