package io.lethe.consent;

/**
 * The state of a subject's consent to a purpose, one to one with the consent statuses of the W3C
 * Data Privacy Vocabulary (DPV, {@code https://w3id.org/dpv#ConsentStatus}). Only {@link
 * #CONSENT_GIVEN} and {@link #RENEWED_CONSENT_GIVEN} are valid for processing; every other status
 * is not ({@code dpv:ConsentStatusValidForProcessing} and {@code
 * dpv:ConsentStatusInvalidForProcessing}).
 */
public enum ConsentStatus {
  /** The subject was asked and has not answered yet. */
  CONSENT_REQUESTED("ConsentRequested", false),
  /** The subject put the request off, such as by closing a banner without a choice. */
  CONSENT_REQUEST_DEFERRED("ConsentRequestDeferred", false),
  /** The subject said no. */
  CONSENT_REFUSED("ConsentRefused", false),
  /** The subject said yes. */
  CONSENT_GIVEN("ConsentGiven", true),
  /** The subject said yes again: to a changed notice, or when the consent was due a refresh. */
  RENEWED_CONSENT_GIVEN("RenewedConsentGiven", true),
  /** The subject (or a guardian or agent for them) took a consent back (GDPR Art. 7(3)). */
  CONSENT_WITHDRAWN("ConsentWithdrawn", false),
  /** Someone other than the subject ended the consent, such as the controller. */
  CONSENT_REVOKED("ConsentRevoked", false),
  /** The consent reached the end of its period and was not renewed. */
  CONSENT_EXPIRED("ConsentExpired", false),
  /** The consent is no longer valid, such as after a material change of its notice. */
  CONSENT_INVALIDATED("ConsentInvalidated", false),
  /** Nothing is known of the subject's consent. */
  CONSENT_UNKNOWN("ConsentUnknown", false);

  private static final String DPV = "https://w3id.org/dpv#";

  private final String term;
  private final boolean valid;

  ConsentStatus(String term, boolean valid) {
    this.term = term;
    this.valid = valid;
  }

  /** {@return the DPV term, such as {@code ConsentGiven}} */
  public String dpvTerm() {
    return term;
  }

  /** {@return the DPV term as an IRI, such as {@code https://w3id.org/dpv#ConsentGiven}} */
  public String dpvIri() {
    return DPV + term;
  }

  /** {@return whether processing may rest on a consent in this state} */
  public boolean validForProcessing() {
    return valid;
  }

  /**
   * The status with a DPV term.
   *
   * @param term such as {@code ConsentWithdrawn}
   * @return the status
   * @throws IllegalArgumentException if no status has that term
   */
  public static ConsentStatus ofDpvTerm(String term) {
    for (ConsentStatus status : values()) {
      if (status.term.equals(term)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no DPV consent status is called '" + term + "'");
  }
}
