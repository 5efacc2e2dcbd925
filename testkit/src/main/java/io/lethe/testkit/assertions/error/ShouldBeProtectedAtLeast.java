package io.lethe.testkit.assertions.error;

import io.lethe.core.policy.RetentionPeriod;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category whose governing rule keeps no long enough legal floor. */
public final class ShouldBeProtectedAtLeast extends BasicErrorMessageFactory {

  /**
   * Creates the message for a rule whose minimum may be shorter than the expected floor.
   *
   * @param policy the policy's id
   * @param category the category
   * @param rule the governing rule's id
   * @param minimum the rule's minimum
   * @param floor the expected floor
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeProtectedAtLeast(
      String policy, String category, String rule, RetentionPeriod minimum, RetentionPeriod floor) {
    return new ShouldBeProtectedAtLeast(
        "%nExpecting category %s of policy %s to be protected at"
            + " least %s but rule %s keeps it only %s",
        category, policy, floor, rule, minimum);
  }

  /**
   * Creates the message for a rule with no minimum.
   *
   * @param policy the policy's id
   * @param category the category
   * @param rule the governing rule's id
   * @param floor the expected floor
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveMinimum(
      String policy, String category, String rule, RetentionPeriod floor) {
    return new ShouldBeProtectedAtLeast(
        "%nExpecting category %s of policy %s to be protected at"
            + " least %s but rule %s sets no minimum",
        category, policy, floor, rule);
  }

  private ShouldBeProtectedAtLeast(String format, Object... arguments) {
    super(format, arguments);
  }
}
