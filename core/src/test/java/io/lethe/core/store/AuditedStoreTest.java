package io.lethe.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AuditedStoreTest {

  private static final CategoryKey TRANSACTIONS = CategoryKey.of("user.financial.transaction");
  private static final String SECRET_VALUE = "alice@example.com";

  private final StubStore stub = new StubStore();
  private final ListAuditStorage storage = new ListAuditStorage();
  private final AuditLog audit =
      AuditLog.create(
          storage,
          SubjectHasher.withSecret(
              "a-test-secret-that-is-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
          Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
  private final AuditedStore store = AuditedStore.of(stub, audit);
  private final AuditContext sweep =
      new AuditContext(AuditAction.SWEEP_BATCH, "sweeper", "transactions-rule", TRANSACTIONS, null);

  private static List<RecordKey> keys(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(RecordKey::of).toList();
  }

  private AuditEntry lastEntry() {
    return storage.entries.get(storage.entries.size() - 1);
  }

  @Test
  void a_successful_delete_is_audited_with_its_counts() {
    int deleted = store.delete(keys(1, 2, 3), sweep);

    assertThat(deleted).isEqualTo(3);
    AuditEntry entry = lastEntry();
    assertThat(entry.action()).isEqualTo(AuditAction.SWEEP_BATCH);
    assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(entry.reference()).isEqualTo("transactions-rule");
    assertThat(entry.store()).isEqualTo("orders");
    assertThat(entry.category()).isEqualTo(TRANSACTIONS);
    assertThat(entry.counts())
        .containsExactlyInAnyOrderEntriesOf(Map.of("requested", 3L, "deleted", 3L));
    assertThat(entry.at()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
  }

  @Test
  void a_store_that_deletes_fewer_than_asked_is_a_typed_error_and_a_partial_audit_entry() {
    stub.delete = keys -> keys.size() - 2;

    StoreException e =
        catchThrowableOfType(StoreException.class, () -> store.delete(keys(1, 2, 3, 4, 5), sweep));

    assertThat(e.store()).isEqualTo("orders");
    assertThat(e.operation()).isEqualTo(StoreOperation.DELETE);
    assertThat(e).hasMessage("Store 'orders' was asked to delete 5 records but reports 3");
    assertThat(lastEntry().outcome()).isEqualTo(AuditOutcome.PARTIAL);
    assertThat(lastEntry().counts()).containsEntry("requested", 5L).containsEntry("deleted", 3L);
    assertThat(lastEntry().detail()).isEqualTo(e.getMessage());
  }

  @Test
  void a_store_that_claims_more_than_asked_breaks_the_contract() {
    stub.anonymize = keys -> keys.size() + 1;

    StoreException e =
        catchThrowableOfType(
            StoreException.class,
            () -> store.anonymize(keys(1), new Anonymization(Map.of(), audit.hasher()), sweep));

    assertThat(e)
        .hasMessage(
            "Store 'orders' broke the store contract while asked to anonymize:"
                + " reports 2 records changed for 1 asked");
    assertThat(lastEntry().outcome()).isEqualTo(AuditOutcome.PARTIAL);
  }

  @Test
  void a_store_that_throws_is_reported_without_the_personal_data_in_the_drivers_message() {
    stub.delete =
        keys -> {
          throw new IllegalStateException(
              "wrapped",
              new SQLException(
                  "duplicate key value violates unique constraint: (email)=(" + SECRET_VALUE + ")",
                  "23505",
                  0));
        };

    StoreException e =
        catchThrowableOfType(
            StoreException.class,
            () ->
                store.delete(
                    keys(7),
                    new AuditContext(
                        AuditAction.ERASURE,
                        "dsar",
                        "request-42",
                        TRANSACTIONS,
                        SubjectRef.email(SECRET_VALUE))));

    assertThat(e).hasMessage("Store 'orders' failed to delete: java.lang.IllegalStateException");
    Throwable cause = e.getCause();
    StringBuilder chain = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      chain.append(t.getMessage()).append('\n');
    }
    assertThat(chain.toString())
        .doesNotContain(SECRET_VALUE)
        .contains("java.sql.SQLException (SQL state 23505, vendor code 0)");
    AuditEntry entry = lastEntry();
    assertThat(entry.action()).isEqualTo(AuditAction.ERASURE);
    assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(entry.subjectHash()).isEqualTo(audit.hasher().hash(SubjectRef.email(SECRET_VALUE)));
    assertThat(entry.toString()).doesNotContain(SECRET_VALUE);
  }

  @Test
  void expired_keys_beyond_the_page_or_out_of_order_break_the_contract() {
    ExpiryQuery page = ExpiryQuery.firstPage(TRANSACTIONS, Anchor.COLLECTED, Instant.EPOCH, 2);

    stub.findExpired = q -> keys(1, 2, 3);
    assertThat(catchThrowableOfType(StoreException.class, () -> store.findExpired(page, sweep)))
        .hasMessageEndingWith("returned 3 keys for a page of 2");

    stub.findExpired = q -> keys(2, 1);
    assertThat(catchThrowableOfType(StoreException.class, () -> store.findExpired(page, sweep)))
        .hasMessageEndingWith("returned keys out of ascending order after the page start");

    stub.findExpired = q -> keys(5);
    assertThat(
            catchThrowableOfType(
                StoreException.class, () -> store.findExpired(page.next(RecordKey.of(9L)), sweep)))
        .hasMessageEndingWith("returned keys out of ascending order after the page start");

    assertThat(storage.entries)
        .extracting(AuditEntry::action)
        .containsOnly(AuditAction.STORE_FAILURE);
    assertThat(storage.entries).hasSize(3);
  }

  @Test
  void a_store_that_hands_out_another_subjects_record_is_stopped() {
    SubjectRef alice = SubjectRef.account("alice");
    stub.recordsOf =
        ids ->
            Stream.of(
                new PersonalRecord(
                    "orders",
                    RecordKey.of(1L),
                    TRANSACTIONS,
                    List.of(),
                    Set.of(SubjectRef.account("mallory")),
                    AnchorTimes.none()));

    StoreException e;
    try (Stream<PersonalRecord> records =
        store.recordsOf(
            Set.of(alice),
            new AuditContext(AuditAction.EXPORT, "dsar", "request-7", null, alice))) {
      e = catchThrowableOfType(StoreException.class, records::toList);
    }

    assertThat(e)
        .hasMessage(
            "Store 'orders' broke the store contract while asked to read a"
                + " subject's records: returned a record that belongs to none of the subject's"
                + " identifiers");
    assertThat(lastEntry().action()).isEqualTo(AuditAction.STORE_FAILURE);
  }

  @Test
  void a_store_whose_stream_fails_while_it_is_read_is_reported_like_a_failing_call() {
    SubjectRef alice = SubjectRef.account("alice");
    PersonalRecord first =
        new PersonalRecord(
            "orders", RecordKey.of(1L), TRANSACTIONS, List.of(), Set.of(alice), AnchorTimes.none());
    boolean[] closed = new boolean[1];
    stub.recordsOf =
        ids ->
            Stream.iterate(
                    first,
                    r -> {
                      throw new IllegalStateException(
                          "connection reset while reading " + SECRET_VALUE);
                    })
                .limit(3)
                .onClose(() -> closed[0] = true);

    List<PersonalRecord> read = new java.util.ArrayList<>();
    StoreException e;
    try (Stream<PersonalRecord> records =
        store.recordsOf(
            Set.of(alice),
            new AuditContext(AuditAction.EXPORT, "dsar", "request-7", null, alice))) {
      e = catchThrowableOfType(StoreException.class, () -> records.forEach(read::add));
    }

    assertThat(read).containsExactly(first);
    assertThat(e)
        .hasMessage(
            "Store 'orders' failed to read a subject's records:"
                + " java.lang.IllegalStateException");
    assertThat(closed[0]).as("the store's stream closed with the caller's").isTrue();
    assertThat(lastEntry().action()).isEqualTo(AuditAction.STORE_FAILURE);
    assertThat(lastEntry().outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(lastEntry().toString()).doesNotContain(SECRET_VALUE);
  }

  @Test
  void stores_of_one_group_are_read_with_one_call_and_each_stream_is_checked() {
    SubjectRef alice = SubjectRef.account("alice");
    StubStore payments = new StubStore("payments");
    StubStore loner = new StubStore("sessions");
    stub.group = "db";
    payments.group = "db";
    loner.group = "other-db";
    List<List<String>> calls = new java.util.ArrayList<>();
    stub.jointly =
        stores -> {
          calls.add(stores.stream().map(s -> s.name()).toList());
          return List.of(
              Stream.of(record("orders", 1L, alice)),
              Stream.of(record("payments", 2L, SubjectRef.account("mallory"))));
        };
    AuditedStore second = AuditedStore.of(payments, audit);
    AuditContext export = new AuditContext(AuditAction.EXPORT, "dsar", "request-7", null, alice);

    Map<AuditedStore, Stream<PersonalRecord>> started =
        AuditedStore.recordsOfJointly(
            List.of(
                store,
                AuditedStore.of(loner, audit),
                second,
                AuditedStore.of(new StubStore(), audit)),
            Set.of(alice),
            export);

    assertThat(calls).containsExactly(List.of("orders", "payments"));
    assertThat(started.keySet()).containsExactly(store, second);
    assertThat(started.get(store).toList()).extracting(r -> r.key().value()).containsExactly(1L);
    StoreException e = catchThrowableOfType(StoreException.class, started.get(second)::toList);
    assertThat(e)
        .hasMessage(
            "Store 'payments' broke the store contract while asked to read a"
                + " subject's records: returned a record that belongs to none of the subject's"
                + " identifiers");
    assertThat(lastEntry().store()).isEqualTo("payments");
  }

  @Test
  void a_joint_read_that_fails_leaves_its_stores_to_be_read_alone_and_is_not_audited() {
    StubStore payments = paymentsOnTheSameDatabase();
    stub.jointly =
        stores -> {
          throw new IllegalStateException("multi-statement refused for " + SECRET_VALUE);
        };

    Map<AuditedStore, Stream<PersonalRecord>> started =
        readJointly(store, AuditedStore.of(payments, audit));

    assertThat(started).isEmpty();
    assertThat(storage.entries).isEmpty();
  }

  @Test
  void a_joint_read_with_a_stream_missing_is_set_aside_and_its_streams_closed() {
    StubStore payments = paymentsOnTheSameDatabase();
    boolean[] closed = new boolean[1];
    stub.jointly =
        stores -> List.of(Stream.<PersonalRecord>empty().onClose(() -> closed[0] = true));

    Map<AuditedStore, Stream<PersonalRecord>> started =
        readJointly(store, AuditedStore.of(payments, audit));

    assertThat(started).isEmpty();
    assertThat(closed[0]).isTrue();
    assertThat(storage.entries).isEmpty();
  }

  @Test
  void a_joint_read_throwing_an_undeclared_checked_exception_is_set_aside_too() {
    StubStore payments = paymentsOnTheSameDatabase();
    stub.jointly = stores -> sneaky(new SQLException("duplicate key " + SECRET_VALUE));

    Map<AuditedStore, Stream<PersonalRecord>> started =
        readJointly(store, AuditedStore.of(payments, audit));

    assertThat(started).isEmpty();
    assertThat(storage.entries).isEmpty();
  }

  @Test
  void a_store_listed_twice_is_read_once_and_every_stream_opened_is_handed_out() {
    StubStore payments = paymentsOnTheSameDatabase();
    List<Integer> asked = new java.util.ArrayList<>();
    stub.jointly =
        stores -> {
          asked.add(stores.size());
          return stores.stream().map(s -> Stream.<PersonalRecord>empty()).toList();
        };
    AuditedStore second = AuditedStore.of(payments, audit);

    Map<AuditedStore, Stream<PersonalRecord>> started = readJointly(store, second, store);

    assertThat(asked).containsExactly(2);
    assertThat(started.keySet()).containsExactly(store, second);
  }

  @Test
  void the_default_joint_read_closes_what_it_opened_when_a_later_store_fails() {
    SubjectRef alice = SubjectRef.account("alice");
    StubStore payments = new StubStore("payments");
    int[] closed = new int[1];
    stub.recordsOf = ids -> Stream.<PersonalRecord>empty().onClose(() -> closed[0]++);
    payments.recordsOf =
        ids -> {
          throw new IllegalStateException("connection refused");
        };

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> stub.recordsOfJointly(List.of(stub, payments), Set.of(alice)));

    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(closed[0]).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Throwable> T sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /** Alice's records read jointly, for an export. */
  private static Map<AuditedStore, Stream<PersonalRecord>> readJointly(AuditedStore... stores) {
    SubjectRef alice = SubjectRef.account("alice");
    return AuditedStore.recordsOfJointly(
        List.of(stores),
        Set.of(alice),
        new AuditContext(AuditAction.EXPORT, "dsar", "request-7", null, alice));
  }

  /** A payments store that, like the orders stub, can be read jointly with it. */
  private StubStore paymentsOnTheSameDatabase() {
    StubStore payments = new StubStore("payments");
    stub.group = "db";
    payments.group = "db";
    return payments;
  }

  private static PersonalRecord record(String store, long key, SubjectRef subject) {
    return new PersonalRecord(
        store, RecordKey.of(key), TRANSACTIONS, List.of(), Set.of(subject), AnchorTimes.none());
  }

  @Test
  void a_store_whose_stream_fails_to_close_is_reported_like_a_failing_call() {
    SubjectRef alice = SubjectRef.account("alice");
    stub.recordsOf =
        ids ->
            Stream.<PersonalRecord>empty()
                .onClose(
                    () -> {
                      throw new IllegalStateException("cursor close failed for " + SECRET_VALUE);
                    });

    Stream<PersonalRecord> records =
        store.recordsOf(
            Set.of(alice), new AuditContext(AuditAction.EXPORT, "dsar", "request-7", null, alice));
    StoreException e = catchThrowableOfType(StoreException.class, records::close);

    assertThat(e)
        .hasMessage(
            "Store 'orders' failed to read a subject's records:"
                + " java.lang.IllegalStateException");
    assertThat(lastEntry().action()).isEqualTo(AuditAction.STORE_FAILURE);
    assertThat(lastEntry().toString()).doesNotContain(SECRET_VALUE);
  }

  @Test
  void an_empty_batch_touches_neither_store_nor_audit() {
    stub.delete =
        keys -> {
          throw new AssertionError("must not be called");
        };

    assertThat(store.delete(List.of(), sweep)).isZero();
    assertThat(storage.entries).isEmpty();
  }

  @Test
  void identifiers_keys_and_values_never_show_in_text() {
    PersonalRecord record =
        new PersonalRecord(
            "orders",
            RecordKey.of(SECRET_VALUE),
            TRANSACTIONS,
            List.of(new FieldValue("email", CategoryKey.of("user.contact.email"), SECRET_VALUE)),
            Set.of(SubjectRef.email(SECRET_VALUE)),
            AnchorTimes.none());

    assertThat(SubjectRef.email(SECRET_VALUE)).hasToString("SubjectRef[email:***]");
    assertThat(RecordKey.of(SECRET_VALUE)).hasToString("RecordKey[***]");
    assertThat(record.toString()).doesNotContain("alice").contains("email(user.contact.email)=***");
  }
}
