package io.lethe.core.lint;

import io.lethe.core.policy.PrivacyPolicy;
import java.util.List;

/**
 * One check of a {@link PolicyLint}. The built-in rules are in {@link LintRules}; a host can add
 * its own with {@link PolicyLint#with(LintRule...)}.
 */
public interface LintRule {

  /** {@return the rule's stable id, such as {@code category-without-retention}} */
  String id();

  /** {@return the severity of the rule's findings} */
  Severity severity();

  /**
   * Checks a policy.
   *
   * @param policy the policy
   * @return the findings, empty if the policy passes this rule
   */
  List<LintFinding> check(PrivacyPolicy policy);
}
