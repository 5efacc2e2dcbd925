package io.lethe.testkit.assertions.error;

import io.lethe.core.lint.LintFinding;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a policy that the lint finds problems in. */
public final class ShouldPassLint extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param findings the findings at warning level or above
   * @return the message factory
   */
  public static ErrorMessageFactory shouldPassLint(String policy, List<LintFinding> findings) {
    return new ShouldPassLint(policy, findings);
  }

  private ShouldPassLint(String policy, List<LintFinding> findings) {
    super(
        "%nExpecting policy %s to pass the lint but it has %s finding(s):%n%s",
        policy,
        findings.size(),
        findings.stream().map(f -> "  " + f).collect(Collectors.joining(System.lineSeparator())));
  }
}
