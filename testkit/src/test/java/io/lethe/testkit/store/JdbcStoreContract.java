package io.lethe.testkit.store;

import io.lethe.core.spi.PersonalDataStore;
import java.util.List;
import javax.sql.DataSource;

/**
 * The store contract on {@link io.lethe.core.store.jdbc.JdbcStore}, on one database, with its
 * optional groups: references, NOT NULL columns, composite keys and roles.
 */
abstract class JdbcStoreContract extends PersonalDataStoreContract {

  /** {@return the database the tables are loaded into} */
  abstract DataSource dataSource();

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    return ContractTables.load(dataSource(), rows);
  }

  @Override
  protected ContractReferences.Stores createReferenceStores(ContractReferences rows) {
    return ContractTables.loadReferences(dataSource(), rows);
  }

  @Override
  protected PersonalDataStore createStoreWhoseIpCannotBeNull(List<ContractRow> rows) {
    return ContractTables.load(dataSource(), rows, true);
  }

  @Override
  protected PersonalDataStore createCompositeKeyStore(List<ContractLine> rows) {
    return ContractTables.loadLines(dataSource(), rows);
  }

  @Override
  protected PersonalDataStore createRoleStore(List<ContractLesson> rows) {
    return ContractTables.loadLessons(dataSource(), rows);
  }
}
