package io.lethe.core.store;

import io.lethe.core.LetheException;
import io.lethe.core.policy.IdentifierType;
import java.util.Map;

/**
 * The stores link the identifier of a request to more than one account: some identifier on the way
 * (a wallet, a phone number) is shared by several people. Lethe does not merge them, since an
 * export would then show one person another's data and an erasure would erase both; the request has
 * to name one account, or the link has to be resolved by hand. The message gives the number of
 * identifiers found per type, never their values.
 */
public final class AmbiguousSubjectException extends LetheException {

  private static final long serialVersionUID = 1L;

  /** The number of identifiers found per type. */
  private final transient Map<IdentifierType, Long> found;

  /**
   * The exception for an identifier whose links reach more than one account id.
   *
   * @param startType the type of the identifier the request gave
   * @param found the number of identifiers found per type, account ids among them
   * @return the exception, its message naming counts and types, never values
   */
  public static AmbiguousSubjectException of(
      IdentifierType startType, Map<IdentifierType, Long> found) {
    return new AmbiguousSubjectException(startType, found);
  }

  private AmbiguousSubjectException(IdentifierType startType, Map<IdentifierType, Long> found) {
    super(
        "the identifier given ("
            + startType
            + ") leads to "
            + found.get(IdentifierType.ACCOUNT_ID)
            + " account ids through identifiers several people can share; found per"
            + " type: "
            + found
            + ". Lethe will not merge accounts: name one account in the request,"
            + " or resolve the link by hand");
    this.found = Map.copyOf(found);
  }

  /** {@return how many identifiers of each type the stores link to the one given} */
  public Map<IdentifierType, Long> found() {
    return found;
  }
}
