package io.lethe.testkit.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a store that no longer holds a category of a subject. */
public final class ShouldStillHold extends BasicErrorMessageFactory {

  /**
   * Creates the message; it says how many records the subject has, never which or whose.
   *
   * @param store the store's name
   * @param category the category expected to be kept
   * @param records how many records of the subject the store holds at all
   * @return the message factory
   */
  public static ErrorMessageFactory shouldStillHold(String store, String category, long records) {
    return new ShouldStillHold(store, category, records);
  }

  private ShouldStillHold(String store, String category, long records) {
    super(
        "%nExpecting store %s to still hold category %s of the given subject but none of its %s "
            + (records == 1 ? "record" : "records")
            + " holds it",
        store,
        category,
        unquotedString(Long.toString(records)));
  }
}
