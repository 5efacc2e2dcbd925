package io.lethe.testkit.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category that no retention rule governs. */
public final class ShouldHaveRuleFor extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param category the category
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveRuleFor(String policy, String category) {
    return new ShouldHaveRuleFor(policy, category);
  }

  private ShouldHaveRuleFor(String policy, String category) {
    super(
        "%nExpecting policy %s to have a retention rule for category %s"
            + " but no rule governs it or any of its ancestors",
        policy, category);
  }
}
