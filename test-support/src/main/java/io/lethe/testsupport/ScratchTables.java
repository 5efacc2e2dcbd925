package io.lethe.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tables of one test on a shared database: names made unique with a suffix of the test's own,
 * statements run on a connection each, and every table named here dropped on {@link #close()}, the
 * last named first (with a companion {@code <name>_head} table, as an audit trail has).
 */
public final class ScratchTables implements AutoCloseable {

  private final DataSource dataSource;
  private final String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final List<String> named = new ArrayList<>();

  /**
   * Tables on a database.
   *
   * @param dataSource the database
   */
  public ScratchTables(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** {@return the database} */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The test's name for a table, dropped on close.
   *
   * @param base the table's name in the test's words, such as {@code orders}
   * @return the name with the test's suffix
   */
  public String name(String base) {
    String table = base + suffix;
    if (!named.contains(table)) {
      named.add(0, table);
    }
    return table;
  }

  /**
   * Runs a statement.
   *
   * @param sql the statement
   * @throws SQLException if it fails
   */
  public void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * The first column of a query's rows, as text.
   *
   * @param sql the query
   * @return the values, in the order the query gives them
   * @throws SQLException if it fails
   */
  public List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** Drops every table named here, the last named first. */
  @Override
  public void close() throws SQLException {
    for (String table : named) {
      execute("DROP TABLE IF EXISTS " + table + "_head");
      execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
