package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract kit fails a store that promises what its records do not keep: an access export
 * would trust the promise and miss records.
 */
class ContractCatchesFalsePromisesTest {

  /** The in-memory store's contract, over the same store wrapped to make a promise. */
  private static PersonalDataStoreContract contractOf(boolean links,
      Set<IdentifierType> unique) {
    InMemoryStoreContractTest honest = new InMemoryStoreContractTest();
    return new PersonalDataStoreContract() {
      @Override
      protected PersonalDataStore createStore(List<ContractRow> rows) {
        return new ForwardingStore(honest.createStore(rows)) {
          @Override
          public boolean linksIdentities() {
            return links;
          }

          @Override
          public Set<IdentifierType> uniqueIdentifiers() {
            return unique;
          }
        };
      }
    };
  }

  @Test
  void a_store_that_keeps_its_promises_passes() {
    // no two contract rows share an email address
    contractOf(true, Set.of(IdentifierType.EMAIL))
        .keeps_its_promises_about_linking_and_unique_identifiers();
  }

  @Test
  void a_store_that_links_identifiers_but_says_it_does_not_fails() {
    assertThatThrownBy(() -> contractOf(false, Set.of())
        .keeps_its_promises_about_linking_and_unique_identifiers())
        .isInstanceOf(AssertionError.class).hasMessageContaining("links of");
  }

  @Test
  void a_store_whose_records_share_an_identifier_it_calls_unique_fails() {
    // Alice has two records with one account id
    assertThatThrownBy(() -> contractOf(true, Set.of(IdentifierType.ACCOUNT_ID))
        .keeps_its_promises_about_linking_and_unique_identifiers())
        .isInstanceOf(AssertionError.class).hasMessageContaining("records of one");
  }
}
