package io.lethe.testkit.store;

import io.lethe.core.spi.PersonalDataStore;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The store contract on {@link io.lethe.core.store.jdbc.JdbcStore}, on one database, with its
 * optional groups: references and NOT NULL columns.
 *
 * <p>Two of its tests fail on JdbcStore as it is, and are skipped unless the system property
 * {@value #KNOWN_BUGS} is {@code true} ({@code -Dlethe.contract.knownJdbcBugs=true}): each
 * override says why. Once core fixes one, delete its override.
 */
abstract class JdbcStoreContract extends PersonalDataStoreContract {

  /** The system property that runs the contract tests JdbcStore is known to fail. */
  static final String KNOWN_BUGS = "lethe.contract.knownJdbcBugs";

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

  /**
   * Skipped: JdbcStore.sharedWithOthers selects the other subjects' rows with {@code NOT (id IN
   * (?) OR email IN (?))}, which is NULL, not true, for a customer whose email is NULL; so an
   * erasure asked with an account id and an email takes the address from under that customer.
   */
  @Test
  @Override
  @EnabledIfSystemProperty(named = KNOWN_BUGS, matches = "true", disabledReason = "JdbcStore"
      + " bug: sharedWithOthers misses a sharer whose other identifier column is NULL")
  void a_record_stays_shared_with_a_subject_lacking_an_identifier_type_asked_about() {
    super.a_record_stays_shared_with_a_subject_lacking_an_identifier_type_asked_about();
  }

  /**
   * Skipped: a JdbcStore with references says it cannot list its subjects, but its subjects()
   * returns the values of its own identifier columns (none here) instead of throwing.
   */
  @Test
  @Override
  @EnabledIfSystemProperty(named = KNOWN_BUGS, matches = "true", disabledReason = "JdbcStore"
      + " bug: subjects() does not throw where supports(LIST_SUBJECTS) is false")
  void a_store_reached_through_references_says_it_cannot_list_its_subjects() {
    super.a_store_reached_through_references_says_it_cannot_list_its_subjects();
  }
}
