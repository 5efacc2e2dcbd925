package io.lethe.dsar;

import io.lethe.core.LetheException;
import io.lethe.core.policy.Jurisdiction;

/**
 * A request was made under a jurisdiction for which the policy has no rights profile, or whose
 * profile and law set no deadline to answer by.
 */
public final class JurisdictionNotCoveredException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String policyId;
  private final Jurisdiction jurisdiction;

  private JurisdictionNotCoveredException(
      String message, String policyId, Jurisdiction jurisdiction) {
    super(message);
    this.policyId = policyId;
    this.jurisdiction = jurisdiction;
  }

  /**
   * The policy has no rights profile for the jurisdiction.
   *
   * @param policyId the policy
   * @param jurisdiction the jurisdiction asked for
   * @return the exception
   */
  public static JurisdictionNotCoveredException notInPolicy(
      String policyId, Jurisdiction jurisdiction) {
    return new JurisdictionNotCoveredException(
        "Policy "
            + policyId
            + " has no rights profile"
            + " for "
            + jurisdiction
            + ": cannot receive a request under it",
        policyId,
        jurisdiction);
  }

  /**
   * Neither the policy nor the law sets a deadline for the jurisdiction.
   *
   * @param policyId the policy
   * @param jurisdiction the jurisdiction asked for
   * @return the exception
   */
  public static JurisdictionNotCoveredException noDeadline(
      String policyId, Jurisdiction jurisdiction) {
    return new JurisdictionNotCoveredException(
        "Policy "
            + policyId
            + " promises no response time"
            + " under "
            + jurisdiction
            + " and no law sets one: cannot compute a due date",
        policyId,
        jurisdiction);
  }

  /** {@return the policy's id} */
  public String policyId() {
    return policyId;
  }

  /** {@return the jurisdiction asked for} */
  public Jurisdiction jurisdiction() {
    return jurisdiction;
  }
}
