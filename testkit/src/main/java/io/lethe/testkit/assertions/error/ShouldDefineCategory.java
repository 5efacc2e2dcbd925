package io.lethe.testkit.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category that a policy's taxonomy does not define. */
public final class ShouldDefineCategory extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param category the unknown category
   * @return the message factory
   */
  public static ErrorMessageFactory shouldDefineCategory(String policy, String category) {
    return new ShouldDefineCategory(policy, category);
  }

  private ShouldDefineCategory(String policy, String category) {
    super(
        "%nExpecting policy %s to define category %s but its taxonomy has no such category",
        policy, category);
  }
}
