package io.lethe.testkit.assertions.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an erasure whose recipients to notify (GDPR Art. 19) differ. */
public final class ShouldNotify extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param reference the erasure's request or job reference
   * @param expected the expected recipient keys
   * @param actual the recipient keys on the receipt
   * @param missing expected keys the receipt lacks
   * @param unexpected keys on the receipt that were not expected
   * @return the message factory
   */
  public static ErrorMessageFactory shouldNotify(
      String reference,
      List<String> expected,
      List<String> actual,
      List<String> missing,
      List<String> unexpected) {
    return new ShouldNotify(reference, expected, actual, missing, unexpected);
  }

  private ShouldNotify(
      String reference,
      List<String> expected,
      List<String> actual,
      List<String> missing,
      List<String> unexpected) {
    super(
        "%nExpecting erasure %s to notify exactly %s (Art. 19) but it notifies %s"
            + (missing.isEmpty() ? "" : "; missing %s")
            + (unexpected.isEmpty() ? "" : "; not expected %s"),
        arguments(reference, expected, actual, missing, unexpected));
  }

  private static Object[] arguments(
      String reference,
      List<String> expected,
      List<String> actual,
      List<String> missing,
      List<String> unexpected) {
    List<Object> arguments = new ArrayList<>(Arrays.asList(reference, expected, actual));
    if (!missing.isEmpty()) {
      arguments.add(missing);
    }
    if (!unexpected.isEmpty()) {
      arguments.add(unexpected);
    }
    return arguments.toArray();
  }
}
