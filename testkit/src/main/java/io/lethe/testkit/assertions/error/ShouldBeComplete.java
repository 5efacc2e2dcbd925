package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an erasure that some store or participant did not finish. */
public final class ShouldBeComplete extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param reference the erasure's request or job reference
   * @param policy the policy's id
   * @param failures one line per failed store or participant: its name and the failure the receipt
   *     states (which a receipt keeps free of personal data)
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeComplete(
      String reference, String policy, List<String> failures) {
    return new ShouldBeComplete(reference, policy, failures);
  }

  /**
   * Formats one failed store.
   *
   * @param store the store's name
   * @param failure what went wrong, as the receipt says
   * @return the line
   */
  public static String failedStore(String store, String failure) {
    return "store \"" + store + "\": " + failure;
  }

  /**
   * Formats one failed participant outside the stores.
   *
   * @param participant the participant's name, such as {@code consent ledger}
   * @param failure what went wrong, as the receipt says
   * @return the line
   */
  public static String failedParticipant(String participant, String failure) {
    return "participant \"" + participant + "\": " + failure;
  }

  private ShouldBeComplete(String reference, String policy, List<String> failures) {
    super(
        "%nExpecting erasure %s under policy %s to be complete but "
            + failures.size()
            + " "
            + noun(failures)
            + " failed:%n  "
            + String.join("%n  ", failures.stream().map(f -> f.replace("%", "%%")).toList()),
        reference,
        policy);
  }

  /** {@return what failed, as the lines name it: stores, participants, or both as parts} */
  private static String noun(List<String> failures) {
    boolean stores = failures.stream().allMatch(f -> f.startsWith("store "));
    boolean participants = failures.stream().allMatch(f -> f.startsWith("participant "));
    String noun = stores ? "store" : participants ? "participant" : "part";
    return failures.size() == 1 ? noun : noun + "s";
  }
}
