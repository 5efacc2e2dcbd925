package io.lethe.core;

import java.util.Objects;

/**
 * One problem found in a policy: where it is and which rule it breaks.
 *
 * <p>{@code path} uses the policy file's own property names with zero-based indices, for example
 * {@code retention[3].minimum}; it is empty for problems of the document as a whole. {@code line}
 * and {@code column} are one-based positions in the source file, or 0 when the policy did not come
 * from a file.
 *
 * @param path where the problem is, in file property names
 * @param message which rule is broken, without personal data
 * @param line one-based line in the source file, 0 if unknown
 * @param column one-based column in the source file, 0 if unknown
 */
public record PolicyViolation(String path, String message, int line, int column) {

  /** Validates the components. */
  public PolicyViolation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    path = io.lethe.core.internal.SafeText.escape(path);
    message = io.lethe.core.internal.SafeText.escape(message);
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /**
   * A violation with no source position.
   *
   * @param path where the problem is
   * @param message which rule is broken
   * @return the violation
   */
  public static PolicyViolation of(String path, String message) {
    return new PolicyViolation(path, message, 0, 0);
  }

  /**
   * Returns a copy of this violation at the given source position.
   *
   * @param line one-based line
   * @param column one-based column
   * @return the positioned violation
   */
  public PolicyViolation at(int line, int column) {
    return new PolicyViolation(path, message, line, column);
  }

  /** {@return whether this violation knows where in the source file it is} */
  public boolean hasPosition() {
    return line > 0;
  }

  /** {@return {@code path: message}, the form used in error reports and test expectations} */
  public String describe() {
    return path.isEmpty() ? message : path + ": " + message;
  }

  @Override
  public String toString() {
    return hasPosition() ? describe() + " (line " + line + ", column " + column + ")" : describe();
  }
}
