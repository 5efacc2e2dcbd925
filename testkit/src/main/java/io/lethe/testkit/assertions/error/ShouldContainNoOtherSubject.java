package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for an export package that carries data of somebody else. */
public final class ShouldContainNoOtherSubject extends BasicErrorMessageFactory {

  /**
   * Creates the message.
   *
   * @param kind the package's kind
   * @param policy the policy's id the package states
   * @param stores the names of the stores checked
   * @param identities how many identifiers the stores link to the subject
   * @param findings one line per problem: store, category and counts
   * @return the message factory
   */
  public static ErrorMessageFactory shouldContainNoOtherSubject(
      String kind, String policy, List<String> stores, int identities, List<String> findings) {
    return new ShouldContainNoOtherSubject(kind, policy, stores, identities, findings);
  }

  /**
   * Formats one finding: identifiers the package lists that the stores do not link to the subject.
   *
   * @param foreign how many
   * @param types their identifier types
   * @return the line
   */
  public static String foreignIdentifiers(int foreign, List<String> types) {
    return "\"subject.identifiers\" lists "
        + foreign
        + (foreign == 1 ? " identifier" : " identifiers")
        + " the stores do not link to the subject, of type "
        + types;
  }

  /**
   * Formats one finding: the package lists no identifier to start from.
   *
   * @return the line
   */
  public static String noIdentifiers() {
    return "\"subject.identifiers\" is empty";
  }

  /**
   * Formats one finding: exported records that match no record the store holds of the subject.
   *
   * @param store the store's name
   * @param category the records' category
   * @param foreign how many
   * @return the line
   */
  public static String foreignRecords(String store, String category, long foreign) {
    return "store \""
        + store
        + "\": "
        + foreign
        + (foreign == 1 ? " record" : " records")
        + " of category \""
        + category
        + "\" "
        + (foreign == 1 ? "matches" : "match")
        + " no record the store holds of the subject";
  }

  /**
   * Formats one finding: exported records of a store that was not given, so they cannot be checked.
   *
   * @param store the store's name
   * @param records how many
   * @return the line
   */
  public static String uncheckedStore(String store, long records) {
    return "store \""
        + store
        + "\" is not among the stores checked: "
        + records
        + (records == 1 ? " record" : " records")
        + " cannot be traced to the subject";
  }

  private ShouldContainNoOtherSubject(
      String kind, String policy, List<String> stores, int identities, List<String> findings) {
    super(
        "%nExpecting the "
            + kind.replace("%", "%%")
            + " export of policy %s to contain only"
            + " data of the given subject (%s "
            + (identities == 1 ? "identifier" : "identifiers")
            + ") as stores %s hold it but:%n  "
            + String.join("%n  ", findings.stream().map(f -> f.replace("%", "%%")).toList()),
        policy,
        unquotedString(Integer.toString(identities)),
        stores);
  }
}
