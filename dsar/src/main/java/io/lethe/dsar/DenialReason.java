package io.lethe.dsar;

import java.util.Optional;

/**
 * Why a request was refused.
 *
 * <p>Mappings. {@link #drpReason()} is the {@code reason} of a Data Rights Protocol v0.9
 * {@code denied} status (§3.02); where no DRP reason fits, the protocol's {@code other} applies and
 * the javadoc says so. {@link #dpvTerm()} is the W3C Data Privacy Vocabulary justification term:
 * none is mapped yet, because no DPV justification term for these reasons could be confirmed
 * against the published vocabulary when this was written; it stays empty rather than guess an IRI.
 */
public enum DenialReason {
  /**
   * The requester's identity could not be verified (CCPA §1798.140(ak); GDPR Art. 12(6)). DRP
   * {@code insuf_verification}. DPV: none.
   */
  IDENTITY_NOT_VERIFIED("insuf_verification"),
  /**
   * No personal data about the requester was found. DRP {@code no_match} ("could not match user
   * identity to data subject"). DPV: none.
   */
  NO_DATA_FOUND("no_match"),
  /** Manifestly unfounded (GDPR Art. 12(5)). DRP: none ({@code other}). DPV: none. */
  MANIFESTLY_UNFOUNDED(null),
  /**
   * Excessive, in particular repetitive (GDPR Art. 12(5); CCPA §1798.145(h)(3)). DRP {@code
   * too_many_requests}. DPV: none.
   */
  EXCESSIVE("too_many_requests"),
  /** The requester is not covered by the law invoked. DRP {@code outside_jurisdiction}. DPV: none. */
  OUTSIDE_JURISDICTION("outside_jurisdiction"),
  /**
   * An exemption in law applies, such as GDPR Art. 17(3) or CCPA §1798.105(d). DRP {@code
   * claim_not_covered} ("data not covered under legal bases"). DPV: none.
   */
  LEGAL_EXEMPTION("claim_not_covered");

  private final String drpReason;

  DenialReason(String drpReason) {
    this.drpReason = drpReason;
  }

  /** {@return the Data Rights Protocol denial reason, empty where the protocol's is {@code other}} */
  public Optional<String> drpReason() {
    return Optional.ofNullable(drpReason);
  }

  /** {@return the DPV justification term's IRI; empty for every reason until one is confirmed} */
  public Optional<String> dpvTerm() {
    return Optional.empty();
  }
}
