package io.lethe.consent;

import java.time.Instant;
import java.util.Optional;

/**
 * A subject's consent to one purpose at one instant, replayed from the ledger's events up to that
 * instant.
 *
 * @param purpose the purpose's key
 * @param at the instant
 * @param recorded the status of the newest choice for the purpose at that instant, or {@link
 *     ConsentStatus#CONSENT_UNKNOWN} if there was none
 * @param effective the status processing must go by: {@link ConsentStatus#CONSENT_EXPIRED} once a
 *     valid consent passed its expiry or refresh period, {@link ConsentStatus#CONSENT_INVALIDATED}
 *     once its notice changed materially, else as recorded
 * @param choice the newest choice for the purpose at that instant, if any
 * @param expiresAt when a valid consent ends by itself, if anything ends it
 * @param reconsentNeeded whether the subject must be asked again
 */
public record ConsentState(
    String purpose,
    Instant at,
    ConsentStatus recorded,
    ConsentStatus effective,
    Optional<ConsentEvent> choice,
    Optional<Instant> expiresAt,
    boolean reconsentNeeded) {

  /** {@return whether processing may rest on this consent} */
  public boolean validForProcessing() {
    return effective.validForProcessing();
  }
}
