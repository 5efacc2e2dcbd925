package io.lethe.retention;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.JsonLinesAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreException;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.ErasureLedger;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure through the retention engine: what may go goes, what a hold, floor or legal obligation
 * protects stays with its ground, a sweep finishes the job when the floor passes, and a restored
 * store is erased again from the tombstones.
 */
class ErasureTest {

  private static final Instant T0 = Instant.parse("2026-01-10T00:00:00Z");
  private static final CategoryKey TRANSACTION = CategoryKey.of("user.financial.transaction");
  private static final CategoryKey SUPPORT = CategoryKey.of("user.communication");
  private static final SubjectRef ADA = SubjectRef.email("ada@example.com");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(T0);
  private AuditLog audit;
  private LegalHolds holds;
  private InMemoryStore accounts;
  private InMemoryStore jobs;
  private InMemoryStore payments;
  private InMemoryStore tickets;

  @BeforeEach
  void setUp() {
    audit =
        AuditLog.create(
            JsonLinesAuditStorage.at(dir.resolve("audit.jsonl")),
            SubjectHasher.withSecret(
                "erasure-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8)),
            clock);
    holds = LegalHolds.create(new InMemoryHoldRegistry(), audit, clock);
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .anchor(Anchor.COLLECTED, "created_at")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .build();
    jobs =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    payments =
        InMemoryStore.builder("payments")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("wallet", IdentifierType.WALLET_ADDRESS)
            .field("amount", "user.financial.transaction")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    tickets =
        InMemoryStore.builder("tickets")
            .category("user.communication")
            .subject("email", IdentifierType.EMAIL)
            .field("body", "user.communication")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    account(1, "acc-ada", "ada@example.com");
    account(2, "acc-bob", "bob@example.com");
    row(jobs, 10, "acc-ada", null, T0.minus(Duration.ofDays(3)));
    row(jobs, 11, "acc-ada", null, T0.minus(Duration.ofDays(2)));
    row(jobs, 12, "acc-bob", null, T0.minus(Duration.ofDays(2)));
    row(payments, 20, "acc-ada", "0xada", T0.minus(Duration.ofDays(400)));
    row(payments, 21, "acc-ada", "0xada", T0.minus(Duration.ofDays(30)));
    row(payments, 22, "acc-bob", "0xbob", T0.minus(Duration.ofDays(30)));
    Map<String, Object> ticket = new HashMap<>();
    ticket.put("email", "ada@example.com");
    ticket.put("body", "please delete me");
    ticket.put("created_at", T0.minus(Duration.ofDays(10)));
    tickets.insert(RecordKey.of(30L), ticket);
  }

  private void account(long id, String account, String email) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("email", email);
    row.put("created_at", T0.minus(Duration.ofDays(500)));
    accounts.insert(RecordKey.of(id), row);
  }

  private static void row(
      InMemoryStore store, long id, String account, String wallet, Instant created) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("created_at", created);
    if (wallet != null) {
      row.put("wallet", wallet);
      row.put("amount", 10 * id);
    } else {
      row.put("ip", "198.51.100." + id);
    }
    store.insert(RecordKey.of(id), row);
  }

  /** VZGen's shape: usage 90 days, transactions kept at least five years for tax law. */
  private static PrivacyPolicy.Builder policy() {
    return policyWithout()
        .rule(
            RetentionRule.builder("usage")
                .categories("user.behavior.usage", "user.device.ip_address")
                .maximum("P90D")
                .build());
  }

  private static PrivacyPolicy.Builder policyWithout() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .recipient(
            Recipient.builder("mailer")
                .name("Mailer")
                .role(RecipientRole.PROCESSOR)
                .categories("user.contact.email")
                .build())
        .recipient(
            Recipient.builder("payments_psp")
                .name("PSP")
                .role(RecipientRole.PROCESSOR)
                .categories("user.financial.transaction")
                .build())
        .rule(
            RetentionRule.builder("transactions")
                .categories("user.financial.transaction")
                .minimum("P5Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("tax law")
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact.email")
                .anchoredOn("account.closed")
                .maximum("P30D")
                .build());
  }

  private static PrivacyPolicy supportKeptForLaw() {
    return policy()
        .rule(
            RetentionRule.builder("support")
                .categories("user.communication")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .criteria("the legally required period")
                .build())
        .build();
  }

  private RetentionEngine engine(PrivacyPolicy policy, PersonalDataStore... stores) {
    return RetentionEngine.builder(policy)
        .stores(stores)
        .audit(audit)
        .holds(holds)
        .clock(clock)
        .build();
  }

  /** VZGen's shape over the stores, keeping its erasures in {@code ledger}. */
  private RetentionEngine engine(ErasureLedger ledger, PersonalDataStore... stores) {
    return RetentionEngine.builder(policy().build())
        .stores(stores)
        .audit(audit)
        .holds(holds)
        .clock(clock)
        .erasureLedger(ledger)
        .build();
  }

  private RetentionEngine engine() {
    return engine(supportKeptForLaw(), accounts, jobs, payments, tickets);
  }

  private List<AuditEntry> erasureEntries() {
    try (Stream<AuditEntry> entries = audit.entries()) {
      return entries.filter(e -> e.action() == AuditAction.ERASURE).toList();
    }
  }

  @Test
  void erases_every_store_and_keeps_what_a_floor_or_legal_obligation_protects_with_its_ground() {
    ErasureReceipt receipt = engine().erase(ADA, "req-1");

    assertThat(receipt).isComplete().erased("accounts", 1).erased("jobs", 2).notifies("mailer");
    assertThat(receipt.anonymized()).as("what went was deleted").isZero();
    assertThat(receipt.identities()).as("email, account id and wallet").isEqualTo(3);
    assertThat(accounts.keys()).containsExactly(RecordKey.of(2L));
    assertThat(jobs.keys()).containsExactly(RecordKey.of(12L));
    assertThat(payments.keys())
        .as("a floor keeps Ada's payments")
        .containsExactly(RecordKey.of(20L), RecordKey.of(21L), RecordKey.of(22L));
    assertThat(tickets.keys()).containsExactly(RecordKey.of(30L));

    assertThat(receipt.store("accounts").orElseThrow().status())
        .isEqualTo(StoreErasure.Status.ERASED);
    StoreErasure paid = receipt.store("payments").orElseThrow();
    assertThat(paid.status()).isEqualTo(StoreErasure.Status.PARTLY_RETAINED);
    assertThat(paid.found()).isEqualTo(2);
    assertThat(paid.retained()).hasSize(1);
    assertThat(receipt)
        .retained("payments", TRANSACTION.value())
        .counting(2)
        .because(RetainedRecords.Ground.MINIMUM_RETENTION)
        .because("P5Y")
        .because("tax law")
        .by("transactions")
        .as("the later payment's floor")
        .until(Instant.parse("2030-12-11T00:00:00Z"))
        .isDeferred();
    assertThat(receipt)
        .retained(SUPPORT.value())
        .because(RetainedRecords.Ground.LEGAL_OBLIGATION)
        .because("legally required period")
        .untilUnknown()
        .as("the retention rule decides, not the erasure")
        .isNotDeferred();
    assertThat(engine().deferredErasures()).isEmpty();
  }

  @Test
  void every_step_is_audited_without_the_subjects_values() {
    RetentionEngine engine = engine();
    engine.erase(ADA, "req-1");

    assertThat(erasureEntries())
        .extracting(AuditEntry::store)
        .contains("accounts", "jobs", "payments", "tickets");
    assertThat(erasureEntries())
        .last()
        .satisfies(
            summary -> {
              assertThat(summary.reference()).isEqualTo("req-1");
              assertThat(summary.counts())
                  .containsEntry("deleted", 3L)
                  .containsEntry("retained", 3L)
                  .containsEntry("failed_stores", 0L);
              assertThat(summary.subjectHash()).isEqualTo(audit.hasher().hash(ADA));
            });
    assertThat(audit.verify().intact()).isTrue();
    try (Stream<AuditEntry> entries = audit.entries()) {
      assertThat(entries.map(AuditEntry::toString))
          .noneMatch(
              e -> e.contains("ada@example.com") || e.contains("0xada") || e.contains("acc-ada"));
    }
  }

  @Test
  void a_sweep_erases_what_the_floor_protected_once_it_passes_without_another_request() {
    RetentionEngine engine = engine(policy().build(), accounts, jobs, payments);
    engine.erase(ADA, "req-1");
    assertThat(engine.deferredErasures())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.store()).isEqualTo("payments");
              assertThat(d.notBefore())
                  .as("the first floor to pass")
                  .isEqualTo(Instant.parse("2029-12-06T00:00:00Z"));
            });

    engine.sweep(Instant.parse("2029-12-05T23:59:59Z"), SweepOptions.defaults());
    assertThat(payments.keys()).hasSize(3);

    SweepReport first =
        engine.sweep(Instant.parse("2029-12-06T00:00:00Z"), SweepOptions.defaults());
    assertThat(payments.keys())
        .as("the older payment's floor passed")
        .containsExactly(RecordKey.of(21L), RecordKey.of(22L));
    assertThat(first.lines())
        .filteredOn(l -> l.rule().equals("deferred-erasure"))
        .singleElement()
        .satisfies(l -> assertThat(l.processed()).isEqualTo(1));
    assertThat(engine.deferredErasures())
        .singleElement()
        .extracting(d -> d.notBefore())
        .isEqualTo(Instant.parse("2030-12-11T00:00:00Z"));

    engine.sweep(Instant.parse("2030-12-11T00:00:00Z"), SweepOptions.defaults());
    assertThat(payments.keys())
        .as("Bob's payment has no erasure")
        .containsExactly(RecordKey.of(22L));
    assertThat(engine.deferredErasures()).isEmpty();
  }

  @Test
  void a_legal_hold_keeps_everything_of_the_subject_until_released_then_a_sweep_erases_it() {
    RetentionEngine engine = engine(policy().build(), accounts, jobs, payments);
    LegalHold hold =
        holds.holdSubject(SubjectRef.account("acc-ada"), "litigation 2026-17", "legal", null);

    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    assertThat(accounts.keys()).hasSize(2);
    assertThat(jobs.keys()).hasSize(3);
    assertThat(receipt.store("jobs").orElseThrow().retained()).hasSize(1);
    assertThat(receipt)
        .notifies()
        .retained("jobs", "user.behavior.usage")
        .because(RetainedRecords.Ground.LEGAL_HOLD)
        .by(hold.id())
        .untilUnknown()
        .satisfies(kept -> assertThat(kept.reason()).isEqualTo("subject hold: litigation 2026-17"));

    clock.advance(Duration.ofDays(1));
    engine.sweep();
    assertThat(jobs.keys()).as("still held").hasSize(3);

    holds.release(hold.id(), "legal");
    clock.advance(Duration.ofDays(1));
    engine.sweep();
    assertThat(jobs.keys()).containsExactly(RecordKey.of(12L));
    assertThat(accounts.keys()).containsExactly(RecordKey.of(2L));
    assertThat(payments.keys()).as("the floor still protects them").hasSize(3);
    assertThat(engine.deferredErasures())
        .singleElement()
        .extracting(d -> d.store())
        .isEqualTo("payments");
  }

  @Test
  void a_failing_store_is_in_the_receipt_and_the_erasure_is_not_complete() {
    PersonalDataStore broken = new FailingDeletes(jobs);
    RetentionEngine engine = engine(policy().build(), accounts, broken, payments);

    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    assertThat(receipt).hasFailedIn("jobs").erased("accounts");
    assertThatThrownBy(() -> assertThat(receipt).isComplete())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("but 1 store failed:")
        .hasMessageContaining("store \"jobs\": Store 'jobs' failed to delete")
        .message()
        .doesNotContain("acc-ada", "ada@example.com");
    assertThat(receipt.failed())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.store()).isEqualTo("jobs");
              assertThat(line.found()).isEqualTo(2);
              assertThat(line.failure())
                  .contains("Store 'jobs' failed to delete")
                  .doesNotContain("acc-ada");
            });
    assertThat(accounts.keys()).as("the other stores were erased").hasSize(1);
    assertThat(erasureEntries())
        .last()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditOutcome.PARTIAL);
              assertThat(e.counts()).containsEntry("failed_stores", 1L);
            });
  }

  @Test
  void records_a_store_did_not_delete_are_found_by_key_even_when_the_search_no_longer_links_them() {
    // GIVEN a store whose deletes report every row deleted but leave them, unlinked from the
    // subject (a view whose trigger only nulls the link), and whose counts are not exact
    UnlinkingDeletes unlinking = new UnlinkingDeletes(jobs);
    RetentionEngine engine = engine(policy().build(), accounts, unlinking, payments);

    // WHEN Ada is erased
    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    // THEN the store's line is failed, naming what is still there, and nothing claims it deleted
    assertThat(jobs.keys()).contains(RecordKey.of(10L), RecordKey.of(11L));
    assertThat(receipt.failed())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.store()).isEqualTo("jobs");
              assertThat(line.found()).isEqualTo(2);
              assertThat(line.deleted()).as("2 reported, 2 still there").isZero();
              assertThat(line.failure())
                  .isEqualTo(
                      "2 of the 2 records deleted in store 'jobs' are still"
                          + " there after the erasure");
            });
    assertThat(unlinking.readByKey)
        .as("the rows the store did not report deleted were read")
        .containsExactlyInAnyOrder(RecordKey.of(10L), RecordKey.of(11L));
  }

  @Test
  void records_a_store_with_exact_delete_counts_deleted_are_not_read_again_by_key() {
    // GIVEN a store that deletes what it is asked to, and whose counts are exact
    UnlinkingDeletes counting = new UnlinkingDeletes(jobs);
    counting.delegateDeletes = true;
    counting.exact = true;
    RetentionEngine engine = engine(policy().build(), accounts, counting, payments);

    // WHEN Ada is erased
    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    // THEN her jobs are gone, the receipt says so, and no key was read again
    assertThat(jobs.keys()).containsExactly(RecordKey.of(12L));
    assertThat(receipt).erased("jobs", 2);
    assertThat(counting.readByKey).isEmpty();
  }

  @Test
  void an_anonymization_that_leaves_the_identifier_is_refused_when_the_engine_is_built() {
    InMemoryStore marked =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();

    assertThatThrownBy(() -> engine(anonymizingUsage(), accounts, marked))
        .isInstanceOfSatisfying(
            RetentionConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "rule 'usage' anonymizes records of store 'jobs' but"
                            + " leaves their subject column account_id in place, so they would stay linked"
                            + " to their subjects (a keyed hash is still a pseudonym): map each as a field"
                            + " of a category the rule clears, redacts, replaces or generalizes, or delete"
                            + " instead"));
  }

  @Test
  void an_anonymization_that_leaves_an_undeclared_identifier_is_reported_as_a_failure() {
    InMemoryStore marked =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    row(marked, 10, "acc-ada", null, T0);
    // a store that does not say which of its values are identifiers passes the build check
    StoreDescriptor full = marked.descriptor();
    PersonalDataStore silent =
        new ForwardingStore(marked) {
          @Override
          public StoreDescriptor descriptor() {
            return new StoreDescriptor(
                full.name(),
                full.recordCategory(),
                full.fields(),
                full.identifiers(),
                full.anchors(),
                full.marksAnonymized());
          }
        };

    ErasureReceipt receipt = engine(anonymizingUsage(), accounts, silent).erase(ADA, "req-1");

    assertThat(marked.row(RecordKey.of(10L)).orElseThrow().get("ip")).isNull();
    assertThat(receipt.failed())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.anonymized()).isEqualTo(1);
              assertThat(line.failure()).contains("1 records still link to the subject");
            });
  }

  private static PrivacyPolicy anonymizingUsage() {
    return policyWithout()
        .rule(
            RetentionRule.builder("usage")
                .categories("user.behavior.usage", "user.device.ip_address")
                .maximum("P90D")
                .action(ExpiryAction.ANONYMIZE)
                .anonymize("user.device.ip_address", FieldStrategy.of(FieldStrategy.Kind.NULL))
                .build())
        .build();
  }

  @Test
  void replay_after_restore_erases_the_tombstoned_subjects_again_and_keeps_the_rest() {
    RetentionEngine engine = engine();
    engine.erase(ADA, "req-1");
    account(1, "acc-ada", "ada@example.com");
    row(jobs, 10, "acc-ada", null, T0.minus(Duration.ofDays(3)));
    account(3, "acc-cy", "cy@example.com");

    ReplayReport replay = engine.replayAfterRestore("accounts");

    assertThat(accounts.keys()).containsExactly(RecordKey.of(2L), RecordKey.of(3L));
    assertThat(replay.identifiersScanned()).as("three accounts, two identifiers each").isEqualTo(6);
    assertThat(replay.identifiersErased()).isEqualTo(2);
    assertThat(replay.outcome().deleted()).isEqualTo(1);
    assertThat(engine.replayAfterRestore("jobs").outcome().deleted()).isEqualTo(1);
    assertThat(jobs.keys()).containsExactly(RecordKey.of(12L));
    ReplayReport payments = engine.replayAfterRestore("payments");
    assertThat(payments.outcome().status()).isEqualTo(StoreErasure.Status.PARTLY_RETAINED);
    assertThat(payments.outcome().retainedCount()).isEqualTo(2);
    assertThatThrownBy(() -> engine.replayAfterRestore("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no store named 'nope'");
  }

  @Test
  void a_store_that_cannot_list_subjects_keeps_protected_records_without_promising_to_defer() {
    RetentionEngine engine = engine(policy().build(), accounts, new Unlisted(payments));

    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    assertThat(receipt)
        .retained(TRANSACTION.value())
        .isNotDeferred()
        .because("cannot list its subjects");
    assertThat(engine.deferredErasures()).isEmpty();
    assertThatThrownBy(() -> engine.replayAfterRestore("payments"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot list its subjects");
  }

  @Test
  void a_wallet_shared_by_two_people_stops_the_erasure_before_anything_is_erased() {
    row(payments, 23, "acc-bob", "0xada", T0.minus(Duration.ofDays(3)));
    RetentionEngine engine = engine();

    assertThatThrownBy(() -> engine.erase(ADA, "req-1"))
        .isInstanceOf(io.lethe.core.store.AmbiguousSubjectException.class)
        .hasMessageContaining("leads to 2 account ids")
        .hasMessageNotContaining("acc-")
        .hasMessageNotContaining("0xada");
    assertThat(accounts.keys()).hasSize(2);
    assertThat(jobs.keys()).hasSize(3);
    assertThat(engine.replayAfterRestore("accounts").identifiersErased()).isZero();
  }

  @Test
  void a_subject_with_many_identifiers_gets_its_tombstones_and_deferral_in_a_database() {
    for (long wallet = 0; wallet < 70; wallet++) {
      row(payments, 100 + wallet, "acc-ada", "0xada-" + wallet, T0.minus(Duration.ofDays(1)));
    }
    JdbcErasureLedger ledger =
        JdbcErasureLedger.of(TestDatabases.h2("ledger")).createTableIfMissing();
    RetentionEngine engine = engine(ledger, accounts, jobs, payments);

    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    // the keyed hashes of every identifier: her account id, email and 71 wallets
    java.util.Set<String> hers = new java.util.HashSet<>();
    hers.add(audit.hasher().hash(SubjectRef.account("acc-ada")));
    hers.add(audit.hasher().hash(SubjectRef.email("ada@example.com")));
    hers.add(audit.hasher().hash(SubjectRef.of(IdentifierType.WALLET_ADDRESS, "0xada")));
    for (long wallet = 0; wallet < 70; wallet++) {
      hers.add(
          audit.hasher().hash(SubjectRef.of(IdentifierType.WALLET_ADDRESS, "0xada-" + wallet)));
    }
    assertThat(receipt.identities()).isEqualTo(73);
    assertThat(receipt.complete()).isTrue();
    assertThat(ledger.erased(hers).keySet())
        .as("a tombstone for each of her identifiers")
        .containsExactlyInAnyOrderElementsOf(hers);
    assertThat(
            ledger.erased(
                java.util.List.of(audit.hasher().hash(SubjectRef.email("bob@example.com")))))
        .as("none for Bob")
        .isEmpty();
    assertThat(engine.deferredErasures())
        .singleElement()
        .satisfies(d -> assertThat(d.subjectHashes()).containsExactlyInAnyOrderElementsOf(hers));
  }

  @Test
  void a_returning_customers_new_records_survive_the_replay_of_their_old_erasure() {
    RetentionEngine engine = engine();
    engine.erase(ADA, "req-1");
    clock.advance(Duration.ofDays(90));
    Map<String, Object> comeback = new HashMap<>();
    comeback.put("account_id", "acc-ada-2");
    comeback.put("email", "ada@example.com");
    comeback.put("created_at", clock.instant());
    accounts.insert(RecordKey.of(5L), comeback);
    account(1, "acc-ada", "ada@example.com"); // the restored backup's old row

    ReplayReport replay = engine.replayAfterRestore("accounts");

    assertThat(replay.outcome().deleted()).isEqualTo(1);
    assertThat(accounts.keys()).containsExactly(RecordKey.of(2L), RecordKey.of(5L));
  }

  @Test
  void reusing_a_reference_for_another_subject_does_not_mix_their_deferred_erasures() {
    RetentionEngine engine = engine(policy().build(), accounts, jobs, payments);
    engine.erase(ADA, "gdpr-art17");
    ErasureReceipt bobs = engine.erase(SubjectRef.email("bob@example.com"), "gdpr-art17");

    assertThat(bobs.store("payments").orElseThrow().found()).isEqualTo(1);
    assertThat(engine.deferredErasures()).hasSize(2);
    engine.sweep(Instant.parse("2031-01-10T00:00:00Z"), SweepOptions.defaults());
    assertThat(payments.keys()).isEmpty();
  }

  @Test
  void a_hold_shorter_than_the_floor_reports_the_floor_as_what_keeps_the_record() {
    LegalHold hold =
        holds.holdSubject(
            SubjectRef.account("acc-ada"), "audit 2026", "legal", T0.plus(Duration.ofDays(30)));
    RetentionEngine engine = engine(policy().build(), accounts, jobs, payments);

    ErasureReceipt receipt = engine.erase(ADA, "req-1");

    assertThat(receipt.retained(TRANSACTION))
        .singleElement()
        .satisfies(
            kept -> {
              assertThat(kept.ground()).isEqualTo(RetainedRecords.Ground.MINIMUM_RETENTION);
              assertThat(kept.until()).isEqualTo(Instant.parse("2030-12-11T00:00:00Z"));
            });
    assertThat(receipt.store("jobs").orElseThrow().retained())
        .singleElement()
        .satisfies(kept -> assertThat(kept.source()).isEqualTo(hold.id()));
  }

  @Test
  void a_retried_erasure_tells_what_every_attempt_did_not_only_the_last() {
    InMemoryErasureLedger ledger = new InMemoryErasureLedger();
    RetentionEngine failing = engine(ledger, accounts, new FailingDeletes(jobs), payments);
    ErasureReceipt first = failing.erase(ADA, "req-1");
    assertThat(first).hasFailedIn("jobs").erased("accounts", 1).notifies("mailer");

    clock.advance(Duration.ofHours(1));
    RetentionEngine healthy = engine(ledger, accounts, jobs, payments);
    ErasureReceipt retry = healthy.erase(ADA, "req-1");

    assertThat(retry).isComplete().erased("accounts", 1).erased("jobs", 2).notifies("mailer");
    assertThat(retry.store("accounts").orElseThrow().status())
        .as("erased by the first attempt, not 'nothing found'")
        .isEqualTo(StoreErasure.Status.ERASED);
    assertThat(retry)
        .retained("payments", "user.financial.transaction")
        .because(RetainedRecords.Ground.MINIMUM_RETENTION)
        .isDeferred();
    assertThat(retry.at()).isEqualTo(clock.instant());
    assertThat(healthy.receipt("req-1", ADA)).contains(retry);
    assertThat(erasureEntries())
        .last()
        .satisfies(
            e ->
                assertThat(e.counts())
                    .as("the audit trail counts each attempt on its own")
                    .containsEntry("deleted", 2L));
  }

  @Test
  void sweeps_that_finish_an_erasure_bring_its_receipt_up_to_date() {
    InMemoryErasureLedger ledger = new InMemoryErasureLedger();
    engine(ledger, accounts, new FailingDeletes(jobs), payments).erase(ADA, "req-1");
    RetentionEngine engine = engine(ledger, accounts, jobs, payments);

    clock.advance(Duration.ofHours(1));
    engine.sweep();
    ErasureReceipt retried = engine.receipt("req-1", ADA).orElseThrow();
    assertThat(retried).isComplete().erased("jobs", 2);
    assertThat(retried).retained("payments", "user.financial.transaction").counting(2).isDeferred();

    engine.sweep(Instant.parse("2029-12-06T00:00:00Z"), SweepOptions.defaults());
    assertThat(engine.receipt("req-1", ADA).orElseThrow())
        .retained("payments", "user.financial.transaction")
        .counting(1);

    engine.sweep(Instant.parse("2030-12-11T00:00:00Z"), SweepOptions.defaults());
    ErasureReceipt finished = engine.receipt("req-1", ADA).orElseThrow();
    assertThat(finished).isComplete().erased("payments", 2).notifies("mailer", "payments_psp");
    assertThat(finished.retained()).isEmpty();
    assertThat(finished.store("payments").orElseThrow().status())
        .isEqualTo(StoreErasure.Status.ERASED);
    assertThat(engine.receipt("req-1", SubjectRef.email("bob@example.com"))).isEmpty();
    assertThat(engine.receipt("req-2", ADA)).isEmpty();
  }

  @Test
  void a_reference_reused_for_another_subject_keeps_each_subjects_receipt_apart() {
    RetentionEngine engine = engine(policy().build(), accounts, jobs, payments);
    engine.erase(ADA, "gdpr-art17");
    SubjectRef bob = SubjectRef.email("bob@example.com");

    ErasureReceipt bobs = engine.erase(bob, "gdpr-art17");

    assertThat(bobs).erased("accounts", 1).erased("jobs", 1);
    assertThat(bobs.store("payments").orElseThrow().found()).isEqualTo(1);
    assertThat(engine.receipt("gdpr-art17", ADA).orElseThrow()).erased("jobs", 2);
  }

  @Test
  void a_sweep_on_another_instance_while_the_erasure_ends_adds_its_work_to_the_receipt() {
    HookedLedger ledger = new HookedLedger();
    RetentionEngine failing = engine(ledger, accounts, new FailingDeletes(jobs), payments);
    RetentionEngine other = engine(ledger, accounts, jobs, payments);
    // Another instance sweeps just before the erasure keeps its receipt.
    ledger.beforeFirstReceipt = other::sweep;

    ErasureReceipt first = failing.erase(ADA, "req-1");

    assertThat(first).hasFailedIn("jobs");
    assertThat(jobs.size()).as("the failed store's retry was not due yet").isEqualTo(3);
    other.sweep();
    assertThat(jobs.size()).isEqualTo(1);
    assertThat(other.receipt("req-1", ADA).orElseThrow()).isComplete().erased("jobs", 2);
  }

  @Test
  void a_retry_that_cannot_reach_what_a_failed_store_held_stays_failed() {
    InMemoryErasureLedger ledger = new InMemoryErasureLedger();
    assertThat(
            engine(ledger, accounts, new Unlisted(new FailingDeletes(jobs)), payments)
                .erase(ADA, "req-1"))
        .hasFailedIn("jobs");

    clock.advance(Duration.ofHours(1));
    ErasureReceipt retry =
        engine(ledger, accounts, new Unlisted(jobs), payments).erase(ADA, "req-1");

    assertThat(jobs.size())
        .as("the account row that linked the email to the jobs is gone")
        .isEqualTo(3);
    assertThat(retry).hasFailedIn("jobs");
    assertThat(retry.store("jobs").orElseThrow().failure())
        .isEqualTo(
            "2 records an earlier"
                + " attempt found are out of reach: the identifiers that linked them are erased and"
                + " store 'jobs' cannot list its subjects");
    assertThat(engine(ledger, accounts, jobs, payments).deferredErasures())
        .as("still waiting to be retried")
        .anyMatch(d -> d.store().equals("jobs"));
  }

  @Test
  void a_retry_from_another_identifier_of_the_subject_folds_into_the_same_receipt() {
    InMemoryErasureLedger ledger = new InMemoryErasureLedger();
    engine(ledger, accounts, new FailingDeletes(jobs), payments).erase(ADA, "req-1");

    ErasureReceipt retry =
        engine(ledger, accounts, jobs, payments).erase(SubjectRef.account("acc-ada"), "req-1");

    assertThat(retry).isComplete().erased("accounts", 1).erased("jobs", 2).notifies("mailer");
    assertThat(ledger.receipts("req-1")).containsExactly(retry);
  }

  @Test
  void a_ledger_without_the_receipt_table_stops_the_erasure_before_it_erases_anything()
      throws Exception {
    org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
    db.setURL("jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    JdbcErasureLedger ledger = JdbcErasureLedger.of(db).createTableIfMissing();
    // A host upgrading from the two-table ledger, whose migrations created only those two.
    try (java.sql.Connection c = db.getConnection();
        java.sql.Statement statement = c.createStatement()) {
      statement.execute("DROP TABLE lethe_deferred_erasure_receipt");
    }
    RetentionEngine engine = engine(ledger, accounts, jobs, payments);

    assertThatThrownBy(() -> engine.erase(ADA, "req-1"))
        .isInstanceOf(io.lethe.core.LetheException.class)
        .hasMessage(
            "Cannot read erasure receipts in table lethe_deferred_erasure_receipt:"
                + " SQL state 42S02");
    assertThat(jobs.size()).isEqualTo(3);
    assertThat(accounts.size()).isEqualTo(2);
  }

  @Test
  void an_erasure_whose_receipt_cannot_be_kept_still_returns_it_and_audits_why() {
    HookedLedger ledger = new HookedLedger();
    ledger.beforeFirstReceipt =
        () -> {
          throw new IllegalStateException("ledger database unreachable");
        };

    ErasureReceipt receipt = engine(ledger, accounts, jobs, payments).erase(ADA, "req-1");

    assertThat(receipt).isComplete().erased("jobs", 2).notifies("mailer");
    assertThat(jobs.size()).isEqualTo(1);
    assertThat(ledger.pending())
        .as("the floor's deferral is kept all the same")
        .anyMatch(d -> d.store().equals("payments"));
    assertThat(erasureEntries())
        .last()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
              assertThat(e.detail())
                  .isEqualTo(
                      "the erasure ran, but its receipt could not be kept in"
                          + " the erasure ledger (IllegalStateException): the receipt returned covers this"
                          + " attempt only");
            });
  }

  /** An in-memory ledger that runs a hook once, just before the first receipt is added. */
  private static final class HookedLedger implements ErasureLedger {
    private final InMemoryErasureLedger delegate = new InMemoryErasureLedger();
    private Runnable beforeFirstReceipt;

    @Override
    public void record(java.util.Collection<Tombstone> tombstones) {
      delegate.record(tombstones);
    }

    @Override
    public Map<String, Instant> erased(java.util.Collection<String> subjectHashes) {
      return delegate.erased(subjectHashes);
    }

    @Override
    public void defer(Deferral deferral) {
      delegate.defer(deferral);
    }

    @Override
    public List<Deferral> dueIn(String store, Instant at) {
      return delegate.dueIn(store, at);
    }

    @Override
    public List<Deferral> pending() {
      return delegate.pending();
    }

    @Override
    public void finish(String id) {
      delegate.finish(id);
    }

    @Override
    public ErasureReceipt addToReceipt(ErasureReceipt attempt) {
      Runnable hook = beforeFirstReceipt;
      beforeFirstReceipt = null;
      if (hook != null) {
        hook.run();
      }
      return delegate.addToReceipt(attempt);
    }

    @Override
    public List<ErasureReceipt> receipts(String reference) {
      return delegate.receipts(reference);
    }
  }

  /** Delegates to an in-memory store but fails every delete. */
  private static final class FailingDeletes extends ForwardingStore {
    FailingDeletes(InMemoryStore delegate) {
      super(delegate);
    }

    @Override
    public int delete(List<RecordKey> keys) {
      throw new IllegalStateException("disk full while deleting acc-ada");
    }
  }

  /**
   * Unlinks what it is asked to delete, deletes nothing and says it deleted it all (unless told to
   * delete); remembers the keys read by key.
   */
  private static final class UnlinkingDeletes extends ForwardingStore {
    private final List<RecordKey> readByKey = new ArrayList<>();
    private boolean unlinked;
    private boolean delegateDeletes;
    private boolean exact;

    UnlinkingDeletes(InMemoryStore delegate) {
      super(delegate);
    }

    @Override
    public int delete(List<RecordKey> keys) {
      if (delegateDeletes) {
        return super.delete(keys);
      }
      unlinked = true;
      return keys.size();
    }

    @Override
    public boolean deleteCountsAreExact() {
      return exact;
    }

    @Override
    public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
      return unlinked ? Stream.empty() : super.recordsOf(identities);
    }

    @Override
    public Stream<PersonalRecord> records(List<RecordKey> keys) {
      readByKey.addAll(keys);
      return super.records(keys);
    }
  }

  /** Delegates to a store but cannot list its subjects. */
  private static final class Unlisted extends ForwardingStore {
    Unlisted(PersonalDataStore delegate) {
      super(delegate);
    }

    @Override
    public boolean supports(io.lethe.core.spi.StoreOperation operation) {
      return operation != io.lethe.core.spi.StoreOperation.LIST_SUBJECTS;
    }
  }
}
