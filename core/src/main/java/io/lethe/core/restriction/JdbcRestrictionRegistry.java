package io.lethe.core.restriction;

import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.RestrictionRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Restrictions in two tables ({@code lethe_restriction} and {@code lethe_restriction_subject}
 * unless named otherwise), shared by every instance of a host. Subjects are stored only as keyed
 * hashes, one row per hash, indexed for lookup.
 *
 * <p>The tables are defined in {@code META-INF/lethe/db/common/V2__lethe_restriction.sql} in
 * lethe-core's jar, the same SQL for every database: {@link #createTableIfMissing()} runs it, and a
 * host that manages its schema hands the folders {@code classpath:META-INF/lethe/db/common} and
 * {@code classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead.
 * See the README's section "Lethe's own tables".
 */
public final class JdbcRestrictionRegistry implements RestrictionRegistry {

  private static final String COLUMNS =
      "id, kind, categories, purposes, exempt_purposes,"
          + " absolute_flag, reason, reference, placed_by, since_at, until_at, lifted_at, lifted_by";
  private static final int LOOKUP_CHUNK = 500;

  private final OwnTables tables;
  private final String table;
  private final String subjectTable;

  private JdbcRestrictionRegistry(DataSource dataSource, String table) {
    this.table = table;
    this.subjectTable = Sql.requireIdentifier(table + "_subject", "restriction subject");
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcRestrictionRegistry.class,
            "V2__lethe_restriction.sql",
            table,
            Map.of(
                "lethe_restriction",
                table,
                "lethe_restriction_subject",
                subjectTable,
                "lethe_restriction_subject_hash",
                subjectTable + "_hash"));
  }

  /**
   * A registry in {@code lethe_restriction} and {@code lethe_restriction_subject}.
   *
   * @param dataSource the database
   * @return the registry
   */
  public static JdbcRestrictionRegistry of(DataSource dataSource) {
    return of(dataSource, "lethe_restriction");
  }

  /**
   * A registry in a named table and the table of that name with {@code _subject} appended.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier of at most 55 characters
   * @return the registry
   */
  public static JdbcRestrictionRegistry of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcRestrictionRegistry(dataSource, Sql.requireIdentifier(table, "restriction"));
  }

  /**
   * Creates the tables unless they exist.
   *
   * @return this registry
   */
  public JdbcRestrictionRegistry createTableIfMissing() {
    tables.createIfMissing("create the restriction tables");
    return this;
  }

  @Override
  public void save(ProcessingRestriction restriction) {
    Objects.requireNonNull(restriction, "restriction");
    tables.transaction(
        "save a restriction",
        c -> {
          Sql.delete(c, table, "id", restriction.id());
          Sql.delete(c, subjectTable, "restriction_id", restriction.id());
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, restriction.id());
            insert.setString(2, restriction.kind().name());
            insert.setString(3, join(restriction.categories(), CategoryKey::value));
            insert.setString(4, join(restriction.purposes(), Function.identity()));
            insert.setString(5, join(restriction.exemptPurposes(), Function.identity()));
            insert.setBoolean(6, restriction.absolute());
            insert.setString(7, restriction.reason());
            Sql.setText(insert, 8, restriction.reference());
            insert.setString(9, restriction.placedBy());
            Sql.setInstant(insert, 10, restriction.since());
            Sql.setInstant(insert, 11, restriction.until());
            Sql.setInstant(insert, 12, restriction.liftedAt());
            Sql.setText(insert, 13, restriction.liftedBy());
            insert.executeUpdate();
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + subjectTable
                      + " (restriction_id, subject_hash) VALUES (?, ?)")) {
            for (String hash : restriction.subjects()) {
              insert.setString(1, restriction.id());
              insert.setString(2, hash);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Optional<ProcessingRestriction> find(String id) {
    return tables.run(
        "read a restriction",
        connection -> {
          List<ProcessingRestriction> found = read(connection, "r.id = ?", List.of(id));
          return found.stream().findFirst();
        });
  }

  @Override
  public List<ProcessingRestriction> forSubjects(Collection<String> subjectHashes) {
    List<String> hashes = List.copyOf(new LinkedHashSet<>(subjectHashes));
    if (hashes.isEmpty()) {
      return List.of();
    }
    return tables.run(
        "read a subject's restrictions",
        connection -> {
          Map<String, ProcessingRestriction> found = new LinkedHashMap<>();
          for (int from = 0; from < hashes.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + LOOKUP_CHUNK));
            String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            read(
                    connection,
                    "r.id IN (SELECT restriction_id FROM "
                        + subjectTable
                        + " WHERE subject_hash IN ("
                        + in
                        + "))",
                    chunk)
                .forEach(r -> found.putIfAbsent(r.id(), r));
          }
          return found.values().stream()
              .sorted(
                  java.util.Comparator.comparing(ProcessingRestriction::since)
                      .thenComparing(ProcessingRestriction::id))
              .toList();
        });
  }

  private List<ProcessingRestriction> read(Connection connection, String where, List<String> params)
      throws SQLException {
    Map<String, ProcessingRestriction> rows = new LinkedHashMap<>();
    Map<String, Set<String>> subjects = new LinkedHashMap<>();
    String sql =
        "SELECT r.id, r.kind, r.categories, r.purposes, r.exempt_purposes,"
            + " r.absolute_flag, r.reason, r.reference, r.placed_by, r.since_at, r.until_at,"
            + " r.lifted_at, r.lifted_by, s.subject_hash FROM "
            + table
            + " r JOIN "
            + subjectTable
            + " s ON s.restriction_id = r.id WHERE "
            + where
            + " ORDER BY r.since_at, r.id";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        statement.setString(i + 1, params.get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString("id");
          subjects
              .computeIfAbsent(id, k -> new LinkedHashSet<>())
              .add(rs.getString("subject_hash"));
          if (!rows.containsKey(id)) {
            rows.put(id, row(rs, Set.of("-")));
          }
        }
      }
    }
    List<ProcessingRestriction> found = new ArrayList<>();
    rows.forEach(
        (id, r) ->
            found.add(
                new ProcessingRestriction(
                    r.id(),
                    r.kind(),
                    subjects.get(id),
                    r.categories(),
                    r.purposes(),
                    r.exemptPurposes(),
                    r.absolute(),
                    r.reason(),
                    r.reference(),
                    r.placedBy(),
                    r.since(),
                    r.until(),
                    r.liftedAt(),
                    r.liftedBy())));
    return found;
  }

  private static ProcessingRestriction row(ResultSet rs, Set<String> subjects) throws SQLException {
    return new ProcessingRestriction(
        rs.getString("id"),
        ProcessingRestriction.Kind.valueOf(rs.getString("kind")),
        subjects,
        split(rs.getString("categories")).stream().map(CategoryKey::of).collect(Collectors.toSet()),
        split(rs.getString("purposes")),
        split(rs.getString("exempt_purposes")),
        rs.getBoolean("absolute_flag"),
        rs.getString("reason"),
        rs.getString("reference"),
        rs.getString("placed_by"),
        Sql.instant(rs, "since_at"),
        Sql.instant(rs, "until_at"),
        Sql.instant(rs, "lifted_at"),
        rs.getString("lifted_by"));
  }

  private static <T> String join(Set<T> values, Function<T, String> text) {
    return values.stream().map(text).sorted().collect(Collectors.joining(","));
  }

  private static Set<String> split(String joined) {
    return joined == null || joined.isEmpty()
        ? Set.of()
        : new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }
}
