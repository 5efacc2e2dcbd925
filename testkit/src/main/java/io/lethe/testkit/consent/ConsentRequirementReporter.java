package io.lethe.testkit.consent;

import io.lethe.testkit.store.Requirement;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the {@link Requirement} of a failing {@link ConsentLedgerContractTest} test in front of its
 * assertion message; any other failure passes through unchanged.
 */
final class ConsentRequirementReporter implements TestExecutionExceptionHandler {

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
            "Consent ledger contract: "
                + requirement.value()
                + System.lineSeparator()
                + failure.getMessage(),
            failure);
    explained.setStackTrace(failure.getStackTrace());
    throw explained;
  }
}
