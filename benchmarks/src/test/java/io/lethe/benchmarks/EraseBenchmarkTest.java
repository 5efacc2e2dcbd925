package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Keeps the erasure benchmark runnable: a small run on H2 must leave the state expected with both
 * methods (the run checks it and fails otherwise) and report in its format.
 */
class EraseBenchmarkTest {

  @Test
  void a_small_run_on_h2_erases_the_same_rows_both_ways_and_reports_a_result_line()
      throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      String result = EraseBenchmark.run(h2, 20, 1);

      assertThat(result)
          .matches(
              "RESULT erase db=h2 subjects=20 lethe_ms_per_subject=\\d+\\.\\d+"
                  + " sql_ms_per_subject=\\d+\\.\\d+ ratio=\\d+\\.\\d\\d");
    }
  }

  @Test
  void the_hand_written_erasure_keeps_an_address_a_remaining_customer_shares() throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      EraseFixture fixture = new EraseFixture("t_", 40, 20);
      fixture.load(h2.dataSource, false);
      EraseFixture.State before = fixture.now(h2.dataSource);
      EraseFixture.State expected = fixture.expected(h2.dataSource);
      // customers 20 and 40 live at 19's and 39's addresses
      assertThat(count(h2, "SELECT COUNT(*) FROM t_customers WHERE address_id IN (19, 39)"))
          .isEqualTo(4);

      long deleted = EraseBenchmark.sql(h2.dataSource, fixture, fixture.toErase);

      assertThat(fixture.now(h2.dataSource)).isEqualTo(expected);
      assertThat(deleted).isEqualTo(before.total() - expected.total());
      for (long home : new long[] {19, 39}) {
        boolean bothErased = fixture.toErase.contains(home) && fixture.toErase.contains(home + 1);
        assertThat(count(h2, "SELECT COUNT(*) FROM t_addresses WHERE id = " + home))
            .as("address %d", home)
            .isEqualTo(bothErased ? 0 : 1);
      }
    }
  }

  private static long count(BenchDatabase db, String sql) throws Exception {
    try (var c = db.dataSource.getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
