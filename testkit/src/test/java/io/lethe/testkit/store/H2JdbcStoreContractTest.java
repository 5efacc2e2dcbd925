package io.lethe.testkit.store;

import io.lethe.core.spi.PersonalDataStore;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

class H2JdbcStoreContractTest extends PersonalDataStoreContract {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2JdbcStoreContractTest() {
    dataSource.setURL("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1");
  }

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    return ContractTables.load(dataSource, rows);
  }
}
