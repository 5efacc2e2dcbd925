package io.lethe.testkit.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a store that still holds records of erased subjects. */
public final class ShouldHoldNoRecordsOf extends BasicErrorMessageFactory {

  /**
   * Creates the message; it says how many records remain, never which or whose.
   *
   * @param store the store's name
   * @param identities how many subject identifiers were given
   * @param records how many records link to them
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHoldNoRecordsOf(
      String store, int identities, long records) {
    return new ShouldHoldNoRecordsOf(store, identities, records);
  }

  private ShouldHoldNoRecordsOf(String store, int identities, long records) {
    super(
        "%nExpecting store %s to hold no records of the given subject (%s "
            + (identities == 1 ? "identifier" : "identifiers")
            + ") but it holds %s "
            + (records == 1 ? "record" : "records"),
        store,
        identities,
        unquotedString(Long.toString(records)));
  }
}
