package io.lethe.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.spi.AuditStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One place an audit trail lives (a JSON-lines file or an H2 table), with the raw access an
 * attacker or a careless operator has: reading and editing what is stored without going through the
 * audit log.
 */
abstract class TamperableTrail implements AutoCloseable {

  /** Opens a fresh trail; other modules add their databases (the testkit adds PostgreSQL). */
  interface Opener {
    /**
     * Opens a trail.
     *
     * @param folder a private folder for files
     * @return an empty trail
     */
    TamperableTrail open(Path folder);
  }

  /** The storages core ships, each tested here. */
  enum Kind implements Opener {
    JSON_LINES,
    JDBC_H2;

    @Override
    public TamperableTrail open(Path folder) {
      return switch (this) {
        case JSON_LINES -> new FileTrail(folder.resolve("trail-" + UUID.randomUUID() + ".jsonl"));
        case JDBC_H2 -> JdbcTrail.h2();
      };
    }
  }

  /** {@return a new storage object over this trail, as a separate host instance would hold} */
  abstract AuditStorage storage();

  /** {@return everything stored, read without the audit code} */
  abstract String raw();

  abstract void changeActor(long sequence, String actor);

  abstract void changeCount(long sequence, String name, long value);

  /** Replaces an entry by another, written as given (hash included). */
  abstract void replace(long sequence, AuditEntry replacement);

  abstract void remove(long sequence);

  /** Exchanges the places of two entries. */
  abstract void swap(long first, long second);

  /** Removes every entry after the given one. */
  abstract void cutAfter(long sequence);

  @Override
  public void close() {}

  /** The trail as a JSON-lines file; entry n is line n. */
  static final class FileTrail extends TamperableTrail {
    final Path file;

    FileTrail(Path file) {
      this.file = file;
    }

    @Override
    AuditStorage storage() {
      return JsonLinesAuditStorage.at(file);
    }

    @Override
    String raw() {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String> lines() {
      try {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void writeLines(List<String> lines) {
      try {
        Files.write(file, lines, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void editLine(long sequence, UnaryOperator<String> edit) {
      List<String> lines = lines();
      int index = (int) sequence - 1;
      String before = lines.get(index);
      String after = edit.apply(before);
      assertThat(after).as("the edit changed line %d", sequence).isNotEqualTo(before);
      lines.set(index, after);
      writeLines(lines);
    }

    @Override
    void changeActor(long sequence, String actor) {
      editLine(
          sequence,
          line -> line.replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"" + actor + "\""));
    }

    @Override
    void changeCount(long sequence, String name, long value) {
      editLine(
          sequence,
          line -> line.replaceFirst("\"" + name + "\":-?[0-9]+", "\"" + name + "\":" + value));
    }

    @Override
    void replace(long sequence, AuditEntry replacement) {
      editLine(sequence, line -> AuditJson.write(replacement));
    }

    @Override
    void remove(long sequence) {
      List<String> lines = lines();
      lines.remove((int) sequence - 1);
      writeLines(lines);
    }

    @Override
    void swap(long first, long second) {
      List<String> lines = lines();
      Collections.swap(lines, (int) first - 1, (int) second - 1);
      writeLines(lines);
    }

    @Override
    void cutAfter(long sequence) {
      writeLines(lines().subList(0, (int) sequence));
    }

    void garble(long sequence, String text) {
      editLine(sequence, line -> text);
    }
  }

  /** The trail as a table, by default in a private in-memory H2 database. */
  static final class JdbcTrail extends TamperableTrail {
    final DataSource dataSource;
    final String table;
    private final Runnable onClose;

    JdbcTrail(DataSource dataSource, String table, Runnable onClose) {
      this.dataSource = dataSource;
      this.table = table;
      this.onClose = onClose;
    }

    static JdbcTrail h2() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(
          "jdbc:h2:mem:audit_"
              + UUID.randomUUID().toString().replace("-", "")
              + ";DB_CLOSE_DELAY=-1");
      return new JdbcTrail(h2, "audit_trail", () -> Sql.update(h2, "SHUTDOWN"));
    }

    @Override
    AuditStorage storage() {
      return JdbcAuditStorage.of(dataSource, table).createTableIfMissing();
    }

    @Override
    String raw() {
      return Sql.dump(dataSource, table);
    }

    @Override
    void changeActor(long sequence, String actor) {
      Sql.update(dataSource, "UPDATE " + table + " SET actor = ? WHERE seq = ?", actor, sequence);
    }

    @Override
    void changeCount(long sequence, String name, long value) {
      String counts =
          Sql.text(dataSource, "SELECT counts FROM " + table + " WHERE seq = ?", sequence);
      String changed =
          counts.replaceFirst("\"" + name + "\":-?[0-9]+", "\"" + name + "\":" + value);
      assertThat(changed)
          .as("the edit changed the counts of entry %d", sequence)
          .isNotEqualTo(counts);
      Sql.update(
          dataSource, "UPDATE " + table + " SET counts = ? WHERE seq = ?", changed, sequence);
    }

    @Override
    void replace(long sequence, AuditEntry replacement) {
      Sql.update(
          dataSource,
          "UPDATE " + table + " SET actor = ?, entry_hash = ? WHERE seq = ?",
          replacement.actor(),
          replacement.hash(),
          sequence);
    }

    @Override
    void remove(long sequence) {
      Sql.update(dataSource, "DELETE FROM " + table + " WHERE seq = ?", sequence);
    }

    /** Exchanges the sequence numbers of two rows, which moves each to the other's place. */
    @Override
    void swap(long first, long second) {
      Sql.update(dataSource, "UPDATE " + table + " SET seq = -1 WHERE seq = ?", first);
      Sql.update(dataSource, "UPDATE " + table + " SET seq = ? WHERE seq = ?", first, second);
      Sql.update(dataSource, "UPDATE " + table + " SET seq = ? WHERE seq = -1", second);
    }

    /** Exchanges every column but the sequence number between two rows. */
    void swapContent(long first, long second) {
      String columns =
          "recorded_at, actor, action, reference, store, category, subject_hash,"
              + " counts, outcome, detail, previous_hash, entry_hash";
      String swap = table + "_swap";
      Sql.update(
          dataSource,
          "CREATE TABLE "
              + swap
              + " AS SELECT seq, "
              + columns
              + " FROM "
              + table
              + " WHERE seq IN ("
              + first
              + ", "
              + second
              + ")");
      StringBuilder set = new StringBuilder();
      for (String column : columns.split(",\\s*")) {
        set.append(set.isEmpty() ? "" : ", ")
            .append(column)
            .append(" = (SELECT ")
            .append(swap)
            .append('.')
            .append(column)
            .append(" FROM ")
            .append(swap)
            .append(" WHERE ")
            .append(swap)
            .append(".seq = ?)");
      }
      int columnCount = columns.split(",\\s*").length;
      for (long[] pair : new long[][] {{first, second}, {second, first}}) {
        Object[] args = new Object[columnCount + 1];
        for (int i = 0; i < columnCount; i++) {
          args[i] = pair[1];
        }
        args[columnCount] = pair[0];
        Sql.update(dataSource, "UPDATE " + table + " SET " + set + " WHERE seq = ?", args);
      }
      Sql.update(dataSource, "DROP TABLE " + swap);
    }

    @Override
    void cutAfter(long sequence) {
      Sql.update(dataSource, "DELETE FROM " + table + " WHERE seq > ?", sequence);
    }

    void setColumn(long sequence, String column, String value) {
      Sql.update(
          dataSource, "UPDATE " + table + " SET " + column + " = ? WHERE seq = ?", value, sequence);
    }

    @Override
    public void close() {
      onClose.run();
    }
  }

  /** Plain JDBC, bypassing the audit code. */
  static final class Sql {
    private Sql() {}

    static void update(DataSource dataSource, String sql, Object... args) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          statement.setObject(i + 1, args[i]);
        }
        statement.execute();
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }

    static String text(DataSource dataSource, String sql, Object... args) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          statement.setObject(i + 1, args[i]);
        }
        try (ResultSet rs = statement.executeQuery()) {
          assertThat(rs.next()).as("a row for %s", sql).isTrue();
          return rs.getString(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }

    /** Every column of every row as text, one row a line. */
    static String dump(DataSource dataSource, String table) {
      StringBuilder out = new StringBuilder();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY seq")) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          for (int column = 1; column <= meta.getColumnCount(); column++) {
            out.append(meta.getColumnName(column))
                .append('=')
                .append(rs.getString(column))
                .append('|');
          }
          out.append('\n');
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return out.toString();
    }
  }
}
