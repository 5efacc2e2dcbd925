package io.lethe.dsar.export;

import io.lethe.testkit.store.TestPostgres;
import javax.sql.DataSource;

/** The JDBC export scenario on a real PostgreSQL server (see {@link TestPostgres}). */
class PostgresJdbcExportTest extends JdbcExportScenario {

  @Override
  protected DataSource dataSource() {
    return TestPostgres.dataSource();
  }
}
