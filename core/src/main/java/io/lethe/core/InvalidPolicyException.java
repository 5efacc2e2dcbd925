package io.lethe.core;

import java.util.List;

/**
 * A policy, built in Java or read from a file, breaks one or more rules.
 *
 * <p>Every problem found is collected before this is thrown, so one run shows the whole list.
 * {@link #getMessage()} is meant for people: one line per problem, with its path and, for files,
 * line and column.
 */
public final class InvalidPolicyException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient List<PolicyViolation> violations;

  private InvalidPolicyException(String source, List<PolicyViolation> violations, String message) {
    super(message);
    this.source = source;
    this.violations = violations;
  }

  /**
   * Reports the given problems.
   *
   * @param source what was validated, such as a file name or {@code "policy built in Java"}
   * @param violations every problem found; at least one
   * @return the exception, ready to throw
   */
  public static InvalidPolicyException of(String source, List<PolicyViolation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid policy needs at least one violation");
    }
    List<PolicyViolation> copy = List.copyOf(violations);
    StringBuilder message =
        new StringBuilder()
            .append("Invalid policy ")
            .append(io.lethe.core.internal.SafeText.escape(source))
            .append(" (")
            .append(copy.size())
            .append(copy.size() == 1 ? " problem):" : " problems):");
    for (PolicyViolation violation : copy) {
      message.append(System.lineSeparator()).append("  - ").append(violation);
    }
    return new InvalidPolicyException(source, copy, message.toString());
  }

  /** {@return what was validated: a file name, or a description of a policy built in Java} */
  public String source() {
    return source;
  }

  /** {@return every problem found, in document order where known} */
  public List<PolicyViolation> violations() {
    return violations;
  }
}
