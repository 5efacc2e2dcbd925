package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category that reaches recipients beyond the expected ones. */
public final class ShouldBeSharedOnlyWith extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param category the category
   * @param allowed the expected recipient keys
   * @param unexpected the keys of the other recipients that receive it
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeSharedOnlyWith(
      String policy, String category, List<String> allowed, List<String> unexpected) {
    return new ShouldBeSharedOnlyWith(policy, category, allowed, unexpected);
  }

  private ShouldBeSharedOnlyWith(
      String policy, String category, List<String> allowed, List<String> unexpected) {
    super(
        "%nExpecting category %s of policy %s to be shared only with %s"
            + " but it also reaches %s",
        category, policy, allowed, unexpected);
  }
}
