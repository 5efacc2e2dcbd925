package io.lethe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.core.RedactedCause;
import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.AuditStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Keeps the audit trail in a table, with a one-row companion table {@code <table>_head} whose row
 * every append locks: appends from several threads or host instances take turns on that lock (the
 * database's own {@code SELECT … FOR UPDATE}), so none of them fails because others append. The
 * sequence number is the primary key, so even a writer that bypassed the lock could not take a
 * number twice.
 *
 * <p>The tables and the head row are defined in {@code
 * META-INF/lethe/db/common/V1__lethe_audit.sql} in lethe-core's jar, the same SQL for every
 * database: {@link #createTableIfMissing()} runs it, and a host that manages its schema hands the
 * folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 */
public final class JdbcAuditStorage implements AuditStorage {

  private static final String COLUMNS =
      "seq, recorded_at, actor, action, reference, store,"
          + " category, subject_hash, counts, outcome, detail, previous_hash, entry_hash";

  /** SQL states of a lock wait that timed out: H2's, PostgreSQL's {@code lock_timeout}. */
  private static final Set<String> LOCK_TIMEOUTS = Set.of("HYT00", "55P03");

  /** How long an append keeps waiting for the head lock through the database's timeouts. */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** PostgreSQL's 63 characters less {@code _head}. */
  private static final int MAX_TABLE_NAME = 58;

  private final DataSource dataSource;
  private final OwnTables tables;
  private final String table;
  private final String head;

  private JdbcAuditStorage(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
    this.head = table + "_head";
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcAuditStorage.class,
            "V1__lethe_audit.sql",
            table,
            Map.of("lethe_audit", table, "lethe_audit_head", head));
  }

  /**
   * A storage in the table {@code lethe_audit} (and {@code lethe_audit_head}).
   *
   * @param dataSource the database
   * @return the storage
   */
  public static JdbcAuditStorage of(DataSource dataSource) {
    return of(dataSource, "lethe_audit");
  }

  /**
   * A storage in a named table, with its head row in {@code <table>_head}.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier of at most 58 characters
   * @return the storage
   * @throws IllegalArgumentException if the table name is not a plain identifier or is too long
   */
  public static JdbcAuditStorage of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    Sql.requireIdentifier(table, "audit");
    if (table.length() > MAX_TABLE_NAME) {
      throw new IllegalArgumentException(
          "the audit table name must be at most "
              + MAX_TABLE_NAME
              + " characters long, leaving room for its _head table");
    }
    return new JdbcAuditStorage(dataSource, table);
  }

  /**
   * Creates the tables unless they exist, and the head row unless it exists.
   *
   * @return this storage
   */
  public JdbcAuditStorage createTableIfMissing() {
    Sql.run(
        dataSource,
        connection -> {
          tables.create(connection);
          return null;
        },
        e -> failure("create the audit table", e));
    return this;
  }

  @Override
  public Optional<AuditEntry> last() {
    return Sql.run(dataSource, this::last, e -> failure("read the last audit entry", e));
  }

  private Optional<AuditEntry> last(Connection connection) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM " + table + " ORDER BY seq DESC LIMIT 1";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
    }
  }

  /**
   * Locks the head row, reads the newest entry, inserts the next and commits, in one transaction at
   * READ COMMITTED (so the read sees the entry of whoever held the lock before). A lock wait that
   * the database times out is waited again, for up to ten minutes in all.
   */
  @Override
  public AuditEntry append(Function<Optional<AuditEntry>, AuditEntry> next) {
    Objects.requireNonNull(next, "next");
    return appendAll(List.of(next)).get(0);
  }

  /**
   * As {@link #append(Function)}, for all the entries in one transaction: one lock, one read of the
   * newest entry, one batched insert and one commit.
   */
  @Override
  public List<AuditEntry> appendAll(List<Function<Optional<AuditEntry>, AuditEntry>> next) {
    Objects.requireNonNull(next, "next");
    if (next.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          return appendLocked(connection, next);
        } catch (SQLException e) {
          if (!LOCK_TIMEOUTS.contains(e.getSQLState()) || System.nanoTime() > deadline) {
            throw e;
          }
        }
      } catch (SQLException e) {
        if (Sql.isIntegrityViolation(e)) {
          throw new AuditLog.AuditException(
              "Cannot append to the audit trail in table "
                  + table
                  + ": sequence number taken by a writer that did not lock "
                  + head
                  + " (SQL state "
                  + e.getSQLState()
                  + ")",
              RedactedCause.copyOf(e));
        }
        throw failure("append an audit entry", e);
      }
    }
  }

  private List<AuditEntry> appendLocked(
      Connection connection, List<Function<Optional<AuditEntry>, AuditEntry>> next)
      throws SQLException {
    int isolation = connection.getTransactionIsolation();
    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }
    try {
      return Sql.transaction(
          connection,
          c -> {
            lockHead(c);
            Optional<AuditEntry> last = last(c);
            List<AuditEntry> entries = new ArrayList<>(next.size());
            for (Function<Optional<AuditEntry>, AuditEntry> one : next) {
              AuditEntry entry = one.apply(last);
              entries.add(entry);
              last = Optional.of(entry);
            }
            insert(c, entries);
            return entries;
          });
    } finally {
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        connection.setTransactionIsolation(isolation);
      }
    }
  }

  private void lockHead(Connection connection) throws SQLException {
    try (PreparedStatement lock =
            connection.prepareStatement("SELECT id FROM " + head + " WHERE id = 1 FOR UPDATE");
        ResultSet rs = lock.executeQuery()) {
      if (!rs.next()) {
        throw new AuditLog.AuditException(
            "The audit trail's head row is missing from table "
                + head
                + ": create it with createTableIfMissing()");
      }
    }
  }

  private void insert(Connection connection, List<AuditEntry> entries) throws SQLException {
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (AuditEntry entry : entries) {
        bind(statement, entry);
        if (entries.size() == 1) {
          statement.executeUpdate();
        } else {
          statement.addBatch();
        }
      }
      if (entries.size() > 1) {
        statement.executeBatch();
      }
    }
  }

  private static void bind(PreparedStatement statement, AuditEntry entry) throws SQLException {
    statement.setLong(1, entry.sequence());
    statement.setObject(2, entry.at().atOffset(ZoneOffset.UTC));
    statement.setString(3, entry.actor());
    statement.setString(4, entry.action().name());
    Sql.setText(statement, 5, entry.reference());
    Sql.setText(statement, 6, entry.store());
    Sql.setText(statement, 7, entry.category() == null ? null : entry.category().value());
    Sql.setText(statement, 8, entry.subjectHash());
    statement.setString(9, AuditJson.write(entry.counts()));
    statement.setString(10, entry.outcome().name());
    Sql.setText(statement, 11, entry.detail());
    statement.setString(12, entry.previousHash());
    statement.setString(13, entry.hash());
  }

  @Override
  public Stream<AuditEntry> readAll() {
    String sql = "SELECT " + COLUMNS + " FROM " + table + " ORDER BY seq";
    List<AuditEntry> entries = new ArrayList<>();
    AuditLog.AuditException malformed = null;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      while (malformed == null && rs.next()) {
        try {
          entries.add(entry(rs));
        } catch (AuditLog.AuditException e) {
          malformed = e;
        }
      }
    } catch (SQLException e) {
      throw failure("read the audit trail", e);
    }
    if (malformed == null) {
      return entries.stream();
    }
    // Thrown where the row is reached, like an unreadable line of the file storage, so that
    // verify() reports it after the entries before it.
    AuditLog.AuditException atRow = malformed;
    return Stream.concat(
        entries.stream(),
        Stream.<AuditEntry>generate(
                () -> {
                  throw atRow;
                })
            .limit(1));
  }

  private AuditEntry entry(ResultSet rs) throws SQLException {
    String category = rs.getString("category");
    try {
      return new AuditEntry(
          rs.getLong("seq"),
          rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
          rs.getString("actor"),
          AuditAction.valueOf(rs.getString("action")),
          rs.getString("reference"),
          rs.getString("store"),
          category == null ? null : CategoryKey.of(category),
          trimmed(rs.getString("subject_hash")),
          AuditJson.counts(rs.getString("counts")),
          AuditOutcome.valueOf(rs.getString("outcome")),
          rs.getString("detail"),
          trimmed(rs.getString("previous_hash")),
          trimmed(rs.getString("entry_hash")));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new AuditLog.AuditException(
          "Audit entry " + rs.getLong("seq") + " in table " + table + " is malformed");
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  private AuditLog.AuditException failure(String what, SQLException e) {
    Throwable redacted = RedactedCause.copyOf(e);
    return new AuditLog.AuditException(
        "Cannot " + what + " in table " + table + ": " + redacted.getMessage(), redacted);
  }

  @Override
  public String toString() {
    return "JdbcAuditStorage[" + table + "]";
  }
}
