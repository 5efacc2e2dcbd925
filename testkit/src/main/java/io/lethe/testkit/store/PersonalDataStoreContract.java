package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The store contract, as JUnit 5 tests: a store implementation proves it behaves as Lethe's engines
 * expect by extending this class and implementing {@link #createStore(List)}.
 *
 * <pre>{@code
 * class MyMongoStoreContractTest extends PersonalDataStoreContract {
 *   @Override
 *   protected PersonalDataStore createStore(List<ContractRow> rows) {
 *     // load the rows into a fresh collection, mapped as ContractRow describes
 *   }
 * }
 * }</pre>
 *
 * <p>Every test calls {@code createStore} once with the rows it needs; the store must hold exactly
 * those rows.
 *
 * <p>Four groups of tests are optional, for stores that can do more; each is skipped (JUnit reports
 * it as aborted, with the reason, naming the method to override) until the implementer overrides
 * its method:
 *
 * <ul>
 *   <li>{@link #createReferenceStores}: stores that reach their rows through other stores' rows, as
 *       {@link io.lethe.core.store.jdbc.JdbcStores} opens them: a child found through its parent,
 *       over several references, rows shared by several subjects ({@link
 *       PersonalDataStore#sharedWithOthers}), {@link PersonalDataStore#refersTo}, exclusions in
 *       expiry queries, and reference values that never count as identifiers;
 *   <li>{@link #createStoreWhoseIpCannotBeNull}: a store that can tell which fields cannot hold
 *       NULL, and says so in {@link PersonalDataStore#problemsWith};
 *   <li>{@link #createCompositeKeyStore}: a store keyed by two columns ({@link
 *       RecordKey#composite}), as {@link ContractLine} describes: a subject's records and expiry
 *       queries in key order across pages, and records read, deleted, anonymized and rectified by
 *       the whole key;
 *   <li>{@link #createRoleStore}: a store whose rows name two people, each in a role, as {@link
 *       ContractLesson} describes: each person reads a row with only their own identifiers and
 *       fields, identifiers link within a role only, a row is {@linkplain
 *       PersonalDataStore#sharedWithOthers shared} while another role names someone, and {@link
 *       PersonalDataStore#detach} takes one person off it and keeps it for the other.
 * </ul>
 */
@org.junit.jupiter.api.extension.ExtendWith(RequirementReporter.class)
public abstract class PersonalDataStoreContract {

  /** The category of a contract row. */
  protected static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");

  /** The category of the email field. */
  protected static final CategoryKey EMAIL = CategoryKey.of("user.contact.email");

  /** The category of the IP field. */
  protected static final CategoryKey IP = CategoryKey.of("user.device.ip_address");

  /** The category of an order's note, in the reference tests. */
  private static final CategoryKey NOTE = CategoryKey.of("user.communication");

  /** The category of an order or an order item, in the reference tests. */
  private static final CategoryKey ORDER = CategoryKey.of("user.financial.transaction");

  /** The category of an address, in the reference tests. */
  private static final CategoryKey ADDRESS = CategoryKey.of("user.contact.address");

  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final SubjectRef ADA_EMAIL = SubjectRef.email("ada@example.com");
  private static final SubjectRef BOB = SubjectRef.account("bob");
  private static final SubjectRef CLEO = SubjectRef.account("cleo");

  /** The category of an order line, in the composite key tests. */
  private static final CategoryKey PURCHASES = CategoryKey.of("user.behavior.purchase_history");

  /** The category of a lesson and of its topic, in the role tests. */
  private static final CategoryKey CONTENT = CategoryKey.of("user.content");

  /** The category of a tutor's note, in the role tests. */
  private static final CategoryKey TUTOR_NOTE = CategoryKey.of("user.content.private");

  /** The category of a student's rating, in the role tests. */
  private static final CategoryKey RATING = CategoryKey.of("user.content.rating");

  private static final SubjectRef TOM = SubjectRef.account("tom");
  private static final SubjectRef TOM_EMAIL = SubjectRef.email("tom@example.com");
  private static final SubjectRef TOM_AS_STUDENT = SubjectRef.email("tom@student.example");
  private static final SubjectRef SUE = SubjectRef.account("sue");
  private static final SubjectRef SUE_EMAIL = SubjectRef.email("sue@example.com");
  private static final SubjectRef ANN = SubjectRef.account("ann");
  private static final SubjectRef ANN_EMAIL = SubjectRef.email("ann@example.com");

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SubjectHasher HASHER =
      SubjectHasher.withSecret(
          "contract-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8));

  /** For a host's subclass, which implements the factory methods. */
  protected PersonalDataStoreContract() {}

  /**
   * Creates a store named {@code contract} holding exactly the given rows, mapped as {@link
   * ContractRow} describes.
   *
   * @param rows the rows
   * @return the store
   */
  protected abstract PersonalDataStore createStore(List<ContractRow> rows);

  /**
   * Creates four stores that reach their rows through references, holding exactly the given rows,
   * mapped as {@link ContractReferences} describes. Optional: override it if the store can reach
   * its rows through another store's; the default skips the reference tests.
   *
   * @param rows the rows of the four stores
   * @return the stores
   */
  protected ContractReferences.Stores createReferenceStores(ContractReferences rows) {
    return Assumptions.abort(
        "the store does not reach rows through references: override"
            + " createReferenceStores to run the reference tests");
  }

  /**
   * Creates a store like {@link #createStore}'s, except that its IP field cannot hold NULL (a
   * {@code NOT NULL} column); every row given has an IP address. Optional: override it if the store
   * can tell which of its fields cannot hold NULL ({@link PersonalDataStore#problemsWith}); the
   * default skips that test.
   *
   * @param rows the rows, each with an IP address
   * @return the store
   */
  protected PersonalDataStore createStoreWhoseIpCannotBeNull(List<ContractRow> rows) {
    return Assumptions.abort(
        "the store cannot tell which fields cannot hold NULL: override"
            + " createStoreWhoseIpCannotBeNull to run that test");
  }

  /**
   * Creates a store named {@code contract_lines} keyed by two columns, holding exactly the given
   * rows, mapped as {@link ContractLine} describes. Optional: override it if the store can key its
   * records by several values ({@link RecordKey#composite}); the default skips the composite key
   * tests.
   *
   * @param rows the rows
   * @return the store
   */
  protected PersonalDataStore createCompositeKeyStore(List<ContractLine> rows) {
    return Assumptions.abort(
        "the store is not keyed by several columns: override"
            + " createCompositeKeyStore to run the composite key tests");
  }

  /**
   * Creates a store named {@code contract_lessons} whose rows name a tutor and a student, each in a
   * role, holding exactly the given rows, mapped as {@link ContractLesson} describes. Optional:
   * override it if the store's records can name several people in roles ({@link
   * PersonalDataStore#detach}); the default skips the role tests.
   *
   * @param rows the rows
   * @return the store
   */
  protected PersonalDataStore createRoleStore(List<ContractLesson> rows) {
    return Assumptions.abort(
        "the store's records do not name several people in roles: override"
            + " createRoleStore to run the role tests");
  }

  private static Instant day(int n) {
    return T0.plusSeconds(86_400L * n);
  }

  private static ContractRow row(long id, String account, String email, int createdDay) {
    return new ContractRow(id, account, email, "203.0.113." + id, day(createdDay), null);
  }

  /** Rows 1 to {@code count}, two in three of them Alice's, the others Bob's. */
  private static List<ContractRow> aliceAndBob(int count) {
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      boolean alices = id % 3 != 0;
      rows.add(
          row(id, alices ? "alice" : "bob", alices ? "alice@example.com" : "bob@example.com", 0));
    }
    return rows;
  }

  private static List<Long> ids(List<RecordKey> keys) {
    return keys.stream().map(k -> (Long) k.value()).toList();
  }

  private static List<RecordKey> keys(long... ids) {
    List<RecordKey> keys = new ArrayList<>();
    for (long id : ids) {
      keys.add(RecordKey.of(id));
    }
    return keys;
  }

  private static List<PersonalRecord> read(PersonalDataStore store, SubjectRef... identities) {
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(identities))) {
      return records.toList();
    }
  }

  /** The value of a record's field of a category, which may be null; the field must exist. */
  private static Object field(PersonalRecord record, CategoryKey category) {
    return record.fields().stream()
        .filter(f -> f.category().equals(category))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  @Requirement(
      "descriptor() names the store, its record category, every field category, the "
          + "identifier types and the anchors it can answer for, as the mapping declares "
          + "them.")
  void describes_itself_as_the_contract_mapping() {
    PersonalDataStore store = createStore(List.of());

    assertThat(store.descriptor().name()).isEqualTo("contract");
    assertThat(store.descriptor().recordCategory()).isEqualTo(USAGE);
    assertThat(store.descriptor().categories()).containsExactlyInAnyOrder(USAGE, EMAIL, IP);
    assertThat(store.descriptor().identifiers())
        .containsExactlyInAnyOrder(IdentifierType.ACCOUNT_ID, IdentifierType.EMAIL);
    assertThat(store.descriptor().supports(Anchor.COLLECTED)).isTrue();
    assertThat(store.descriptor().supports(Anchor.ACCOUNT_CLOSED)).isTrue();
  }

  @Test
  @Requirement(
      "findExpired returns the keys of records whose anchor is at or before the cutoff, "
          + "in ascending key order.")
  void finds_records_anchored_at_or_before_the_cutoff_in_key_order() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(3, "a-3", null, 1),
                row(1, "a-1", null, 5),
                row(2, "a-2", null, 10),
                row(4, "a-4", null, 11)));

    List<RecordKey> expired =
        store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100));

    assertThat(ids(expired)).containsExactly(1L, 2L, 3L);
  }

  @Test
  @Requirement(
      "findExpired returns at most limit keys, all after query.after(); paging with "
          + "next(lastKey) returns every expired key exactly once.")
  void pages_through_expired_records_without_repeats_or_gaps() {
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= 23; id++) {
      rows.add(row(id, "a-" + id, null, id % 2 == 0 ? 1 : 50));
    }
    PersonalDataStore store = createStore(rows);
    ExpiryQuery query = ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 4);

    List<Long> all = new ArrayList<>();
    List<RecordKey> page;
    do {
      page = store.findExpired(query);
      assertThat(page).hasSizeLessThanOrEqualTo(4);
      all.addAll(ids(page));
      if (!page.isEmpty()) {
        query = query.next(page.get(page.size() - 1));
      }
    } while (page.size() == 4);

    assertThat(all).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L);
  }

  @Test
  @Requirement(
      "findExpired never returns a record whose anchor is missing (the event has not "
          + "happened, e.g. an open account has no closed_at).")
  void a_record_whose_anchor_has_not_happened_is_never_expired() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "open", null, null, day(0), null),
                new ContractRow(2, "closed", null, null, day(0), day(3)),
                new ContractRow(3, "closed-late", null, null, day(0), day(30))));

    List<RecordKey> expired =
        store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.ACCOUNT_CLOSED, day(10), 100));

    assertThat(ids(expired)).containsExactly(2L);
  }

  @Test
  @Requirement(
      "findExpired leaves out every record linked to an excluded subject by any of its "
          + "identifiers (a legal hold on an email keeps the records found by that email).")
  void records_of_excluded_subjects_are_not_returned_by_either_identifier() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, "held", "held@example.com", 0),
                row(2, "free", "free@example.com", 0),
                row(3, "other", "held-too@example.com", 0)));

    List<RecordKey> expired =
        store.findExpired(
            ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100)
                .excluding(
                    Set.of(SubjectRef.account("held"), SubjectRef.email("held-too@example.com"))));

    assertThat(ids(expired)).containsExactly(2L);
  }

  @Test
  @Requirement(
      "findExpired for a field category returns only records where a field of that "
          + "category holds a value (not null).")
  void a_field_category_expires_only_records_where_that_field_holds_a_value() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "a", null, "198.51.100.1", day(0), null),
                new ContractRow(2, "b", null, null, day(0), null)));

    List<RecordKey> expired =
        store.findExpired(ExpiryQuery.firstPage(IP, Anchor.COLLECTED, day(10), 100));
    List<RecordKey> none =
        store.findExpired(
            ExpiryQuery.firstPage(
                CategoryKey.of("user.financial.transaction"), Anchor.COLLECTED, day(10), 100));

    assertThat(ids(expired)).containsExactly(1L);
    assertThat(none).isEmpty();
  }

  @Test
  @Requirement(
      "delete removes exactly the given keys and returns how many existed; missing and "
          + "repeated keys are not counted.")
  void deletes_exactly_the_given_records_and_counts_only_those_that_existed() {
    PersonalDataStore store =
        createStore(List.of(row(1, "a", null, 0), row(2, "b", null, 0), row(3, "c", null, 0)));

    int deleted = store.delete(keys(1, 3, 99));

    assertThat(deleted).isEqualTo(2);
    assertThat(ids(store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100))))
        .containsExactly(2L);
    assertThat(store.delete(List.of())).isZero();
  }

  @Test
  @Requirement(
      "deleteExpiredPage deletes at most limit expired records after query.after(), and "
          + "says where the next page starts or that this was the last.")
  void deletes_expired_records_page_by_page_each_page_bounded_by_its_limit() {
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= 12; id++) {
      rows.add(row(id, id == 4 ? "held" : "a-" + id, null, id % 3 == 0 ? 50 : 1));
    }
    PersonalDataStore store = createStore(rows);
    ExpiryQuery query =
        ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 3)
            .excluding(Set.of(SubjectRef.account("held")));

    long deleted = deleteAllPages(store, query, 20);

    assertThat(deleted).isEqualTo(7);
    assertThat(
            ids(store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(100), 100))))
        .as("unexpired and held records stay")
        .containsExactly(3L, 4L, 6L, 9L, 12L);
  }

  @Test
  @Requirement(
      "deleteExpiredPage with a large limit deletes every expired record and no kept " + "one.")
  void large_pages_delete_every_expired_record_and_no_other() {
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= 2_000; id++) {
      rows.add(row(id, id % 97 == 0 ? "held" : "a-" + (id % 50), null, id % 4 == 0 ? 50 : 1));
    }
    PersonalDataStore store = createStore(rows);
    ExpiryQuery query =
        ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 600)
            .excluding(Set.of(SubjectRef.account("held")));

    long deleted = deleteAllPages(store, query, 200);

    long kept = rows.stream().filter(r -> r.id() % 4 == 0 || r.id() % 97 == 0).count();
    assertThat(deleted).isEqualTo(2_000 - kept);
    assertThat(store.countExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(100), 10)))
        .isEqualTo(kept);
  }

  @Test
  @Requirement(
      "anonymize applies each field category's strategy to its field, keeps the record, "
          + "and (when the anonymization marks records) findExpired with excludeAnonymized "
          + "does not return it again.")
  void anonymizes_fields_by_strategy_and_does_not_find_them_expired_again() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "a", "ann@example.com", "203.0.113.77", day(0), null),
                new ContractRow(2, "b", "bob@example.com", "203.0.113.78", day(0), null)));
    Anonymization anonymization =
        new Anonymization(
            Map.of(
                EMAIL, FieldStrategy.of(FieldStrategy.Kind.HASH),
                IP, FieldStrategy.of(FieldStrategy.Kind.GENERALIZE)),
            HASHER);

    int count = store.anonymize(keys(1), anonymization);

    assertThat(count).isEqualTo(1);
    PersonalRecord ann = read(store, SubjectRef.account("a")).get(0);
    assertThat(field(ann, EMAIL)).isEqualTo(HASHER.hash("ann@example.com"));
    assertThat(field(ann, IP)).isEqualTo("203.0.113.0");
    PersonalRecord bob = read(store, SubjectRef.account("b")).get(0);
    assertThat(field(bob, EMAIL)).isEqualTo("bob@example.com");
    assertThat(
            ids(
                store.findExpired(
                    ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100)
                        .withoutAnonymized())))
        .as("not anonymized twice")
        .containsExactly(2L);
    assertThat(ids(store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100))))
        .as("still expired for deletion")
        .containsExactly(1L, 2L);
  }

  @Test
  @Requirement(
      "countExpired counts exactly the records findExpired would page through, ignoring "
          + "the page start and limit.")
  void counts_expired_records_as_the_pages_would_find_them() {
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= 30; id++) {
      rows.add(row(id, id % 3 == 0 ? "held" : "a-" + id, null, (int) id));
    }
    PersonalDataStore store = createStore(rows);
    ExpiryQuery query =
        ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(20), 7)
            .excluding(Set.of(SubjectRef.account("held")));

    assertThat(store.countExpired(query)).isEqualTo(14);
    assertThat(store.countExpired(query.next(RecordKey.of(5L))))
        .as("counting ignores the page start")
        .isEqualTo(14);
    assertThat(
            store.countExpired(
                ExpiryQuery.firstPage(CategoryKey.of("user.name"), Anchor.COLLECTED, day(20), 7)))
        .isZero();
  }

  @Test
  @Requirement(
      "records(keys) returns the existing records of the given keys with every field "
          + "value, subject and anchor, in key order, skipping missing keys.")
  void reads_records_by_key_with_their_values() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, "a", "a@example.com", 0),
                row(2, "b", "b@example.com", 1),
                row(3, "c", null, 2)));

    List<PersonalRecord> records;
    try (Stream<PersonalRecord> stream = store.records(keys(3, 1, 42))) {
      records = stream.toList();
    }

    assertThat(records).extracting(r -> r.key().value()).containsExactly(1L, 3L);
    assertThat(field(records.get(0), EMAIL)).isEqualTo("a@example.com");
    assertThat(records.get(1).anchors().get(Anchor.COLLECTED)).contains(day(2));
  }

  @Test
  @Requirement(
      "recordsOf returns every record linked to any of the given identifiers, each "
          + "once, and no record of anybody else.")
  void reads_every_record_of_any_of_a_subjects_identifiers_and_nobody_elses() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "alice", "alice@example.com", "203.0.113.1", day(0), day(2)),
                new ContractRow(2, "alice", null, null, day(1), null),
                new ContractRow(3, "alice-old", "alice@example.com", null, day(1), null),
                new ContractRow(4, "bob", "bob@example.com", null, day(1), null),
                // Shares alice's email domain; has an account id equal to alice's email text.
                new ContractRow(5, "alice@example.com", "carol@example.com", null, day(1), null)));

    List<PersonalRecord> records =
        read(store, SubjectRef.account("alice"), SubjectRef.email("alice@example.com"));

    assertThat(records)
        .extracting(r -> (Long) r.key().value())
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    PersonalRecord first =
        records.stream().filter(r -> r.key().equals(RecordKey.of(1L))).findFirst().orElseThrow();
    assertThat(first.store()).isEqualTo("contract");
    assertThat(first.category()).isEqualTo(USAGE);
    assertThat(field(first, IP)).isEqualTo("203.0.113.1");
    assertThat(first.subjects())
        .contains(SubjectRef.account("alice"), SubjectRef.email("alice@example.com"));
    assertThat(first.anchors().get(Anchor.COLLECTED)).contains(day(0));
    assertThat(first.anchors().get(Anchor.ACCOUNT_CLOSED)).contains(day(2));
    assertThat(read(store, SubjectRef.account("nobody"))).isEmpty();
    assertThat(read(store)).isEmpty();
  }

  @Test
  @Requirement(
      "linkedIdentities returns the other identifiers found on the records of the given "
          + "identifier (an account id's emails), not the identifier itself.")
  void resolves_the_other_identifiers_found_on_a_subjects_records() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, "alice", "alice@example.com", 0),
                row(2, "alice", "alice@work.example", 0),
                row(3, "bob", "bob@example.com", 0)));

    assertThat(store.linkedIdentities(SubjectRef.email("alice@example.com")))
        .containsExactly(SubjectRef.account("alice"));
    assertThat(store.linkedIdentities(SubjectRef.account("alice")))
        .containsExactlyInAnyOrder(
            SubjectRef.email("alice@example.com"), SubjectRef.email("alice@work.example"));
    assertThat(store.linkedIdentities(SubjectRef.account("nobody"))).isEmpty();
  }

  @Test
  @Requirement(
      "linkedIdentities returns exactly the identifiers carried by the records "
          + "recordsOf returns for that identifier, less the identifier itself.")
  void links_exactly_the_identifiers_its_records_of_a_subject_carry() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, "alice", "alice@example.com", 0),
                row(2, "alice", "alice@work.example", 0),
                row(3, "bob", "bob@example.com", 0)));

    // an access export checks a store's links by reading its records, so the two must agree
    for (SubjectRef identity :
        List.of(
            SubjectRef.email("alice@example.com"),
            SubjectRef.account("alice"),
            SubjectRef.email("bob@example.com"))) {
      Set<SubjectRef> carried = new java.util.HashSet<>();
      try (Stream<PersonalRecord> records = store.recordsOf(Set.of(identity))) {
        records.forEach(record -> carried.addAll(record.subjects()));
      }
      carried.remove(identity);
      assertThat(store.linkedIdentities(identity))
          .as("links of %s", identity.type())
          .containsExactlyInAnyOrderElementsOf(carried);
    }
  }

  @Test
  @Requirement(
      "linksIdentities() false and uniqueIdentifiers() are promises: no record may "
          + "carry two identifiers when linksIdentities() is false, and no two records the "
          + "same identifier of a type declared unique.")
  void keeps_its_promises_about_linking_and_unique_identifiers() {
    List<ContractRow> rows =
        List.of(
            row(1, "alice", "alice@example.com", 0),
            row(2, "alice", "alice@work.example", 0),
            row(3, "bob", "bob@example.com", 0));
    PersonalDataStore store = createStore(rows);

    // an access export trusts both: it asks no store that says it links nothing, and looks for
    // no second record with an identifier of a type the store says its records never share
    assertThat(store.descriptor().identifiers()).containsAll(store.uniqueIdentifiers());
    for (ContractRow row : rows) {
      for (SubjectRef identity :
          List.of(SubjectRef.account(row.accountId()), SubjectRef.email(row.email()))) {
        if (!store.linksIdentities()) {
          assertThat(store.linkedIdentities(identity)).as("links of %s", identity.type()).isEmpty();
        }
        if (store.uniqueIdentifiers().contains(identity.type())) {
          assertThat(read(store, identity))
              .as("records of one %s", identity.type())
              .hasSizeLessThanOrEqualTo(1);
        }
      }
    }
  }

  @Test
  @Requirement(
      "recordsOf streams every record of a subject with many records, each once, in key "
          + "order, however the store pages internally.")
  void reads_a_subject_with_many_records_completely_once_each_in_key_order() {
    List<ContractRow> rows = aliceAndBob(1_205);
    PersonalDataStore store = createStore(rows);

    List<PersonalRecord> alice =
        read(store, SubjectRef.account("alice"), SubjectRef.email("alice@example.com"));

    List<Long> expected =
        rows.stream().filter(r -> r.accountId().equals("alice")).map(ContractRow::id).toList();
    assertThat(alice).extracting(r -> (Long) r.key().value()).containsExactlyElementsOf(expected);
  }

  @Test
  @Requirement(
      "recordsOfJointly returns, for each store asked, exactly what that store's "
          + "recordsOf returns for the same identifiers.")
  void reads_jointly_with_itself_exactly_what_it_reads_alone() {
    List<ContractRow> rows = aliceAndBob(1_205);
    PersonalDataStore store = createStore(rows);
    Set<SubjectRef> alice = Set.of(SubjectRef.account("alice"));
    List<Object> alone =
        read(store, SubjectRef.account("alice")).stream().map(r -> r.key().value()).toList();

    // an access export reads the stores of one group (jointReadGroup) with one call
    List<Stream<PersonalRecord>> streams = store.recordsOfJointly(List.of(store, store), alice);

    assertThat(streams).hasSize(2);
    for (Stream<PersonalRecord> stream : streams) {
      try (stream) {
        assertThat(stream.map(r -> r.key().value()).toList()).containsExactlyElementsOf(alone);
      }
    }
    List<Stream<PersonalRecord>> nobody =
        store.recordsOfJointly(List.of(store), Set.of(SubjectRef.email("nobody@example.com")));
    try (Stream<PersonalRecord> stream = nobody.get(0)) {
      assertThat(stream).isEmpty();
    }
    Object group = store.jointReadGroup();
    if (group != null) {
      // two calls' answers, which an engine puts in a map to find the stores of one group
      Object again = store.jointReadGroup();
      assertThat(again)
          .as(
              "jointReadGroup() answers an equal group on every call (equals and"
                  + " hashCode), or no two stores are ever read together")
          .isEqualTo(group)
          .hasSameHashCodeAs(group);
      assertThat(Map.of(group, "found").get(again))
          .as("the group works as a map key")
          .isEqualTo("found");
    }
  }

  @Test
  @Requirement(
      "subjects() lists every identifier on the store's records once per type; a store "
          + "that cannot list them keeps supports(LIST_SUBJECTS) false and subjects() throws "
          + "UnsupportedOperationException, and one that can overrides both.")
  void lists_every_subject_identifier_once_or_says_it_cannot() {
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, "alice", "alice@example.com", 0),
                row(2, "alice", "alice@work.example", 0),
                row(3, "bob", "bob@example.com", 0),
                new ContractRow(4, "carol", null, null, day(0), null)));

    if (!store.supports(StoreOperation.LIST_SUBJECTS)) {
      assertThatThrownBy(store::subjects).isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    try (Stream<SubjectRef> subjects = store.subjects()) {
      assertThat(subjects.toList())
          .containsExactlyInAnyOrder(
              SubjectRef.account("alice"),
              SubjectRef.account("bob"),
              SubjectRef.account("carol"),
              SubjectRef.email("alice@example.com"),
              SubjectRef.email("alice@work.example"),
              SubjectRef.email("bob@example.com"));
    }
  }

  @Test
  @Requirement(
      "rectify sets the fields of the given categories on one record and returns 1 (0 "
          + "for a missing key); for a category the store holds no field of it throws "
          + "IllegalArgumentException whose message never contains the value.")
  void rectifies_one_field_of_one_record() {
    PersonalDataStore store =
        createStore(
            List.of(row(1, "a", "old@example.com", 0), row(2, "b", "other@example.com", 0)));

    int changed = store.rectify(RecordKey.of(1L), Map.of(EMAIL, "new@example.com"));

    assertThat(changed).isEqualTo(1);
    assertThat(field(read(store, SubjectRef.account("a")).get(0), EMAIL))
        .isEqualTo("new@example.com");
    assertThat(field(read(store, SubjectRef.account("b")).get(0), EMAIL))
        .isEqualTo("other@example.com");
    assertThat(store.rectify(RecordKey.of(99L), Map.of(EMAIL, "x@example.com"))).isZero();
    assertThatThrownBy(
            () -> store.rectify(RecordKey.of(1L), Map.of(CategoryKey.of("user.name"), "Ann")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Ann");
  }

  @Test
  @Requirement(
      "identifier values are data, never code: quotes, wildcards and SQL in a value "
          + "match only records that hold exactly that value.")
  void hostile_identifier_values_are_bound_as_plain_values() {
    String injection = "x' OR '1'='1";
    String drop = "y'; DROP TABLE contract_records; --";
    PersonalDataStore store =
        createStore(
            List.of(
                row(1, injection, "a@example.com", 0),
                row(2, "plain", "b@example.com", 0),
                row(3, drop, "c@example.com", 0)));

    assertThat(read(store, SubjectRef.account(injection)))
        .extracting(r -> r.key().value())
        .containsExactly(1L);
    assertThat(read(store, SubjectRef.account("' OR ''='"))).isEmpty();
    assertThat(
            ids(
                store.findExpired(
                    ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100)
                        .excluding(
                            Set.of(SubjectRef.account(drop), SubjectRef.account(injection))))))
        .containsExactly(2L);
    store.rectify(RecordKey.of(2L), Map.of(EMAIL, "z'); DELETE FROM contract_records; --"));
    assertThat(ids(store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100))))
        .containsExactly(1L, 2L, 3L);
  }

  // ------------------------------------------------------------------ masking

  @Test
  @Requirement(
      "anonymize with a null strategy keeps the record and clears only the fields of "
          + "that category.")
  void anonymizing_with_null_keeps_the_record_and_clears_only_that_field() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "a", "ann@example.com", "203.0.113.77", day(0), null),
                new ContractRow(2, "b", "bob@example.com", "203.0.113.78", day(0), null)));
    Anonymization clearIp =
        new Anonymization(Map.of(IP, FieldStrategy.of(FieldStrategy.Kind.NULL)), HASHER);

    int count = store.anonymize(keys(1), clearIp);

    assertThat(count).isEqualTo(1);
    List<PersonalRecord> records;
    try (Stream<PersonalRecord> stream = store.records(keys(1, 2))) {
      records = stream.toList();
    }
    assertThat(records)
        .as("the records stay")
        .extracting(r -> r.key().value())
        .containsExactly(1L, 2L);
    assertThat(field(records.get(0), IP)).isNull();
    assertThat(field(records.get(0), EMAIL)).isEqualTo("ann@example.com");
    assertThat(field(records.get(1), IP)).isEqualTo("203.0.113.78");
    assertThat(ids(store.findExpired(ExpiryQuery.firstPage(IP, Anchor.COLLECTED, day(10), 100))))
        .as("a cleared field no longer expires")
        .containsExactly(2L);
  }

  @Test
  @Requirement(
      "findExpired with stillHolding returns only records where a field of one of those "
          + "categories still holds a value.")
  void still_holding_a_category_finds_only_records_whose_field_of_it_holds_a_value() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "a", "a@example.com", "203.0.113.1", day(0), null),
                new ContractRow(2, "b", "b@example.com", null, day(0), null),
                new ContractRow(3, "c", null, "203.0.113.3", day(0), null),
                new ContractRow(4, "d", null, null, day(0), null),
                new ContractRow(5, "e", "e@example.com", "203.0.113.5", day(50), null)));
    ExpiryQuery expired = ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100);

    // an anonymization that only clears fields finds each record once, with no marker column
    assertThat(ids(store.findExpired(expired.stillHolding(Set.of(IP))))).containsExactly(1L, 3L);
    assertThat(ids(store.findExpired(expired.stillHolding(Set.of(IP, EMAIL)))))
        .as("a field of any of the categories")
        .containsExactly(1L, 2L, 3L);
    assertThat(ids(store.findExpired(expired.stillHolding(Set.of(CategoryKey.of("user.device"))))))
        .as("a field within the category")
        .containsExactly(1L, 3L);
    assertThat(store.findExpired(expired.stillHolding(Set.of(CategoryKey.of("user.name")))))
        .as("no field of the category")
        .isEmpty();
    assertThat(store.countExpired(expired.stillHolding(Set.of(IP)))).isEqualTo(2);
    List<RecordKey> first =
        store.findExpired(
            ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 1).stillHolding(Set.of(IP)));
    assertThat(ids(first)).containsExactly(1L);
    assertThat(
            ids(
                store.findExpired(
                    ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 1)
                        .stillHolding(Set.of(IP))
                        .next(first.get(0)))))
        .as("the next page")
        .containsExactly(3L);

    store.anonymize(
        keys(1), new Anonymization(Map.of(IP, FieldStrategy.of(FieldStrategy.Kind.NULL)), HASHER));

    assertThat(ids(store.findExpired(expired.stillHolding(Set.of(IP)))))
        .as("a cleared record is not found again")
        .containsExactly(3L);
    assertThat(ids(store.findExpired(expired)))
        .as("nor hidden from other rules")
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  @Requirement(
      "deleteExpiredPage with stillHolding spares records whose fields of those "
          + "categories are already empty.")
  void deleting_pages_still_holding_a_category_spares_records_whose_field_of_it_is_empty() {
    PersonalDataStore store =
        createStore(
            List.of(
                new ContractRow(1, "a", "a@example.com", "203.0.113.1", day(0), null),
                new ContractRow(2, "b", "b@example.com", null, day(0), null),
                new ContractRow(3, "c", null, "203.0.113.3", day(0), null),
                new ContractRow(4, "d", null, null, day(0), null)));
    ExpiryQuery query =
        ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 2).stillHolding(Set.of(IP));

    long deleted = deleteAllPages(store, query, 20);

    // deleteExpiredPage deletes what findExpired would find
    assertThat(deleted).isEqualTo(2);
    assertThat(ids(store.findExpired(ExpiryQuery.firstPage(USAGE, Anchor.COLLECTED, day(10), 100))))
        .containsExactly(2L, 4L);
  }

  @Test
  @Requirement(
      "problemsWith(anonymization) reports nothing for a null strategy on fields that "
          + "can hold null.")
  void a_null_strategy_on_fields_that_can_hold_null_is_no_problem() {
    PersonalDataStore store = createStore(List.of(row(1, "a", "a@example.com", 0)));
    FieldStrategy clear = FieldStrategy.of(FieldStrategy.Kind.NULL);

    // the contract's email and IP may be null: a rule clearing them must not be refused
    assertThat(store.problemsWith(new Anonymization(Map.of(EMAIL, clear, IP, clear), HASHER)))
        .isEmpty();
    assertThat(store.problemsWith(new Anonymization(Map.of(CategoryKey.of("user"), clear), HASHER)))
        .isEmpty();
  }

  @Test
  @Requirement(
      "problemsWith(anonymization) names each field that the anonymization would set to "
          + "null although it cannot hold null.")
  void a_null_strategy_on_a_field_that_cannot_hold_null_is_reported_naming_the_field() {
    PersonalDataStore store =
        createStoreWhoseIpCannotBeNull(List.of(row(1, "a", "a@example.com", 0)));
    FieldStrategy clear = FieldStrategy.of(FieldStrategy.Kind.NULL);
    String ipField = store.descriptor().fieldsWithin(IP).get(0).name();

    List<String> problems =
        store.problemsWith(new Anonymization(Map.of(CategoryKey.of("user"), clear), HASHER));

    assertThat(problems)
        .as("one problem, for the IP field")
        .singleElement()
        .asString()
        .contains(ipField)
        .doesNotContain("203.0.113.1");
    assertThat(store.problemsWith(new Anonymization(Map.of(EMAIL, clear), HASHER)))
        .as("the email can hold NULL")
        .isEmpty();
    assertThat(
            store.problemsWith(
                new Anonymization(
                    Map.of(IP, FieldStrategy.of(FieldStrategy.Kind.GENERALIZE)), HASHER)))
        .as("generalizing writes no NULL")
        .isEmpty();
  }

  // ------------------------------------------------------------------ references

  /**
   * Ada (customer 1) and Bob (customer 2, no email) live at address 100, Cleo (3) at 101; address
   * 102 is nobody's. Ada has orders 10 and 11 with items 20, 21 and 22; Bob order 12 with item 23;
   * Cleo order 13 with item 24. Every row was collected on day 0.
   */
  private ContractReferences.Stores shop() {
    return createReferenceStores(
        new ContractReferences(
            List.of(
                new ContractReferences.Customer(1, "ada", "ada@example.com", 100L, day(0)),
                new ContractReferences.Customer(2, "bob", null, 100L, day(0)),
                new ContractReferences.Customer(3, "cleo", "cleo@example.com", 101L, day(0))),
            List.of(
                new ContractReferences.Order(10, 1, "leave at the door", day(0)),
                new ContractReferences.Order(11, 1, "gift wrap", day(0)),
                new ContractReferences.Order(12, 2, "ring twice", day(0)),
                new ContractReferences.Order(13, 3, null, day(0))),
            List.of(
                new ContractReferences.Item(20, 10, "tea", day(0)),
                new ContractReferences.Item(21, 10, "cups", day(0)),
                new ContractReferences.Item(22, 11, "kettle", day(0)),
                new ContractReferences.Item(23, 12, "coffee", day(0)),
                new ContractReferences.Item(24, 13, "mugs", day(0))),
            List.of(
                new ContractReferences.Address(100, "1 Shared Street", day(0)),
                new ContractReferences.Address(101, "2 Cleo Road", day(0)),
                new ContractReferences.Address(102, "3 Empty Lane", day(0)))));
  }

  private static List<Long> idsOf(PersonalDataStore store, SubjectRef... identities) {
    return read(store, identities).stream().map(r -> (Long) r.key().value()).toList();
  }

  private static List<Long> expired(
      PersonalDataStore store, CategoryKey category, SubjectRef... excluded) {
    return ids(
        store.findExpired(
            ExpiryQuery.firstPage(category, Anchor.COLLECTED, day(10), 100)
                .excluding(Set.of(excluded))));
  }

  @Test
  @Requirement(
      "a store reached through a reference returns, for a subject, the records whose "
          + "parent belongs to that subject, and only those.")
  void a_child_record_is_found_through_its_parent_for_the_parents_subject_only() {
    ContractReferences.Stores shop = shop();

    assertThat(idsOf(shop.orders(), ADA)).containsExactly(10L, 11L);
    assertThat(idsOf(shop.orders(), BOB)).containsExactly(12L);
    assertThat(idsOf(shop.orders(), ADA_EMAIL))
        .as("by any identifier of the parent's")
        .containsExactly(10L, 11L);
    assertThat(idsOf(shop.orders(), SubjectRef.account("nobody"))).isEmpty();
    assertThat(idsOf(shop.orders())).isEmpty();
    PersonalRecord order = read(shop.orders(), ADA).get(0);
    assertThat(order.store()).isEqualTo(shop.orders().name());
    assertThat(order.category()).isEqualTo(ORDER);
    assertThat(field(order, NOTE)).isEqualTo("leave at the door");
    assertThat(order.anchors().get(Anchor.COLLECTED)).contains(day(0));
  }

  @Test
  @Requirement(
      "a store reached through several references in a chain finds a record whose "
          + "ancestor belongs to the subject.")
  void a_record_is_found_over_several_references() {
    ContractReferences.Stores shop = shop();

    assertThat(idsOf(shop.items(), ADA)).containsExactly(20L, 21L, 22L);
    assertThat(idsOf(shop.items(), BOB)).containsExactly(23L);
    assertThat(idsOf(shop.items(), ADA_EMAIL, CLEO)).containsExactly(20L, 21L, 22L, 24L);
    assertThat(idsOf(shop.items(), SubjectRef.account("nobody"))).isEmpty();
  }

  @Test
  @Requirement(
      "descriptor().ownedThrough() names the stores a store's records are reached " + "through.")
  void describes_the_stores_its_records_are_reached_through() {
    ContractReferences.Stores shop = shop();

    assertThat(shop.orders().descriptor().ownedThrough()).containsExactly(shop.customers().name());
    assertThat(shop.items().descriptor().ownedThrough()).containsExactly(shop.orders().name());
    assertThat(shop.addresses().descriptor().ownedThrough())
        .containsExactly(shop.customers().name());
    assertThat(shop.customers().descriptor().ownedThrough()).isEmpty();
    for (PersonalDataStore reached : List.of(shop.orders(), shop.items(), shop.addresses())) {
      assertThat(reached.descriptor().identifiers())
          .as(
              "%s links to the identifiers of the" + " stores it is reached through",
              reached.name())
          .contains(IdentifierType.ACCOUNT_ID, IdentifierType.EMAIL);
      assertThat(reached.descriptor().subjectFields())
          .as("%s carries no identifier", reached.name())
          .isEmpty();
    }
  }

  @Test
  @Requirement(
      "a store whose records carry no identifier of their own keeps "
          + "supports(LIST_SUBJECTS) false and subjects() throws "
          + "UnsupportedOperationException.")
  void a_store_reached_through_references_says_it_cannot_list_its_subjects() {
    ContractReferences.Stores shop = shop();

    // replaying an erasure after a restore hashes a store's subjects: a reference is none
    for (PersonalDataStore reached : List.of(shop.orders(), shop.items(), shop.addresses())) {
      assertThat(reached.supports(StoreOperation.LIST_SUBJECTS)).as(reached.name()).isFalse();
      assertThatThrownBy(reached::subjects)
          .as(reached.name())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  @Requirement(
      "reference values (a parent's key) are never identifiers: they are not in a "
          + "record's subjects, not returned by linkedIdentities or subjects().")
  void reference_values_are_never_identifiers() {
    ContractReferences.Stores shop = shop();

    // customer 1's key is referred to by orders 10 and 11, and order 10's by items 20 and 21
    assertThat(idsOf(shop.orders(), SubjectRef.account("1"))).isEmpty();
    assertThat(idsOf(shop.items(), SubjectRef.account("10"))).isEmpty();
    assertThat(idsOf(shop.addresses(), SubjectRef.account("100"))).isEmpty();
    for (PersonalDataStore reached : List.of(shop.orders(), shop.items(), shop.addresses())) {
      assertThat(read(reached, ADA))
          .as("records of %s", reached.name())
          .isNotEmpty()
          .allSatisfy(
              r -> assertThat(r.subjects()).as("a reference value is no identifier").isEmpty());
      assertThat(reached.linkedIdentities(ADA)).as("links of %s", reached.name()).isEmpty();
    }
    assertThat(read(shop.customers(), ADA))
        .singleElement()
        .satisfies(r -> assertThat(r.subjects()).containsExactlyInAnyOrder(ADA, ADA_EMAIL));
    if (shop.customers().supports(StoreOperation.LIST_SUBJECTS)) {
      try (Stream<SubjectRef> subjects = shop.customers().subjects()) {
        assertThat(subjects.toList())
            .containsExactlyInAnyOrder(
                ADA, ADA_EMAIL, BOB, CLEO, SubjectRef.email("cleo@example.com"));
      }
    }
  }

  @Test
  @Requirement(
      "refersTo(other) is true for the store a store's records are reached through, and "
          + "false the other way round.")
  void a_child_refers_to_its_parent_and_not_the_reverse() {
    ContractReferences.Stores shop = shop();

    // an erasure changes a store's records before those of the stores they refer to
    assertThat(shop.orders().refersTo(shop.customers())).isTrue();
    assertThat(shop.items().refersTo(shop.orders())).isTrue();
    assertThat(shop.customers().refersTo(shop.orders())).isFalse();
    assertThat(shop.orders().refersTo(shop.items())).isFalse();
    assertThat(shop.addresses().refersTo(shop.customers()))
        .as("the customers refer to the addresses they reach")
        .isFalse();
  }

  @Test
  @Requirement(
      "a record that several subjects' rows reach is returned to each of them, and "
          + "sharedWithOthers names it while another subject still reaches it.")
  void a_shared_record_is_found_for_each_subject_and_kept_while_another_still_reaches_it() {
    ContractReferences.Stores shop = shop();
    PersonalDataStore addresses = shop.addresses();

    assertThat(idsOf(addresses, ADA)).containsExactly(100L);
    assertThat(idsOf(addresses, BOB)).containsExactly(100L);
    assertThat(idsOf(addresses, CLEO)).containsExactly(101L);
    assertThat(addresses.sharedWithOthers(keys(100), Set.of(ADA)))
        .as("Bob still lives there")
        .containsExactly(RecordKey.of(100L));
    assertThat(addresses.sharedWithOthers(keys(100), Set.of(BOB)))
        .as("Ada still lives there")
        .containsExactly(RecordKey.of(100L));
    assertThat(addresses.sharedWithOthers(keys(101), Set.of(CLEO))).as("Cleo's alone").isEmpty();
    assertThat(shop.orders().sharedWithOthers(keys(10, 11), Set.of(ADA)))
        .as("an order has one customer")
        .isEmpty();

    shop.customers().delete(keys(2));

    assertThat(idsOf(addresses, BOB)).isEmpty();
    assertThat(addresses.sharedWithOthers(keys(100), Set.of(ADA)))
        .as("nobody else lives there")
        .isEmpty();
  }

  @Test
  @Requirement(
      "sharedWithOthers treats a row of another subject as another's even when that row "
          + "lacks an identifier type the asking subject has.")
  void a_record_stays_shared_with_a_subject_lacking_an_identifier_type_asked_about() {
    ContractReferences.Stores shop = shop();

    // Bob has no email: asking with Ada's account id and email must still count him as other
    assertThat(shop.addresses().sharedWithOthers(keys(100), Set.of(ADA, ADA_EMAIL)))
        .containsExactly(RecordKey.of(100L));
  }

  @Test
  @Requirement(
      "findExpired leaves out records reached through a reference from an excluded "
          + "subject's rows.")
  void expiry_queries_leave_out_records_reached_from_an_excluded_subject() {
    ContractReferences.Stores shop = shop();

    assertThat(expired(shop.orders(), ORDER, ADA)).containsExactly(12L, 13L);
    assertThat(expired(shop.orders(), ORDER, ADA_EMAIL, BOB)).containsExactly(13L);
    assertThat(expired(shop.items(), ORDER, ADA))
        .as("two references away")
        .containsExactly(23L, 24L);
    assertThat(expired(shop.addresses(), ADDRESS, BOB))
        .as("a shared address is held for Bob")
        .containsExactly(101L, 102L);
    assertThat(expired(shop.addresses(), ADDRESS)).containsExactly(100L, 101L, 102L);
    assertThat(
            shop.items()
                .countExpired(
                    ExpiryQuery.firstPage(ORDER, Anchor.COLLECTED, day(10), 2)
                        .excluding(Set.of(CLEO))))
        .isEqualTo(4);
  }

  @Test
  @Requirement(
      "deleteExpiredPage spares records reached through a reference from an excluded "
          + "subject's rows.")
  void deleting_expired_pages_spares_records_reached_from_an_excluded_subject() {
    ContractReferences.Stores shop = shop();
    ExpiryQuery query =
        ExpiryQuery.firstPage(ORDER, Anchor.COLLECTED, day(10), 2).excluding(Set.of(ADA));

    long deleted = deleteAllPages(shop.items(), query, 20);

    assertThat(deleted).isEqualTo(2);
    assertThat(idsOf(shop.items(), ADA, BOB, CLEO)).containsExactly(20L, 21L, 22L);
  }

  @Test
  @Requirement(
      "a record reached only through a reference carries none of the subject's "
          + "identifiers in its subjects(), before or after anonymization.")
  void an_anonymized_record_reached_only_through_a_reference_carries_none_of_the_identifiers() {
    ContractReferences.Stores shop = shop();
    Anonymization clearNotes =
        new Anonymization(Map.of(NOTE, FieldStrategy.of(FieldStrategy.Kind.NULL)), HASHER);
    Set<SubjectRef> ada = Set.of(ADA, ADA_EMAIL);

    int count = shop.orders().anonymize(keys(10, 11), clearNotes);

    // an erasure counts a record still linked by the identifiers it carries: the reference that
    // still reaches an anonymized order is no personal data
    assertThat(count).isEqualTo(2);
    assertThat(read(shop.orders(), ADA))
        .as("the orders are still reached")
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(field(r, NOTE)).isNull();
              assertThat(Collections.disjoint(r.subjects(), ada)).as("linked to Ada").isTrue();
            });
    assertThat(field(read(shop.orders(), BOB).get(0), NOTE)).isEqualTo("ring twice");
  }

  @Test
  @Requirement(
      "recordsOfJointly over stores reached through references returns what each "
          + "store's recordsOf returns.")
  void reads_stores_reached_through_references_jointly_as_it_reads_them_alone() {
    ContractReferences.Stores shop = shop();
    Object group = shop.customers().jointReadGroup();
    List<PersonalDataStore> together =
        shop.all().stream().filter(s -> Objects.equals(s.jointReadGroup(), group)).toList();

    List<Stream<PersonalRecord>> streams =
        shop.customers().recordsOfJointly(together, Set.of(ADA, ADA_EMAIL));

    assertThat(streams).hasSameSizeAs(together);
    for (int i = 0; i < together.size(); i++) {
      try (Stream<PersonalRecord> stream = streams.get(i)) {
        assertThat(stream.map(r -> r.key().value()).toList())
            .as(together.get(i).name())
            .containsExactlyElementsOf(
                read(together.get(i), ADA, ADA_EMAIL).stream().map(r -> r.key().value()).toList());
      }
    }
  }

  // ------------------------------------------------------------------ composite keys

  private static RecordKey line(long orderId, long lineNo) {
    return RecordKey.composite(List.of(orderId, lineNo));
  }

  private static List<RecordKey> keysOf(List<ContractLine> lines) {
    return lines.stream().map(l -> line(l.orderId(), l.lineNo())).sorted().toList();
  }

  /**
   * Orders 1 to 240, each of lines 1, 2 and 10, inserted in reverse: every fifth order is Bob's,
   * the others Ada's (576 lines, more than one page of a subject's records for most stores); orders
   * up to 120 were placed on day 0, the others on day 50. Line 10 comes after line 2, as order 10
   * after order 9: the key orders numbers, not their text.
   */
  private static List<ContractLine> orderLines() {
    List<ContractLine> lines = new ArrayList<>();
    for (long order = 240; order >= 1; order--) {
      for (long lineNo : new long[] {10, 2, 1}) {
        String account = order % 5 == 0 ? "bob" : "ada";
        lines.add(
            new ContractLine(
                order,
                lineNo,
                account,
                account + "-" + order + "-" + lineNo + "@example.com",
                day(order <= 120 ? 0 : 50)));
      }
    }
    return lines;
  }

  @Test
  @Requirement(
      "with a composite key, recordsOf and findExpired page in the order of the whole "
          + "key (part by part), each record once.")
  void a_composite_key_pages_a_subjects_records_and_expiry_queries_in_key_order() {
    List<ContractLine> lines = orderLines();
    PersonalDataStore store = createCompositeKeyStore(lines);
    List<RecordKey> adas = keysOf(lines.stream().filter(l -> l.accountId().equals("ada")).toList());
    List<RecordKey> adasExpired =
        keysOf(
            lines.stream().filter(l -> l.accountId().equals("ada") && l.orderId() <= 120).toList());

    List<RecordKey> read = read(store, ADA).stream().map(PersonalRecord::key).toList();
    List<RecordKey> found = new ArrayList<>();
    ExpiryQuery query =
        ExpiryQuery.firstPage(PURCHASES, Anchor.COLLECTED, day(10), 7).excluding(Set.of(BOB));
    List<RecordKey> page;
    int pages = 0;
    do {
      page = store.findExpired(query);
      assertThat(page).hasSizeLessThanOrEqualTo(7);
      found.addAll(page);
      if (!page.isEmpty()) {
        query = query.next(page.get(page.size() - 1));
      }
      assertThat(++pages).as("pages end").isLessThan(100);
    } while (page.size() == 7);

    assertThat(read).as("Ada's records, once each, in key order").containsExactlyElementsOf(adas);
    assertThat(read.get(0).parts()).as("parts as whole numbers").containsExactly(1L, 1L);
    assertThat(found).as("expired, page after page").containsExactlyElementsOf(adasExpired);
    assertThat(store.countExpired(query)).isEqualTo(adasExpired.size());
  }

  @Test
  @Requirement(
      "with a composite key, deleteExpiredPage deletes pages in whole-key order and "
          + "says where the next page starts.")
  void a_composite_key_deletes_expired_pages_in_key_order() {
    List<ContractLine> lines = orderLines();
    PersonalDataStore store = createCompositeKeyStore(lines);
    ExpiryQuery query =
        ExpiryQuery.firstPage(PURCHASES, Anchor.COLLECTED, day(10), 50).excluding(Set.of(BOB));

    long deleted = deleteAllPages(store, query, 100);

    List<RecordKey> kept =
        keysOf(
            lines.stream().filter(l -> l.accountId().equals("bob") || l.orderId() > 120).toList());
    assertThat(deleted).isEqualTo(lines.size() - kept.size());
    List<RecordKey> left =
        store.findExpired(ExpiryQuery.firstPage(PURCHASES, Anchor.COLLECTED, day(100), 1_000));
    assertThat(left).as("unexpired and Bob's lines stay").containsExactlyElementsOf(kept);
  }

  /** Two orders of two lines each, whose keys share their first or their second part. */
  private static List<ContractLine> twoOrders() {
    return List.of(
        new ContractLine(1, 1, "ada", "ada-1-1@example.com", day(0)),
        new ContractLine(1, 2, "ada", "ada-1-2@example.com", day(0)),
        new ContractLine(2, 1, "bob", "bob-2-1@example.com", day(0)),
        new ContractLine(2, 2, "bob", "bob-2-2@example.com", day(0)));
  }

  private static List<PersonalRecord> records(PersonalDataStore store, List<RecordKey> keys) {
    try (Stream<PersonalRecord> records = store.records(keys)) {
      return records.toList();
    }
  }

  @Test
  @Requirement(
      "records(keys) with composite keys returns the existing records in whole-key " + "order.")
  void reads_records_by_composite_keys_in_key_order() {
    PersonalDataStore store = createCompositeKeyStore(twoOrders());

    List<PersonalRecord> found =
        records(store, List.of(line(2, 2), line(1, 2), line(3, 1), line(2, 1), line(1, 3)));

    assertThat(found)
        .extracting(PersonalRecord::key)
        .as("existing keys, in key order")
        .containsExactly(line(1, 2), line(2, 1), line(2, 2));
    assertThat(found)
        .extracting(r -> field(r, EMAIL))
        .containsExactly("ada-1-2@example.com", "bob-2-1@example.com", "bob-2-2@example.com");
    assertThat(found.get(0).subjects()).containsExactly(ADA);
  }

  @Test
  @Requirement(
      "delete, anonymize and rectify change only the record whose every key part " + "matches.")
  void deletes_anonymizes_and_rectifies_by_the_whole_composite_key() {
    PersonalDataStore store = createCompositeKeyStore(twoOrders());
    Anonymization clearEmail =
        new Anonymization(Map.of(EMAIL, FieldStrategy.of(FieldStrategy.Kind.NULL)), HASHER);

    assertThat(store.delete(List.of(line(1, 2), line(2, 3), line(3, 2)))).isEqualTo(1);
    assertThat(store.anonymize(List.of(line(2, 1)), clearEmail)).isEqualTo(1);
    assertThat(store.rectify(line(1, 1), Map.of(EMAIL, "ada@new.example"))).isEqualTo(1);
    assertThat(store.rectify(line(1, 2), Map.of(EMAIL, "gone@example.com")))
        .as("the deleted line")
        .isZero();

    assertThat(records(store, List.of(line(1, 1), line(1, 2), line(2, 1), line(2, 2))))
        .extracting(PersonalRecord::key, r -> field(r, EMAIL))
        .containsExactly(
            tuple(line(1, 1), "ada@new.example"),
            tuple(line(2, 1), null),
            tuple(line(2, 2), "bob-2-2@example.com"));
    assertThat(read(store, ADA)).extracting(PersonalRecord::key).containsExactly(line(1, 1));
  }

  // ------------------------------------------------------------------ roles

  /**
   * Tom teaches Sue (lesson 1) and Ann (2), and has an open slot with no student (3); Ann teaches
   * Tom (4), who signed up as a student with another email address. Every lesson was given on day
   * 0.
   */
  private PersonalDataStore lessons() {
    return createRoleStore(
        List.of(
            new ContractLesson(
                1,
                "tom",
                "tom@example.com",
                "sue",
                "sue@example.com",
                "algebra",
                "needs practice",
                "5",
                day(0)),
            new ContractLesson(
                2,
                "tom",
                "tom@example.com",
                "ann",
                "ann@example.com",
                "geometry",
                "quick learner",
                "4",
                day(0)),
            new ContractLesson(
                3, "tom", "tom@example.com", null, null, "calculus", "open slot", null, day(0)),
            new ContractLesson(
                4,
                "ann",
                "ann@example.com",
                "tom",
                "tom@student.example",
                "chess",
                "sharp",
                "3",
                day(0))));
  }

  /** The record of a key among a subject's records; it must be there. */
  private static PersonalRecord lesson(PersonalDataStore store, long id, SubjectRef... subject) {
    return read(store, subject).stream()
        .filter(r -> r.key().equals(RecordKey.of(id)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("lesson " + id + " not found"));
  }

  private static List<CategoryKey> categories(PersonalRecord record) {
    return record.fields().stream().map(FieldValue::category).sorted().toList();
  }

  @Test
  @Requirement(
      "a row naming several people in roles is returned to each of them with only that "
          + "person's identifiers and role fields (GDPR Art. 15(4)).")
  void each_person_reads_a_shared_row_with_only_their_own_identifiers_and_role_fields() {
    PersonalDataStore lessons = lessons();

    PersonalRecord suesLesson = lesson(lessons, 1, SUE);
    PersonalRecord tomsLesson = lesson(lessons, 1, TOM, TOM_EMAIL);
    PersonalRecord tomAsStudent = lesson(lessons, 4, TOM);

    assertThat(idsOf(lessons, SUE)).containsExactly(1L);
    assertThat(idsOf(lessons, SUE_EMAIL)).as("by either identifier").containsExactly(1L);
    assertThat(idsOf(lessons, TOM)).as("in either role").containsExactly(1L, 2L, 3L, 4L);
    assertThat(idsOf(lessons, ANN, ANN_EMAIL)).containsExactly(2L, 4L);
    assertThat(suesLesson.subjects())
        .as("the student's identifiers, not the tutor's")
        .containsExactlyInAnyOrder(SUE, SUE_EMAIL);
    assertThat(categories(suesLesson))
        .as("the topic and the student's rating, not the tutor's" + " note")
        .containsExactly(CONTENT, RATING);
    assertThat(field(suesLesson, RATING)).isEqualTo("5");
    assertThat(field(suesLesson, CONTENT)).isEqualTo("algebra");
    assertThat(tomsLesson.subjects())
        .as("the tutor's identifiers, not the student's")
        .containsExactlyInAnyOrder(TOM, TOM_EMAIL);
    assertThat(categories(tomsLesson))
        .as("the topic and the tutor's note, not the student's" + " rating")
        .containsExactly(CONTENT, TUTOR_NOTE);
    assertThat(field(tomsLesson, TUTOR_NOTE)).isEqualTo("needs practice");
    assertThat(tomAsStudent.subjects())
        .as("the role Tom holds on that row")
        .containsExactlyInAnyOrder(TOM, TOM_AS_STUDENT);
    assertThat(categories(tomAsStudent)).containsExactly(CONTENT, RATING);
  }

  @Test
  @Requirement(
      "linkedIdentities links identifiers within one role of a row, never a tutor's to "
          + "the student's.")
  void identifiers_link_within_a_role_and_never_across_roles() {
    PersonalDataStore lessons = lessons();

    assertThat(lessons.linksIdentities()).as("each role has two identifier columns").isTrue();
    assertThat(lessons.linkedIdentities(TOM))
        .as("Tom as a tutor and as a student")
        .containsExactlyInAnyOrder(TOM_EMAIL, TOM_AS_STUDENT);
    assertThat(lessons.linkedIdentities(TOM_AS_STUDENT)).containsExactly(TOM);
    assertThat(lessons.linkedIdentities(SUE)).containsExactly(SUE_EMAIL);
    assertThat(lessons.linkedIdentities(ANN_EMAIL)).containsExactly(ANN);
    // an access export checks a store's links by reading its records, so the two must agree
    for (SubjectRef identity :
        List.of(TOM, TOM_EMAIL, TOM_AS_STUDENT, SUE, SUE_EMAIL, ANN, ANN_EMAIL)) {
      Set<SubjectRef> carried = new java.util.HashSet<>();
      read(lessons, identity).forEach(record -> carried.addAll(record.subjects()));
      carried.remove(identity);
      assertThat(lessons.linkedIdentities(identity))
          .as("links of %s", identity)
          .containsExactlyInAnyOrderElementsOf(carried);
    }
  }

  @Test
  @Requirement(
      "sharedWithOthers names a row while another role on it names someone, and each "
          + "person it names reaches it.")
  void a_row_is_shared_while_another_role_names_someone_and_held_for_everyone_it_names() {
    PersonalDataStore lessons = lessons();

    assertThat(lessons.sharedWithOthers(keys(1), Set.of(SUE, SUE_EMAIL)))
        .as("Tom teaches it")
        .containsExactly(RecordKey.of(1L));
    assertThat(lessons.sharedWithOthers(keys(1, 2, 3, 4), Set.of(TOM, TOM_EMAIL)))
        .as("lesson 3 has no student")
        .containsExactlyInAnyOrder(RecordKey.of(1L), RecordKey.of(2L), RecordKey.of(4L));
    assertThat(lessons.sharedWithOthers(keys(2, 4), Set.of(ANN_EMAIL)))
        .containsExactlyInAnyOrder(RecordKey.of(2L), RecordKey.of(4L));
    assertThat(lessons.sharedWithOthers(List.of(), Set.of(TOM))).isEmpty();
    // a legal hold on any person a lesson names keeps it
    assertThat(expired(lessons, CONTENT, SUE)).containsExactly(2L, 3L, 4L);
    assertThat(expired(lessons, CONTENT, SUE, ANN_EMAIL)).containsExactly(3L);
    assertThat(expired(lessons, CONTENT, TOM)).isEmpty();
  }

  @Test
  @Requirement(
      "detach clears one person's role columns and role fields and keeps the row for "
          + "the others; the last person's erasure may delete it.")
  void detaching_a_person_clears_only_their_role_and_keeps_the_row_for_the_other() {
    PersonalDataStore lessons = lessons();

    Set<RecordKey> sue = lessons.detach(keys(1, 2), Set.of(SUE, SUE_EMAIL));
    Set<RecordKey> tom = lessons.detach(keys(4), Set.of(TOM, TOM_EMAIL, TOM_AS_STUDENT));

    assertThat(sue).as("Sue is on lesson 1 only").containsExactly(RecordKey.of(1L));
    assertThat(tom).containsExactly(RecordKey.of(4L));
    assertThat(idsOf(lessons, SUE, SUE_EMAIL)).as("no longer found for Sue").isEmpty();
    assertThat(idsOf(lessons, TOM, TOM_EMAIL, TOM_AS_STUDENT)).containsExactly(1L, 2L, 3L);
    PersonalRecord first = lesson(lessons, 1, TOM);
    assertThat(first.subjects()).containsExactlyInAnyOrder(TOM, TOM_EMAIL);
    assertThat(field(first, TUTOR_NOTE)).as("the tutor's note stays").isEqualTo("needs practice");
    assertThat(field(first, CONTENT)).isEqualTo("algebra");
    PersonalRecord fourth = lesson(lessons, 4, ANN);
    assertThat(fourth.subjects()).containsExactlyInAnyOrder(ANN, ANN_EMAIL);
    assertThat(field(fourth, TUTOR_NOTE)).isEqualTo("sharp");
    assertThat(field(lesson(lessons, 2, ANN), RATING))
        .as("Ann's lesson 2 untouched")
        .isEqualTo("4");
    List<PersonalRecord> byKey = records(lessons, keys(1, 4));
    assertThat(byKey)
        .as("read by key, with every field")
        .allSatisfy(
            r -> {
              assertThat(field(r, RATING)).as("the student's rating is cleared").isNull();
              assertThat(r.subjects()).doesNotContain(SUE, SUE_EMAIL, TOM_AS_STUDENT);
            });
    assertThat(lessons.sharedWithOthers(keys(1, 2, 3), Set.of(TOM)))
        .as("nobody else is named on lesson 1 any more")
        .containsExactly(RecordKey.of(2L));
    assertThat(lessons.detach(keys(1, 99), Set.of(SUE))).as("nothing of Sue's left").isEmpty();
  }

  /**
   * Deletes every page of a query, checking that each page deletes at most the page size, starts
   * after the previous one, and that the pages end within {@code maxPages}.
   *
   * @return how many records the pages deleted
   */
  private static long deleteAllPages(PersonalDataStore store, ExpiryQuery query, int maxPages) {
    long deleted = 0;
    int pages = 0;
    DeletedPage page;
    do {
      page = store.deleteExpiredPage(query);
      assertThat(page.deleted()).isBetween(0, query.limit());
      deleted += page.deleted();
      if (!page.isLast()) {
        assertThat(query.after() == null || query.after().compareTo(page.lastKey()) < 0)
            .as("each page starts after the previous one")
            .isTrue();
        query = query.next(page.lastKey());
      }
      assertThat(++pages).as("pages end").isLessThan(maxPages);
    } while (!page.isLast());
    return deleted;
  }
}
