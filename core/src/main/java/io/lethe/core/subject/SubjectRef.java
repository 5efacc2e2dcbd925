package io.lethe.core.subject;

import io.lethe.core.policy.IdentifierType;
import java.util.Objects;

/**
 * One identifier of a data subject: an account id, an email address, a phone number, a tracking id,
 * a wallet address.
 *
 * <p>The value is personal data. {@link #toString()} shows only the identifier's type, so a subject
 * reference can be logged or put in an exception without leaking it; audit entries carry subjects
 * only as keyed hashes ({@link SubjectHasher}).
 *
 * @param type what kind of identifier this is
 * @param value the identifier itself
 */
public record SubjectRef(IdentifierType type, String value) {

  /**
   * Rejects nulls and empty values.
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public SubjectRef {
    Objects.requireNonNull(type, "identifier type");
    Objects.requireNonNull(value, "identifier value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("an identifier of type " + type + " must not be empty");
    }
  }

  /**
   * A subject known by an identifier.
   *
   * @param type the identifier type
   * @param value the identifier
   * @return the reference
   */
  public static SubjectRef of(IdentifierType type, String value) {
    return new SubjectRef(type, value);
  }

  /**
   * @param value the email address @return a subject known by email
   */
  public static SubjectRef email(String value) {
    return new SubjectRef(IdentifierType.EMAIL, value);
  }

  /**
   * @param value the account id @return a subject known by account id
   */
  public static SubjectRef account(String value) {
    return new SubjectRef(IdentifierType.ACCOUNT_ID, value);
  }

  /** Shows the identifier type and hides the value. */
  @Override
  public String toString() {
    return "SubjectRef[" + type + ":***]";
  }
}
