package io.lethe.dsar.spi;

import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.IdentityEvidence;

/**
 * The host's identity check. {@link io.lethe.dsar.DsarService} calls it from {@code
 * verifyIdentity}; nothing is started, exported, erased or changed for a request before it answers
 * {@link Verdict#VERIFIED}.
 */
@FunctionalInterface
public interface IdentityVerifier {

  /** The verifier's answer. */
  enum Verdict {
    /** The requester is the data subject, or an agent authorised by them. */
    VERIFIED,
    /** The requester could not be verified; the request is denied. */
    REJECTED
  }

  /**
   * Checks that the requester is who the request names.
   *
   * @param request the request, whose subject is to be matched
   * @param evidence what the requester offered
   * @return the verdict
   */
  Verdict verify(DataSubjectRequest request, IdentityEvidence evidence);

  /** {@return a verifier that rejects everyone: the default until the host supplies one} */
  static IdentityVerifier rejectAll() {
    return (request, evidence) -> Verdict.REJECTED;
  }
}
