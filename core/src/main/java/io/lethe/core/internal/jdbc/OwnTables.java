package io.lethe.core.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Tables Lethe keeps for itself (audit trail, restrictions, holds, checkpoints, erasure ledger,
 * requests, consent ledger), as one of its JDBC classes uses them: the database, the names the host
 * chose, and the versioned SQL file in the jar that creates them.
 *
 * <p>The files are {@code META-INF/lethe/db/<folder>/V<n>__<name>.sql} in the jar of the class that
 * owns them: in {@code common} when the SQL is the same for every database, otherwise once for
 * PostgreSQL ({@code postgresql}) and once in portable SQL ({@code h2}, used for every other
 * database too). The folders are below {@code META-INF} so that they are no Java package: three
 * jars share them, which a package could not once the modules are named.
 *
 * <p>The files name the tables by their default names, so that a host can hand {@code common} and
 * its dialect's folder to Flyway or Liquibase as they are; {@link #createIfMissing} runs the file
 * itself with each default name (a whole identifier, so also the indexes named after a table)
 * replaced by the name in use. The statements are idempotent ({@code IF NOT EXISTS}); an {@code
 * INSERT} that fails because another instance inserted the same row at the same moment is no
 * failure.
 *
 * <p>Not API: may change in any release.
 */
public final class OwnTables {

  /** Where the SQL files are, below the dialect's folder. */
  public static final String FOLDER = "META-INF/lethe/db/";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final DataSource dataSource;
  private final Class<?> owner;
  private final String script;
  private final String table;
  private final Map<String, String> names;

  private OwnTables(
      DataSource dataSource,
      Class<?> owner,
      String script,
      String table,
      Map<String, String> names) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.owner = owner;
    this.script = script;
    this.table = table;
    this.names = Map.copyOf(names);
  }

  /**
   * Tables created by one SQL file.
   *
   * @param dataSource the database
   * @param owner the class whose jar holds the file
   * @param script the file's name, such as {@code V3__lethe_legal_hold.sql}
   * @param table the main table in use, named in failures
   * @param names each default name in the file and the name in use instead; names not given stay
   * @return the tables
   */
  public static OwnTables of(
      DataSource dataSource,
      Class<?> owner,
      String script,
      String table,
      Map<String, String> names) {
    return new OwnTables(dataSource, owner, script, table, names);
  }

  /** {@return the database} */
  public DataSource dataSource() {
    return dataSource;
  }

  /** {@return the main table in use} */
  public String table() {
    return table;
  }

  /**
   * Runs work on a fresh connection, a failure naming the main table and no personal data.
   *
   * @param what what is being done, such as "save a legal hold"
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T run(String what, Sql.Work<T> work) {
    return run(what, table, work);
  }

  /**
   * As {@link #run(String, Sql.Work)}, a failure naming the given table.
   *
   * @param what what is being done
   * @param table the table to name
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T run(String what, String table, Sql.Work<T> work) {
    return Sql.run(dataSource, work, e -> Sql.failure(what, table, e));
  }

  /**
   * As {@link #run(String, Sql.Work)}, in one transaction ({@link Sql#transaction}).
   *
   * @param what what is being done
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T transaction(String what, Sql.Work<T> work) {
    return transaction(what, table, work);
  }

  /**
   * As {@link #run(String, String, Sql.Work)}, in one transaction ({@link Sql#transaction}).
   *
   * @param what what is being done
   * @param table the table to name
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T transaction(String what, String table, Sql.Work<T> work) {
    return run(what, table, connection -> Sql.transaction(connection, work));
  }

  /**
   * Runs the SQL file for the database's dialect, with the names in use.
   *
   * @param what what is being done, for a failure, such as "create the hold table"
   */
  public void createIfMissing(String what) {
    run(
        what,
        connection -> {
          create(connection);
          return null;
        });
  }

  /**
   * Runs the SQL file for the connection's dialect, with the names in use, committing each
   * statement if the connection is not in autocommit mode.
   *
   * @param connection the connection
   * @throws SQLException if a statement fails
   */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(dialect(connection))) {
        try {
          statement.execute(sql);
          Sql.commitIfManual(connection);
        } catch (SQLException e) {
          // another instance inserted the same row at the same moment
          if (!sql.startsWith("INSERT") || !Sql.isIntegrityViolation(e)) {
            throw e;
          }
          if (!connection.getAutoCommit()) {
            connection.rollback();
          }
        }
      }
    }
  }

  /**
   * The file's statements for a dialect, with the names in use.
   *
   * @param dialect {@code h2} or {@code postgresql}
   * @return the statements, without comments or the closing semicolons
   */
  public List<String> statements(String dialect) {
    List<String> statements = new ArrayList<>();
    for (String sql : parse(read(dialect))) {
      statements.add(renamed(sql));
    }
    return statements;
  }

  /**
   * The SQL file's folder for a database: {@code postgresql} for PostgreSQL, {@code h2} (portable
   * SQL) for any other.
   *
   * @param connection a connection to the database
   * @return the dialect
   * @throws SQLException if the database cannot say what it is
   */
  public static String dialect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    return product != null && product.toLowerCase(Locale.ROOT).contains("postgres")
        ? "postgresql"
        : "h2";
  }

  /**
   * Splits a SQL file into statements: comments ({@code --} to the end of a line) dropped,
   * statements ended by {@code ;} at the end of a line.
   *
   * @param text the file
   * @return the statements, each on one line
   */
  public static List<String> parse(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      int comment = line.indexOf("--");
      String code = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (code.isEmpty()) {
        continue;
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(code);
      if (code.endsWith(";")) {
        current.setLength(current.length() - 1);
        statements.add(current.toString().replace("( ", "(").replace(" )", ")"));
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      throw new IllegalStateException("a statement in a SQL file is not closed with ';'");
    }
    return statements;
  }

  private String read(String dialect) {
    for (String folder : List.of(dialect, "common")) {
      String path = "/" + FOLDER + folder + "/" + script;
      try (InputStream in = owner.getResourceAsStream(path)) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    throw new IllegalStateException(
        "the jar of "
            + owner.getName()
            + " has no "
            + FOLDER
            + "{"
            + dialect
            + ",common}/"
            + script);
  }

  private String renamed(String sql) {
    Matcher words = IDENTIFIER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (words.find()) {
      words.appendReplacement(
          out, Matcher.quoteReplacement(names.getOrDefault(words.group(), words.group())));
    }
    return words.appendTail(out).toString();
  }

  @Override
  public String toString() {
    return "OwnTables[" + script + ", " + table + "]";
  }
}
