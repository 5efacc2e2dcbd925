package io.lethe.core;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a failure whose message may hold personal data (database drivers quote row values
 * in constraint-violation messages). It keeps the original type's name, the SQL state and vendor
 * code, and the stack trace, and drops the message. For an integrity violation (SQL state class 23)
 * it keeps the names of the constraint and the table where the driver tells them apart from the
 * values (PostgreSQL's server message fields, H2's message): schema names are not personal data,
 * and a host needs them to see which foreign key or NOT NULL column stopped a delete.
 */
public final class RedactedCause extends Exception {

  private static final long serialVersionUID = 1L;

  /** H2: {@code Referential integrity constraint violation: "FK_NAME: PUBLIC.CHILD FOREIGN KEY}. */
  private static final Pattern H2_FOREIGN_KEY =
      Pattern.compile(
          "^Referential integrity constraint violation: \"([\\w$]+): ([\\w$.]+) FOREIGN KEY");

  /** H2: {@code NULL not allowed for column "EMAIL"}. */
  private static final Pattern H2_NOT_NULL =
      Pattern.compile("^NULL not allowed for column \"([\\w$]+)\"");

  /** H2: {@code Unique index or primary key violation: "PUBLIC.PK_8 ON PUBLIC.T(ID)}. */
  private static final Pattern H2_UNIQUE =
      Pattern.compile("^Unique index or primary key violation: \"([\\w$.]+) ON ([\\w$.]+)\\(");

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
        description.append(", vendor code ").append(sql.getErrorCode());
        if (sql.getSQLState().startsWith("23")) {
          description.append(schemaNames(sql));
        }
        description.append(')');
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

  /**
   * The constraint, table and column an integrity violation names, as {@code ", constraint X, table
   * Y"}, read only from fields and message parts that hold schema names; empty if the driver tells
   * none.
   */
  private static String schemaNames(SQLException sql) {
    String constraint = null;
    String table = null;
    String column = null;
    try {
      // PostgreSQL's driver, without depending on it: PSQLException.getServerErrorMessage()
      Method server = sql.getClass().getMethod("getServerErrorMessage");
      Object message = server.invoke(sql);
      if (message != null) {
        constraint = (String) message.getClass().getMethod("getConstraint").invoke(message);
        table = (String) message.getClass().getMethod("getTable").invoke(message);
        column = (String) message.getClass().getMethod("getColumn").invoke(message);
      }
    } catch (ReflectiveOperationException | RuntimeException notPostgres) {
      String text = sql.getMessage() == null ? "" : sql.getMessage();
      Matcher m;
      if ((m = H2_FOREIGN_KEY.matcher(text)).find()) {
        constraint = m.group(1);
        table = m.group(2);
      } else if ((m = H2_UNIQUE.matcher(text)).find()) {
        constraint = m.group(1);
        table = m.group(2);
      } else if ((m = H2_NOT_NULL.matcher(text)).find()) {
        column = m.group(1);
      }
    }
    StringBuilder names = new StringBuilder();
    if (constraint != null) {
      names.append(", constraint ").append(constraint);
    }
    if (table != null) {
      names.append(", table ").append(table);
    }
    if (column != null) {
      names.append(", column ").append(column);
    }
    return names.toString();
  }
}
