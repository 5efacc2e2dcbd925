package io.lethe.testkit.assertions.error;

import io.lethe.core.erasure.StoreErasure;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a store an erasure did not erase anything in, or not as much. */
public final class ShouldHaveErased extends BasicErrorMessageFactory {

  /**
   * Creates the message for a store where nothing was erased.
   *
   * @param reference the erasure's request or job reference
   * @param line the store's line of the receipt
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveErased(String reference, StoreErasure line) {
    return new ShouldHaveErased(
        "%nExpecting erasure %s to have erased records in store %s but"
            + " its status is %s "
            + counts(line),
        reference,
        line.store(),
        line.status());
  }

  /**
   * Creates the message for a store where another number of records was erased.
   *
   * @param reference the erasure's request or job reference
   * @param line the store's line of the receipt
   * @param records how many records were expected to be deleted or anonymized
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveErased(
      String reference, StoreErasure line, long records) {
    return new ShouldHaveErased(
        "%nExpecting erasure %s to have erased %s "
            + (records == 1 ? "record" : "records")
            + " in store %s but its status is %s "
            + counts(line),
        reference,
        unquotedString(Long.toString(records)),
        line.store(),
        line.status());
  }

  private static String counts(StoreErasure line) {
    return "(found "
        + line.found()
        + ", deleted "
        + line.deleted()
        + ", anonymized "
        + line.anonymized()
        + ", kept "
        + line.retainedCount()
        + ")";
  }

  private ShouldHaveErased(String format, Object... arguments) {
    super(format, arguments);
  }
}
