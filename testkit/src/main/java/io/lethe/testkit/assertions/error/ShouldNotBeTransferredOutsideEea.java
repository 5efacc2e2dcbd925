package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category that recipients may receive outside the EEA. */
public final class ShouldNotBeTransferredOutsideEea extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param category the category
   * @param recipients the recipients that may receive it outside the EEA, as {@code key (LOCATION)}
   * @return the message factory
   */
  public static ErrorMessageFactory shouldNotBeTransferredOutsideEea(
      String policy, String category, List<String> recipients) {
    return new ShouldNotBeTransferredOutsideEea(policy, category, recipients);
  }

  private ShouldNotBeTransferredOutsideEea(
      String policy, String category, List<String> recipients) {
    super(
        "%nExpecting category %s of policy %s not to be transferred outside the EEA"
            + " but these recipients may receive it there: %s",
        category, policy, recipients);
  }
}
