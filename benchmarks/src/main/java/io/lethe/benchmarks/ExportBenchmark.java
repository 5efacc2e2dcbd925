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
 * Lethe's access export of one subject against hand-written indexed queries, on the same five
 * tables ({@link ExportTables}), alternating in one process, on H2 and on PostgreSQL. The ways
 * ({@link ExportMethods}): Lethe; Lethe reading the stores ahead on an executor; the five
 * hand-written queries ({@code sql}); on PostgreSQL, the same reads sent as one round trip with the
 * account ids resolved inside it and no audit ({@code sql_batched}, the strongest hand-written
 * export); and the floor (the hand-written export plus identity resolution and an audit entry).
 * Each writes the subject's roughly 100 records as JSON with Jackson to a stream that discards
 * them.
 *
 * <p>Each database runs in child JVMs ({@link Fork}), one per configuration ({@link #VARIANTS}):
 * {@code unique} (unique indexes on the accounts table, audit trails in a database of their own, as
 * {@link BenchDatabase#auditDataSource} says), {@code plain-indexes} ({@code
 * -Dlethe.bench.unique=false}) and {@code audit-same} (audit trails in the data's own database,
 * {@code -Dlethe.bench.audit=same}); {@code -Dlethe.bench.export.variants=unique,audit-same} picks
 * some. In each, after the load: first the cold exports, {@value #DEFAULT_COLD} of each way with no
 * warm-up at all, rotating which way goes first ({@code -Dlethe.bench.cold} changes the number);
 * then every way exports every subject once more and the runs fails unless all ways exported the
 * same records ({@link ExportRecords}: the same multiset of records, compared field by field, not
 * only as many); then the warm-up and the timed rounds. Prints per configuration:
 *
 * <pre>COLD export db=&lt;h2|postgresql&gt; stores=5 rows_per_store=&lt;n&gt; unique=&lt;b&gt;
 * audit=&lt;apart|same&gt; exports=&lt;n&gt; lethe_ms=&lt;median&gt; sql_ms=&lt;median&gt;
 * ratio=&lt;lethe / sql&gt; lethe_total_ms=&lt;n&gt; sql_total_ms=&lt;n&gt; ratio_total=&lt;n&gt;
 * [sql_batched_ms=&lt;n&gt; ratio_batched=&lt;lethe / sql_batched&gt;]
 * RESULT export db=... stores=5 rows_per_store=... unique=... audit=... lethe_ms=&lt;n&gt;
 * sql_ms=&lt;n&gt; ratio=&lt;lethe / sql&gt; [sql_batched_ms=&lt;n&gt; ratio_batched=&lt;n&gt;]
 * READ_AHEAD export ... lethe_ms=&lt;n, reading ahead&gt; sql_ms=&lt;n&gt; ratio=&lt;n&gt;
 * FLOOR export ... floor_ms=&lt;n&gt; sql_ms=&lt;n&gt; ratio=&lt;floor / sql&gt;
 * lethe_over_floor=&lt;lethe / floor&gt;</pre>
 *
 * <p>({@code READ_AHEAD} in the {@code unique} configuration only.) Arguments after {@code export}:
 * {@code [rows_per_store] [rounds] [h2|postgresql|both]} (default 1000000 5 both). Two timed
 * phases: Lethe, the hand-written queries and the floor; then Lethe reading ahead, against the
 * hand-written queries again (its threads would otherwise weigh on the plain export, as they change
 * what the JIT sees of the code the two share). In each phase, every way exports untimed, in turn,
 * for a minute ({@link #WARM_UP_SECONDS}). Each round then times {@value #DEFAULT_EXPORTS} exports
 * of each way ({@code -Dlethe.bench.exports} changes it), one subject after another, rotating which
 * way goes first, the exports of a turn on the next subjects in a cycle through all ten ({@link
 * #subject}), and keeps each way's median; the result is the median of the rounds' medians.
 */
final class ExportBenchmark {

  static final int DEFAULT_EXPORTS = 200;
  static final int EXPORTS_PER_ROUND = Integer.getInteger("lethe.bench.exports", DEFAULT_EXPORTS);

  /** Untimed exports of each way first, at least: class loading, the validator's bootstrap. */
  static final int WARM_UP = Integer.getInteger("lethe.bench.warmup", 300);

  /**
   * How long the untimed exports go on at least ({@code -Dlethe.bench.warmup.seconds}): until the
   * JIT has compiled every way's paths and the collector is done with the load's garbage (H2 keeps
   * its tables on the heap, gigabytes at a million rows per table). After 300 exports alone, the
   * rounds measured on this 2-core machine kept getting faster for about half a minute, Lethe's
   * more than the hand-written queries: ratios fell from 1.8 to 1.2 on H2 and from 1.35 to 1.2 on
   * PostgreSQL, with the same code (and a hand-written export that still read its column names on
   * every row). The timed rounds measure the steady state, as a JMH benchmark would; the {@code
   * COLD} line measures the exports before any warm-up.
   */
  static final int WARM_UP_SECONDS = Integer.getInteger("lethe.bench.warmup.seconds", 60);

  static final int DEFAULT_COLD = 20;

  /** Exports of each way timed before any warm-up. */
  static final int COLD_EXPORTS = Integer.getInteger("lethe.bench.cold", DEFAULT_COLD);

  /** Whether the read-ahead phase runs ({@code -Dlethe.bench.export.readahead}). */
  static final boolean READ_AHEAD =
      Boolean.parseBoolean(System.getProperty("lethe.bench.export.readahead", "true"));

  /**
   * A configuration the export runs in, in a child JVM of its own.
   *
   * @param name names it in the output
   * @param properties the system properties that set it up
   */
  record Variant(String name, Map<String, String> properties) {}

  /** The configurations: unique indexes, plain indexes, audit trails next to the data. */
  static final List<Variant> VARIANTS =
      List.of(
          new Variant("unique", Map.of("lethe.bench.unique", "true")),
          new Variant(
              "plain-indexes",
              Map.of("lethe.bench.unique", "false", "lethe.bench.export.readahead", "false")),
          new Variant(
              "audit-same",
              Map.of(
                  "lethe.bench.unique",
                  "true",
                  "lethe.bench.audit",
                  "same",
                  "lethe.bench.export.readahead",
                  "false")));

  private ExportBenchmark() {}

  /**
   * What a run measured.
   *
   * @param line the RESULT line
   * @param coldLine the COLD line
   * @param readAheadLine the READ_AHEAD line, null if that phase did not run
   * @param floorLine the FLOOR line
   * @param letheRecords records in each of Lethe's exports
   * @param sqlRecords records in each hand-written export
   */
  record Result(
      String line,
      String coldLine,
      String readAheadLine,
      String floorLine,
      long letheRecords,
      long sqlRecords) {

    void print() {
      System.out.println(coldLine);
      System.out.println(line);
      if (readAheadLine != null) {
        System.out.println(readAheadLine);
      }
      System.out.println(floorLine);
    }
  }

  /**
   * Runs the benchmark with the arguments that follow {@code export}, each database and
   * configuration in a child JVM if {@code fork}.
   */
  static void export(String[] args, boolean fork) throws Exception {
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String which = args.length > 3 ? args[3] : "both";
    if (!fork) {
      BenchDatabase.each(which, db -> run(db, rows, rounds).print());
      return;
    }
    String chosen = System.getProperty("lethe.bench.export.variants", "");
    for (String db : SweepBenchmark.databases(which)) {
      for (Variant variant : VARIANTS) {
        if (chosen.isBlank() || List.of(chosen.split(",")).contains(variant.name())) {
          Fork.run(
              "export-" + db + "-" + variant.name(),
              List.of("export-child", Long.toString(rows), Integer.toString(rounds), db),
              variant.properties());
        }
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
   * Loads the five tables, then times every way over {@code rounds} rounds after warming up for at
   * least {@code warmUp} and {@link #WARM_UP} exports of each way.
   */
  static Result run(BenchDatabase db, long rows, int rounds, Duration warmUp) throws Exception {
    return run(db, rows, rounds, warmUp, WARM_UP, EXPORTS_PER_ROUND);
  }

  /**
   * As {@link #run(BenchDatabase, long, int, Duration)}, with at least {@code warmUps} untimed
   * exports of each way per phase and {@code exports} timed exports of each way per round (a smoke
   * test's small numbers).
   */
  static Result run(
      BenchDatabase db, long rows, int rounds, Duration warmUp, int warmUps, int exports)
      throws Exception {
    long loadStart = System.nanoTime();
    ExportTables.load(db, rows);
    // The load's garbage is collected now rather than while exports are timed.
    System.gc();
    System.err.printf(
        Locale.ROOT,
        "  %s audit trails %s; %s indexes on the accounts table%n",
        db.name,
        db.auditPlace(),
        ExportTables.UNIQUE_INDEXES ? "unique" : "plain");
    System.err.printf(
        Locale.ROOT,
        "  %s loaded %d tables of %,d rows in %.1f s%n",
        db.name,
        ExportTables.TABLES.size(),
        rows,
        (System.nanoTime() - loadStart) / 1e9);
    ExecutorService readers =
        Executors.newFixedThreadPool(
            ExportTables.TABLES.size(),
            r -> {
              Thread thread = new Thread(r, "export-read-ahead");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return run(db, rows, rounds, new Counts(warmUp, warmUps, exports), readers);
    } finally {
      readers.shutdownNow();
    }
  }

  /** How long the warm-up lasts at least, and how many exports it and each round make. */
  private record Counts(Duration warmUp, int warmUps, int exports) {}

  private static Result run(
      BenchDatabase db, long rows, int rounds, Counts counts, ExecutorService readers)
      throws Exception {
    Map<String, ExportMethods.Export> methods = new LinkedHashMap<>();
    // each way on a pool of its own, so that none evicts another's parsed statements
    methods.put("lethe", ExportMethods.lethe(db.ownPool("lethe"), db.auditDataSource));
    methods.put("sql", ExportMethods.sql(db.ownPool("sql")));
    methods.put("floor", ExportMethods.floor(db.ownPool("floor"), db.auditDataSource));
    if (!db.name.equals("h2")) {
      methods.put("sql_batched", ExportMethods.sqlBatched(db.ownPool("sql-batched")));
    }
    Map<String, List<Double>> cold = cold(db, methods);
    Map<String, Long> records = new LinkedHashMap<>();
    sameRecords(db, methods, records);
    Map<String, Double> main = time(db, methods, rounds, counts, records);
    String head =
        String.format(
            Locale.ROOT,
            "export db=%s stores=%d rows_per_store=%d" + " unique=%b audit=%s",
            db.name,
            ExportTables.TABLES.size(),
            rows,
            ExportTables.UNIQUE_INDEXES,
            db.auditShort());
    double lethe = main.get("lethe");
    double sql = main.get("sql");
    String line =
        String.format(
                Locale.ROOT,
                "RESULT %s lethe_ms=%.3f sql_ms=%.3f ratio=%.2f",
                head,
                lethe,
                sql,
                lethe / sql)
            + batched(main, lethe);
    double coldLethe = BenchDatabase.median(cold.get("lethe"));
    double coldSql = BenchDatabase.median(cold.get("sql"));
    double totalLethe = cold.get("lethe").stream().mapToDouble(Double::doubleValue).sum();
    double totalSql = cold.get("sql").stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> coldMedians = new LinkedHashMap<>();
    cold.forEach((name, times) -> coldMedians.put(name, BenchDatabase.median(times)));
    String coldLine =
        String.format(
                Locale.ROOT,
                "COLD %s exports=%d lethe_ms=%.3f sql_ms=%.3f"
                    + " ratio=%.2f lethe_total_ms=%.1f sql_total_ms=%.1f ratio_total=%.2f",
                head,
                COLD_EXPORTS,
                coldLethe,
                coldSql,
                coldLethe / coldSql,
                totalLethe,
                totalSql,
                totalLethe / totalSql)
            + batched(coldMedians, coldLethe);
    double floor = main.get("floor");
    String floorLine =
        String.format(
            Locale.ROOT,
            "FLOOR %s floor_ms=%.3f sql_ms=%.3f" + " ratio=%.2f lethe_over_floor=%.2f",
            head,
            floor,
            sql,
            floor / sql,
            lethe / floor);
    String readAheadLine = null;
    if (READ_AHEAD) {
      // Reading ahead runs the stores' reads on other threads: timed in a phase of its own,
      // after the others, so that its threads and the JIT's view of the shared code that they
      // change do not weigh on the plain export (a service runs one way or the other).
      Map<String, ExportMethods.Export> ahead = new LinkedHashMap<>();
      ahead.put(
          "read_ahead", ExportMethods.lethe(db.ownPool("read-ahead"), db.auditDataSource, readers));
      ahead.put("sql", methods.get("sql"));
      sameRecords(db, ahead, records);
      Map<String, Double> second = time(db, ahead, rounds, counts, records);
      readAheadLine =
          String.format(
              Locale.ROOT,
              "READ_AHEAD %s lethe_ms=%.3f sql_ms=%.3f" + " ratio=%.2f",
              head,
              second.get("read_ahead"),
              second.get("sql"),
              second.get("read_ahead") / second.get("sql"));
    }
    return new Result(
        line, coldLine, readAheadLine, floorLine, records.get("lethe"), records.get("sql"));
  }

  /** {@return the batched hand-written way's figures for a line, if it ran} */
  private static String batched(Map<String, Double> times, double lethe) {
    Double batched = times.get("sql_batched");
    return batched == null
        ? ""
        : String.format(
            Locale.ROOT, " sql_batched_ms=%.3f" + " ratio_batched=%.2f", batched, lethe / batched);
  }

  /**
   * Times the first {@link #COLD_EXPORTS} exports of each way, before any other, rotating which way
   * goes first; {@return each way's times in milliseconds}
   */
  private static Map<String, List<Double>> cold(
      BenchDatabase db, Map<String, ExportMethods.Export> methods) throws Exception {
    List<String> order = new ArrayList<>(methods.keySet());
    Map<String, List<Double>> times = new LinkedHashMap<>();
    order.forEach(name -> times.put(name, new ArrayList<>()));
    for (int i = 0; i < COLD_EXPORTS; i++) {
      for (int j = 0; j < order.size(); j++) {
        String name = order.get((i + j) % order.size());
        long start = System.nanoTime();
        methods
            .get(name)
            .run(subject(i, order.indexOf(name), order.size()), new ExportMethods.Sink());
        times.get(name).add((System.nanoTime() - start) / 1e6);
      }
    }
    StringBuilder line = new StringBuilder();
    times.forEach(
        (name, list) ->
            line.append(
                String.format(
                    Locale.ROOT,
                    " %s first %.1f ms median %.3f ms;",
                    name,
                    list.get(0),
                    BenchDatabase.median(list))));
    System.err.printf(
        Locale.ROOT, "  %s cold, %d exports of each:%s%n", db.name, COLD_EXPORTS, line);
    return times;
  }

  /**
   * Has every way export every subject and fails unless all exported the same records, field by
   * field ({@link ExportRecords}); notes each way's number of records in {@code records}.
   */
  private static void sameRecords(
      BenchDatabase db, Map<String, ExportMethods.Export> methods, Map<String, Long> records)
      throws Exception {
    for (int subject = 0; subject < ExportTables.SUBJECTS; subject++) {
      String first = null;
      List<String> expected = null;
      for (Map.Entry<String, ExportMethods.Export> way : methods.entrySet()) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long exported = way.getValue().run(subject, out);
        List<String> found = ExportRecords.of(out.toByteArray());
        if (found.size() != exported || exported != ExportTables.RECORDS_PER_SUBJECT) {
          throw new IllegalStateException(
              way.getKey()
                  + " exported "
                  + exported
                  + " records of subject "
                  + subject
                  + " and wrote "
                  + found.size()
                  + ", expected "
                  + ExportTables.RECORDS_PER_SUBJECT);
        }
        records.put(way.getKey(), exported);
        if (expected == null) {
          first = way.getKey();
          expected = found;
        } else if (!found.equals(expected)) {
          throw new IllegalStateException(
              way.getKey()
                  + " and "
                  + first
                  + " exported different"
                  + " records of subject "
                  + subject
                  + ": "
                  + ExportRecords.difference(expected, found));
        }
      }
    }
    System.err.printf(
        Locale.ROOT,
        "  %s %s exported the same %d records of each of the %d" + " subjects%n",
        db.name,
        methods.keySet(),
        ExportTables.RECORDS_PER_SUBJECT,
        ExportTables.SUBJECTS);
  }

  /**
   * Warms the ways up, then times them over {@code rounds} rounds; every way must export the same
   * number of records, noted in {@code records}, as every way before it.
   *
   * @return each way's median of its rounds' medians, in milliseconds
   */
  private static Map<String, Double> time(
      BenchDatabase db,
      Map<String, ExportMethods.Export> methods,
      int rounds,
      Counts counts,
      Map<String, Long> records)
      throws Exception {
    List<String> order = new ArrayList<>(methods.keySet());
    Map<String, Long> bytes = new LinkedHashMap<>();
    long warmUpStart = System.nanoTime();
    long warmUpEnd = warmUpStart + counts.warmUp().toNanos();
    int warmUps = 0;
    for (int i = 0; i < counts.warmUps() || System.nanoTime() < warmUpEnd; i++) {
      warmUps++;
      for (String name : order) {
        ExportMethods.Sink sink = new ExportMethods.Sink();
        long exported = methods.get(name).run(subject(i, order.indexOf(name), order.size()), sink);
        Long before = records.putIfAbsent(name, exported);
        if (before != null && before != exported) {
          throw new IllegalStateException(
              name + " exported " + exported + " records, before " + before);
        }
        bytes.put(name, sink.bytes);
      }
    }
    if (records.values().stream().distinct().count() != 1) {
      throw new IllegalStateException("the ways exported different numbers of records: " + records);
    }
    System.err.printf(
        Locale.ROOT,
        "  %s warmed up %s with %,d exports of each in %.0f s%n",
        db.name,
        order,
        warmUps,
        (System.nanoTime() - warmUpStart) / 1e9);
    System.err.printf(
        Locale.ROOT,
        "  %s each export: %d records; bytes %s%n",
        db.name,
        records.get(order.get(0)),
        bytes);
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    order.forEach(name -> medians.put(name, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      Map<String, List<Double>> times = new LinkedHashMap<>();
      order.forEach(name -> times.put(name, new ArrayList<>()));
      for (int i = 0; i < counts.exports(); i++) {
        for (int j = 0; j < order.size(); j++) {
          String name = order.get((i + round + j) % order.size());
          ExportMethods.Sink sink = new ExportMethods.Sink();
          long start = System.nanoTime();
          long exported =
              methods.get(name).run(subject(i, order.indexOf(name), order.size()), sink);
          double ms = (System.nanoTime() - start) / 1e6;
          if (exported != records.get(name)) {
            throw new IllegalStateException(
                name + " exported " + exported + " records, expected " + records.get(name));
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
      System.err.printf(
          Locale.ROOT,
          "  %s round %d median of %d exports:%s%n",
          db.name,
          round + 1,
          counts.exports(),
          line);
    }
    Map<String, Double> result = new LinkedHashMap<>();
    order.forEach(name -> result.put(name, BenchDatabase.median(medians.get(name))));
    return result;
  }

  /**
   * The subject the {@code method}-th of {@code ways} ways exports in its {@code i}-th export: the
   * exports of a turn take the next subjects in a cycle through all of them, so that every way's
   * subject was last exported the same number of exports before (as many as there are subjects),
   * and its rows are as fresh in the CPU's caches as any other way's. No two exports in a row run a
   * query with the same parameters: the hand-written and the floor exports share their SQL text,
   * and H2 hands a query repeated with the same parameters on an unchanged database its previous
   * result. (Taking subject {@code i + method} instead, as the benchmark once did, had one way
   * always read the subject no way had read just before, and the others the ones it had just
   * warmed.)
   */
  static int subject(int i, int method, int ways) {
    return (i * ways + method) % ExportTables.SUBJECTS;
  }
}
