package io.lethe.testkit.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an export package of another kind than expected. */
public final class ShouldBeExportOfKind extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id the package states
   * @param expected {@code access} or {@code portability}
   * @param actual the package's kind
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeExportOfKind(
      String policy, String expected, String actual) {
    return new ShouldBeExportOfKind(policy, expected, actual);
  }

  private ShouldBeExportOfKind(String policy, String expected, String actual) {
    super(
        "%nExpecting an export package of policy %s to be %s export but it is %s export",
        policy, unquotedString(article(expected)), unquotedString(article(actual)));
  }

  private static String article(String kind) {
    return kind == null
        ? "a null"
        : ("aeiou".indexOf(kind.isEmpty() ? 'x' : kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }
}
