package io.lethe.core.internal.jdbc;

import io.lethe.core.LetheException;
import io.lethe.core.RedactedCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Plumbing shared by the tables Lethe keeps for itself ({@link OwnTables}) and by {@code
 * JdbcStore}: identifier checks, one connection per unit of work with failures redacted, and
 * null-safe binding of texts and instants. Not API: may change in any release.
 */
public final class Sql {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private Sql() {}

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs the work.
     *
     * @param connection an open connection
     * @return the result
     * @throws SQLException if a statement fails
     */
    T run(Connection connection) throws SQLException;
  }

  /**
   * Checks a table name is a plain SQL identifier, which is then safe to put into SQL text.
   *
   * @param name the name
   * @param what what the table is for, for the message
   * @return the name
   * @throws IllegalArgumentException if it is not a plain identifier
   */
  public static String requireIdentifier(String name, String what) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " table name must be a plain SQL"
              + " identifier (letters, digits and '_', starting with a letter or '_')");
    }
    return name;
  }

  /**
   * Runs work on a fresh connection, committing when the pool hands out connections with autocommit
   * off, and turning a failure into an exception without the driver's message.
   *
   * @param dataSource the database
   * @param work the work
   * @param onFailure builds the exception to throw from the failure
   * @param <T> the result type
   * @return the work's result
   */
  public static <T> T run(
      DataSource dataSource, Work<T> work, Function<SQLException, RuntimeException> onFailure) {
    try (Connection connection = dataSource.getConnection()) {
      T result = work.run(connection);
      commitIfManual(connection);
      return result;
    } catch (SQLException e) {
      throw onFailure.apply(e);
    }
  }

  /**
   * Runs work in one transaction on a connection, rolling back if it fails and restoring the
   * connection's autocommit mode afterwards.
   *
   * @param connection the connection
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws SQLException if a statement fails; the transaction was rolled back
   */
  public static <T> T transaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * The failure of a statement on one of Lethe's tables, without the driver's message.
   *
   * @param what what could not be done, such as "save a legal hold"
   * @param table the table
   * @param e the failure
   * @return the exception
   */
  public static LetheException failure(String what, String table, SQLException e) {
    return new LetheException(
        "Cannot " + what + " in table " + table + ": SQL state " + e.getSQLState(),
        RedactedCause.copyOf(e));
  }

  /**
   * Whether a failure is an integrity constraint violation (SQL state class 23), such as a key
   * another writer took first.
   *
   * @param e the failure
   * @return whether it is one
   */
  public static boolean isIntegrityViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * Commits, if the connection is not in autocommit mode (a pool may hand it out so).
   *
   * @param connection the connection
   * @throws SQLException if committing fails
   */
  public static void commitIfManual(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  /**
   * Deletes the rows whose column holds a text, such as a row by its id before it is written again.
   *
   * @param connection the connection
   * @param table the table, a checked identifier
   * @param column the column
   * @param value the text
   * @return how many rows were deleted
   * @throws SQLException if the statement fails
   */
  public static int delete(Connection connection, String table, String column, String value)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
      delete.setString(1, value);
      return delete.executeUpdate();
    }
  }

  /**
   * Binds a text, or SQL NULL.
   *
   * @param statement the statement
   * @param index the parameter's position
   * @param value the text, or null
   * @throws SQLException if binding fails
   */
  public static void setText(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /**
   * Binds an instant as a {@code TIMESTAMP WITH TIME ZONE} in UTC, or SQL NULL.
   *
   * @param statement the statement
   * @param index the parameter's position
   * @param value the instant, or null
   * @throws SQLException if binding fails
   */
  public static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value.atOffset(ZoneOffset.UTC));
    }
  }

  /**
   * Reads a {@code TIMESTAMP WITH TIME ZONE} column as an instant.
   *
   * @param rs the result set, on a row
   * @param column the column
   * @return the instant, or null
   * @throws SQLException if reading fails
   */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
