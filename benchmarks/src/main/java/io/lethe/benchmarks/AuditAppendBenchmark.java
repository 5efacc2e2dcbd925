package io.lethe.benchmarks;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.subject.SubjectHasher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The audit trail's append rate through a connection pool, with 1 and with 8 writers, each writer a
 * thread with an audit log of its own over the one shared table (as separate host instances would
 * have), against the floor: the same rows inserted by the same threads, one transaction each, with
 * nothing that chains them (no lock, no read of the newest entry, no hash). Prints every round,
 * then one line per number of writers:
 *
 * <pre>RESULT audit-append db=&lt;h2|postgresql&gt; writers=&lt;n&gt; entries_per_s=&lt;n&gt;
 * insert_per_s=&lt;n&gt; ratio=&lt;entries / insert&gt;</pre>
 *
 * <p>Arguments after {@code audit}: {@code [entries_per_round] [rounds] [h2|postgresql|both]}
 * (default 4000 5 postgresql). Each round appends the entries with each way in turn, the way that
 * goes first alternating; the line gives the median of the rounds. The trail is verified after the
 * last round, and the run fails if it is not one intact chain.
 */
final class AuditAppendBenchmark {

  private static final int[] WRITERS = {1, 8};
  private static final SubjectHasher HASHER =
      SubjectHasher.withSecret("benchmark secret, 32 bytes long!".getBytes(StandardCharsets.UTF_8));

  private AuditAppendBenchmark() {}

  /** Runs the benchmark with the arguments that follow {@code audit}. */
  static void audit(String[] args) throws Exception {
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String which = args.length > 3 ? args[3] : "postgresql";
    BenchDatabase.each(which, db -> run(db, entries, rounds));
  }

  private static void run(BenchDatabase db, int entries, int rounds) throws Exception {
    DataSource pool = db.dataSource;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_audit_head");
      s.execute("DROP TABLE IF EXISTS bench_audit");
      s.execute("DROP TABLE IF EXISTS bench_insert");
      s.execute(
          "CREATE TABLE bench_insert (id BIGINT PRIMARY KEY, recorded_at TIMESTAMP WITH"
              + " TIME ZONE NOT NULL, actor VARCHAR(200) NOT NULL, action VARCHAR(40) NOT NULL,"
              + " counts VARCHAR(2000) NOT NULL, entry_hash CHAR(64) NOT NULL)");
    }
    JdbcAuditStorage.of(pool, "bench_audit").createTableIfMissing();
    AtomicLong insertIds = new AtomicLong();
    // untimed: class loading, the JIT, the pool's connections
    append(pool, 8, entries / 2);
    insert(pool, 8, entries / 2, insertIds);
    for (int writers : WRITERS) {
      List<Double> appendRates = new ArrayList<>();
      List<Double> insertRates = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        boolean appendFirst = round % 2 == 1;
        double append = 0;
        double insert = 0;
        for (int turn = 0; turn < 2; turn++) {
          if ((turn == 0) == appendFirst) {
            append = append(pool, writers, entries);
          } else {
            insert = insert(pool, writers, entries, insertIds);
          }
        }
        appendRates.add(append);
        insertRates.add(insert);
        System.out.printf(
            Locale.ROOT,
            "round %d db=%s writers=%d first=%s entries_per_s=%.0f" + " insert_per_s=%.0f%n",
            round,
            db.name,
            writers,
            appendFirst ? "append" : "insert",
            append,
            insert);
      }
      double append = BenchDatabase.median(appendRates);
      double insert = BenchDatabase.median(insertRates);
      System.out.printf(
          Locale.ROOT,
          "RESULT audit-append db=%s writers=%d entries_per_s=%.0f"
              + " insert_per_s=%.0f ratio=%.2f%n",
          db.name,
          writers,
          append,
          insert,
          append / insert);
    }
    AuditLog check =
        AuditLog.create(JdbcAuditStorage.of(pool, "bench_audit"), HASHER, Clock.systemUTC());
    if (!check.verify().intact()) {
      throw new IllegalStateException(
          "the benchmark's audit trail is broken: " + check.verify().problem().orElse(""));
    }
  }

  /** Appends entries from writers with an audit log each; returns entries per second. */
  private static double append(DataSource pool, int writers, int entries) throws Exception {
    List<AuditLog> logs = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      logs.add(
          AuditLog.create(JdbcAuditStorage.of(pool, "bench_audit"), HASHER, Clock.systemUTC()));
    }
    return timed(
        writers,
        entries,
        (writer, i) ->
            logs.get(writer)
                .append(
                    AuditEvent.of(AuditAction.SWEEP_BATCH, "benchmark")
                        .count("deleted", i)
                        .build()));
  }

  /** Inserts rows of the same shape, one transaction each; returns rows per second. */
  private static double insert(DataSource pool, int writers, int entries, AtomicLong ids)
      throws Exception {
    String sql =
        "INSERT INTO bench_insert (id, recorded_at, actor, action, counts, entry_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    String hash = "0".repeat(64);
    return timed(
        writers,
        entries,
        (writer, i) -> {
          try (Connection c = pool.getConnection();
              PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, ids.incrementAndGet());
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(3, "benchmark");
            s.setString(4, "SWEEP_BATCH");
            s.setString(5, "{\"deleted\":" + i + "}");
            s.setString(6, hash);
            s.executeUpdate();
            if (!c.getAutoCommit()) {
              c.commit();
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private interface Step {
    void run(int writer, int i);
  }

  /** Runs the entries split over writer threads, started together; returns steps per second. */
  private static double timed(int writers, int entries, Step step) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> done = new ArrayList<>();
      for (int writer = 0; writer < writers; writer++) {
        int w = writer;
        int count = entries / writers + (writer < entries % writers ? 1 : 0);
        Callable<Void> task =
            () -> {
              start.await();
              for (int i = 0; i < count; i++) {
                step.run(w, i);
              }
              return null;
            };
        done.add(threads.submit(task));
      }
      long began = System.nanoTime();
      start.countDown();
      for (Future<Void> future : done) {
        future.get();
      }
      return entries / ((System.nanoTime() - began) / 1e9);
    } finally {
      threads.shutdownNow();
    }
  }
}
