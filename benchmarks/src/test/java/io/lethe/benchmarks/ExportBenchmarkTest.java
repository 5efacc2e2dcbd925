package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the export benchmark runnable: a small run on H2 must complete and report its format. */
class ExportBenchmarkTest {

  @Test
  void a_small_run_on_h2_exports_the_same_records_every_way_and_reports_its_result_lines()
      throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      ExportBenchmark.Result result = ExportBenchmark.run(h2, 2_000, 1,
          java.time.Duration.ZERO);

      assertThat(result.line()).matches("RESULT export db=h2 stores=5 rows_per_store=2000"
          + " lethe_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d");
      assertThat(result.readAheadLine()).matches("READ_AHEAD export db=h2 stores=5"
          + " rows_per_store=2000 lethe_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d");
      assertThat(result.floorLine()).matches("FLOOR export db=h2 stores=5 rows_per_store=2000"
          + " floor_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d"
          + " lethe_over_floor=\\d+\\.\\d\\d");
      assertThat(result.letheRecords()).as("records in Lethe's export")
          .isEqualTo(result.sqlRecords()).isEqualTo(ExportTables.RECORDS_PER_SUBJECT);
    }
  }
}
