package io.lethe.testkit.assertions.error;

import java.time.Instant;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a store that still holds data whose retention has run out. */
public final class ShouldHoldNothingPastRetention extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param store the store's name
   * @param policy the policy's id
   * @param at the instant checked
   * @param findings one line per category: its rule, maximum, anchor and count of records
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHoldNothingPastRetention(
      String store, String policy, Instant at, List<String> findings) {
    return new ShouldHoldNothingPastRetention(store, policy, at, findings);
  }

  /**
   * Formats one finding: records of a category past the maximum of its rule.
   *
   * @param category the category
   * @param rule the rule's id
   * @param maximum the rule's maximum
   * @param anchor the rule's anchor
   * @param count how many records hold the category past the maximum
   * @return the line
   */
  public static String expired(
      String category, String rule, Object maximum, Object anchor, long count) {
    return "category \""
        + category
        + "\" under rule \""
        + rule
        + "\" (maximum "
        + maximum
        + " from "
        + anchor
        + "): "
        + count
        + (count == 1 ? " record" : " records");
  }

  /**
   * Formats one finding: a category whose rule counts from an anchor the store cannot report.
   *
   * @param category the category
   * @param rule the rule's id
   * @param anchor the rule's anchor
   * @return the line
   */
  public static String unknownAnchor(String category, String rule, Object anchor) {
    return "category \""
        + category
        + "\" under rule \""
        + rule
        + "\": the store cannot tell when "
        + anchor
        + " happened";
  }

  private ShouldHoldNothingPastRetention(
      String store, String policy, Instant at, List<String> findings) {
    super(
        "%nExpecting store %s to hold nothing past the retention of policy %s at %s"
            + " but:%n  "
            + String.join("%n  ", findings.stream().map(f -> f.replace("%", "%%")).toList()),
        store,
        policy,
        unquotedString(at.toString()));
  }
}
