package io.lethe.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.erasure.StoreErasure.Status;
import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErasureReceiptTest {

  private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-03-01T11:00:00Z");
  private static final CategoryKey TRANSACTION = CategoryKey.of("user.financial.transaction");
  private static final RetainedRecords FLOOR =
      new RetainedRecords(
          TRANSACTION,
          1,
          RetainedRecords.Ground.MINIMUM_RETENTION,
          "kept at least P5Y from collected",
          "credit-transactions",
          Instant.parse("2031-01-10T12:00:00Z"),
          true);

  private static StoreErasure line(
      String store, Status status, long found, long deleted, List<RetainedRecords> retained) {
    return new StoreErasure(
        store,
        status,
        found,
        deleted,
        0,
        retained,
        status == Status.FAILED ? "store '" + store + "' failed: IllegalStateException" : null);
  }

  private static ErasureReceipt receipt(Instant at, List<String> notify, StoreErasure... lines) {
    return new ErasureReceipt("req-1", "vzgen", at, "hash", 2, List.of(lines), notify);
  }

  @Test
  void a_retry_after_a_failed_store_tells_what_both_attempts_erased() {
    ErasureReceipt first =
        receipt(
            FIRST,
            List.of("email_delivery_provider"),
            line("accounts", Status.ERASED, 1, 1, List.of()),
            line("jobs", Status.FAILED, 1, 0, List.of()));
    ErasureReceipt retry =
        receipt(
            SECOND,
            List.of("carrier_verification_provider"),
            line("accounts", Status.NOTHING_FOUND, 0, 0, List.of()),
            line("jobs", Status.ERASED, 1, 1, List.of()));

    ErasureReceipt both = first.followedBy(retry);

    assertThat(both.complete()).isTrue();
    assertThat(both.stores())
        .containsExactly(
            line("accounts", Status.ERASED, 1, 1, List.of()),
            line("jobs", Status.ERASED, 1, 1, List.of()));
    assertThat(both.deleted()).isEqualTo(2);
    assertThat(both.recipientsToNotify())
        .containsExactly("email_delivery_provider", "carrier_verification_provider");
    assertThat(both.at()).isEqualTo(SECOND);
    assertThat(both.reference()).isEqualTo("req-1");
  }

  @Test
  void a_deferred_erasure_finished_later_turns_kept_records_into_deleted_ones() {
    ErasureReceipt first =
        receipt(FIRST, List.of(), line("payments", Status.PARTLY_RETAINED, 3, 2, List.of(FLOOR)));
    ErasureReceipt finished =
        receipt(SECOND, List.of("acquirer"), line("payments", Status.ERASED, 1, 1, List.of()));

    ErasureReceipt both = first.followedBy(finished);

    assertThat(both.store("payments")).contains(line("payments", Status.ERASED, 3, 3, List.of()));
    assertThat(both.retained()).isEmpty();
    assertThat(both.recipientsToNotify()).containsExactly("acquirer");
  }

  @Test
  void a_later_failure_keeps_what_was_kept_before_and_the_receipt_incomplete() {
    ErasureReceipt first =
        receipt(FIRST, List.of(), line("payments", Status.PARTLY_RETAINED, 3, 2, List.of(FLOOR)));
    ErasureReceipt failed =
        receipt(SECOND, List.of(), line("payments", Status.FAILED, 0, 0, List.of()));

    ErasureReceipt both = first.followedBy(failed);

    StoreErasure payments = both.store("payments").orElseThrow();
    assertThat(payments.status()).isEqualTo(Status.FAILED);
    assertThat(payments.failure()).isEqualTo("store 'payments' failed: IllegalStateException");
    assertThat(payments.retained()).containsExactly(FLOOR);
    assertThat(payments.deleted()).isEqualTo(2);
    assertThat(payments.found()).isEqualTo(3);
    assertThat(both.complete()).isFalse();
  }

  @Test
  void a_store_the_later_attempt_did_not_reach_keeps_its_line() {
    ErasureReceipt first =
        receipt(
            FIRST,
            List.of(),
            line("jobs", Status.FAILED, 1, 0, List.of()),
            line("accounts", Status.ERASED, 1, 1, List.of()));
    ErasureReceipt later =
        receipt(
            SECOND,
            List.of(),
            line("accounts", Status.NOTHING_FOUND, 0, 0, List.of()),
            line("logs", Status.ERASED, 4, 4, List.of()));

    ErasureReceipt both = first.followedBy(later);

    assertThat(both.stores())
        .extracting(StoreErasure::store, StoreErasure::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("jobs", Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("accounts", Status.ERASED),
            org.assertj.core.groups.Tuple.tuple("logs", Status.ERASED));
    assertThat(both.complete()).isFalse();
  }

  @Test
  void records_that_arrived_between_attempts_count_as_found() {
    StoreErasure first = line("jobs", Status.ERASED, 2, 2, List.of());
    StoreErasure later = line("jobs", Status.ERASED, 3, 3, List.of());

    assertThat(first.followedBy(later)).isEqualTo(line("jobs", Status.ERASED, 5, 5, List.of()));
    assertThat(
            line("jobs", Status.NOTHING_FOUND, 0, 0, List.of())
                .followedBy(line("jobs", Status.NOTHING_FOUND, 0, 0, List.of()))
                .status())
        .isEqualTo(Status.NOTHING_FOUND);
  }

  @Test
  void kept_records_a_sweep_removed_before_the_deferred_erasure_leave_the_store_erased() {
    // a floor kept two payments; an ordinary sweep deleted them before the erasure came back
    StoreErasure both =
        line("payments", Status.PARTLY_RETAINED, 2, 0, List.of(FLOOR))
            .followedBy(line("payments", Status.NOTHING_FOUND, 0, 0, List.of()));

    assertThat(both)
        .as("found, and gone; not deleted by this erasure")
        .isEqualTo(line("payments", Status.ERASED, 2, 0, List.of()));
    assertThat(
            line("payments", Status.PARTLY_RETAINED, 3, 2, List.of(FLOOR))
                .followedBy(line("payments", Status.NOTHING_FOUND, 0, 0, List.of()))
                .status())
        .as("Lethe erased two of them")
        .isEqualTo(Status.ERASED);
  }

  @Test
  void the_folded_receipt_is_as_late_as_its_latest_attempt() {
    ErasureReceipt late = receipt(SECOND, List.of());
    ErasureReceipt early = receipt(FIRST, List.of());

    assertThat(late.followedBy(early).at()).isEqualTo(SECOND);
    assertThat(early.followedBy(late).at()).isEqualTo(SECOND);
    assertThatThrownBy(
            () ->
                early.followedBy(
                    new ErasureReceipt(
                        "req-1", "vzgen", SECOND, "another-hash", 1, List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot follow the receipt of 'req-1' with one of another subject");
  }

  @Test
  void only_attempts_at_the_same_erasure_and_store_fold() {
    ErasureReceipt first = receipt(FIRST, List.of());
    ErasureReceipt other =
        new ErasureReceipt("req-2", "vzgen", SECOND, "hash", 1, List.of(), List.of());

    assertThatThrownBy(() -> first.followedBy(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot follow the receipt of 'req-1' with one of 'req-2'");
    assertThatThrownBy(
            () ->
                line("jobs", Status.ERASED, 1, 1, List.of())
                    .followedBy(line("logs", Status.ERASED, 1, 1, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot follow store 'jobs' with store 'logs'");
  }

  private static ParticipantErasure consent(long withdrawn, long kept) {
    return ParticipantErasure.done(
        "consent ledger",
        List.of(
            new ParticipantErasure.Count(
                ParticipantErasure.Action.WITHDRAWN, withdrawn, "consent", null, null),
            new ParticipantErasure.Count(
                ParticipantErasure.Action.KEPT,
                kept,
                "event",
                "as keyed hashes only, as proof of consent",
                "GDPR Art. 7(1)")));
  }

  @Test
  void a_participant_line_is_told_with_its_counts_and_a_failed_one_leaves_the_receipt_open() {
    ErasureReceipt erased =
        receipt(FIRST, List.of(), line("accounts", Status.ERASED, 1, 1, List.of()));

    ErasureReceipt withConsent = erased.withParticipants(List.of(consent(2, 7)));
    ErasureReceipt withFailure =
        erased.withParticipants(
            List.of(ParticipantErasure.failed("consent ledger", "ConsentLedgerException")));

    assertThat(withConsent.complete()).isTrue();
    assertThat(withConsent.participant("consent ledger").orElseThrow().text())
        .isEqualTo(
            "consent ledger: 2 consents withdrawn; 7 events kept as keyed hashes only, as proof of"
                + " consent (GDPR Art. 7(1))");
    assertThat(withConsent.toTable()).contains("consent ledger: 2 consents withdrawn");
    assertThat(withFailure.complete()).isFalse();
    assertThat(withFailure.failed()).isEmpty();
    assertThat(withFailure.failedParticipants())
        .extracting(ParticipantErasure::participant)
        .containsExactly("consent ledger");
    assertThat(withFailure.toTable()).contains("consent ledger: failed: ConsentLedgerException");
  }

  @Test
  void a_retry_adds_up_what_participants_withdrew_and_keeps_what_they_keep_now() {
    ErasureReceipt first =
        receipt(FIRST, List.of(), line("jobs", Status.FAILED, 1, 0, List.of()))
            .withParticipants(List.of(consent(2, 7)));
    ErasureReceipt retry =
        receipt(SECOND, List.of(), line("jobs", Status.ERASED, 1, 1, List.of()))
            .withParticipants(List.of(consent(0, 9)));
    ErasureReceipt failedAgain =
        receipt(SECOND, List.of(), line("jobs", Status.ERASED, 1, 1, List.of()))
            .withParticipants(
                List.of(ParticipantErasure.failed("consent ledger", "ConsentLedgerException")));

    ErasureReceipt both = first.followedBy(retry);
    ErasureReceipt broken = first.followedBy(failedAgain);

    assertThat(both.complete()).isTrue();
    assertThat(both.participants()).containsExactly(consent(2, 9));
    assertThat(broken.complete()).isFalse();
    assertThat(broken.participant("consent ledger").orElseThrow().counts())
        .isEqualTo(consent(2, 7).counts());
    assertThat(broken.participant("consent ledger").orElseThrow().status())
        .isEqualTo(ParticipantErasure.Status.FAILED);
    assertThat(first.followedBy(receipt(SECOND, List.of())).participants())
        .as("a sweep's later attempt reaches no participant: the line stays")
        .containsExactly(consent(2, 7));
  }

  @Test
  void a_participant_that_found_nothing_counts_nothing() {
    assertThat(ParticipantErasure.nothingFound("consent ledger").text())
        .isEqualTo("consent ledger: nothing found");
    assertThatThrownBy(
            () ->
                new ParticipantErasure(
                    "consent ledger",
                    ParticipantErasure.Status.NOTHING_FOUND,
                    consent(1, 1).counts(),
                    null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ParticipantErasure(
                    "consent ledger", ParticipantErasure.Status.DONE, List.of(), "boom"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
