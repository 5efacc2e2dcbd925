package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a page of a set-based sweep is a range of heap pages, as many as can hold no more
 * rows than the page size allows: counted from the smallest row the table can hold, so that pages
 * of the densest table stay within the limit and pages of any table are not needlessly small.
 */
class PostgresHeapPageBatchTest {

  private final DataSource postgres = TestPostgres.dataSource();

  @AfterEach
  void drop() throws SQLException {
    try (Connection c = postgres.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dense_events");
    }
  }

  @Test
  void pages_of_the_smallest_possible_rows_hold_at_most_the_limit_and_nearly_as_many()
      throws SQLException {
    try (Connection c = postgres.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS dense_events");
      // 24 bytes of header, 16 of data, 4 of line pointer: 185 rows to a page of 8 KiB; the
      // nullable owner is NULL everywhere, so every row is as small as this table allows
      s.execute(
          "CREATE TABLE dense_events (id BIGINT PRIMARY KEY, owner VARCHAR(40),"
              + " created_at TIMESTAMP NOT NULL) WITH (fillfactor = 100)");
      s.execute(
          "INSERT INTO dense_events SELECT x, NULL, TIMESTAMP '2026-01-01 00:00:00'"
              + " FROM generate_series(1, 5000) AS x");
      s.execute("VACUUM ANALYZE dense_events");
    }
    JdbcStore store =
        JdbcStore.open(
            postgres,
            JdbcMapping.builder("dense")
                .table("dense_events", "id")
                .category("user.device.ip_address")
                .subject("owner", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build());
    ExpiryQuery query =
        ExpiryQuery.firstPage(
            CategoryKey.of("user.device.ip_address"),
            Anchor.COLLECTED,
            Instant.parse("2026-06-01T00:00:00Z"),
            1000);

    List<Integer> deleted = new ArrayList<>();
    DeletedPage page;
    do {
      page = store.deleteExpiredPage(query);
      deleted.add(page.deleted());
      if (!page.isLast()) {
        query = query.next(page.lastKey());
      }
    } while (!page.isLast() && deleted.size() < 100);

    assertThat(deleted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5000);
    assertThat(deleted).allSatisfy(n -> assertThat(n).isBetween(0, 1000));
    // 5 heap pages of 185 rows: 925 a page; with 291 rows assumed to a page, 3 pages, 555
    assertThat(deleted.get(0)).isEqualTo(925);
    assertThat(deleted).hasSizeLessThanOrEqualTo(7);
  }
}
