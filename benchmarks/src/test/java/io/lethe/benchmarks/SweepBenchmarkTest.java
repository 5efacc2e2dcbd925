package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the benchmark runnable: a small run on H2 must complete and report in its format. */
class SweepBenchmarkTest {

  @Test
  void a_small_run_on_h2_deletes_the_same_rows_every_way_and_reports_a_result_line()
      throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      String result = SweepBenchmark.speed(h2, 20_000, 1);

      assertThat(result).matches("RESULT sweep db=h2 rows=20000 lethe_rows_per_s=\\d+"
          + " sql_single_rows_per_s=\\d+ sql_batched_rows_per_s=\\d+ ratio=\\d+\\.\\d\\d");
      assertThat(h2.count()).as("only unexpired rows remain").isBetween(9_000L, 11_000L);
    }
  }
}
