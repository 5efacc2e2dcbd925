package io.lethe.testsupport;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The databases a test parameterized by database name runs on. */
public final class TestDatabases {

  private TestDatabases() {}

  /**
   * A database to create a test's tables in.
   *
   * @param database {@code h2} or {@code postgresql}
   * @param name names the H2 database, fresh and in memory for each call
   * @return a fresh H2 database, or the shared test PostgreSQL server ({@link TestPostgres})
   */
  public static DataSource of(String database, String name) {
    return switch (database) {
      case "h2" -> h2(name);
      case "postgresql" -> TestPostgres.dataSource();
      default -> throw new IllegalArgumentException("no test database named " + database);
    };
  }

  /**
   * A fresh, empty H2 database in memory that lives until the JVM ends.
   *
   * @param name a prefix for its name
   * @return the database
   */
  public static DataSource h2(String name) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
