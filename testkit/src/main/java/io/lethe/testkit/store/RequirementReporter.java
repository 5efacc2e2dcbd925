package io.lethe.testkit.store;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the {@link Requirement} of a failing contract test in front of its assertion message; a
 * skipped test (an optional group not implemented) and any other failure pass through unchanged.
 */
final class RequirementReporter implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Requirement requirement =
        context.getTestMethod().map(m -> m.getAnnotation(Requirement.class)).orElse(null);
    if (requirement == null || !(failure instanceof AssertionError)) {
      throw failure;
    }
    AssertionError explained =
        new AssertionError(
            "Store contract: "
                + requirement.value()
                + System.lineSeparator()
                + failure.getMessage(),
            failure);
    explained.setStackTrace(failure.getStackTrace());
    throw explained;
  }
}
