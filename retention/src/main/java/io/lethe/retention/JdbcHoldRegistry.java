package io.lethe.retention;

import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.HoldRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Holds in a table ({@code lethe_legal_hold} unless named otherwise), shared by every instance of a
 * host. A subject hold stores the subject's identifier, since sweeps must match it; keep the table
 * with the personal data it protects.
 *
 * <p>The table is defined in {@code META-INF/lethe/db/common/V3__lethe_legal_hold.sql} in this jar,
 * the same SQL for every database: {@link #createTableIfMissing()} runs it, and a host that manages
 * its schema hands the folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 */
public final class JdbcHoldRegistry implements HoldRegistry {

  private static final String COLUMNS =
      "id, scope, subject_type, subject_value, category,"
          + " store, reason, placed_by, placed_at, until_at, released_at, released_by";

  private final OwnTables tables;
  private final String table;

  private JdbcHoldRegistry(DataSource dataSource, String table) {
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcHoldRegistry.class,
            "V3__lethe_legal_hold.sql",
            table,
            Map.of("lethe_legal_hold", table));
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
    return new JdbcHoldRegistry(dataSource, Sql.requireIdentifier(table, "hold"));
  }

  /**
   * Creates the table unless it exists.
   *
   * @return this registry
   */
  public JdbcHoldRegistry createTableIfMissing() {
    tables.createIfMissing("create the hold table");
    return this;
  }

  @Override
  public void save(LegalHold hold) {
    tables.transaction(
        "save a legal hold",
        c -> {
          Sql.delete(c, table, "id", hold.id());
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, hold.id());
            insert.setString(2, hold.scope().name());
            Sql.setText(insert, 3, hold.subject() == null ? null : hold.subject().type().name());
            Sql.setText(insert, 4, hold.subject() == null ? null : hold.subject().value());
            Sql.setText(insert, 5, hold.category() == null ? null : hold.category().value());
            Sql.setText(insert, 6, hold.store());
            insert.setString(7, hold.reason());
            insert.setString(8, hold.placedBy());
            Sql.setInstant(insert, 9, hold.placedAt());
            Sql.setInstant(insert, 10, hold.until());
            Sql.setInstant(insert, 11, hold.releasedAt());
            Sql.setText(insert, 12, hold.releasedBy());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<LegalHold> find(String id) {
    return tables.run(
        "read a legal hold",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
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
    return tables.run(
        "read the legal holds",
        connection -> {
          List<LegalHold> holds = new ArrayList<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
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
        subjectType == null
            ? null
            : SubjectRef.of(IdentifierType.of(subjectType), rs.getString("subject_value")),
        category == null ? null : CategoryKey.of(category),
        rs.getString("store"),
        rs.getString("reason"),
        rs.getString("placed_by"),
        Sql.instant(rs, "placed_at"),
        Sql.instant(rs, "until_at"),
        Sql.instant(rs, "released_at"),
        rs.getString("released_by"));
  }
}
