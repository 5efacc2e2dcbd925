package io.lethe.testkit.assertions.error;

import io.lethe.core.policy.RetentionPeriod;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category whose governing rule may keep it too long. */
public final class ShouldBeRetainedAtMost extends BasicErrorMessageFactory {

  /**
   * Creates the message for a rule whose maximum may exceed the limit.
   *
   * @param policy the policy's id
   * @param category the category
   * @param rule the governing rule's id
   * @param maximum the rule's maximum
   * @param limit the expected limit
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeRetainedAtMost(
      String policy, String category, String rule, RetentionPeriod maximum, RetentionPeriod limit) {
    return new ShouldBeRetainedAtMost(
        "%nExpecting category %s of policy %s to be retained at most"
            + " %s but rule %s keeps it up to %s",
        policy, category, rule, maximum, limit);
  }

  /**
   * Creates the message for a rule with no finite maximum.
   *
   * @param policy the policy's id
   * @param category the category
   * @param rule the governing rule's id
   * @param maximum the rule's maximum: indefinite, or null when it states none
   * @param limit the expected limit
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveFiniteMaximum(
      String policy, String category, String rule, RetentionPeriod maximum, RetentionPeriod limit) {
    return new ShouldBeRetainedAtMost(
        "%nExpecting category %s of policy %s to be retained at most"
            + " %s but rule %s "
            + (maximum == null ? "sets no maximum" : "keeps it indefinitely"),
        policy,
        category,
        rule,
        null,
        limit);
  }

  private ShouldBeRetainedAtMost(
      String format,
      String policy,
      String category,
      String rule,
      RetentionPeriod maximum,
      RetentionPeriod limit) {
    super(
        format,
        maximum == null
            ? new Object[] {category, policy, limit, rule}
            : new Object[] {category, policy, limit, rule, maximum});
  }
}
