package io.lethe.testkit.store;

import io.lethe.testsupport.TestPostgres;
import javax.sql.DataSource;

/** The store contract on a real PostgreSQL server (see {@link TestPostgres}). */
class PostgresJdbcStoreContractTest extends JdbcStoreContract {

  @Override
  DataSource dataSource() {
    return TestPostgres.dataSource();
  }
}
