package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.consent.JdbcConsentLedger;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.retention.JdbcCheckpointStore;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.JdbcHoldRegistry;
import io.lethe.testsupport.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL files Lethe ships for its own tables ({@code META-INF/lethe/db/common/} and {@code
 * META-INF/lethe/db/<dialect>/}) create what the classes' {@code createTableIfMissing()} creates,
 * so that a host can hand them to Flyway or Liquibase instead: the same tables, columns, types,
 * keys and indexes, also when the host chose other table names.
 */
class ShippedSqlTest {

  /** The files in Flyway's order, as a host's migration tool runs them. */
  private static final List<String> FILES =
      List.of(
          "V1__lethe_audit.sql",
          "V2__lethe_restriction.sql",
          "V3__lethe_legal_hold.sql",
          "V4__lethe_sweep_checkpoint.sql",
          "V5__lethe_erasure_ledger.sql",
          "V6__lethe_dsar_request.sql",
          "V7__lethe_consent.sql");

  /** Each default table name and the name the test's host chose instead. */
  private static final Map<String, String> RENAMED = new LinkedHashMap<>();

  static {
    RENAMED.put("lethe_audit", "x_audit");
    RENAMED.put("lethe_audit_head", "x_audit_head");
    RENAMED.put("lethe_restriction", "x_restriction");
    RENAMED.put("lethe_restriction_subject", "x_restriction_subject");
    RENAMED.put("lethe_legal_hold", "x_hold");
    RENAMED.put("lethe_sweep_checkpoint", "x_checkpoint");
    RENAMED.put("lethe_tombstone", "x_tombstone");
    RENAMED.put("lethe_deferred_erasure", "x_deferral");
    RENAMED.put("lethe_deferred_erasure_receipt", "x_deferral_receipt");
    RENAMED.put("lethe_dsar_request", "x_request");
    RENAMED.put("lethe_consent", "x_consent");
    RENAMED.put("lethe_consent_head", "x_consent_head");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void the_shipped_sql_creates_what_create_table_if_missing_creates(String database)
      throws Exception {
    String suffix = Long.toString(System.nanoTime(), 36);
    String shipped = "lethe_shipped_" + suffix;
    String created = "lethe_created_" + suffix;
    try (Connection connection = TestDatabases.of(database, "shipped-sql").getConnection()) {
      try {
        // GIVEN the shipped files, run as a migration tool runs them, in one schema
        use(connection, shipped, true);
        for (String file : FILES) {
          try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(database, file))) {
              statement.execute(sql);
            }
          }
        }
        // WHEN every class creates its tables, under names the host chose, in another
        use(connection, created, true);
        DataSource one = new OneConnection(connection);
        JdbcAuditStorage.of(one, "x_audit").createTableIfMissing().createTableIfMissing();
        JdbcRestrictionRegistry.of(one, "x_restriction").createTableIfMissing();
        JdbcHoldRegistry.of(one, "x_hold").createTableIfMissing();
        JdbcCheckpointStore.of(one, "x_checkpoint").createTableIfMissing();
        JdbcErasureLedger.of(one, "x_tombstone", "x_deferral").createTableIfMissing();
        JdbcRequestRepository.of(one, "x_request").createTableIfMissing();
        JdbcConsentLedger.of(one, "x_consent").createTableIfMissing().createTableIfMissing();

        // THEN both schemas hold the same tables, table by table
        Map<String, String> shippedTables = describe(connection, shipped);
        Map<String, String> createdTables = describe(connection, created);
        assertThat(shippedTables).containsOnlyKeys(RENAMED.keySet());
        assertThat(createdTables).containsOnlyKeys(RENAMED.values());
        RENAMED.forEach(
            (name, renamed) ->
                assertThat(createdTables.get(renamed))
                    .as(renamed + " against " + name)
                    .isEqualTo(shippedTables.get(name)));
        assertThat(indexNames(connection, created))
            .contains(
                "x_restriction_subject_hash",
                "x_request_due_ix",
                "x_consent_subject_ix",
                "x_consent_linked_ix");
        assertThat(headRows(connection, shipped + ".lethe_audit_head")).isEqualTo(1);
        assertThat(headRows(connection, created + ".x_audit_head")).isEqualTo(1);
        assertThat(headRows(connection, shipped + ".lethe_consent_head")).isEqualTo(1);
        assertThat(headRows(connection, created + ".x_consent_head")).isEqualTo(1);
      } finally {
        use(connection, null, false);
        for (String schema : List.of(shipped, created)) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          }
        }
      }
    }
  }

  /** Creates the schema and makes it the current one, or goes back to the default one. */
  private static void use(Connection connection, String schema, boolean create)
      throws SQLException {
    boolean postgres = connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    try (Statement statement = connection.createStatement()) {
      if (create) {
        statement.execute("CREATE SCHEMA " + schema);
      }
      if (postgres) {
        statement.execute(schema == null ? "RESET search_path" : "SET search_path TO " + schema);
      } else {
        statement.execute("SET SCHEMA " + (schema == null ? "PUBLIC" : schema));
      }
    }
  }

  /** A file from the two folders a migration tool gets: common and the database's. */
  private static String read(String database, String file) throws IOException {
    List<String> found = new ArrayList<>();
    for (String folder : List.of("common", database)) {
      String path = "META-INF/lethe/db/" + folder + "/" + file;
      try (InputStream in = ShippedSqlTest.class.getClassLoader().getResourceAsStream(path)) {
        if (in != null) {
          found.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(found).as(file + " in exactly one of the folders, as Flyway needs").hasSize(1);
    return found.get(0);
  }

  /** Statements as a migration tool splits them: comment lines out, ended by ';'. */
  private static List<String> statements(String file) {
    StringBuilder code = new StringBuilder();
    file.lines()
        .filter(line -> !line.strip().startsWith("--"))
        .forEach(line -> code.append(line).append('\n'));
    List<String> statements = new ArrayList<>();
    for (String sql : code.toString().split(";")) {
      if (!sql.isBlank()) {
        statements.add(sql.strip());
      }
    }
    return statements;
  }

  /** Each table in a schema, described by its columns, primary key and indexes. */
  private static Map<String, String> describe(Connection connection, String schema)
      throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String pattern = meta.storesUpperCaseIdentifiers() ? schema.toUpperCase(Locale.ROOT) : schema;
    Map<String, String> tables = new TreeMap<>();
    try (ResultSet rs = meta.getTables(null, pattern, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.put(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT), null);
      }
    }
    for (String table : List.copyOf(tables.keySet())) {
      String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
      StringBuilder description = new StringBuilder();
      try (ResultSet rs = meta.getColumns(null, pattern, name, "%")) {
        while (rs.next()) {
          description
              .append(rs.getInt("ORDINAL_POSITION"))
              .append(' ')
              .append(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT))
              .append(' ')
              .append(rs.getString("TYPE_NAME"))
              .append('(')
              .append(rs.getInt("COLUMN_SIZE"))
              .append(") nullable=")
              .append(rs.getInt("NULLABLE"))
              .append('\n');
        }
      }
      Map<Integer, String> key = new TreeMap<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, pattern, name)) {
        while (rs.next()) {
          key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
      description.append("primary key ").append(key.values()).append('\n');
      Map<String, List<String>> indexes = new TreeMap<>();
      try (ResultSet rs = meta.getIndexInfo(null, pattern, name, false, false)) {
        while (rs.next()) {
          if (rs.getString("COLUMN_NAME") != null) {
            indexes
                .computeIfAbsent(
                    (rs.getBoolean("NON_UNIQUE") ? "" : "unique ") + rs.getString("INDEX_NAME"),
                    k -> new ArrayList<>())
                .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
      }
      // index names follow the table names; what they index must match
      description
          .append("indexes ")
          .append(
              new TreeSet<>(
                  indexes.entrySet().stream()
                      .map(e -> (e.getKey().startsWith("unique") ? "unique " : "") + e.getValue())
                      .toList()));
      tables.put(table, description.toString());
    }
    return tables;
  }

  private static List<String> indexNames(Connection connection, String schema) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String pattern = meta.storesUpperCaseIdentifiers() ? schema.toUpperCase(Locale.ROOT) : schema;
    List<String> names = new ArrayList<>();
    for (String table : RENAMED.values()) {
      String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
      try (ResultSet rs = meta.getIndexInfo(null, pattern, name, false, false)) {
        while (rs.next()) {
          if (rs.getString("INDEX_NAME") != null) {
            names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return names;
  }

  private static int headRows(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Hands out one open connection, which its users' {@code close()} leaves open. */
  private record OneConnection(Connection connection) implements DataSource {

    @Override
    public Connection getConnection() {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  return null;
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String username, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
