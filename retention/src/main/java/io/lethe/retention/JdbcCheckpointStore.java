package io.lethe.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.spi.RecordKey;
import io.lethe.retention.spi.CheckpointStore;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Checkpoints in a table ({@code lethe_sweep_checkpoint} unless named otherwise), so that a sweep
 * resumes after the process dies. Each save commits before it returns.
 *
 * <p>The table is defined in {@code META-INF/lethe/db/common/V4__lethe_sweep_checkpoint.sql} in
 * this jar, the same SQL for every database: {@link #createTableIfMissing()} runs it, and a host
 * that manages its schema hands the folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 */
public final class JdbcCheckpointStore implements CheckpointStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OwnTables tables;
  private final String table;

  private JdbcCheckpointStore(DataSource dataSource, String table) {
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcCheckpointStore.class,
            "V4__lethe_sweep_checkpoint.sql",
            table,
            Map.of("lethe_sweep_checkpoint", table));
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
    return new JdbcCheckpointStore(dataSource, Sql.requireIdentifier(table, "checkpoint"));
  }

  /**
   * Creates the table unless it exists.
   *
   * @return this store
   */
  public JdbcCheckpointStore createTableIfMissing() {
    tables.createIfMissing("create the checkpoint table");
    return this;
  }

  @Override
  public Optional<SweepCheckpoint> load(String sweepKey) {
    return tables.run(
        "read a sweep checkpoint",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT after_type,"
                      + " after_value, in_flight, processed, updated_at FROM "
                      + table
                      + " WHERE sweep_key = ?")) {
            statement.setString(1, sweepKey);
            try (ResultSet rs = statement.executeQuery()) {
              if (!rs.next()) {
                return Optional.<SweepCheckpoint>empty();
              }
              return Optional.of(
                  new SweepCheckpoint(
                      sweepKey,
                      key(rs.getString("after_type"), rs.getString("after_value")),
                      rs.getInt("in_flight"),
                      rs.getLong("processed"),
                      Sql.instant(rs, "updated_at")));
            }
          }
        });
  }

  /**
   * Saves with one UPDATE (an INSERT the first time), each atomic on its own: a sweep key has one
   * writer at a time, the sweep that holds its store's lock.
   */
  @Override
  public void save(SweepCheckpoint checkpoint) {
    tables.run(
        "save a sweep checkpoint",
        connection -> {
          int updated;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET after_type = ?, after_value = ?, in_flight = ?, processed = ?, updated_at = ?"
                      + " WHERE sweep_key = ?")) {
            bind(update, checkpoint, 1);
            update.setString(6, checkpoint.sweepKey());
            updated = update.executeUpdate();
          }
          if (updated == 0) {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO "
                        + table
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
    tables.run(
        "clear a sweep checkpoint",
        connection -> Sql.delete(connection, table, "sweep_key", sweepKey));
  }

  private static void bind(PreparedStatement statement, SweepCheckpoint checkpoint, int from)
      throws SQLException {
    RecordKey after = checkpoint.after();
    if (after == null) {
      Sql.setText(statement, from, null);
      Sql.setText(statement, from + 1, null);
    } else if (after.isComposite()) {
      // each part as [type, text], in column order, as a JSON array
      List<List<String>> parts =
          after.parts().stream().map(part -> List.of(type(part), part.toString())).toList();
      Sql.setText(statement, from, "composite");
      try {
        Sql.setText(statement, from + 1, JSON.writeValueAsString(parts));
      } catch (JsonProcessingException e) {
        // no cause: the parser's message quotes the key, which may be personal data
        throw new IllegalStateException(
            "cannot write a key's parts as JSON: " + e.getClass().getSimpleName());
      }
    } else {
      Sql.setText(statement, from, type(after.value()));
      Sql.setText(statement, from + 1, after.value().toString());
    }
    statement.setInt(from + 2, checkpoint.inFlight());
    statement.setLong(from + 3, checkpoint.processed());
    Sql.setInstant(statement, from + 4, checkpoint.updatedAt());
  }

  /** The name a key part's type is saved under. */
  private static String type(Object part) {
    if (part instanceof Long) {
      return "long";
    } else if (part instanceof UUID) {
      return "uuid";
    } else if (part instanceof BigDecimal) {
      return "decimal";
    } else if (part instanceof LocalDate) {
      return "date";
    } else if (part instanceof LocalDateTime) {
      return "timestamp";
    } else if (part instanceof OffsetDateTime) {
      return "offset";
    }
    return "text";
  }

  private static RecordKey key(String type, String value) {
    if (type == null) {
      return null;
    }
    if (type.equals("composite")) {
      try {
        List<List<String>> parts = JSON.readValue(value, new TypeReference<>() {});
        return RecordKey.composite(parts.stream().map(p -> part(p.get(0), p.get(1))).toList());
      } catch (JsonProcessingException e) {
        // no cause: the parser's message quotes the key, which may be personal data
        throw new IllegalStateException(
            "a saved composite key is not the JSON it was saved as: "
                + e.getClass().getSimpleName());
      }
    }
    return RecordKey.of(part(type, value));
  }

  private static Object part(String type, String value) {
    return switch (type) {
      case "long" -> Long.parseLong(value);
      case "uuid" -> UUID.fromString(value);
      case "decimal" -> new BigDecimal(value);
      case "date" -> LocalDate.parse(value);
      case "timestamp" -> LocalDateTime.parse(value);
      case "offset" -> OffsetDateTime.parse(value);
      default -> value;
    };
  }
}
