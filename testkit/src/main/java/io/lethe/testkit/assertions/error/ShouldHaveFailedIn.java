package io.lethe.testkit.assertions.error;

import io.lethe.core.erasure.StoreErasure;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a store an erasure was expected to fail in but did not. */
public final class ShouldHaveFailedIn extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param reference the erasure's request or job reference
   * @param store the store's name
   * @param status the store's actual status
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveFailedIn(
      String reference, String store, StoreErasure.Status status) {
    return new ShouldHaveFailedIn(reference, store, status);
  }

  private ShouldHaveFailedIn(String reference, String store, StoreErasure.Status status) {
    super(
        "%nExpecting erasure %s to have failed in store %s but its status is %s",
        reference, store, status);
  }
}
