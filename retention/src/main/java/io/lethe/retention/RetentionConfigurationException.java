package io.lethe.retention;

import io.lethe.core.LetheException;
import java.util.List;

/**
 * The stores do not fit the policy: a store cannot filter by the anchor its rule counts from, a
 * rule names an aggregation hook nobody registered, a record would be deleted before a field's
 * legal floor. Every problem is listed.
 */
public final class RetentionConfigurationException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  private RetentionConfigurationException(List<String> problems) {
    super(
        "The stores do not fit the retention rules ("
            + problems.size()
            + (problems.size() == 1 ? " problem):" : " problems):")
            + String.join(
                "", problems.stream().map(p -> System.lineSeparator() + "  - " + p).toList()));
    this.problems = List.copyOf(problems);
  }

  static RetentionConfigurationException of(List<String> problems) {
    return new RetentionConfigurationException(problems);
  }

  /** {@return every problem found} */
  public List<String> problems() {
    return problems;
  }
}
