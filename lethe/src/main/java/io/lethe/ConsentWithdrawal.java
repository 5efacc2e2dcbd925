package io.lethe;

import io.lethe.consent.ConsentEngine;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ExpressedBy;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ErasureParticipant;
import java.util.List;

/**
 * The consent ledger's part in an erasure: withdraws every consent of every identifier of the
 * subject (and of those the ledger links to them), as the controller, on the request. The ledger
 * never held an identifier, only keyed hashes, so nothing is deleted from it: its events stay, the
 * withdrawals among them, as proof of consent (GDPR Art. 7(1)), and the receipt says exactly that.
 */
final class ConsentWithdrawal implements ErasureParticipant {

  /** The participant's name on the receipt. */
  static final String NAME = "consent ledger";

  private final ConsentEngine consent;

  ConsentWithdrawal(ConsentEngine consent) {
    this.consent = consent;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ParticipantErasure erase(Erasure erasure) {
    long withdrawn = 0;
    for (SubjectRef identity : erasure.identities()) {
      withdrawn +=
          consent
              .withdrawAll(
                  identity, ConsentMethod.REQUEST, ExpressedBy.CONTROLLER, erasure.reference())
              .size();
    }
    List<ConsentEvent> kept = ConsentHistorySection.history(consent, erasure.identities());
    if (kept.isEmpty()) {
      return ParticipantErasure.nothingFound(NAME);
    }
    return ParticipantErasure.done(
        NAME,
        List.of(
            new ParticipantErasure.Count(
                ParticipantErasure.Action.WITHDRAWN, withdrawn, "consent", null, null),
            new ParticipantErasure.Count(
                ParticipantErasure.Action.KEPT,
                kept.size(),
                "event",
                "as keyed hashes only, as proof of consent",
                "GDPR Art. 7(1)")));
  }
}
