package io.lethe.core.lint;

import java.util.Objects;

/**
 * One problem the lint found in a policy.
 *
 * <p>Findings name ids, keys and paths of the policy, never personal values.
 *
 * @param rule the id of the rule that found it, such as {@code category-without-retention}
 * @param severity how serious it is
 * @param path where in the policy, such as {@code purposes[2]} or {@code categories
 *     user.device.ip_address}
 * @param explanation one line saying what is wrong
 * @param reference the article or promise the finding rests on, such as {@code GDPR Art. 13(2)(a)}
 */
public record LintFinding(
    String rule, Severity severity, String path, String explanation, String reference) {

  /** Checks that every part is present. */
  public LintFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(reference, "reference");
  }

  /**
   * {@return one line: severity, rule, path, explanation and reference, such as {@code WARNING
   * category-without-retention categories user.device.ip_address: ... (GDPR Art. 13(2)(a))}}
   */
  @Override
  public String toString() {
    return severity + " " + rule + " " + path + ": " + explanation + " (" + reference + ")";
  }
}
