package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The contract kit fails a store that promises what its records do not keep: an access export would
 * trust the promise and miss records, an erasure would take what another subject still holds.
 */
class ContractCatchesFalsePromisesTest {

  /** The in-memory store's contract, over the same store wrapped to make a promise. */
  private static PersonalDataStoreContract contractOf(boolean links, Set<IdentifierType> unique) {
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
    assertThatThrownBy(
            () ->
                contractOf(false, Set.of())
                    .keeps_its_promises_about_linking_and_unique_identifiers())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("links of");
  }

  @Test
  void a_store_whose_records_share_an_identifier_it_calls_unique_fails() {
    // Alice has two records with one account id
    assertThatThrownBy(
            () ->
                contractOf(true, Set.of(IdentifierType.ACCOUNT_ID))
                    .keeps_its_promises_about_linking_and_unique_identifiers())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("records of one");
  }

  // ------------------------------------------------------------------ references

  /**
   * The in-memory store's reference contract, over the same stores, each store reached through a
   * reference (orders, items, addresses) wrapped by {@code lie}; the customers stay honest.
   */
  private static PersonalDataStoreContract referencesThrough(UnaryOperator<PersonalDataStore> lie) {
    InMemoryStoreContractTest honest = new InMemoryStoreContractTest();
    return new PersonalDataStoreContract() {
      @Override
      protected PersonalDataStore createStore(List<ContractRow> rows) {
        return honest.createStore(rows);
      }

      @Override
      protected ContractReferences.Stores createReferenceStores(ContractReferences rows) {
        ContractReferences.Stores stores = honest.createReferenceStores(rows);
        return new ContractReferences.Stores(
            stores.customers(),
            lie.apply(stores.orders()),
            lie.apply(stores.items()),
            lie.apply(stores.addresses()));
      }
    };
  }

  /** Every reference test of a contract. */
  private static List<ThrowingCallable> referenceTests(PersonalDataStoreContract contract) {
    return List.of(
        contract::a_child_record_is_found_through_its_parent_for_the_parents_subject_only,
        contract::a_record_is_found_over_several_references,
        contract::describes_the_stores_its_records_are_reached_through,
        contract::a_store_reached_through_references_says_it_cannot_list_its_subjects,
        contract::reference_values_are_never_identifiers,
        contract::a_child_refers_to_its_parent_and_not_the_reverse,
        contract::a_shared_record_is_found_for_each_subject_and_kept_while_another_still_reaches_it,
        contract::a_record_stays_shared_with_a_subject_lacking_an_identifier_type_asked_about,
        contract::expiry_queries_leave_out_records_reached_from_an_excluded_subject,
        contract::deleting_expired_pages_spares_records_reached_from_an_excluded_subject,
        contract
            ::an_anonymized_record_reached_only_through_a_reference_carries_none_of_the_identifiers,
        contract::reads_stores_reached_through_references_jointly_as_it_reads_them_alone);
  }

  @Test
  void stores_that_keep_their_promises_about_references_pass() throws Throwable {
    for (ThrowingCallable test : referenceTests(referencesThrough(store -> store))) {
      test.call();
    }
  }

  @Test
  void a_store_that_finds_records_only_by_its_own_identifiers_fails() {
    PersonalDataStoreContract contract =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
                    return delegate()
                        .recordsOf(identities)
                        .filter(r -> !Collections.disjoint(r.subjects(), identities));
                  }
                });

    assertThatThrownBy(
            contract::a_child_record_is_found_through_its_parent_for_the_parents_subject_only)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(contract::a_record_is_found_over_several_references)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            contract
                ::a_shared_record_is_found_for_each_subject_and_kept_while_another_still_reaches_it)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_store_that_shares_no_record_with_other_subjects_fails() {
    PersonalDataStoreContract contract =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Set<RecordKey> sharedWithOthers(
                      List<RecordKey> keys, Set<SubjectRef> identities) {
                    return Set.of();
                  }
                });

    assertThatThrownBy(
            contract
                ::a_shared_record_is_found_for_each_subject_and_kept_while_another_still_reaches_it)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Bob still lives there");
    assertThatThrownBy(
            contract::a_record_stays_shared_with_a_subject_lacking_an_identifier_type_asked_about)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_store_that_refers_to_no_other_fails() {
    PersonalDataStoreContract contract =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public boolean refersTo(PersonalDataStore other) {
                    return false;
                  }
                });

    assertThatThrownBy(contract::a_child_refers_to_its_parent_and_not_the_reverse)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_store_whose_expiry_queries_exclude_only_its_own_identifiers_fails() {
    PersonalDataStoreContract contract =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public List<RecordKey> findExpired(ExpiryQuery query) {
                    return delegate()
                        .findExpired(
                            new ExpiryQuery(
                                query.category(),
                                query.anchor(),
                                query.cutoff(),
                                Set.of(),
                                query.after(),
                                query.limit(),
                                query.excludeAnonymized(),
                                query.notBefore()));
                  }
                });

    assertThatThrownBy(contract::expiry_queries_leave_out_records_reached_from_an_excluded_subject)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            contract::deleting_expired_pages_spares_records_reached_from_an_excluded_subject)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_store_whose_records_carry_the_identifiers_they_were_reached_by_fails() {
    PersonalDataStoreContract contract =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
                    return delegate()
                        .recordsOf(identities)
                        .map(
                            r ->
                                new PersonalRecord(
                                    r.store(),
                                    r.key(),
                                    r.category(),
                                    r.fields(),
                                    identities,
                                    r.anchors()));
                  }
                });

    assertThatThrownBy(contract::reference_values_are_never_identifiers)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a reference value is no identifier");
    assertThatThrownBy(
            contract
                ::an_anonymized_record_reached_only_through_a_reference_carries_none_of_the_identifiers)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("linked to Ada");
  }

  @Test
  void a_store_that_hides_what_it_is_reached_through_or_offers_to_list_subjects_fails() {
    PersonalDataStoreContract hiding =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public StoreDescriptor descriptor() {
                    StoreDescriptor real = delegate().descriptor();
                    return new StoreDescriptor(
                        real.name(),
                        real.recordCategory(),
                        real.fields(),
                        real.identifiers(),
                        real.anchors(),
                        real.marksAnonymized(),
                        real.subjectFields());
                  }
                });
    PersonalDataStoreContract listing =
        referencesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public boolean supports(StoreOperation operation) {
                    return true;
                  }

                  @Override
                  public Stream<SubjectRef> subjects() {
                    return Stream.empty();
                  }
                });

    assertThatThrownBy(hiding::describes_the_stores_its_records_are_reached_through)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(listing::a_store_reached_through_references_says_it_cannot_list_its_subjects)
        .isInstanceOf(AssertionError.class);
  }

  // ------------------------------------------------------------------ masking without a marker

  @Test
  void a_store_whose_expiry_queries_ignore_what_still_holds_a_value_fails() {
    InMemoryStoreContractTest honest = new InMemoryStoreContractTest();
    PersonalDataStoreContract contract =
        new PersonalDataStoreContract() {
          @Override
          protected PersonalDataStore createStore(List<ContractRow> rows) {
            return new ForwardingStore(honest.createStore(rows)) {
              @Override
              public List<RecordKey> findExpired(ExpiryQuery query) {
                return delegate().findExpired(query.stillHolding(Set.of()));
              }
            };
          }
        };

    assertThatThrownBy(
            contract::still_holding_a_category_finds_only_records_whose_field_of_it_holds_a_value)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            contract
                ::deleting_pages_still_holding_a_category_spares_records_whose_field_of_it_is_empty)
        .isInstanceOf(AssertionError.class);
  }

  // ------------------------------------------------------------------ composite keys

  /** The in-memory store's composite key contract, over the same store wrapped by {@code lie}. */
  private static PersonalDataStoreContract compositeKeysThrough(
      UnaryOperator<PersonalDataStore> lie) {
    InMemoryStoreContractTest honest = new InMemoryStoreContractTest();
    return new PersonalDataStoreContract() {
      @Override
      protected PersonalDataStore createStore(List<ContractRow> rows) {
        return honest.createStore(rows);
      }

      @Override
      protected PersonalDataStore createCompositeKeyStore(List<ContractLine> rows) {
        return lie.apply(honest.createCompositeKeyStore(rows));
      }
    };
  }

  @Test
  void stores_that_keep_their_promises_about_composite_keys_pass() throws Throwable {
    PersonalDataStoreContract contract = compositeKeysThrough(store -> store);

    for (ThrowingCallable test :
        List.<ThrowingCallable>of(
            contract::a_composite_key_pages_a_subjects_records_and_expiry_queries_in_key_order,
            contract::a_composite_key_deletes_expired_pages_in_key_order,
            contract::reads_records_by_composite_keys_in_key_order,
            contract::deletes_anonymizes_and_rectifies_by_the_whole_composite_key)) {
      test.call();
    }
  }

  @Test
  void a_store_that_resumes_after_the_first_part_of_a_composite_key_only_fails() {
    // a page that ends inside an order must resume inside it: "order_id > ?" skips its lines
    PersonalDataStoreContract contract =
        compositeKeysThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public List<RecordKey> findExpired(ExpiryQuery query) {
                    if (query.after() == null) {
                      return delegate().findExpired(query);
                    }
                    long order = (Long) query.after().parts().get(0);
                    return delegate()
                        .findExpired(
                            new ExpiryQuery(
                                query.category(),
                                query.anchor(),
                                query.cutoff(),
                                query.excludedSubjects(),
                                null,
                                Integer.MAX_VALUE,
                                query.excludeAnonymized(),
                                query.notBefore(),
                                query.stillHolding()))
                        .stream()
                        .filter(key -> (Long) key.parts().get(0) > order)
                        .limit(query.limit())
                        .toList();
                  }
                });

    assertThatThrownBy(
            contract::a_composite_key_pages_a_subjects_records_and_expiry_queries_in_key_order)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expired, page after page");
    assertThatThrownBy(contract::a_composite_key_deletes_expired_pages_in_key_order)
        .isInstanceOf(AssertionError.class);
  }

  // ------------------------------------------------------------------ roles

  /** The in-memory store's role contract, over the same lesson store wrapped by {@code lie}. */
  private static PersonalDataStoreContract rolesThrough(UnaryOperator<PersonalDataStore> lie) {
    InMemoryStoreContractTest honest = new InMemoryStoreContractTest();
    return new PersonalDataStoreContract() {
      @Override
      protected PersonalDataStore createStore(List<ContractRow> rows) {
        return honest.createStore(rows);
      }

      @Override
      protected PersonalDataStore createRoleStore(List<ContractLesson> rows) {
        return lie.apply(honest.createRoleStore(rows));
      }
    };
  }

  /** Every role test of a contract. */
  private static List<ThrowingCallable> roleTests(PersonalDataStoreContract contract) {
    return List.of(
        contract::each_person_reads_a_shared_row_with_only_their_own_identifiers_and_role_fields,
        contract::identifiers_link_within_a_role_and_never_across_roles,
        contract::a_row_is_shared_while_another_role_names_someone_and_held_for_everyone_it_names,
        contract::detaching_a_person_clears_only_their_role_and_keeps_the_row_for_the_other);
  }

  /** The keys of the records a store finds for the identities. */
  private static List<RecordKey> keysOf(PersonalDataStore store, Set<SubjectRef> identities) {
    try (Stream<PersonalRecord> records = store.recordsOf(identities)) {
      return records.map(PersonalRecord::key).toList();
    }
  }

  /** Every identifier the records of the keys carry, read by key, for nobody in particular. */
  private static Set<SubjectRef> everyoneOn(PersonalDataStore store, List<RecordKey> keys) {
    try (Stream<PersonalRecord> records = store.records(keys)) {
      return records.flatMap(r -> r.subjects().stream()).collect(Collectors.toSet());
    }
  }

  @Test
  void stores_that_keep_their_promises_about_roles_pass() throws Throwable {
    for (ThrowingCallable test : roleTests(rolesThrough(store -> store))) {
      test.call();
    }
  }

  @Test
  void a_store_that_shows_a_person_the_other_persons_identifiers_and_fields_fails() {
    PersonalDataStoreContract contract =
        rolesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
                    return delegate().records(keysOf(delegate(), identities));
                  }
                });

    assertThatThrownBy(
            contract
                ::each_person_reads_a_shared_row_with_only_their_own_identifiers_and_role_fields)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the student's identifiers, not the tutor's");
    assertThatThrownBy(contract::identifiers_link_within_a_role_and_never_across_roles)
        .as("its records link what linkedIdentities does not")
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("links of");
  }

  @Test
  void a_store_that_links_identifiers_across_roles_fails() {
    PersonalDataStoreContract contract =
        rolesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
                    Set<SubjectRef> linked =
                        new HashSet<>(everyoneOn(delegate(), keysOf(delegate(), Set.of(identity))));
                    linked.remove(identity);
                    return linked;
                  }
                });

    assertThatThrownBy(contract::identifiers_link_within_a_role_and_never_across_roles)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Tom as a tutor and as a student");
  }

  @Test
  void a_store_that_shares_no_row_between_roles_fails() {
    PersonalDataStoreContract contract =
        rolesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Set<RecordKey> sharedWithOthers(
                      List<RecordKey> keys, Set<SubjectRef> identities) {
                    return Set.of();
                  }
                });

    assertThatThrownBy(
            contract
                ::a_row_is_shared_while_another_role_names_someone_and_held_for_everyone_it_names)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Tom teaches it");
  }

  @Test
  void a_store_whose_detach_clears_everyone_off_the_row_fails() {
    // it takes the person's rows, but clears every role on them, the other person's too
    PersonalDataStoreContract contract =
        rolesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
                    List<RecordKey> theirs =
                        keys.stream().filter(keysOf(delegate(), identities)::contains).toList();
                    return delegate().detach(theirs, everyoneOn(delegate(), theirs));
                  }
                });

    assertThatThrownBy(
            contract::detaching_a_person_clears_only_their_role_and_keeps_the_row_for_the_other)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_store_whose_detach_keeps_the_person_on_the_row_fails() {
    PersonalDataStoreContract contract =
        rolesThrough(
            store ->
                new ForwardingStore(store) {
                  @Override
                  public Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
                    return keys.stream()
                        .filter(keysOf(delegate(), identities)::contains)
                        .collect(Collectors.toSet());
                  }
                });

    assertThatThrownBy(
            contract::detaching_a_person_clears_only_their_role_and_keeps_the_row_for_the_other)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no longer found for Sue");
  }
}
