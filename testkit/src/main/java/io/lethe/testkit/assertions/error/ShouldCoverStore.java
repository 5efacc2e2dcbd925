package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an erasure receipt that has no line for a store. */
public final class ShouldCoverStore extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param reference the erasure's request or job reference
   * @param store the store expected
   * @param stores the stores the receipt has lines for
   * @return the message factory
   */
  public static ErrorMessageFactory shouldCoverStore(
      String reference, String store, List<String> stores) {
    return new ShouldCoverStore(reference, store, stores);
  }

  private ShouldCoverStore(String reference, String store, List<String> stores) {
    super(
        "%nExpecting erasure %s to cover store %s but the receipt has lines only for %s",
        reference, store, stores);
  }
}
