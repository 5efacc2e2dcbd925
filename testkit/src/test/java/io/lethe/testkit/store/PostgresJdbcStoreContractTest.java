package io.lethe.testkit.store;

import io.lethe.testsupport.TestPostgres;
import io.lethe.core.spi.PersonalDataStore;
import java.util.List;

/** The store contract on a real PostgreSQL server (see {@link TestPostgres}). */
class PostgresJdbcStoreContractTest extends PersonalDataStoreContract {

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    return ContractTables.load(TestPostgres.dataSource(), rows);
  }
}
