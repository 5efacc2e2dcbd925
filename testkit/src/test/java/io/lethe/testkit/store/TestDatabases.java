package io.lethe.testkit.store;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The databases a test parameterized by database name runs on. */
final class TestDatabases {

  private TestDatabases() {}

  /**
   * A database to create a test's tables in.
   *
   * @param database {@code h2} or {@code postgresql}
   * @param name names the H2 database, fresh and in memory for each call
   * @return a fresh H2 database, or the shared test PostgreSQL server ({@link TestPostgres})
   */
  static DataSource of(String database, String name) {
    if (database.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      return h2;
    }
    return TestPostgres.dataSource();
  }
}
