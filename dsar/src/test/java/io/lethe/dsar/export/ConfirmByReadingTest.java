package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.store.AmbiguousSubjectException;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An export does not ask a store again about the identifiers that store linked itself; it reads
 * that store's records first and takes the long way when they show an identifier not yet found, so
 * what it exports is the same.
 */
class ConfirmByReadingTest {

  static final SubjectRef ADA = SubjectRef.email("ada@example.com");
  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  static final CategoryKey ACCOUNT = CategoryKey.of("user.account");
  static final CategoryKey MESSAGE = CategoryKey.of("user.content.private");
  static final CategoryKey ORDER = CategoryKey.of("user.financial.transaction");

  AuditLog audit;
  MutableClock clock;
  InMemoryStore accounts;
  InMemoryStore messages;
  InMemoryStore orders;
  CountingStore countedAccounts;

  @BeforeEach
  void setUp() {
    DataSource dataSource = TestDatabases.h2("confirm");
    clock = MutableClock.at("2026-03-01T10:00:00Z");
    audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            AccessExporterTest.HASHER,
            clock);
    accounts =
        InMemoryStore.builder("accounts")
            .category(ACCOUNT.value())
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .subject("wallet", IdentifierType.WALLET_ADDRESS)
            .field("email", "user.contact.email")
            .build();
    messages =
        InMemoryStore.builder("messages")
            .category(MESSAGE.value())
            .subject("sender", IdentifierType.EMAIL)
            .field("body", MESSAGE.value())
            .build();
    orders =
        InMemoryStore.builder("orders")
            .category(ORDER.value())
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("amount", ORDER.value())
            .build();
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id", "a-1", "email", "ada@example.com", "wallet", "w-ada", "collected", T0));
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id", "b-2", "email", "bob@example.com", "wallet", "w-bob", "collected", T0));
    messages.insert(
        RecordKey.of(10L), Map.of("sender", "ada@example.com", "body", "hello", "collected", T0));
    messages.insert(
        RecordKey.of(11L),
        Map.of("sender", "ada.old@example.com", "body", "from my old address", "collected", T0));
    orders.insert(RecordKey.of(20L), Map.of("account_id", "a-1", "amount", 4200L, "collected", T0));
    orders.insert(RecordKey.of(21L), Map.of("account_id", "b-2", "amount", 999L, "collected", T0));
    countedAccounts = new CountingStore(accounts);
  }

  AccessExporter exporter() {
    return AccessExporter.builder(AccessExporterTest.policy())
        .stores(countedAccounts, messages, orders)
        .audit(audit)
        .clock(clock)
        .build();
  }

  @Test
  void the_accounts_table_is_read_for_the_email_then_for_what_it_linked_and_never_asked() {
    ExportSummary summary = exporter().export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    // its records of the email give the account id and wallet; its records of those two
    // confirm that they lead nowhere else; the stores of one identifier are read once
    assertThat(countedAccounts.questions).isZero();
    assertThat(countedAccounts.asked)
        .containsExactly(
            Set.of(ADA),
            Set.of(
                SubjectRef.account("a-1"), SubjectRef.of(IdentifierType.WALLET_ADDRESS, "w-ada")));
    assertThat(summary.identities()).isEqualTo(3);
    assertThat(summary.records())
        .isEqualTo(
            Map.of(
                "accounts",
                Map.of(ACCOUNT, 1L),
                "messages",
                Map.of(MESSAGE, 1L),
                "orders",
                Map.of(ORDER, 1L)));
  }

  @Test
  void identifiers_the_accounts_table_keeps_unique_leave_it_read_once() {
    ByteArrayOutputStream before = new ByteArrayOutputStream();
    exporter().export(ADA, before, ExportFormat.JSON);
    countedAccounts =
        new CountingStore(
            accounts, Set.of(IdentifierType.ACCOUNT_ID, IdentifierType.WALLET_ADDRESS));

    ByteArrayOutputStream after = new ByteArrayOutputStream();
    ExportSummary summary = exporter().export(ADA, after, ExportFormat.JSON);

    // no other record can carry the account id or wallet of the record read by email
    assertThat(countedAccounts.questions).isZero();
    assertThat(countedAccounts.asked).containsExactly(Set.of(ADA));
    assertThat(summary.identities()).isEqualTo(3);
    assertThat(after.toString()).isEqualTo(before.toString());
  }

  @Test
  void an_identifier_kept_unique_is_still_asked_about_when_no_record_read_carries_it() {
    // emails and wallets are unique in the accounts table, but the aliases table is what links
    // Ada's old address: the accounts table must still be read for that address, which no
    // accounts record read so far carries
    InMemoryStore aliases =
        InMemoryStore.builder("aliases")
            .category(MESSAGE.value())
            .subject("email", IdentifierType.EMAIL)
            .subject("old_email", IdentifierType.EMAIL)
            .field("old_email", "user.contact.email")
            .build();
    aliases.insert(
        RecordKey.of(1L),
        Map.of("email", "ada@example.com", "old_email", "ada.old@example.com", "collected", T0));
    accounts.insert(
        RecordKey.of(3L),
        Map.of(
            "account_id",
            "a-1",
            "email",
            "ada.old@example.com",
            "wallet",
            "w-ada-2",
            "collected",
            T0));
    countedAccounts =
        new CountingStore(accounts, Set.of(IdentifierType.EMAIL, IdentifierType.WALLET_ADDRESS));
    AccessExporter exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(countedAccounts, aliases, messages, orders)
            .audit(audit)
            .clock(clock)
            .build();

    ExportSummary summary = exporter.export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    assertThat(summary.identities()).isEqualTo(5);
    assertThat(countedAccounts.asked).contains(Set.of(SubjectRef.email("ada.old@example.com")));
    assertThat(summary.records().get("accounts")).isEqualTo(Map.of(ACCOUNT, 2L));
    assertThat(summary.records().get("messages")).isEqualTo(Map.of(MESSAGE, 2L));
    assertThat(exporter.resolveIdentities(ADA)).hasSize(5);
  }

  @Test
  void an_identifier_seen_only_while_confirming_sends_resolution_the_long_way() {
    // Ada's account also carries the address she used before
    accounts.insert(
        RecordKey.of(3L),
        Map.of(
            "account_id",
            "a-1",
            "email",
            "ada.old@example.com",
            "wallet",
            "w-ada",
            "collected",
            T0));

    ExportSummary summary = exporter().export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    assertThat(summary.identities()).isEqualTo(4);
    assertThat(summary.records())
        .isEqualTo(
            Map.of(
                "accounts",
                Map.of(ACCOUNT, 2L),
                "messages",
                Map.of(MESSAGE, 2L),
                "orders",
                Map.of(ORDER, 1L)));
    assertThat(exporter().resolveIdentities(ADA)).as("the long way").hasSize(summary.identities());
  }

  @Test
  void a_second_account_seen_only_while_confirming_stops_the_export_before_it_writes() {
    // Bob's account shares Ada's wallet: the email reaches it only through the wallet
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id", "b-2", "email", "bob@example.com", "wallet", "w-ada", "collected", T0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> exporter().export(ADA, out, ExportFormat.JSON))
        .isInstanceOf(AmbiguousSubjectException.class);
    assertThat(out.size()).isZero();
    List<AuditEntry> entries = entries();
    assertThat(entries).extracting(AuditEntry::action).containsExactly(AuditAction.EXPORT);
    assertThat(entries.get(0).outcome()).isEqualTo(AuditOutcome.FAILED);
  }

  @Test
  void a_store_with_more_records_of_what_it_linked_than_are_kept_is_asked_and_read_again() {
    // one record of Ada's email; many of her account id and wallet that carry no email
    for (long i = 0; i < AccessExporter.CONFIRMATION_BUFFER + 200; i++) {
      accounts.insert(
          RecordKey.of(1_000 + i),
          Map.of("account_id", "a-1", "wallet", "w-ada", "collected", T0.plusSeconds(i)));
    }

    ExportSummary summary = exporter().export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    // read for the email, read for the rest until the buffer was full, asked about the rest,
    // read in full in its turn
    assertThat(countedAccounts.questions).isEqualTo(2);
    assertThat(countedAccounts.reads).isEqualTo(3);
    assertThat(summary.identities()).isEqualTo(3);
    assertThat(summary.records().get("accounts"))
        .isEqualTo(Map.of(ACCOUNT, AccessExporter.CONFIRMATION_BUFFER + 201L));
  }

  @Test
  void a_store_with_more_records_than_are_kept_is_asked_instead_and_read_again() {
    for (long i = 0; i < AccessExporter.CONFIRMATION_BUFFER + 200; i++) {
      accounts.insert(
          RecordKey.of(1_000 + i),
          Map.of(
              "account_id",
              "a-1",
              "email",
              "ada@example.com",
              "wallet",
              "w-ada",
              "collected",
              T0.plusSeconds(i)));
    }

    ExportSummary summary = exporter().export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    assertThat(countedAccounts.questions).isEqualTo(3);
    assertThat(countedAccounts.reads).isEqualTo(2);
    assertThat(summary.records().get("accounts"))
        .isEqualTo(Map.of(ACCOUNT, AccessExporter.CONFIRMATION_BUFFER + 201L));
  }

  @Test
  void a_linking_store_failing_while_it_resolves_leaves_a_failed_export_in_the_trail() {
    PersonalDataStore failing =
        new ForwardingStore(accounts) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            throw new IllegalStateException("connection refused");
          }
        };
    AccessExporter exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(failing, messages, orders)
            .audit(audit)
            .clock(clock)
            .build();

    assertThatThrownBy(() -> exporter.export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON))
        .isInstanceOf(StoreException.class);

    List<AuditEntry> entries;
    try (Stream<AuditEntry> all = audit.entries()) {
      entries = all.toList();
    }
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly(AuditAction.STORE_FAILURE, AuditAction.EXPORT);
    assertThat(entries.get(1).outcome()).isEqualTo(AuditOutcome.FAILED);
  }

  @Test
  void a_linking_store_failing_while_it_is_confirmed_leaves_a_failed_export_in_the_trail() {
    PersonalDataStore failing =
        new ForwardingStore(accounts) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            if (identities.contains(ADA)) {
              return super.recordsOf(identities);
            }
            throw new IllegalStateException("connection refused");
          }
        };
    AccessExporter exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(failing, messages, orders)
            .audit(audit)
            .clock(clock)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> exporter.export(ADA, out, ExportFormat.JSON))
        .isInstanceOf(StoreException.class);

    assertThat(out.size()).isZero();
    List<AuditEntry> entries = entries();
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly(AuditAction.STORE_FAILURE, AuditAction.EXPORT);
    assertThat(entries.get(1).outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(entries.get(1).counts()).containsEntry("identities", 3L);
  }

  private List<AuditEntry> entries() {
    try (Stream<AuditEntry> all = audit.entries()) {
      return all.toList();
    }
  }

  /**
   * Counts the questions ({@code linkedIdentities}) and reads ({@code recordsOf}) it gets, noting
   * the identifiers of each read; says the given identifier types are unique.
   */
  static final class CountingStore extends ForwardingStore {
    final List<Set<SubjectRef>> asked = new ArrayList<>();
    final Set<IdentifierType> unique;
    int questions;
    int reads;

    CountingStore(PersonalDataStore store) {
      this(store, Set.of());
    }

    CountingStore(PersonalDataStore store, Set<IdentifierType> unique) {
      super(store);
      this.unique = unique;
    }

    @Override
    public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
      questions++;
      return super.linkedIdentities(identity);
    }

    @Override
    public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
      reads++;
      asked.add(Set.copyOf(identities));
      return super.recordsOf(identities);
    }

    @Override
    public Set<IdentifierType> uniqueIdentifiers() {
      return unique;
    }
  }
}
