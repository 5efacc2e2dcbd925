package io.lethe.dsar.export;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The JDBC export scenario on an in-memory H2 database. */
class H2JdbcExportTest extends JdbcExportScenario {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2JdbcExportTest() {
    dataSource.setURL("jdbc:h2:mem:jdbc-export-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  protected DataSource dataSource() {
    return dataSource;
  }
}
