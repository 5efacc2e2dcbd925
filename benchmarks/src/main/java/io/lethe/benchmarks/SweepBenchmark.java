package io.lethe.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lethe's retention sweep against the two hand-written JDBC forms, on the same freshly loaded
 * table, alternating in one process, on H2 and on PostgreSQL. Prints one line per database:
 *
 * <pre>RESULT sweep db=&lt;h2|postgresql&gt; rows=1000000 lethe_rows_per_s=&lt;n&gt;
 * sql_single_rows_per_s=&lt;n&gt; sql_batched_rows_per_s=&lt;n&gt; ratio=&lt;lethe / faster sql&gt;</pre>
 *
 * <p>Arguments: {@code speed [rows] [rounds] [h2|postgresql|both]} (default 1000000 5 both), or
 * {@code heap [rows]} (default 10000000), which loads PostgreSQL and sweeps it in a child JVM
 * capped at 256 MiB, printing {@code RESULT sweep-heap rows=<n> peak_heap_mib=<n>}, or {@code
 * export [rows_per_store] [rounds] [h2|postgresql|both]}, which runs the export benchmark, or
 * {@code audit [entries] [rounds] [h2|postgresql|both]}, which runs the audit append benchmark
 * ({@link AuditAppendBenchmark}), or {@code sweep-ref [child_rows] [rounds] [h2|postgresql|both]},
 * which sweeps child rows whose clock starts in their parent ({@link SweepRefBenchmark}), or
 * {@code erase [subjects] [rounds] [h2|postgresql|both]}, which erases customers one request at a
 * time ({@link EraseBenchmark}).
 */
public final class SweepBenchmark {

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
      case "speed" -> {
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String which = args.length > 3 ? args[3] : "both";
        BenchDatabase.each(which, db -> System.out.println(speed(db, rows, rounds)));
      }
      case "heap" -> heap(args.length > 1 ? Long.parseLong(args[1]) : 10_000_000);
      case "heap-child" -> heapChild(Long.parseLong(args[1]));
      case "export" -> ExportBenchmark.export(args);
      case "audit" -> AuditAppendBenchmark.audit(args);
      case "sweep-ref" -> SweepRefBenchmark.sweepRef(args);
      case "erase" -> EraseBenchmark.erase(args);
      default -> throw new IllegalArgumentException("unknown mode " + mode
          + "; use speed, heap, export, audit, sweep-ref or erase");
    }
  }

  /** Prepares a way of sweeping on a freshly loaded table; only the returned sweep is timed. */
  private interface Method {
    SweepMethods.Sweep prepare(BenchDatabase db) throws Exception;
  }

  /** Runs each method {@code rounds} times on a fresh table, rotating their order. */
  static String speed(BenchDatabase db, long rows, int rounds) throws Exception {
    Map<String, Method> methods = new LinkedHashMap<>();
    methods.put("lethe", d -> SweepMethods.lethe(d.dataSource));
    methods.put("sql_single", d -> () -> SweepMethods.sqlSingle(d.dataSource));
    methods.put("sql_batched", d -> () -> SweepMethods.sqlBatched(d.dataSource));
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    methods.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
    List<String> order = new ArrayList<>(methods.keySet());
    // Warm-up, not counted: class loading, the validator's bootstrap and the JIT.
    for (String name : order) {
      db.load(Math.max(1_000, rows / 20));
      methods.get(name).prepare(db).run();
    }
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get((i + round) % order.size());
        db.load(rows);
        long expected = expectedDeletions(db);
        SweepMethods.Sweep sweep = methods.get(name).prepare(db);
        long start = System.nanoTime();
        long deleted = sweep.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (deleted != expected) {
          throw new IllegalStateException(name + " deleted " + deleted + " rows, expected "
              + expected);
        }
        rates.get(name).add(deleted / seconds);
        System.err.printf(Locale.ROOT, "  %s round %d %-11s %,d rows in %.2f s%n", db.name,
            round + 1, name, deleted, seconds);
      }
    }
    double lethe = BenchDatabase.median(rates.get("lethe"));
    double single = BenchDatabase.median(rates.get("sql_single"));
    double batched = BenchDatabase.median(rates.get("sql_batched"));
    return String.format(Locale.ROOT, "RESULT sweep db=%s rows=%d lethe_rows_per_s=%.0f"
        + " sql_single_rows_per_s=%.0f sql_batched_rows_per_s=%.0f ratio=%.2f", db.name, rows,
        lethe, single, batched, lethe / Math.max(single, batched));
  }

  private static long expectedDeletions(BenchDatabase db) throws Exception {
    try (var c = db.dataSource.getConnection();
        var s = c.prepareStatement("SELECT COUNT(*) FROM " + BenchDatabase.TABLE
            + " WHERE created_at <= ?")) {
      s.setTimestamp(1, java.sql.Timestamp.valueOf(SweepMethods.CUTOFF));
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }


  /** Loads PostgreSQL here, then sweeps it in a child JVM whose heap is measured. */
  static void heap(long rows) throws Exception {
    String url = System.getenv("LETHE_BENCH_PG_URL");
    try (BenchDatabase postgres = BenchDatabase.postgres()) {
      postgres.load(rows);
      String jdbcUrl = url != null && !url.isBlank() ? url
          : ((org.postgresql.ds.PGSimpleDataSource) postgres.unpooled).getURL();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder child = new ProcessBuilder(java, "-Xmx256m", "-cp",
          classPath(), SweepBenchmark.class.getName(), "heap-child",
          Long.toString(rows)).inheritIO();
      child.environment().put("LETHE_BENCH_PG_URL", jdbcUrl);
      Process process = child.start();
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("the measured sweep failed");
      }
    }
  }

  /** This program's class path, also when it runs inside Maven (exec:java). */
  private static String classPath() {
    ClassLoader loader = SweepBenchmark.class.getClassLoader();
    if (loader instanceof java.net.URLClassLoader urls) {
      List<String> entries = new ArrayList<>();
      for (java.net.URL url : urls.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException e) {
          throw new IllegalStateException("unreadable class path entry " + url, e);
        }
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  /** In the child JVM: sweep, and report the heap's peak use during the sweep. */
  static void heapChild(long rows) throws Exception {
    BenchDatabase postgres = BenchDatabase.postgres();
    System.gc();
    List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long deleted = SweepMethods.lethe(postgres.dataSource).run();
    long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    System.err.printf(Locale.ROOT, "  postgresql heap run: %,d rows deleted%n", deleted);
    System.out.printf(Locale.ROOT, "RESULT sweep-heap rows=%d peak_heap_mib=%d%n", rows,
        peak / (1024 * 1024));
  }
}
