package io.lethe.core.store.jdbc;

import io.lethe.core.LetheException;
import io.lethe.core.internal.SafeText;
import java.util.List;

/**
 * A JDBC store mapping is malformed or does not match the database: a hostile or missing table or
 * column name, an anchor column that is not a timestamp. Every problem found is listed.
 */
public final class InvalidMappingException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String store;
  private final transient List<String> problems;

  private InvalidMappingException(String store, List<String> problems) {
    this(store, "Invalid JDBC mapping for store '" + SafeText.escape(store) + "'", problems);
  }

  private InvalidMappingException(String store, String heading, List<String> problems) {
    super(
        heading
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem):" : " problems):")
            + String.join(
                "",
                problems.stream()
                    .map(p -> System.lineSeparator() + "  - " + SafeText.escape(p))
                    .toList()));
    this.store = store;
    this.problems = problems.stream().map(SafeText::escape).toList();
  }

  static InvalidMappingException of(String store, List<String> problems) {
    return new InvalidMappingException(store, problems);
  }

  /**
   * Problems in a mapping file: each problem names its store; {@link #store()} is the first failing
   * store, or the file where no store can be named.
   */
  static InvalidMappingException inFile(String source, String firstStore, List<String> problems) {
    String shownSource = SafeText.escape(source);
    String heading =
        firstStore == null
            ? "Invalid JDBC mapping file " + shownSource
            : "Invalid JDBC mapping for store '"
                + SafeText.escape(firstStore)
                + "' in "
                + shownSource;
    return new InvalidMappingException(firstStore == null ? source : firstStore, heading, problems);
  }

  /** {@return the store whose mapping is wrong} */
  public String store() {
    return store;
  }

  /** {@return every problem found, each naming the table or column concerned} */
  public List<String> problems() {
    return problems;
  }
}
