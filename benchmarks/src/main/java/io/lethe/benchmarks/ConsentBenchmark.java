package io.lethe.benchmarks;

import io.lethe.consent.JdbcConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the consent benchmarks through JMH ({@link Runner}, one forked JVM with a fixed heap of 1
 * GiB, the GC profiler for bytes allocated per operation) and prints JMH's own report, one line per
 * benchmark and the {@code RESULT} lines:
 *
 * <pre>RESULT consent-decide hit_ops_per_s=&lt;n&gt; hit_bytes_per_op=&lt;n&gt;
 * miss_us_p99_memory=&lt;n&gt; miss_us_p99_postgresql=&lt;n|n/a&gt;
 * RESULT consent-append db=postgresql writers=&lt;n&gt; events_per_s=&lt;n&gt;</pre>
 *
 * <p>{@code hit_ops_per_s} is the throughput of one thread asking for cached decisions ({@link
 * ConsentDecideBenchmark#hit}); the {@code HIT} lines give it per thread for one and for two
 * threads, with their bytes per operation. {@code miss_us_p99_*} is the 99th percentile of a
 * decision read from the ledger ({@link ConsentDecideBenchmark#miss}). The PostgreSQL figures come
 * from {@link #POSTGRESQL_LEDGER}; without it they would print {@code n/a} and the append benchmark
 * would run only on {@code memory}.
 *
 * <p>Modes: {@code consent-decide}; {@code consent-append [postgresql|memory]}. {@code
 * -Dlethe.bench.jmh.warmups=N} and {@code -Dlethe.bench.jmh.iterations=N} set the iterations of two
 * seconds each (5 and 5 unless set); {@code -Dlethe.bench.jmh.methods=hit|hit2} runs only some of
 * the decide benchmarks; {@code -Dlethe.bench.jvm="..."} adds options to the forked JVM (such as
 * {@code -XX:StartFlightRecording=filename=hit.jfr}).
 */
final class ConsentBenchmark {

  /**
   * Opens the consent ledger on PostgreSQL for the miss and append benchmarks, on the benchmark
   * database's connection pool ({@link BenchDatabase#postgres()}).
   */
  static final Function<DataSource, ConsentLedger> POSTGRESQL_LEDGER =
      dataSource -> JdbcConsentLedger.of(dataSource).createTableIfMissing();

  private ConsentBenchmark() {}

  /** Runs {@code consent-decide}. */
  static void decide(String[] args) throws RunnerException {
    List<String> ledgers =
        POSTGRESQL_LEDGER == null ? List.of("memory") : List.of("memory", "postgresql");
    Collection<RunResult> results =
        run(
            options(
                    ConsentDecideBenchmark.class,
                    System.getProperty("lethe.bench.jmh.methods", "hit|hit2|miss"))
                .param("ledger", ledgers.toArray(String[]::new)));
    double hitOps = Double.NaN;
    double hitBytes = Double.NaN;
    Map<String, Double> missP99 = new TreeMap<>();
    for (RunResult result : results) {
      BenchmarkParams params = result.getParams();
      String method = method(params);
      Result<?> primary = result.getPrimaryResult();
      double bytes = allocated(result);
      if (method.startsWith("hit")) {
        int threads = params.getThreads();
        double perThread = primary.getScore() / threads;
        System.out.printf(
            Locale.ROOT,
            "HIT threads=%d ops_per_s_per_thread=%.0f"
                + " ops_per_s=%.0f error=%.0f bytes_per_op=%.3f%n",
            threads,
            perThread,
            primary.getScore(),
            primary.getScoreError(),
            bytes);
        if (threads == 1) {
          hitOps = perThread;
          hitBytes = bytes;
        }
      } else {
        String ledger = params.getParam("ledger");
        var statistics = primary.getStatistics();
        System.out.printf(
            Locale.ROOT,
            "MISS ledger=%s samples=%d p50_us=%.1f p90_us=%.1f"
                + " p99_us=%.1f p999_us=%.1f max_us=%.1f bytes_per_op=%.0f%n",
            ledger,
            statistics.getN(),
            statistics.getPercentile(50),
            statistics.getPercentile(90),
            statistics.getPercentile(99),
            statistics.getPercentile(99.9),
            statistics.getMax(),
            bytes);
        missP99.put(ledger, statistics.getPercentile(99));
      }
    }
    System.out.println(
        decideLine(hitOps, hitBytes, missP99.get("memory"), missP99.get("postgresql")));
  }

  /** Runs {@code consent-append [postgresql|memory]}. */
  static void append(String[] args) throws RunnerException {
    String db = args.length > 1 ? args[1] : "postgresql";
    if (db.equals("postgresql") && POSTGRESQL_LEDGER == null) {
      System.out.println(
          "consent-append: no PostgreSQL ledger yet (JdbcConsentLedger is not on"
              + " this branch; set ConsentBenchmark.POSTGRESQL_LEDGER when it is); run"
              + " 'consent-append memory' to check the harness");
      return;
    }
    Collection<RunResult> results =
        run(options(ConsentAppendBenchmark.class, "append1|append8").param("ledger", db));
    for (RunResult result : results) {
      System.out.println(
          appendLine(db, result.getParams().getThreads(), result.getPrimaryResult().getScore()));
    }
  }

  static String decideLine(
      double hitOps, double hitBytes, Double missMemory, Double missPostgresql) {
    return String.format(
        Locale.ROOT,
        "RESULT consent-decide hit_ops_per_s=%.0f"
            + " hit_bytes_per_op=%.3f miss_us_p99_memory=%s miss_us_p99_postgresql=%s",
        hitOps,
        hitBytes,
        micros(missMemory),
        micros(missPostgresql));
  }

  static String appendLine(String db, int writers, double eventsPerSecond) {
    return String.format(
        Locale.ROOT,
        "RESULT consent-append db=%s writers=%d events_per_s=%.0f",
        db,
        writers,
        eventsPerSecond);
  }

  private static String micros(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static ChainedOptionsBuilder options(Class<?> benchmarks, String methods) {
    List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    String more = System.getProperty("lethe.bench.jvm", "");
    if (!more.isBlank()) {
      jvm.addAll(List.of(more.strip().split("\\s+")));
    }
    return new OptionsBuilder()
        .include(Pattern.quote(benchmarks.getName()) + "\\.(" + methods + ")$")
        .forks(1)
        .jvmArgs(jvm.toArray(String[]::new))
        .warmupIterations(Integer.getInteger("lethe.bench.jmh.warmups", 5))
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(Integer.getInteger("lethe.bench.jmh.iterations", 5))
        .measurementTime(TimeValue.seconds(2))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    // JMH starts its fork with java.class.path, which under exec:java is Maven's own
    System.setProperty("java.class.path", Fork.classPath());
    return new Runner(options.build()).run();
  }

  private static String method(BenchmarkParams params) {
    String name = params.getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** {@return the GC profiler's bytes allocated per operation, or NaN if it gave none} */
  private static double allocated(RunResult result) {
    List<Double> found = new ArrayList<>();
    result
        .getSecondaryResults()
        .forEach(
            (label, value) -> {
              if (label.endsWith("gc.alloc.rate.norm")) {
                found.add(value.getScore());
              }
            });
    return found.isEmpty() ? Double.NaN : found.get(0);
  }
}
