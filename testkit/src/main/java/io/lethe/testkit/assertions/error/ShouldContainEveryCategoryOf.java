package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an access export that leaves out what the stores hold of a subject. */
public final class ShouldContainEveryCategoryOf extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param policy the policy's id the package states
   * @param stores the names of the stores checked
   * @param identities how many identifiers the stores link to the subject
   * @param findings one line per gap: store, category and counts
   * @return the message factory
   */
  public static ErrorMessageFactory shouldContainEveryCategoryOf(
      String policy, List<String> stores, int identities, List<String> findings) {
    return new ShouldContainEveryCategoryOf(policy, stores, identities, findings);
  }

  /**
   * Formats one finding: identifiers the stores link to the subject that the package does not list.
   *
   * @param missing how many
   * @param types their identifier types
   * @return the line
   */
  public static String identifiersMissing(int missing, List<String> types) {
    return "\"subject.identifiers\" lacks "
        + missing
        + (missing == 1 ? " identifier" : " identifiers")
        + " the stores link to the subject, of type "
        + types;
  }

  /**
   * Formats one finding: a category the store holds of the subject that the package does not
   * explain.
   *
   * @param store the store's name
   * @param category the category
   * @return the line
   */
  public static String categoryMissing(String store, String category) {
    return "store \"" + store + "\": category \"" + category + "\" is not in \"categories\"";
  }

  /**
   * Formats one finding: records of the subject that the package does not contain.
   *
   * @param store the store's name
   * @param category the records' category
   * @param missing how many are missing
   * @param held how many of that category the store holds of the subject
   * @return the line
   */
  public static String recordsMissing(String store, String category, long missing, long held) {
    return "store \""
        + store
        + "\": "
        + missing
        + " of "
        + held
        + (held == 1 ? " record" : " records")
        + " of category \""
        + category
        + "\" not in \"records\"";
  }

  private ShouldContainEveryCategoryOf(
      String policy, List<String> stores, int identities, List<String> findings) {
    super(
        "%nExpecting the access export of policy %s to contain everything stores %s hold of the"
            + " given subject (%s "
            + (identities == 1 ? "identifier" : "identifiers")
            + ") but:%n  "
            + String.join("%n  ", findings.stream().map(f -> f.replace("%", "%%")).toList()),
        policy,
        stores,
        unquotedString(Integer.toString(identities)));
  }
}
