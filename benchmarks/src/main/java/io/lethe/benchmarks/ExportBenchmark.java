package io.lethe.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lethe's access export of one subject against five hand-written indexed queries, on the same
 * five tables ({@link ExportTables}), alternating in one process, on H2 and on PostgreSQL. Four
 * ways of exporting are timed ({@link ExportMethods}): Lethe, Lethe reading the stores ahead on
 * an executor, the hand-written queries, and the floor (the hand-written export plus identity
 * resolution and an audit entry). Each writes the subject's roughly 100 records as JSON with
 * Jackson to a stream that discards them; the audit trails go to a database of their own ({@link
 * BenchDatabase#auditDataSource}). Prints three lines per database:
 *
 * <pre>RESULT export db=&lt;h2|postgresql&gt; stores=5 rows_per_store=1000000
 * lethe_ms=&lt;n&gt; sql_ms=&lt;n&gt; ratio=&lt;lethe / sql&gt;
 * READ_AHEAD export ... lethe_ms=&lt;n, reading ahead&gt; sql_ms=&lt;n&gt; ratio=&lt;n&gt;
 * FLOOR export ... floor_ms=&lt;n&gt; sql_ms=&lt;n&gt; ratio=&lt;floor / sql&gt;
 * lethe_over_floor=&lt;lethe / floor&gt;</pre>
 *
 * <p>Arguments after {@code export}: {@code [rows_per_store] [rounds] [h2|postgresql|both]}
 * (default 1000000 5 both). Two phases: Lethe, the hand-written queries and the floor; then
 * Lethe reading ahead, against the hand-written queries again (its threads would otherwise
 * weigh on the plain export, as they change what the JIT sees of the code the two share). In
 * each phase, after the load, every way exports untimed, in turn, for a minute ({@link
 * #WARM_UP_SECONDS}). Each round then times {@value #DEFAULT_EXPORTS} exports of each way
 * ({@code -Dlethe.bench.exports} changes it), one subject after another, rotating which way goes
 * first, the exports of a turn on the next subjects in a cycle through all ten ({@link
 * #subject}), and
 * keeps each way's median; the result is the median of the rounds' medians. Every way must
 * export the same number of records, or the run fails.
 */
final class ExportBenchmark {

  static final int DEFAULT_EXPORTS = 200;
  static final int EXPORTS_PER_ROUND = Integer.getInteger("lethe.bench.exports", DEFAULT_EXPORTS);
  /** Untimed exports of each way first, at least: class loading, the validator's bootstrap. */
  static final int WARM_UP = Integer.getInteger("lethe.bench.warmup", 300);
  /**
   * How long the untimed exports go on at least ({@code -Dlethe.bench.warmup.seconds}): until
   * the JIT has compiled every way's paths and the collector is done with the load's garbage (H2
   * keeps its tables on the heap, gigabytes at a million rows per table). After 300 exports
   * alone, the rounds measured on this 2-core machine kept getting faster for about half a
   * minute, Lethe's more than the hand-written queries: ratios fell from 1.8 to 1.2 on H2 and
   * from 1.35 to 1.2 on PostgreSQL, with the same code (and a hand-written export that still
   * read its column names on every row). The timed rounds measure the steady state, as a JMH
   * benchmark would; {@code -Dlethe.bench.warmup.seconds=0} measures the colder one.
   */
  static final int WARM_UP_SECONDS = Integer.getInteger("lethe.bench.warmup.seconds", 60);

  private ExportBenchmark() {}

  /**
   * What a run measured.
   *
   * @param line the RESULT line
   * @param letheRecords records in each of Lethe's exports
   * @param sqlRecords records in each hand-written export
   */
  record Result(String line, String readAheadLine, String floorLine, long letheRecords,
      long sqlRecords) {}

  /** Runs the benchmark with the arguments that follow {@code export}. */
  static void export(String[] args) throws Exception {
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String which = args.length > 3 ? args[3] : "both";
    if (!which.equals("postgresql")) {
      try (BenchDatabase h2 = BenchDatabase.h2()) {
        Result result = run(h2, rows, rounds);
        System.out.println(result.line());
        System.out.println(result.readAheadLine());
        System.out.println(result.floorLine());
      }
    }
    if (!which.equals("h2")) {
      try (BenchDatabase postgres = BenchDatabase.postgres()) {
        Result result = run(postgres, rows, rounds);
        System.out.println(result.line());
        System.out.println(result.readAheadLine());
        System.out.println(result.floorLine());
      }
    }
  }

  /**
   * Loads the five tables, then times every way over {@code rounds} rounds after warming up for
   * {@link #WARM_UP_SECONDS}.
   */
  static Result run(BenchDatabase db, long rows, int rounds) throws Exception {
    return run(db, rows, rounds, Duration.ofSeconds(WARM_UP_SECONDS));
  }

  /**
   * Loads the five tables, then times every way over {@code rounds} rounds after warming up for
   * at least {@code warmUp} and {@link #WARM_UP} exports of each way.
   */
  static Result run(BenchDatabase db, long rows, int rounds, Duration warmUp) throws Exception {
    long loadStart = System.nanoTime();
    ExportTables.load(db, rows);
    // The load's garbage is collected now rather than while exports are timed.
    System.gc();
    System.err.printf(Locale.ROOT, "  %s audit trails %s%n", db.name, db.auditPlace());
    System.err.printf(Locale.ROOT, "  %s loaded %d tables of %,d rows in %.1f s%n", db.name,
        ExportTables.TABLES.size(), rows, (System.nanoTime() - loadStart) / 1e9);
    ExecutorService readers = Executors.newFixedThreadPool(ExportTables.TABLES.size(), r -> {
      Thread thread = new Thread(r, "export-read-ahead");
      thread.setDaemon(true);
      return thread;
    });
    try {
      return run(db, rows, rounds, warmUp, readers);
    } finally {
      readers.shutdownNow();
    }
  }

  private static Result run(BenchDatabase db, long rows, int rounds, Duration warmUp,
      ExecutorService readers) throws Exception {
    Map<String, ExportMethods.Export> methods = new LinkedHashMap<>();
    // each way on a pool of its own, so that none evicts another's parsed statements
    methods.put("lethe", ExportMethods.lethe(db.ownPool("lethe"), db.auditDataSource));
    methods.put("sql", ExportMethods.sql(db.ownPool("sql")));
    methods.put("floor", ExportMethods.floor(db.ownPool("floor"), db.auditDataSource));
    Map<String, Long> records = new LinkedHashMap<>();
    Map<String, Double> main = time(db, methods, rounds, warmUp, records);
    // Reading ahead runs the stores' reads on other threads: timed in a phase of its own,
    // after the others, so that its threads and the JIT's view of the shared code that they
    // change do not weigh on the plain export (a service runs one way or the other).
    Map<String, ExportMethods.Export> ahead = new LinkedHashMap<>();
    ahead.put("read_ahead", ExportMethods.lethe(db.ownPool("read-ahead"), db.auditDataSource,
        readers));
    ahead.put("sql", methods.get("sql"));
    Map<String, Double> second = time(db, ahead, rounds, warmUp, records);
    double lethe = main.get("lethe");
    double sql = main.get("sql");
    String line = String.format(Locale.ROOT, "RESULT export db=%s stores=%d rows_per_store=%d"
        + " lethe_ms=%.3f sql_ms=%.3f ratio=%.2f", db.name, ExportTables.TABLES.size(), rows,
        lethe, sql, lethe / sql);
    String readAheadLine = String.format(Locale.ROOT, "READ_AHEAD export db=%s stores=%d"
        + " rows_per_store=%d lethe_ms=%.3f sql_ms=%.3f ratio=%.2f", db.name,
        ExportTables.TABLES.size(), rows, second.get("read_ahead"), second.get("sql"),
        second.get("read_ahead") / second.get("sql"));
    double floor = main.get("floor");
    String floorLine = String.format(Locale.ROOT, "FLOOR export db=%s stores=%d"
        + " rows_per_store=%d floor_ms=%.3f sql_ms=%.3f ratio=%.2f lethe_over_floor=%.2f",
        db.name, ExportTables.TABLES.size(), rows, floor, sql, floor / sql, lethe / floor);
    return new Result(line, readAheadLine, floorLine, records.get("lethe"), records.get("sql"));
  }

  /**
   * Warms the ways up, then times them over {@code rounds} rounds; every way must export the
   * same number of records, noted in {@code records}, as every way before it.
   *
   * @return each way's median of its rounds' medians, in milliseconds
   */
  private static Map<String, Double> time(BenchDatabase db,
      Map<String, ExportMethods.Export> methods, int rounds, Duration warmUp,
      Map<String, Long> records) throws Exception {
    List<String> order = new ArrayList<>(methods.keySet());
    Map<String, Long> bytes = new LinkedHashMap<>();
    long warmUpStart = System.nanoTime();
    long warmUpEnd = warmUpStart + warmUp.toNanos();
    int warmUps = 0;
    for (int i = 0; i < WARM_UP || System.nanoTime() < warmUpEnd; i++) {
      warmUps++;
      for (String name : order) {
        ExportMethods.Sink sink = new ExportMethods.Sink();
        long exported = methods.get(name).run(subject(i, order.indexOf(name), order.size()),
            sink);
        Long before = records.putIfAbsent(name, exported);
        if (before != null && before != exported) {
          throw new IllegalStateException(name + " exported " + exported + " records, before "
              + before);
        }
        bytes.put(name, sink.bytes);
      }
    }
    if (records.values().stream().distinct().count() != 1) {
      throw new IllegalStateException("the ways exported different numbers of records: "
          + records);
    }
    System.err.printf(Locale.ROOT, "  %s warmed up %s with %,d exports of each in %.0f s%n",
        db.name, order, warmUps, (System.nanoTime() - warmUpStart) / 1e9);
    System.err.printf(Locale.ROOT, "  %s each export: %d records; bytes %s%n", db.name,
        records.get(order.get(0)), bytes);
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    order.forEach(name -> medians.put(name, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      Map<String, List<Double>> times = new LinkedHashMap<>();
      order.forEach(name -> times.put(name, new ArrayList<>()));
      for (int i = 0; i < EXPORTS_PER_ROUND; i++) {
        for (int j = 0; j < order.size(); j++) {
          String name = order.get((i + round + j) % order.size());
          ExportMethods.Sink sink = new ExportMethods.Sink();
          long start = System.nanoTime();
          long exported = methods.get(name).run(subject(i, order.indexOf(name), order.size()),
              sink);
          double ms = (System.nanoTime() - start) / 1e6;
          if (exported != records.get(name)) {
            throw new IllegalStateException(name + " exported " + exported + " records, expected "
                + records.get(name));
          }
          times.get(name).add(ms);
        }
      }
      StringBuilder line = new StringBuilder();
      for (String name : order) {
        double median = BenchDatabase.median(times.get(name));
        medians.get(name).add(median);
        line.append(String.format(Locale.ROOT, " %s %.3f ms", name, median));
      }
      System.err.printf(Locale.ROOT, "  %s round %d median of %d exports:%s%n", db.name,
          round + 1, EXPORTS_PER_ROUND, line);
    }
    Map<String, Double> result = new LinkedHashMap<>();
    order.forEach(name -> result.put(name, BenchDatabase.median(medians.get(name))));
    return result;
  }

  /**
   * The subject the {@code method}-th of {@code ways} ways exports in its {@code i}-th export:
   * the exports of a turn take the next subjects in a cycle through all of them, so that every
   * way's subject was last exported the same number of exports before (as many as there are
   * subjects), and its rows are as fresh in the CPU's caches as any other way's. No two exports
   * in a row run a query with the same parameters: the hand-written and the floor exports share
   * their SQL text, and H2 hands a query repeated with the same parameters on an unchanged
   * database its previous result. (Taking subject {@code i + method} instead, as the benchmark
   * once did, had one way always read the subject no way had read just before, and the others
   * the ones it had just warmed.)
   */
  static int subject(int i, int method, int ways) {
    return (i * ways + method) % ExportTables.SUBJECTS;
  }

}
