package io.lethe.testkit.assertions;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.RetainedRecords.Ground;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.erasure.StoreErasure.Status;
import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErasureReceiptAssertTest {

  private static final String NL = System.lineSeparator();
  private static final Instant AT = Instant.parse("2026-01-10T00:00:00Z");
  private static final Instant FLOOR = Instant.parse("2030-12-11T00:00:00Z");

  private static final RetainedRecords PAYMENTS_KEPT =
      new RetainedRecords(
          CategoryKey.of("user.financial.transaction"),
          2,
          Ground.MINIMUM_RETENTION,
          "rule transactions: minimum P5Y (tax law)",
          "transactions",
          FLOOR,
          true);
  private static final RetainedRecords TICKETS_KEPT =
      new RetainedRecords(
          CategoryKey.of("user.communication"),
          1,
          Ground.LEGAL_OBLIGATION,
          "rule support: the legally required period",
          "support",
          null,
          false);

  /** Four stores: one erased, one partly kept, one kept for a legal obligation, one empty. */
  private static ErasureReceipt receipt(StoreErasure... extra) {
    List<StoreErasure> stores =
        new java.util.ArrayList<>(
            List.of(
                new StoreErasure("accounts", Status.ERASED, 1, 1, 0, List.of(), null),
                new StoreErasure(
                    "payments", Status.PARTLY_RETAINED, 3, 1, 0, List.of(PAYMENTS_KEPT), null),
                new StoreErasure(
                    "tickets", Status.PARTLY_RETAINED, 1, 0, 0, List.of(TICKETS_KEPT), null),
                new StoreErasure("newsletter", Status.NOTHING_FOUND, 0, 0, 0, List.of(), null)));
    stores.addAll(List.of(extra));
    return new ErasureReceipt(
        "req-1", "shop", AT, "hash-of-the-subject", 3, stores, List.of("mailer", "payments_psp"));
  }

  private static ErasureReceipt failing() {
    return receipt(
        new StoreErasure(
            "jobs",
            Status.FAILED,
            2,
            0,
            0,
            List.of(),
            "Store 'jobs' failed to delete: IllegalStateException"));
  }

  @Test
  void isCompletePassesWhenNoStoreFailed() {
    assertThat(receipt()).isComplete();
  }

  @Test
  void isCompleteFailsNamingTheFailedStoreAndItsFailure() {
    assertThatThrownBy(() -> assertThat(failing()).isComplete())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" under policy \"shop\" to be complete but 1"
                + " store failed:"
                + NL
                + "  store \"jobs\": Store 'jobs' failed to delete: IllegalStateException")
        .message()
        .doesNotContain("hash-of-the-subject");
  }

  @Test
  void isCompleteFailsNamingAFailedParticipant() {
    ErasureReceipt receipt =
        receipt()
            .withParticipants(
                List.of(ParticipantErasure.failed("consent ledger", "ConsentLedgerException")));

    assertThatThrownBy(() -> assertThat(receipt).isComplete())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" under policy \"shop\" to be complete but 1"
                + " participant failed:"
                + NL
                + "  participant \"consent ledger\": ConsentLedgerException");
  }

  @Test
  void hasFailedInPassesForAFailedStore() {
    assertThat(failing()).hasFailedIn("jobs").erased("accounts");
  }

  @Test
  void hasFailedInFailsForAStoreThatDidItsPart() {
    assertThatThrownBy(() -> assertThat(failing()).hasFailedIn("accounts"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to have failed in store \"accounts\" but its"
                + " status is ERASED");
  }

  @Test
  void aStoreTheReceiptDoesNotCoverFailsEveryStoreAssertion() {
    assertThatThrownBy(() -> assertThat(receipt()).erased("jobs"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to cover store \"jobs\" but the receipt has"
                + " lines only for [\"accounts\", \"payments\", \"tickets\", \"newsletter\"]");
    assertThatThrownBy(() -> assertThat(receipt()).hasFailedIn("jobs"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to cover store \"jobs\"");
  }

  @Test
  void erasedPassesForAnErasedStoreAndForAPartlyRetainedOneThatErasedSomething() {
    assertThat(receipt())
        .erased("accounts")
        .erased("payments")
        .erased("accounts", 1)
        .erased("payments", 1);
  }

  @Test
  void erasedFailsForAStoreThatKeptEverything() {
    assertThatThrownBy(() -> assertThat(receipt()).erased("tickets"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to have erased records in store \"tickets\""
                + " but its status is PARTLY_RETAINED (found 1, deleted 0, anonymized 0, kept 1)");
  }

  @Test
  void erasedFailsForAStoreThatHeldNothingAndForAFailedStore() {
    assertThatThrownBy(() -> assertThat(receipt()).erased("newsletter"))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "in store \"newsletter\" but its status is NOTHING_FOUND (found 0,"
                + " deleted 0, anonymized 0, kept 0)");
    assertThatThrownBy(() -> assertThat(failing()).erased("jobs"))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "in store \"jobs\" but its status is FAILED (found 2, deleted 0,"
                + " anonymized 0, kept 0)");
  }

  @Test
  void erasedWithACountFailsForAnotherCount() {
    assertThatThrownBy(() -> assertThat(receipt()).erased("payments", 3))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to have erased 3 records in store"
                + " \"payments\" but its status is PARTLY_RETAINED (found 3, deleted 1, anonymized 0,"
                + " kept 2)");
  }

  @Test
  void retainedPassesForTheGroundReasonSourceEndAndDeferral() {
    assertThat(receipt())
        .retained("user.financial.transaction")
        .because(Ground.MINIMUM_RETENTION)
        .because("tax law")
        .because("P5Y")
        .by("transactions")
        .until(FLOOR)
        .isDeferred()
        .counting(2);
    assertThat(receipt())
        .retained("tickets", "user.communication")
        .because(Ground.LEGAL_OBLIGATION)
        .because("legally required")
        .untilUnknown()
        .isNotDeferred();
  }

  @Test
  void retainedFailsForACategoryNothingWasKeptOf() {
    assertThatThrownBy(() -> assertThat(receipt()).retained("user.contact.email"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to have kept category \"user.contact.email\""
                + " but it kept only [\"payments/user.financial.transaction\","
                + " \"tickets/user.communication\"]");
    assertThatThrownBy(() -> assertThat(receipt()).retained("accounts", "user.communication"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            NL
                + "Expecting erasure \"req-1\" to have kept category"
                + " \"user.communication\" in store \"accounts\" but it kept only");
  }

  @Test
  void retainedFailsWhenSeveralStoresKeptTheCategory() {
    ErasureReceipt twice =
        receipt(
            new StoreErasure(
                "ledger",
                Status.PARTLY_RETAINED,
                2,
                1,
                0,
                List.of(
                    new RetainedRecords(
                        CategoryKey.of("user.communication"),
                        1,
                        Ground.LEGAL_HOLD,
                        "subject hold: litigation 2026-17",
                        "hold-7",
                        null,
                        true)),
                null));
    assertThatThrownBy(() -> assertThat(twice).retained("user.communication"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to have kept category"
                + " \"user.communication\" in one store but it kept it in [\"tickets\", \"ledger\"];"
                + " name the store");
    assertThat(twice)
        .retained("ledger", "user.communication")
        .because(Ground.LEGAL_HOLD)
        .by("hold-7");
  }

  @Test
  void becauseFailsForAnotherGroundNamingStoreCategoryAndRule() {
    assertThatThrownBy(
            () ->
                assertThat(receipt())
                    .retained("user.financial.transaction")
                    .because(Ground.LEGAL_HOLD))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.financial.transaction\" kept in store"
                + " \"payments\" on ground MINIMUM_RETENTION (Art. 17(3)(b)) by \"transactions\" to be"
                + " kept on ground LEGAL_HOLD (Art. 17(3)(e)) but its ground is MINIMUM_RETENTION"
                + " (Art. 17(3)(b))");
  }

  @Test
  void becauseFailsForAReasonWithoutTheFragment() {
    assertThatThrownBy(
            () ->
                assertThat(receipt())
                    .retained("user.financial.transaction")
                    .because("commercial law"))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            " to be kept for a reason containing \"commercial law\" but its"
                + " reason is \"rule transactions: minimum P5Y (tax law)\"");
  }

  @Test
  void byUntilAndCountingFailForOtherValues() {
    assertThatThrownBy(
            () -> assertThat(receipt()).retained("user.financial.transaction").by("payments"))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith("to be kept by \"payments\" but it is kept by \"transactions\"");
    assertThatThrownBy(() -> assertThat(receipt()).retained("user.financial.transaction").until(AT))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "to be kept until 2026-01-10T00:00:00Z but it is kept until" + " 2030-12-11T00:00:00Z");
    assertThatThrownBy(() -> assertThat(receipt()).retained("user.communication").until(AT))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith("but it is kept until an unknown end");
    assertThatThrownBy(
            () -> assertThat(receipt()).retained("user.financial.transaction").untilUnknown())
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "to be kept until an unknown end but it is kept until" + " 2030-12-11T00:00:00Z");
    assertThatThrownBy(
            () -> assertThat(receipt()).retained("user.financial.transaction").counting(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith("to be kept for 1 record but it keeps 2 records");
  }

  @Test
  void isDeferredAndIsNotDeferredFailTheOtherWayRound() {
    assertThatThrownBy(() -> assertThat(receipt()).retained("user.communication").isDeferred())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.communication\" kept in store \"tickets\" on"
                + " ground LEGAL_OBLIGATION (Art. 17(3)(b)) by \"support\" to be erased by Lethe once"
                + " its protection ends but it is not deferred");
    assertThatThrownBy(
            () -> assertThat(receipt()).retained("user.financial.transaction").isNotDeferred())
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "not to be deferred but Lethe will erase it once its protection" + " ends");
  }

  @Test
  void notifiesPassesForExactlyTheRecipientsInAnyOrder() {
    assertThat(receipt()).notifies("payments_psp", "mailer");
    assertThat(new ErasureReceipt("req-2", "shop", AT, "h", 1, List.of(), List.of())).notifies();
  }

  @Test
  void notifiesFailsNamingMissingAndUnexpectedRecipients() {
    assertThatThrownBy(() -> assertThat(receipt()).notifies("mailer"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting erasure \"req-1\" to notify exactly [\"mailer\"] (Art. 19) but"
                + " it notifies [\"mailer\", \"payments_psp\"]; not expected [\"payments_psp\"]");
    assertThatThrownBy(() -> assertThat(receipt()).notifies("mailer", "payments_psp", "crm"))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith("; missing [\"crm\"]");
    assertThatThrownBy(() -> assertThat(receipt()).notifies())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to notify exactly [] (Art. 19)");
  }
}
