package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.store.jdbc.JdbcTables;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.HoldRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Holds in a table ({@code lethe_legal_hold} unless named otherwise), shared by every instance of
 * a host. A subject hold stores the subject's identifier, since sweeps must match it; keep the
 * table with the personal data it protects.
 */
public final class JdbcHoldRegistry implements HoldRegistry {

  private static final String COLUMNS = "id, scope, subject_type, subject_value, category,"
      + " store, reason, placed_by, placed_at, until_at, released_at, released_by";

  private final DataSource dataSource;
  private final String table;

  private JdbcHoldRegistry(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  /**
   * A registry in {@code lethe_legal_hold}.
   *
   * @param dataSource the database
   * @return the registry
   */
  public static JdbcHoldRegistry of(DataSource dataSource) {
    return of(dataSource, "lethe_legal_hold");
  }

  /**
   * A registry in a named table.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier
   * @return the registry
   */
  public static JdbcHoldRegistry of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcHoldRegistry(dataSource, JdbcTables.requireIdentifier(table, "hold"));
  }

  /**
   * Creates the table unless it exists.
   *
   * @return this registry
   */
  public JdbcHoldRegistry createTableIfMissing() {
    run("create the hold table", connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(100) PRIMARY"
            + " KEY, scope VARCHAR(20) NOT NULL, subject_type VARCHAR(100), subject_value"
            + " VARCHAR(500), category VARCHAR(200), store VARCHAR(100), reason VARCHAR(1000)"
            + " NOT NULL, placed_by VARCHAR(200) NOT NULL, placed_at TIMESTAMP WITH TIME ZONE NOT"
            + " NULL, until_at TIMESTAMP WITH TIME ZONE, released_at TIMESTAMP WITH TIME ZONE,"
            + " released_by VARCHAR(200))");
      }
      return null;
    });
    return this;
  }

  @Override
  public void save(LegalHold hold) {
    run("save a legal hold", connection -> JdbcTables.transaction(connection, c -> {
      try (PreparedStatement delete = c.prepareStatement(
          "DELETE FROM " + table + " WHERE id = ?")) {
        delete.setString(1, hold.id());
        delete.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
          + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, hold.id());
        insert.setString(2, hold.scope().name());
        JdbcTables.setText(insert, 3, hold.subject() == null ? null : hold.subject().type().name());
        JdbcTables.setText(insert, 4, hold.subject() == null ? null : hold.subject().value());
        JdbcTables.setText(insert, 5, hold.category() == null ? null : hold.category().value());
        JdbcTables.setText(insert, 6, hold.store());
        insert.setString(7, hold.reason());
        insert.setString(8, hold.placedBy());
        JdbcTables.setInstant(insert, 9, hold.placedAt());
        JdbcTables.setInstant(insert, 10, hold.until());
        JdbcTables.setInstant(insert, 11, hold.releasedAt());
        JdbcTables.setText(insert, 12, hold.releasedBy());
        insert.executeUpdate();
      }
      return null;
    }));
  }

  @Override
  public Optional<LegalHold> find(String id) {
    return run("read a legal hold", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?")) {
        statement.setString(1, id);
        try (ResultSet rs = statement.executeQuery()) {
          return rs.next() ? Optional.of(hold(rs)) : Optional.<LegalHold>empty();
        }
      }
    });
  }

  @Override
  public List<LegalHold> all() {
    return run("read the legal holds", connection -> {
      List<LegalHold> holds = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM " + table + " ORDER BY placed_at, id");
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          holds.add(hold(rs));
        }
      }
      return holds;
    });
  }

  private static LegalHold hold(ResultSet rs) throws SQLException {
    String subjectType = rs.getString("subject_type");
    String category = rs.getString("category");
    return new LegalHold(
        rs.getString("id"),
        LegalHold.Scope.valueOf(rs.getString("scope")),
        subjectType == null ? null : SubjectRef.of(IdentifierType.of(subjectType),
            rs.getString("subject_value")),
        category == null ? null : CategoryKey.of(category),
        rs.getString("store"),
        rs.getString("reason"),
        rs.getString("placed_by"),
        JdbcTables.instant(rs, "placed_at"),
        JdbcTables.instant(rs, "until_at"),
        JdbcTables.instant(rs, "released_at"),
        rs.getString("released_by"));
  }

  private <T> T run(String what, JdbcTables.Work<T> work) {
    return JdbcTables.run(dataSource, work, e -> JdbcTables.failure(what, table, e));
  }
}
