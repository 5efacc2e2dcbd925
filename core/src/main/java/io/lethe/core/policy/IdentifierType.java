package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A kind of identifier that links a record to a data subject: an account id, an email address, a
 * phone number, a tracking id, a wallet address, or a kind of the host's own.
 *
 * @param name lower-case id, such as {@code account_id}
 */
public record IdentifierType(String name) {

  /** The host's own account id. */
  public static final IdentifierType ACCOUNT_ID = new IdentifierType("account_id");

  /** An email address. */
  public static final IdentifierType EMAIL = new IdentifierType("email");

  /** A phone number. */
  public static final IdentifierType PHONE = new IdentifierType("phone");

  /** A tracking id given to an anonymous buyer. */
  public static final IdentifierType TRACKING_ID = new IdentifierType("tracking_id");

  /** A cryptocurrency wallet address. */
  public static final IdentifierType WALLET_ADDRESS = new IdentifierType("wallet_address");

  /**
   * Validates the name.
   *
   * @throws IllegalArgumentException if the name is not a lower-case id
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public IdentifierType {
    PolicyKeys.require(name, "an identifier type");
  }

  /**
   * Names an identifier type.
   *
   * @param name lower-case id
   * @return the type
   */
  public static IdentifierType of(String name) {
    return new IdentifierType(name);
  }

  @JsonValue
  @Override
  public String toString() {
    return name;
  }
}
