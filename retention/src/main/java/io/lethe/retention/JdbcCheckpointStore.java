package io.lethe.retention;

import io.lethe.core.store.RecordKey;
import io.lethe.core.store.jdbc.JdbcTables;
import io.lethe.retention.spi.CheckpointStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Checkpoints in a table ({@code lethe_sweep_checkpoint} unless named otherwise), so that a sweep
 * resumes after the process dies. Each save commits before it returns.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

  private final DataSource dataSource;
  private final String table;

  private JdbcCheckpointStore(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  /**
   * A store in {@code lethe_sweep_checkpoint}.
   *
   * @param dataSource the database
   * @return the store
   */
  public static JdbcCheckpointStore of(DataSource dataSource) {
    return of(dataSource, "lethe_sweep_checkpoint");
  }

  /**
   * A store in a named table.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier
   * @return the store
   */
  public static JdbcCheckpointStore of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcCheckpointStore(dataSource, JdbcTables.requireIdentifier(table, "checkpoint"));
  }

  /**
   * Creates the table unless it exists.
   *
   * @return this store
   */
  public JdbcCheckpointStore createTableIfMissing() {
    run("create the checkpoint table", connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (sweep_key VARCHAR(500)"
            + " PRIMARY KEY, after_type VARCHAR(10), after_value VARCHAR(500), in_flight INT NOT"
            + " NULL, processed BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      return null;
    });
    return this;
  }

  @Override
  public Optional<SweepCheckpoint> load(String sweepKey) {
    return run("read a sweep checkpoint", connection -> {
      try (PreparedStatement statement = connection.prepareStatement("SELECT after_type,"
          + " after_value, in_flight, processed, updated_at FROM " + table
          + " WHERE sweep_key = ?")) {
        statement.setString(1, sweepKey);
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            return Optional.<SweepCheckpoint>empty();
          }
          return Optional.of(new SweepCheckpoint(sweepKey,
              key(rs.getString("after_type"), rs.getString("after_value")),
              rs.getInt("in_flight"), rs.getLong("processed"),
              JdbcTables.instant(rs, "updated_at")));
        }
      }
    });
  }

  /**
   * Saves with one UPDATE (an INSERT the first time), each atomic on its own: a sweep key has
   * one writer at a time, the sweep that holds its store's lock.
   */
  @Override
  public void save(SweepCheckpoint checkpoint) {
    run("save a sweep checkpoint", connection -> {
      int updated;
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
          + " SET after_type = ?, after_value = ?, in_flight = ?, processed = ?, updated_at = ?"
          + " WHERE sweep_key = ?")) {
        bind(update, checkpoint, 1);
        update.setString(6, checkpoint.sweepKey());
        updated = update.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (after_type, after_value, in_flight, processed, updated_at, sweep_key) VALUES"
            + " (?, ?, ?, ?, ?, ?)")) {
          bind(insert, checkpoint, 1);
          insert.setString(6, checkpoint.sweepKey());
          insert.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public void clear(String sweepKey) {
    run("clear a sweep checkpoint", connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM " + table + " WHERE sweep_key = ?")) {
        delete.setString(1, sweepKey);
        delete.executeUpdate();
      }
      return null;
    });
  }

  private static void bind(PreparedStatement statement, SweepCheckpoint checkpoint, int from)
      throws SQLException {
    RecordKey after = checkpoint.after();
    Object value = after == null ? null : after.value();
    JdbcTables.setText(statement, from, value == null ? null : value instanceof Long ? "long"
        : value instanceof UUID ? "uuid" : "text");
    JdbcTables.setText(statement, from + 1, value == null ? null : value.toString());
    statement.setInt(from + 2, checkpoint.inFlight());
    statement.setLong(from + 3, checkpoint.processed());
    JdbcTables.setInstant(statement, from + 4, checkpoint.updatedAt());
  }

  private static RecordKey key(String type, String value) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "long" -> RecordKey.of(Long.parseLong(value));
      case "uuid" -> RecordKey.of(UUID.fromString(value));
      default -> RecordKey.of(value);
    };
  }

  private <T> T run(String what, JdbcTables.Work<T> work) {
    return JdbcTables.run(dataSource, work, e -> JdbcTables.failure(what, table, e));
  }
}
