package io.lethe.core.restriction;

import io.lethe.core.LetheException;

/** A restriction, objection or opt-out that cannot be recorded or changed as asked. */
public final class RestrictionException extends LetheException {

  private static final long serialVersionUID = 1L;

  private RestrictionException(String message) {
    super(message);
  }

  static RestrictionException unknownPurpose(String policy, String purpose) {
    return new RestrictionException("policy '" + policy + "' has no purpose '" + purpose + "'");
  }

  static RestrictionException unknownRecipient(String policy, String recipient) {
    return new RestrictionException("policy '" + policy + "' has no recipient '" + recipient + "'");
  }

  static RestrictionException objectionNotApplicable(String purpose, String basis) {
    return new RestrictionException(
        "purpose '"
            + purpose
            + "' rests on "
            + basis
            + "; the right to"
            + " object (GDPR Art. 21) covers processing based on legitimate interests or a public task"
            + " and direct marketing");
  }

  static RestrictionException unknown(String id) {
    return new RestrictionException("no restriction with id '" + id + "'");
  }

  static RestrictionException refused(
      ProcessingRestriction restriction, String attempted, String why) {
    return new RestrictionException(
        "cannot "
            + attempted
            + " "
            + restriction.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " '"
            + restriction.id()
            + "': "
            + why);
  }
}
