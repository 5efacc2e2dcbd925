package io.lethe.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lethe's retention sweep against three hand-written JDBC forms, on H2 and on PostgreSQL. Each
 * database's comparison runs in a child JVM of its own ({@link Fork}: fixed heap, collector's log
 * summarized in a {@code GC} line), where every way sweeps a freshly loaded table of which about
 * half is due, in rounds that rotate the ways' order, after untimed full-size warm-up rounds
 * ({@link SweepRounds}). The ways: Lethe with batches of {@link SweepMethods#LETHE_BATCH} ({@code
 * lethe}) and of the library's default size ({@code lethe_default}); one {@code DELETE ... WHERE
 * created_at <= ?} ({@code sql_single}); batches of 10,000 ids selected in key order and deleted by
 * id ({@code sql_batched}); and Lethe's own bounded statements written by hand, {@code DELETE ...
 * WHERE created_at <= ? AND id > ? AND id <= ?} over ranges of the same bound ({@code sql_ranged}).
 * Prints every sweep, a {@code ROUNDS} line per way with every round's time and position, and one
 * line per database:
 *
 * <pre>RESULT sweep db=&lt;h2|postgresql&gt; rows=&lt;n&gt; batch=&lt;n&gt; default_batch=&lt;n&gt;
 * lethe_rows_per_s=&lt;n&gt; lethe_default_rows_per_s=&lt;n&gt; sql_single_rows_per_s=&lt;n&gt;
 * sql_batched_rows_per_s=&lt;n&gt; sql_ranged_rows_per_s=&lt;n&gt; fastest_sql=&lt;way&gt;
 * ratio=&lt;lethe / fastest sql&gt; ratio_default=&lt;lethe_default / fastest sql&gt;</pre>
 *
 * <p>Rates are medians over the rounds. Arguments: {@code speed [rows] [rounds]
 * [h2|postgresql|both]} (default 1000000 7 both); {@code -Dlethe.bench.warmups} sets the warm-up
 * rounds (default {@value #DEFAULT_WARM_UPS}), {@code -Dlethe.bench.ways=lethe,sql_ranged} runs
 * only some ways, {@code -Dlethe.bench.trace=true} prints where each sweep spends its time in the
 * database ({@link StatementTimes}), {@code -Dlethe.bench.fork=false} stays in this JVM, {@code
 * -Dlethe.bench.gc=false} skips the collection after each load. Other modes: {@code heap [rows]}
 * (default 10000000), which loads PostgreSQL and sweeps it in a child JVM capped at 256 MiB,
 * printing {@code RESULT sweep-heap rows=<n> peak_heap_mib=<n>}; {@code export [rows_per_store]
 * [rounds] [h2|postgresql|both]}, the export benchmark ({@link ExportBenchmark}); {@code audit
 * [entries] [rounds] [h2|postgresql|both]}, the audit append benchmark ({@link
 * AuditAppendBenchmark}); {@code sweep-ref [child_rows] [rounds] [h2|postgresql|both]}, which
 * sweeps child rows whose clock starts in their parent ({@link SweepRefBenchmark}); {@code erase
 * [subjects] [rounds] [h2|postgresql|both]}, which erases customers one request at a time ({@link
 * EraseBenchmark}); {@code consent-decide} and {@code consent-append [postgresql|memory]}, the
 * consent engine's decisions and ledger appends measured with JMH ({@link ConsentBenchmark}).
 */
public final class SweepBenchmark {

  static final int DEFAULT_WARM_UPS = 2;
  static final int WARM_UPS = Integer.getInteger("lethe.bench.warmups", DEFAULT_WARM_UPS);

  private SweepBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args see the class description
   * @throws Exception if a database fails
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "speed";
    switch (mode) {
      case "speed", "speed-child" -> {
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String which = args.length > 3 ? args[3] : "both";
        if (mode.equals("speed") && forks()) {
          for (String db : databases(which)) {
            Fork.run(
                "sweep-" + db,
                List.of("speed-child", Long.toString(rows), Integer.toString(rounds), db));
          }
        } else {
          BenchDatabase.each(which, db -> System.out.println(speed(db, rows, rounds, WARM_UPS)));
        }
      }
      case "heap" -> heap(args.length > 1 ? Long.parseLong(args[1]) : 10_000_000);
      case "heap-child" -> heapChild(Long.parseLong(args[1]));
      case "export", "export-child" ->
          ExportBenchmark.export(args, mode.equals("export") && forks());
      case "audit" -> AuditAppendBenchmark.audit(args);
      case "sweep-ref", "sweep-ref-child" ->
          SweepRefBenchmark.sweepRef(args, mode.equals("sweep-ref") && forks());
      case "erase" -> EraseBenchmark.erase(args);
      case "consent-decide" -> ConsentBenchmark.decide(args);
      case "consent-append" -> ConsentBenchmark.append(args);
      default ->
          throw new IllegalArgumentException(
              "unknown mode "
                  + mode
                  + "; use speed, heap, export, audit, sweep-ref, erase, consent-decide or"
                  + " consent-append");
    }
  }

  /** {@return whether each database's comparison runs in a child JVM} */
  static boolean forks() {
    return Boolean.parseBoolean(System.getProperty("lethe.bench.fork", "true"));
  }

  /** {@return the databases {@code h2}, {@code postgresql} or {@code both} names} */
  static List<String> databases(String which) {
    return switch (which) {
      case "both" -> List.of("h2", "postgresql");
      case "h2", "postgresql" -> List.of(which);
      default -> throw new IllegalArgumentException("unknown database " + which);
    };
  }

  /**
   * {@return the ways to run: those {@code -Dlethe.bench.ways} names, else {@code defaults}}
   *
   * @param all every way
   * @param defaults the ways run when none are named, in their first round's order
   */
  static Map<String, SweepRounds.Way> chosen(
      Map<String, SweepRounds.Way> all, List<String> defaults) {
    String names = System.getProperty("lethe.bench.ways", "");
    Map<String, SweepRounds.Way> some = new LinkedHashMap<>();
    for (String name : names.isBlank() ? defaults : List.of(names.split(","))) {
      if (!all.containsKey(name.strip())) {
        throw new IllegalArgumentException("no way named " + name + "; there are " + all.keySet());
      }
      some.put(name.strip(), all.get(name.strip()));
    }
    return some;
  }

  /** The swept table: {@link BenchDatabase#load}, due when {@code created_at <= } the cutoff. */
  private static final SweepRounds.Table EVENTS =
      new SweepRounds.Table() {
        @Override
        public void load(BenchDatabase db, long rows) throws Exception {
          db.load(rows);
        }

        @Override
        public SweepRounds.Counts counts(BenchDatabase db) throws Exception {
          try (var c = db.dataSource.getConnection();
              var s =
                  c.prepareStatement(
                      "SELECT COALESCE(SUM(CASE WHEN created_at <= ? THEN 1"
                          + " ELSE 0 END), 0), COUNT(*) FROM "
                          + BenchDatabase.TABLE)) {
            s.setTimestamp(1, java.sql.Timestamp.valueOf(SweepMethods.CUTOFF));
            try (var rs = s.executeQuery()) {
              rs.next();
              return new SweepRounds.Counts(rs.getLong(1), rs.getLong(2) - rs.getLong(1));
            }
          }
        }
      };

  /**
   * Runs every way {@code rounds} times on a fresh table after {@code warmUps} untimed rounds.
   *
   * @return the RESULT line
   */
  static String speed(BenchDatabase db, long rows, int rounds, int warmUps) throws Exception {
    int batch = SweepMethods.LETHE_BATCH;
    int defaultBatch = SweepMethods.DEFAULT_BATCH;
    Map<String, SweepRounds.Way> all = new LinkedHashMap<>();
    all.put("lethe", (d, ds) -> SweepMethods.lethe(ds, batch));
    all.put("lethe_default", (d, ds) -> SweepMethods.lethe(ds, defaultBatch));
    all.put("sql_single", (d, ds) -> () -> SweepMethods.sqlSingle(ds));
    all.put(
        "sql_batched",
        (d, ds) -> {
          String hint = SweepMethods.primaryKeyHint(d);
          return () -> SweepMethods.sqlBatched(ds, hint);
        });
    all.put("sql_ranged", (d, ds) -> () -> SweepMethods.sqlRanged(ds, batch));
    Map<String, SweepRounds.Way> ways = chosen(all, List.copyOf(all.keySet()));
    db.load(rows);
    SweepPlans.print(db, SweepPlans.sweep(db, SweepMethods.primaryKeyHint(db)));
    Map<String, List<SweepRounds.Timing>> timings =
        SweepRounds.run(db, ways, EVENTS, rows, warmUps, rounds);
    System.out.println(SweepRounds.roundsLines("sweep", db.name, timings));
    return String.format(
            Locale.ROOT,
            "RESULT sweep db=%s rows=%d batch=%d default_batch=%d",
            db.name,
            rows,
            batch,
            defaultBatch)
        + SweepRounds.rates(timings);
  }

  /** Loads PostgreSQL here, then sweeps it in a child JVM whose heap is measured. */
  static void heap(long rows) throws Exception {
    String url = System.getenv("LETHE_BENCH_PG_URL");
    try (BenchDatabase postgres = BenchDatabase.postgres()) {
      postgres.load(rows);
      String jdbcUrl =
          url != null && !url.isBlank()
              ? url
              : ((org.postgresql.ds.PGSimpleDataSource) postgres.unpooled).getURL();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder child =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-cp",
                  Fork.classPath(),
                  SweepBenchmark.class.getName(),
                  "heap-child",
                  Long.toString(rows))
              .inheritIO();
      child.environment().put("LETHE_BENCH_PG_URL", jdbcUrl);
      Process process = child.start();
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("the measured sweep failed");
      }
    }
  }

  /** In the child JVM: sweep, and report the heap's peak use during the sweep. */
  static void heapChild(long rows) throws Exception {
    BenchDatabase postgres = BenchDatabase.postgres();
    System.gc();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long deleted = SweepMethods.lethe(postgres.dataSource, SweepMethods.LETHE_BATCH).run();
    long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.err.printf(Locale.ROOT, "  postgresql heap run: %,d rows deleted%n", deleted);
    System.out.printf(
        Locale.ROOT, "RESULT sweep-heap rows=%d peak_heap_mib=%d%n", rows, peak / (1024 * 1024));
  }
}
