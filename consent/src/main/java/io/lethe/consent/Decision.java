package io.lethe.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to "may I process this subject's data for this purpose, now?", with what decided it.
 *
 * <p>A decision holds no personal data: it can be logged and shown. The evidence names ledger
 * events by id and the restriction that decided, if any, so that the answer can be proved later
 * from the ledger and the restriction registry.
 *
 * @param permitted whether processing may go ahead
 * @param reason why, in one word
 * @param status the subject's consent status for the purpose as the decision read it ({@link
 *     ConsentStatus#CONSENT_UNKNOWN} where consent played no part and none was recorded)
 * @param rule the article or rule that decided, such as {@code GDPR Art. 6(1)(a)}
 * @param evidence ids of the ledger events and the restriction that decided, oldest first
 * @param noticeHash the content hash of the notice version the deciding consent was given to, or
 *     null
 * @param signal the opt-out preference signal that decided, or null
 * @param reconsentNeeded whether the subject must be asked again: the notice changed materially, or
 *     the consent expired
 * @param validFrom the decision holds from this instant (inclusive)
 * @param validUntil and until this one (exclusive), unless the ledger or a restriction changes;
 *     {@link Instant#MAX} if nothing known ends it
 */
public record Decision(
    boolean permitted,
    Reason reason,
    ConsentStatus status,
    String rule,
    List<String> evidence,
    String noticeHash,
    OptOutSignal signal,
    boolean reconsentNeeded,
    Instant validFrom,
    Instant validUntil) {

  /** Why a decision came out as it did. */
  public enum Reason {
    /** The policy declares no such purpose: nothing may be processed for it. */
    UNDECLARED_PURPOSE(false),
    /** A valid consent to the current notice covers the purpose. */
    CONSENT_GIVEN(true),
    /**
     * The purpose rests on consent and the subject never gave it: never asked, not answered yet, or
     * the request put off.
     */
    NO_CONSENT(false),
    /** The subject refused consent. */
    CONSENT_REFUSED(false),
    /** The consent was withdrawn by the subject or revoked. */
    CONSENT_WITHDRAWN(false),
    /** The consent was recorded as invalidated, such as by the controller. */
    CONSENT_INVALIDATED(false),
    /** The consent passed its refresh period or its own expiry. */
    CONSENT_EXPIRED(false),
    /** The consent was given to a notice version that has since changed materially. */
    NOTICE_CHANGED(false),
    /** The purpose rests on a basis other than consent and nothing blocks it. */
    LAWFUL_BASIS(true),
    /** A consent given after the subject's opt-out signal, acknowledging it, wins over it. */
    CONSENT_OVER_SIGNAL(true),
    /** An opt-out preference signal opts the subject out of the purpose. */
    OPT_OUT_SIGNAL(false),
    /** The subject opted out of sale and sharing. */
    OPTED_OUT(false),
    /** The subject objected to the purpose (Art. 21). */
    OBJECTION(false),
    /** Processing of the subject's data is restricted (Art. 18). */
    RESTRICTION(false);

    private final boolean permits;

    Reason(boolean permits) {
      this.permits = permits;
    }

    /** {@return whether a decision for this reason permits processing} */
    public boolean permits() {
      return permits;
    }
  }

  /** Copies the evidence; checks that the reason agrees with the answer. */
  public Decision {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    evidence = List.copyOf(evidence);
    if (permitted != reason.permits()) {
      throw new IllegalArgumentException(
          "a decision for reason " + reason + " cannot be " + (permitted ? "permitted" : "denied"));
    }
  }

  /** {@return whether processing must not go ahead} */
  public boolean denied() {
    return !permitted;
  }

  /**
   * Tells whether this decision still holds at an instant, as far as the ledger and restrictions
   * read for it go.
   *
   * @param at the instant
   * @return true within [{@link #validFrom()}, {@link #validUntil()})
   */
  public boolean holdsAt(Instant at) {
    return !at.isBefore(validFrom) && at.isBefore(validUntil);
  }

  /** {@return a sentence for a log or a screen, without personal data} */
  public String explain() {
    return (permitted ? "permitted: " : "denied: ")
        + switch (reason) {
          case UNDECLARED_PURPOSE -> "the policy declares no such purpose";
          case CONSENT_GIVEN -> "the subject consented (" + status.dpvTerm() + ")";
          case NO_CONSENT -> "the purpose needs consent and none was given";
          case CONSENT_REFUSED -> "the subject did not consent (" + status.dpvTerm() + ")";
          case CONSENT_WITHDRAWN -> "the consent was taken back (" + status.dpvTerm() + ")";
          case CONSENT_EXPIRED -> "the consent expired; ask again";
          case CONSENT_INVALIDATED -> "the consent was invalidated; ask again";
          case NOTICE_CHANGED ->
              "the notice changed materially since the subject consented; ask again";
          case LAWFUL_BASIS -> "the purpose rests on " + rule;
          case CONSENT_OVER_SIGNAL -> "the subject consented knowing of their opt-out signal";
          case OPT_OUT_SIGNAL ->
              "Opt-Out Request Honored (" + (signal == null ? "signal" : signal.key()) + ")";
          case OPTED_OUT -> "the subject opted out of sale and sharing";
          case OBJECTION -> "the subject objected";
          case RESTRICTION -> "processing of the subject's data is restricted";
        }
        + " ["
        + rule
        + "]";
  }
}
