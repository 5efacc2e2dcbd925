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
 * job) go 90 days after their {@code bench_jobs} row completed, which only the parent holds.
 * Lethe ({@code anchorThrough} on a reference) against the hand-written {@code DELETE FROM
 * bench_results WHERE job_id IN (SELECT id FROM bench_jobs WHERE completed_at <= ?)}, both on a
 * freshly loaded pair of tables, alternating, through the pool. Prints every round and:
 *
 * <pre>RESULT sweep-ref db=&lt;h2|postgresql&gt; rows=&lt;n&gt; lethe_rows_per_s=&lt;n&gt;
 * sql_rows_per_s=&lt;n&gt; ratio=&lt;lethe / sql&gt;</pre>
 *
 * <p>Arguments after {@code sweep-ref}: {@code [child_rows] [rounds] [h2|postgresql|both]}
 * (default 1000000 5 both). Lethe's batches are bounded as in the sweep benchmark ({@code
 * -Dlethe.bench.batch}, default 200,000); {@code -Dlethe.bench.batch=1000} measures the
 * library's default batch size. About half the rows are due.
 */
final class SweepRefBenchmark {

  private static final Instant SWEEP_AT = Instant.parse("2027-01-01T00:00:00Z");
  /** 90 days before the sweep: jobs completed by then have expired results. */
  private static final LocalDateTime CUTOFF = LocalDateTime.of(2026, 10, 3, 0, 0);

  private SweepRefBenchmark() {}

  /** Runs the benchmark with the arguments that follow {@code sweep-ref}. */
  static void sweepRef(String[] args) throws Exception {
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String which = args.length > 3 ? args[3] : "both";
    BenchDatabase.each(which, db -> System.out.println(run(db, rows, rounds)));
  }

  private interface Method {
    SweepMethods.Sweep prepare(DataSource dataSource) throws Exception;
  }

  private static String run(BenchDatabase db, long rows, int rounds) throws Exception {
    Map<String, Method> methods = new LinkedHashMap<>();
    methods.put("lethe", SweepRefBenchmark::lethe);
    methods.put("sql", ds -> () -> sql(ds));
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    methods.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
    List<String> order = new ArrayList<>(methods.keySet());
    for (String name : order) { // warm-up, not counted
      load(db, Math.max(1_000, rows / 20));
      methods.get(name).prepare(db.dataSource).run();
    }
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get((i + round) % order.size());
        load(db, rows);
        long expected = due(db.dataSource);
        SweepMethods.Sweep sweep = methods.get(name).prepare(db.dataSource);
        long start = System.nanoTime();
        long deleted = sweep.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (deleted != expected || remaining(db.dataSource) != rows - expected) {
          throw new IllegalStateException(name + " deleted " + deleted + " rows, expected "
              + expected);
        }
        rates.get(name).add(deleted / seconds);
        System.err.printf(Locale.ROOT, "  %s round %d position %d %-6s %,d rows in %.2f s%n",
            db.name, round + 1, i + 1, name, deleted, seconds);
      }
    }
    double lethe = BenchDatabase.median(rates.get("lethe"));
    double sql = BenchDatabase.median(rates.get("sql"));
    return String.format(Locale.ROOT, "RESULT sweep-ref db=%s rows=%d lethe_rows_per_s=%.0f"
        + " sql_rows_per_s=%.0f ratio=%.2f", db.name, rows, lethe, sql, lethe / sql);
  }

  /** Drops and loads {@code rows / 2} jobs and {@code rows} results, two per job. */
  private static void load(BenchDatabase db, long rows) throws SQLException {
    boolean h2 = db.name.equals("h2");
    long jobs = rows / 2;
    try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String table : List.of("bench_results", "bench_jobs", "lethe_audit_head",
          "lethe_audit", "lethe_sweep_checkpoint")) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute("CREATE TABLE bench_jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40) NOT"
          + " NULL, created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute("CREATE TABLE bench_results (id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL,"
          + " phone VARCHAR(40), created_at TIMESTAMP NOT NULL)");
      // completed_at spreads over 2026; a tenth of the jobs never completed
      if (h2) {
        s.execute("INSERT INTO bench_jobs SELECT X, 'acct-' || MOD(X, 100000), TIMESTAMP"
            + " '2026-01-01 00:00:00', CASE WHEN MOD(X, 10) = 0 THEN NULL ELSE DATEADD(MINUTE,"
            + " MOD(X * 7919, 525600), TIMESTAMP '2026-01-01 00:00:00') END FROM"
            + " SYSTEM_RANGE(1, " + jobs + ")");
        s.execute("INSERT INTO bench_results SELECT X, (X + 1) / 2, '+1555' || X, TIMESTAMP"
            + " '2026-01-01 00:00:00' FROM SYSTEM_RANGE(1, " + rows + ")");
      } else {
        s.execute("INSERT INTO bench_jobs SELECT x, 'acct-' || (x % 100000), TIMESTAMP"
            + " '2026-01-01 00:00:00', CASE WHEN x % 10 = 0 THEN NULL ELSE TIMESTAMP"
            + " '2026-01-01 00:00:00' + ((x::bigint * 7919) % 525600) * INTERVAL '1 minute'"
            + " END FROM generate_series(1, " + jobs + ") AS x");
        s.execute("INSERT INTO bench_results SELECT x, (x + 1) / 2, '+1555' || x, TIMESTAMP"
            + " '2026-01-01 00:00:00' FROM generate_series(1, " + rows + ") AS x");
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
        PreparedStatement delete = c.prepareStatement("DELETE FROM bench_results WHERE job_id IN"
            + " (SELECT id FROM bench_jobs WHERE completed_at <= ?)")) {
      delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
      int deleted = delete.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return deleted;
    }
  }

  /** Lethe: the results reach their clock through the reference to their job. */
  private static SweepMethods.Sweep lethe(DataSource dataSource) {
    Clock clock = Clock.fixed(SWEEP_AT, ZoneOffset.UTC);
    Anchor completed = Anchor.event("job.completed");
    PrivacyPolicy policy = PrivacyPolicy.builder("bench").controller("Bench",
        "privacy@bench.example").version("1").effective(LocalDate.of(2025, 1, 1))
        .rule(RetentionRule.builder("results").categories("user.contact.phone_number")
            .anchoredOn("job.completed").maximum("P90D").build())
        .build();
    List<JdbcStore> stores = JdbcStores.open(dataSource, clock,
        JdbcMapping.builder("jobs").table("bench_jobs", "id").category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID).collectedAt("created_at")
            .anchor(completed, "completed_at").build(),
        JdbcMapping.builder("results").table("bench_results", "id")
            .category("user.contact.phone_number").reference("job_id", "jobs", "id")
            .field("phone", "user.contact.phone_number").collectedAt("created_at")
            .anchorThrough(completed, "job_id", "completed_at").build());
    AuditLog audit = AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(),
        SubjectHasher.withSecret("benchmark-secret-of-at-least-32-bytes".getBytes(
            StandardCharsets.UTF_8)), clock);
    RetentionEngine engine = RetentionEngine.builder(policy).stores(stores.get(1)).audit(audit)
        .clock(clock).build();
    return () -> engine.sweep(SWEEP_AT, SweepOptions.defaults()
        .batchSize(SweepMethods.LETHE_BATCH)).totalProcessed();
  }

  private static long due(DataSource dataSource) throws SQLException {
    return count(dataSource, "SELECT COUNT(*) FROM bench_results WHERE job_id IN (SELECT id FROM"
        + " bench_jobs WHERE completed_at <= ?)", true);
  }

  private static long remaining(DataSource dataSource) throws SQLException {
    return count(dataSource, "SELECT COUNT(*) FROM bench_results", false);
  }

  private static long count(DataSource dataSource, String sql, boolean cutoff)
      throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
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
