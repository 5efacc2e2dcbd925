package io.lethe.core;

import java.sql.SQLException;

/**
 * A stand-in for a failure whose message may hold personal data (database drivers quote row
 * values in constraint-violation messages). It keeps the original type's name, the SQL state and
 * vendor code, and the stack trace, and drops the message.
 */
public final class RedactedCause extends Exception {

  private static final long serialVersionUID = 1L;

  private RedactedCause(String message) {
    super(message);
  }

  /**
   * Copies a failure and its causes without their messages.
   *
   * @param failure the original failure
   * @return the redacted copy
   */
  public static Throwable copyOf(Throwable failure) {
    if (failure == null) {
      return null;
    }
    StringBuilder description = new StringBuilder(failure.getClass().getName());
    if (failure instanceof SQLException sql) {
      if (sql.getSQLState() != null) {
        description.append(" (SQL state ").append(sql.getSQLState());
        description.append(", vendor code ").append(sql.getErrorCode()).append(')');
      }
    }
    RedactedCause copy = new RedactedCause(description.toString());
    copy.setStackTrace(failure.getStackTrace());
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      copy.initCause(copyOf(cause));
    }
    return copy;
  }
}
