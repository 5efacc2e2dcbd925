package io.lethe.testkit.store;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The store contract on H2. */
class H2JdbcStoreContractTest extends JdbcStoreContract {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2JdbcStoreContractTest() {
    dataSource.setURL("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
