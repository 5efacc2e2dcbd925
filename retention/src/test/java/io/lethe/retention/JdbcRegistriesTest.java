package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.LetheException;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.ErasureLedger;
import io.lethe.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Holds and checkpoints kept in a database outlive the objects (and processes) that wrote them. */
class JdbcRegistriesTest {

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final MutableClock clock = MutableClock.at("2026-05-01T09:00:00Z");

  JdbcRegistriesTest() {
    dataSource.setURL("jdbc:h2:mem:registries-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
  }

  private LegalHolds holds() {
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "registry-test-secret-of-32-bytes".getBytes(StandardCharsets.UTF_8)),
            clock);
    return LegalHolds.create(JdbcHoldRegistry.of(dataSource).createTableIfMissing(), audit, clock);
  }

  @Test
  void holds_placed_by_one_instance_are_in_force_for_another_until_released_or_ended() {
    LegalHolds first = holds();
    LegalHold subject =
        first.holdSubject(SubjectRef.email("held@example.com"), "case 12", "legal", null);
    LegalHold category =
        first.holdCategory(
            CategoryKey.of("user.financial"),
            "tax audit",
            "dpo",
            Instant.parse("2026-06-01T00:00:00Z"));
    first.holdStore("jobs", "migration", "ops", null);

    LegalHolds second = holds();
    assertThat(second.activeAt(clock.instant()))
        .extracting(LegalHold::id)
        .contains(subject.id(), category.id())
        .hasSize(3);
    assertThat(second.all())
        .filteredOn(h -> h.id().equals(subject.id()))
        .singleElement()
        .satisfies(h -> assertThat(h.subject()).isEqualTo(SubjectRef.email("held@example.com")));

    second.release(subject.id(), "legal");
    clock.advance(Duration.ofDays(40));

    assertThat(first.activeAt(clock.instant()))
        .extracting(LegalHold::scope)
        .containsExactly(LegalHold.Scope.STORE);
    assertThat(first.all())
        .filteredOn(h -> h.id().equals(subject.id()))
        .singleElement()
        .satisfies(h -> assertThat(h.releasedBy()).isEqualTo("legal"));
    assertThatThrownBy(() -> second.release("hold-unknown", "legal"))
        .isInstanceOf(LetheException.class)
        .hasMessage("No legal hold with id 'hold-unknown'");
  }

  @Test
  void tombstones_and_deferred_erasures_outlive_the_ledger_that_wrote_them() {
    JdbcErasureLedger first = JdbcErasureLedger.of(dataSource).createTableIfMissing();
    first.record(
        List.of(
            new ErasureLedger.Tombstone("h1", "req-1", clock.instant()),
            new ErasureLedger.Tombstone("h2", "req-1", clock.instant()),
            new ErasureLedger.Tombstone("h1", "req-2", clock.instant())));
    first.record(List.of(new ErasureLedger.Tombstone("h2", "req-3", clock.instant())));
    ErasureLedger.Deferral deferral =
        new ErasureLedger.Deferral(
            "d1",
            "payments",
            Set.of("h1", "h2"),
            "req-1",
            Instant.parse("2031-01-10T00:00:00Z"),
            clock.instant());
    first.defer(deferral);
    first.defer(
        new ErasureLedger.Deferral(
            "d2", "jobs", Set.of("h3"), "req-4", clock.instant(), clock.instant()));

    JdbcErasureLedger second = JdbcErasureLedger.of(dataSource);
    assertThat(second.erased(List.of("h1", "h2", "h9")))
        .containsOnlyKeys("h1", "h2")
        .containsEntry("h1", clock.instant());
    assertThat(second.dueIn("payments", Instant.parse("2031-01-09T23:59:59Z"))).isEmpty();
    assertThat(second.dueIn("payments", Instant.parse("2031-01-10T00:00:00Z")))
        .containsExactly(deferral);
    assertThat(second.pending())
        .extracting(ErasureLedger.Deferral::id)
        .containsExactlyInAnyOrder("d1", "d2");

    second.defer(deferral.rescheduled(Instant.parse("2032-01-01T00:00:00Z")));
    second.finish("d2");
    assertThat(first.pending())
        .singleElement()
        .satisfies(d -> assertThat(d.notBefore()).isEqualTo(Instant.parse("2032-01-01T00:00:00Z")));
  }

  @Test
  void erasure_receipts_outlive_the_ledger_and_fold_every_attempt_per_subject() {
    JdbcErasureLedger first = JdbcErasureLedger.of(dataSource).createTableIfMissing();
    CategoryKey transaction = CategoryKey.of("user.financial.transaction");
    RetainedRecords floor =
        new RetainedRecords(
            transaction,
            2,
            RetainedRecords.Ground.MINIMUM_RETENTION,
            "kept at least P5Y from collected (tax law)",
            "transactions",
            Instant.parse("2031-01-10T12:00:00Z"),
            true);
    RetainedRecords hold =
        new RetainedRecords(
            CategoryKey.of("user.behavior.usage"),
            1,
            RetainedRecords.Ground.LEGAL_HOLD,
            "subject hold: litigation",
            "hold-1",
            null,
            true);
    ErasureReceipt attempt =
        new ErasureReceipt(
            "req-1",
            "shop",
            clock.instant(),
            "hash-ada",
            3,
            List.of(
                new StoreErasure("accounts", StoreErasure.Status.ERASED, 1, 1, 0, List.of(), null),
                new StoreErasure(
                    "jobs",
                    StoreErasure.Status.FAILED,
                    2,
                    0,
                    0,
                    List.of(hold),
                    "Store 'jobs' failed to delete: java.lang.IllegalStateException"),
                new StoreErasure(
                    "payments",
                    StoreErasure.Status.PARTLY_RETAINED,
                    2,
                    0,
                    0,
                    List.of(floor),
                    null)),
            List.of("mailer"));

    assertThat(first.addToReceipt(attempt)).isEqualTo(attempt);
    JdbcErasureLedger second = JdbcErasureLedger.of(dataSource);
    assertThat(second.receipts("req-1")).containsExactly(attempt);

    clock.advance(Duration.ofHours(1));
    ErasureReceipt retry =
        new ErasureReceipt(
            "req-1",
            "shop",
            clock.instant(),
            "hash-ada",
            3,
            List.of(new StoreErasure("jobs", StoreErasure.Status.ERASED, 2, 2, 0, List.of(), null)),
            List.of());
    ErasureReceipt both = second.addToReceipt(retry);
    assertThat(both).isEqualTo(attempt.followedBy(retry));
    assertThat(both.complete()).isTrue();
    assertThat(first.receipts("req-1")).containsExactly(both);

    ErasureReceipt bobs =
        new ErasureReceipt("req-1", "shop", clock.instant(), "hash-bob", 1, List.of(), List.of());
    first.addToReceipt(bobs);
    assertThat(second.receipts("req-1")).containsExactly(both, bobs);
    assertThat(second.receipts("req-2")).isEmpty();
    assertThatThrownBy(
            () ->
                first.addToReceipt(
                    new ErasureReceipt(
                        null, "shop", clock.instant(), "hash-ada", 1, List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an erasure without a reference has no receipt to add to");
  }

  @Test
  void a_receipt_stored_before_participants_existed_reads_and_takes_their_lines() throws Exception {
    // GIVEN a receipt as an earlier version stored it: JSON without "participants"
    JdbcErasureLedger ledger = JdbcErasureLedger.of(dataSource).createTableIfMissing();
    String stored =
        "{\"reference\":\"req-old\",\"policy\":\"shop\","
            + "\"at\":\"2026-04-01T09:00:00Z\",\"subjectHash\":\"hash-ada\",\"identities\":2,"
            + "\"stores\":[{\"store\":\"accounts\",\"status\":\"ERASED\",\"found\":1,"
            + "\"deleted\":1,\"anonymized\":0,\"retained\":[],\"failure\":null}],"
            + "\"recipientsToNotify\":[\"mailer\"]}";
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO lethe_deferred_erasure_receipt (reference, subject_hash, receipt,"
                    + " started_at, updated_at) VALUES ('req-old', 'hash-ada', ?, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP)")) {
      insert.setString(1, stored);
      insert.executeUpdate();
    }

    // WHEN it is read, then a participant's line is added to it
    ErasureReceipt old = ledger.receipts("req-old").get(0);
    ParticipantErasure consent =
        ParticipantErasure.done(
            "consent ledger",
            List.of(
                new ParticipantErasure.Count(
                    ParticipantErasure.Action.WITHDRAWN, 2, "consent", null, null),
                new ParticipantErasure.Count(
                    ParticipantErasure.Action.KEPT,
                    7,
                    "event",
                    "as keyed hashes only, as proof of consent",
                    "GDPR Art. 7(1)")));
    ledger.addToReceipt(
        new ErasureReceipt(
            "req-old",
            "shop",
            clock.instant(),
            "hash-ada",
            0,
            List.of(),
            List.of(),
            List.of(consent)));

    // THEN the old one reads with no participants, and the line survives the JSON round trip
    assertThat(old.participants()).isEmpty();
    assertThat(old.complete()).isTrue();
    assertThat(old.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    ErasureReceipt now = JdbcErasureLedger.of(dataSource).receipts("req-old").get(0);
    assertThat(now.participants()).containsExactly(consent);
    assertThat(now.stores()).isEqualTo(old.stores());
    assertThat(now.participant("consent ledger").orElseThrow().text())
        .isEqualTo(
            "consent ledger: 2 consents withdrawn; 7 events kept as keyed hashes only, as proof of"
                + " consent (GDPR Art. 7(1))");
  }

  @Test
  void checkpoints_round_trip_every_key_type_and_clear() {
    JdbcCheckpointStore store = JdbcCheckpointStore.of(dataSource).createTableIfMissing();
    UUID uuid = UUID.randomUUID();

    store.save(new SweepCheckpoint("a", RecordKey.of(42L), 10, 100, clock.instant()));
    store.save(new SweepCheckpoint("b", RecordKey.of("tok-7"), 0, 5, clock.instant()));
    store.save(new SweepCheckpoint("c", RecordKey.of(uuid), 0, 0, clock.instant()));
    store.save(new SweepCheckpoint("d", null, 3, 0, clock.instant()));
    store.save(new SweepCheckpoint("a", RecordKey.of(43L), 0, 110, clock.instant()));

    JdbcCheckpointStore reopened = JdbcCheckpointStore.of(dataSource);
    assertThat(reopened.load("a"))
        .contains(new SweepCheckpoint("a", RecordKey.of(43L), 0, 110, clock.instant()));
    assertThat(reopened.load("b").orElseThrow().after()).isEqualTo(RecordKey.of("tok-7"));
    assertThat(reopened.load("c").orElseThrow().after()).isEqualTo(RecordKey.of(uuid));
    assertThat(reopened.load("d").orElseThrow().after()).isNull();
    reopened.clear("a");
    assertThat(store.load("a")).isEmpty();
  }
}
