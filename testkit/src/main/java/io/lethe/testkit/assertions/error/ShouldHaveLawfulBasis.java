package io.lethe.testkit.assertions.error;

import io.lethe.core.policy.LawfulBasis;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category that no purpose with the expected basis uses. */
public final class ShouldHaveLawfulBasis extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id
   * @param category the category
   * @param basis the expected basis
   * @param purposes the purposes using the category, as {@code key (BASIS)}
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveLawfulBasis(
      String policy, String category, LawfulBasis basis, List<String> purposes) {
    return purposes.isEmpty()
        ? new ShouldHaveLawfulBasis(
            "%nExpecting category %s of policy %s to be processed under"
                + " %s but no purpose uses it",
            category, policy, basis)
        : new ShouldHaveLawfulBasis(
            "%nExpecting category %s of policy %s to be processed under"
                + " %s but the purposes using it are %s",
            category, policy, basis, purposes);
  }

  private ShouldHaveLawfulBasis(String format, Object... arguments) {
    super(format, arguments);
  }
}
