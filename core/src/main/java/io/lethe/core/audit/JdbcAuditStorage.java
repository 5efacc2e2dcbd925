package io.lethe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.core.RedactedCause;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.store.jdbc.JdbcTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Keeps the audit trail in a table; the sequence number is the primary key, so two instances
 * appending at once cannot both take the same number.
 *
 * <p>{@link #createTableIfMissing()} creates the table with portable SQL (H2, PostgreSQL).
 */
public final class JdbcAuditStorage implements AuditStorage {

  private static final String COLUMNS = "seq, recorded_at, actor, action, reference, store,"
      + " category, subject_hash, counts, outcome, detail, previous_hash, entry_hash";

  private final DataSource dataSource;
  private final String table;

  private JdbcAuditStorage(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  /**
   * A storage in the table {@code lethe_audit}.
   *
   * @param dataSource the database
   * @return the storage
   */
  public static JdbcAuditStorage of(DataSource dataSource) {
    return of(dataSource, "lethe_audit");
  }

  /**
   * A storage in a named table.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier
   * @return the storage
   * @throws IllegalArgumentException if the table name is not a plain identifier
   */
  public static JdbcAuditStorage of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcAuditStorage(dataSource, JdbcTables.requireIdentifier(table, "audit"));
  }

  /**
   * Creates the table unless it exists.
   *
   * @return this storage
   */
  public JdbcAuditStorage createTableIfMissing() {
    String ddl = "CREATE TABLE IF NOT EXISTS " + table + " ("
        + "seq BIGINT PRIMARY KEY, recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,"
        + " actor VARCHAR(200) NOT NULL, action VARCHAR(40) NOT NULL, reference VARCHAR(200),"
        + " store VARCHAR(100), category VARCHAR(200), subject_hash CHAR(64),"
        + " counts VARCHAR(2000) NOT NULL, outcome VARCHAR(20) NOT NULL, detail VARCHAR(2000),"
        + " previous_hash CHAR(64) NOT NULL, entry_hash CHAR(64) NOT NULL)";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(ddl);
      return this;
    } catch (SQLException e) {
      throw failure("create the audit table", e);
    }
  }

  @Override
  public Optional<AuditEntry> last() {
    String sql = "SELECT " + COLUMNS + " FROM " + table + " ORDER BY seq DESC LIMIT 1";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw failure("read the last audit entry", e);
    }
  }

  @Override
  public boolean append(AuditEntry entry) {
    String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
        + " ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, entry.sequence());
      statement.setObject(2, entry.at().atOffset(ZoneOffset.UTC));
      statement.setString(3, entry.actor());
      statement.setString(4, entry.action().name());
      JdbcTables.setText(statement, 5, entry.reference());
      JdbcTables.setText(statement, 6, entry.store());
      JdbcTables.setText(statement, 7, entry.category() == null ? null : entry.category().value());
      JdbcTables.setText(statement, 8, entry.subjectHash());
      statement.setString(9, AuditJson.write(entry.counts()));
      statement.setString(10, entry.outcome().name());
      JdbcTables.setText(statement, 11, entry.detail());
      statement.setString(12, entry.previousHash());
      statement.setString(13, entry.hash());
      statement.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit(); // a pool may hand out connections with autocommit off
      }
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false; // integrity violation: another instance took this sequence number
      }
      throw failure("append an audit entry", e);
    }
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
    return Stream.concat(entries.stream(), Stream.<AuditEntry>generate(() -> {
      throw atRow;
    }).limit(1));
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
      throw new AuditLog.AuditException("Audit entry " + rs.getLong("seq") + " in table "
          + table + " is malformed");
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  private AuditLog.AuditException failure(String what, SQLException e) {
    Throwable redacted = RedactedCause.copyOf(e);
    return new AuditLog.AuditException("Cannot " + what + " in table " + table + ": "
        + redacted.getMessage(), redacted);
  }

  @Override
  public String toString() {
    return "JdbcAuditStorage[" + table + "]";
  }
}
