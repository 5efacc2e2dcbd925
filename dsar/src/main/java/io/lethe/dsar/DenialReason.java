package io.lethe.dsar;

import java.util.Optional;

/**
 * Why a request was refused.
 *
 * <p>Mappings. {@link #drpReason()} is the {@code reason} of a Data Rights Protocol v0.9 {@code
 * denied} status (§3.02); where no DRP reason fits, the protocol's {@code other} applies and the
 * javadoc says so. {@link #dpvTerm()} is the IRI of the W3C Data Privacy Vocabulary justification
 * (DPV 2.2 justifications extension, {@value #DPV_JUSTIFICATIONS}, non-fulfilment module); where no
 * term matches, it is empty rather than a guess.
 */
public enum DenialReason {
  /**
   * The requester's identity could not be verified (CCPA §1798.140(ak); GDPR Art. 12(6)). DRP
   * {@code insuf_verification}; DPV {@code justifications:IdentityVerificationFailure}.
   */
  IDENTITY_NOT_VERIFIED("insuf_verification", "IdentityVerificationFailure"),
  /**
   * No personal data about the requester was found. DRP {@code no_match} ("could not match user
   * identity to data subject"). DPV: none (nothing was left unfulfilled).
   */
  NO_DATA_FOUND("no_match", null),
  /**
   * Manifestly unfounded (GDPR Art. 12(5)). DRP: none ({@code other}); DPV {@code
   * justifications:ProcessUnfounded}.
   */
  MANIFESTLY_UNFOUNDED(null, "ProcessUnfounded"),
  /**
   * Excessive, in particular repetitive (GDPR Art. 12(5); CCPA §1798.145(h)(3)). DRP {@code
   * too_many_requests}; DPV {@code justifications:ProcessExcessive}.
   */
  EXCESSIVE("too_many_requests", "ProcessExcessive"),
  /**
   * The requester is not covered by the law invoked. DRP {@code outside_jurisdiction}. DPV: none.
   */
  OUTSIDE_JURISDICTION("outside_jurisdiction", null),
  /**
   * An exemption in law applies, such as GDPR Art. 17(3) or CCPA §1798.105(d), or the right does
   * not cover the processing (an objection to a purpose resting on a contract). DRP {@code
   * claim_not_covered} ("data not covered under legal bases"); DPV {@code
   * justifications:LegallyExempted}.
   */
  LEGAL_EXEMPTION("claim_not_covered", "LegallyExempted");

  /** The namespace of the DPV justifications extension. */
  public static final String DPV_JUSTIFICATIONS = "https://w3id.org/dpv/justifications#";

  private final String drpReason;
  private final String dpvTerm;

  DenialReason(String drpReason, String dpvTerm) {
    this.drpReason = drpReason;
    this.dpvTerm = dpvTerm;
  }

  /**
   * {@return the Data Rights Protocol denial reason, empty where the protocol's is {@code other}}
   */
  public Optional<String> drpReason() {
    return Optional.ofNullable(drpReason);
  }

  /** {@return the DPV justification's IRI, empty where no term matches} */
  public Optional<String> dpvTerm() {
    return Optional.ofNullable(dpvTerm).map(term -> DPV_JUSTIFICATIONS + term);
  }
}
