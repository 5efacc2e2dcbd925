package io.lethe.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Times ways of deleting the expired rows of a table, each on a freshly loaded copy, in rounds that
 * rotate which way goes first. Before the timed rounds, {@code warmUps} untimed rounds at the full
 * size (class loading, the JIT, the validator's bootstrap, the database's plans). Each load is
 * followed by a full collection ({@code System.gc()}), so no sweep pays for the garbage of the load
 * or of the sweep before it. Every sweep is checked: it must report as many deleted rows as were
 * due, and afterwards no due row may remain and every row that was not due must; otherwise the run
 * fails. Prints every sweep (to standard error) with its round, its position in the round's order,
 * its time, and the collector's pauses while it ran; when tracing ({@code
 * -Dlethe.bench.trace=true}), also where each sweep spent its time in the database.
 */
final class SweepRounds {

  /**
   * Prepares a way of sweeping on a freshly loaded table; only the returned sweep is timed. It
   * sweeps through {@code dataSource}, which is {@code db}'s pool, its statements timed when
   * tracing ({@link StatementTimes#ENABLED}).
   */
  @FunctionalInterface
  interface Way {
    SweepMethods.Sweep prepare(BenchDatabase db, DataSource dataSource) throws Exception;
  }

  /** The table a benchmark sweeps. */
  interface Table {
    /** Drops and loads the table with {@code rows} rows (Lethe's own tables dropped too). */
    void load(BenchDatabase db, long rows) throws Exception;

    /** {@return how many rows are due and how many are not} */
    Counts counts(BenchDatabase db) throws Exception;
  }

  /**
   * A table's rows by whether they are due.
   *
   * @param due rows past their retention
   * @param kept rows that must stay
   */
  record Counts(long due, long kept) {}

  /**
   * One timed sweep.
   *
   * @param round which round, from 1
   * @param position where the way went in its round's order, from 1
   * @param rows rows deleted
   * @param seconds how long the sweep took
   * @param gcPauses the collector's pauses while it ran
   * @param gcSeconds their total length
   */
  record Timing(
      int round, int position, long rows, double seconds, long gcPauses, double gcSeconds) {
    double rate() {
      return rows / seconds;
    }
  }

  /**
   * Whether each load is followed by a full collection; {@code -Dlethe.bench.gc=false} leaves the
   * load's garbage (and the dropped table's, on H2) to the collector while the sweep runs, as the
   * benchmark once did, to see what that does to the rounds.
   */
  static final boolean COLLECT_AFTER_LOAD = !"false".equals(System.getProperty("lethe.bench.gc"));

  private SweepRounds() {}

  /**
   * Runs the warm-up and the timed rounds.
   *
   * @param db the database
   * @param ways the ways, by name, in their first round's order
   * @param table the table they sweep
   * @param rows rows to load before each sweep
   * @param warmUps untimed rounds first
   * @param rounds timed rounds
   * @return each way's timed sweeps, in round order
   * @throws Exception if a database fails or a sweep leaves the wrong rows
   */
  static Map<String, List<Timing>> run(
      BenchDatabase db, Map<String, Way> ways, Table table, long rows, int warmUps, int rounds)
      throws Exception {
    List<String> order = new ArrayList<>(ways.keySet());
    Map<String, List<Timing>> timings = new LinkedHashMap<>();
    order.forEach(name -> timings.put(name, new ArrayList<>()));
    for (int round = 1 - warmUps; round <= rounds; round++) {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get((i + round - 1 + order.size() * warmUps) % order.size());
        Timing timing = sweep(db, name, ways.get(name), table, rows, round, i + 1);
        System.err.printf(
            Locale.ROOT,
            "  %s %s position %d/%d %-13s %,d rows in %6.2f s"
                + " %,9.0f rows/s  gc %d pauses %.2f s%n",
            db.name,
            round < 1 ? "warm-up " + (round + warmUps) : "round " + round,
            i + 1,
            order.size(),
            name,
            timing.rows(),
            timing.seconds(),
            timing.rate(),
            timing.gcPauses(),
            timing.gcSeconds());
        if (round >= 1) {
          timings.get(name).add(timing);
        }
      }
    }
    return timings;
  }

  private static Timing sweep(
      BenchDatabase db, String name, Way way, Table table, long rows, int round, int position)
      throws Exception {
    table.load(db, rows);
    if (COLLECT_AFTER_LOAD) {
      System.gc();
    }
    Counts before = table.counts(db);
    StatementTimes times = StatementTimes.ENABLED ? new StatementTimes() : null;
    SweepMethods.Sweep sweep =
        way.prepare(db, times == null ? db.dataSource : times.wrap(db.dataSource));
    if (times != null) {
      times.drain(name); // forget the set-up's statements
    }
    long[] gcBefore = gc();
    long start = System.nanoTime();
    long deleted = sweep.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] gcAfter = gc();
    if (times != null) {
      System.err.print(times.drain(name));
    }
    Counts after = table.counts(db);
    if (deleted != before.due() || after.due() != 0 || after.kept() != before.kept()) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s on %s reported %d rows"
                  + " deleted; before it %d were due and %d not, after it %d due and %d not",
              name,
              db.name,
              deleted,
              before.due(),
              before.kept(),
              after.due(),
              after.kept()));
    }
    return new Timing(
        round,
        position,
        deleted,
        seconds,
        gcAfter[0] - gcBefore[0],
        (gcAfter[1] - gcBefore[1]) / 1e3);
  }

  /** {@return the collections so far and their total milliseconds, over every collector} */
  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, bean.getCollectionCount());
      millis += Math.max(0, bean.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** {@return the median rows per second of the sweeps} */
  static double medianRate(List<Timing> timings) {
    return BenchDatabase.median(timings.stream().map(Timing::rate).toList());
  }

  /**
   * {@return the rates part of a RESULT line: {@code <way>_rows_per_s=<median>} for every way, then
   * {@code fastest_sql=<way>} (of the hand-written ways, whose names start with {@code sql}),
   * {@code ratio=<lethe / fastest>} and {@code ratio_default=<lethe_default / fastest>} for the
   * Lethe ways that ran}
   *
   * @param timings each way's sweeps
   */
  static String rates(Map<String, List<Timing>> timings) {
    Map<String, Double> rates = new LinkedHashMap<>();
    timings.forEach((name, list) -> rates.put(name, medianRate(list)));
    StringBuilder line = new StringBuilder();
    rates.forEach(
        (name, rate) -> line.append(String.format(Locale.ROOT, " %s_rows_per_s=%.0f", name, rate)));
    String fastest =
        rates.keySet().stream()
            .filter(name -> name.startsWith("sql"))
            .max(java.util.Comparator.comparing(rates::get))
            .orElse(null);
    if (fastest != null) {
      line.append(" fastest_sql=").append(fastest);
      for (String lethe : List.of("lethe", "lethe_default")) {
        if (rates.containsKey(lethe)) {
          line.append(
              String.format(
                  Locale.ROOT,
                  " %s=%.2f",
                  lethe.equals("lethe") ? "ratio" : "ratio_default",
                  rates.get(lethe) / rates.get(fastest)));
        }
      }
    }
    return line.toString();
  }

  /**
   * {@return one line per way with every timed sweep, parseable: {@code ROUNDS <bench> db=<db>
   * way=<name> median_s=<n> min_s=<n> max_s=<n> seconds=<s1,s2,...> positions=<p1,p2,...>
   * gc_s=<g1,g2,...>}}
   *
   * @param bench the benchmark's name, as in its RESULT line
   * @param db the database's name
   * @param timings each way's sweeps
   */
  static String roundsLines(String bench, String db, Map<String, List<Timing>> timings) {
    StringBuilder lines = new StringBuilder();
    timings.forEach(
        (name, list) -> {
          List<Double> seconds = list.stream().map(Timing::seconds).toList();
          lines.append(
              String.format(
                  Locale.ROOT,
                  "ROUNDS %s db=%s way=%s median_s=%.2f min_s=%.2f"
                      + " max_s=%.2f seconds=%s positions=%s gc_s=%s%n",
                  bench,
                  db,
                  name,
                  BenchDatabase.median(seconds),
                  seconds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                  seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                  join(list, t -> String.format(Locale.ROOT, "%.2f", t.seconds())),
                  join(list, t -> Integer.toString(t.position())),
                  join(list, t -> String.format(Locale.ROOT, "%.2f", t.gcSeconds()))));
        });
    return lines.toString().stripTrailing();
  }

  private static String join(List<Timing> list, java.util.function.Function<Timing, String> f) {
    return list.stream().map(f).collect(Collectors.joining(","));
  }
}
