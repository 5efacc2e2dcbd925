package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark runnable: a small run on H2 must complete and report in its format. */
class SweepBenchmarkTest {

  @Test
  void a_small_run_on_h2_deletes_the_same_rows_every_way_and_reports_a_result_line()
      throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      String result = SweepBenchmark.speed(h2, 10_000, 1, 0);

      assertThat(result)
          .matches(
              "RESULT sweep db=h2 rows=10000 batch=\\d+ default_batch=\\d+"
                  + " lethe_rows_per_s=\\d+ lethe_default_rows_per_s=\\d+ sql_single_rows_per_s=\\d+"
                  + " sql_batched_rows_per_s=\\d+ sql_ranged_rows_per_s=\\d+"
                  + " fastest_sql=sql_(single|batched|ranged) ratio=\\d+\\.\\d\\d"
                  + " ratio_default=\\d+\\.\\d\\d");
      assertThat(h2.count()).as("only unexpired rows remain").isBetween(4_500L, 5_500L);
    }
  }

  @Test
  void a_small_run_on_h2_of_the_sweep_through_a_reference_reports_a_result_line() throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      String result = SweepRefBenchmark.run(h2, 10_000, 1, 0);

      assertThat(result)
          .matches(
              "RESULT sweep-ref db=h2 rows=10000 batch=\\d+"
                  + " lethe_rows_per_s=\\d+ sql_rows_per_s=\\d+ sql_ranged_rows_per_s=\\d+"
                  + " fastest_sql=sql(_ranged)? ratio=\\d+\\.\\d\\d");
    }
  }

  @Test
  void the_collectors_pauses_are_read_from_its_log(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        """
        [0.006s] Using G1
        [0.574s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->6M(3072M) 10.500ms
        [3.466s] GC(7) Pause Remark 25M->25M(3072M) 8.000ms
        [4.000s] GC(8) Pause Full (System.gc()) 900M->100M(3072M) 120.000ms
        [5.000s] GC(9) Pause Full (G1 Compaction Pause) 3000M->2900M(3072M) 900.000ms
        """);

    GcPauses pauses = GcPauses.read(log);

    assertThat(pauses).isEqualTo(new GcPauses(3, 918.5, 900.0, 1, 1, 120.0));
    assertThat(pauses.line("sweep-h2", Path.of("gc.log")))
        .isEqualTo(
            "GC sweep-h2 pauses=3"
                + " total_ms=919 max_ms=900.0 full=1 system_gc=1 system_gc_ms=120 log=gc.log");
  }
}
