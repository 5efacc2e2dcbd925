package io.lethe.dsar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.core.LetheException;
import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.RequestRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Requests in a table ({@code lethe_dsar_request} unless named otherwise), shared by every instance
 * of a host, so requests survive a restart. The history is kept as JSON text in one column. The
 * deadline in force is kept in its own indexed column, so {@link #dueWithin} and {@link #overdue}
 * are answered by the database.
 *
 * <p>The table holds the subject's identifier: keep it with the personal data it concerns.
 *
 * <p>The table and its index are defined in {@code META-INF/lethe/db/h2/V6__lethe_dsar_request.sql}
 * (portable SQL) and {@code META-INF/lethe/db/postgresql/V6__lethe_dsar_request.sql} in this jar:
 * {@link #createTableIfMissing()} runs the one for the database, and a host that manages its schema
 * hands the folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 */
public final class JdbcRequestRepository implements RequestRepository {

  private static final String COLUMNS =
      "id, request_type, subject_type, subject_value,"
          + " jurisdiction, received_at, state, due_at, extended_until, effective_due_at,"
          + " extension_reason, denial_reason, history";
  private static final String OPEN = "state IN ('RECEIVED', 'IDENTITY_VERIFIED', 'IN_PROGRESS')";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OwnTables tables;
  private final String table;

  private JdbcRequestRepository(DataSource dataSource, String table) {
    String index = (table.length() > 55 ? table.substring(0, 55) : table) + "_due_ix";
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcRequestRepository.class,
            "V6__lethe_dsar_request.sql",
            table,
            Map.of("lethe_dsar_request", table, "lethe_dsar_request_due_ix", index));
    this.table = table;
  }

  /**
   * A repository in {@code lethe_dsar_request}.
   *
   * @param dataSource the database
   * @return the repository
   */
  public static JdbcRequestRepository of(DataSource dataSource) {
    return of(dataSource, "lethe_dsar_request");
  }

  /**
   * A repository in a named table.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier
   * @return the repository
   */
  public static JdbcRequestRepository of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcRequestRepository(
        dataSource, Sql.requireIdentifier(table, "data-subject request"));
  }

  /**
   * Creates the table and its deadline index unless they exist.
   *
   * @return this repository
   */
  public JdbcRequestRepository createTableIfMissing() {
    tables.createIfMissing("create the request table");
    return this;
  }

  @Override
  public void save(DataSubjectRequest request) {
    Objects.requireNonNull(request, "request");
    String history = historyJson(request.history());
    tables.transaction(
        "save a data-subject request",
        c -> {
          Sql.delete(c, table, "id", request.id());
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, request.id());
            insert.setString(2, request.type().name());
            insert.setString(3, request.subject().type().name());
            insert.setString(4, request.subject().value());
            insert.setString(5, request.jurisdiction().name());
            Sql.setInstant(insert, 6, request.receivedAt());
            insert.setString(7, request.state().name());
            Sql.setInstant(insert, 8, request.dueAt());
            Sql.setInstant(insert, 9, request.extendedUntil());
            Sql.setInstant(insert, 10, request.effectiveDueAt());
            Sql.setText(insert, 11, request.extensionReason());
            Sql.setText(
                insert, 12, request.denialReason() == null ? null : request.denialReason().name());
            insert.setString(13, history);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<DataSubjectRequest> find(String id) {
    return tables.run(
        "read a data-subject request",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(request(rs)) : Optional.<DataSubjectRequest>empty();
            }
          }
        });
  }

  @Override
  public List<DataSubjectRequest> dueWithin(Duration window, Instant now) {
    return query(
        "list requests falling due",
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " WHERE "
            + OPEN
            + " AND effective_due_at >= ? AND effective_due_at <= ?"
            + " ORDER BY effective_due_at, id",
        now,
        now.plus(window));
  }

  @Override
  public List<DataSubjectRequest> overdue(Instant now) {
    return query(
        "list overdue requests",
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " WHERE "
            + OPEN
            + " AND effective_due_at < ? ORDER BY effective_due_at, id",
        now);
  }

  private List<DataSubjectRequest> query(String what, String sql, Instant... bounds) {
    return tables.run(
        what,
        connection -> {
          List<DataSubjectRequest> found = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bounds.length; i++) {
              Sql.setInstant(statement, i + 1, bounds[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                found.add(request(rs));
              }
            }
          }
          return found;
        });
  }

  private DataSubjectRequest request(ResultSet rs) throws SQLException {
    String denial = rs.getString("denial_reason");
    return new DataSubjectRequest(
        rs.getString("id"),
        RequestType.valueOf(rs.getString("request_type")),
        SubjectRef.of(
            IdentifierType.of(rs.getString("subject_type")), rs.getString("subject_value")),
        Jurisdiction.valueOf(rs.getString("jurisdiction")),
        Sql.instant(rs, "received_at"),
        RequestState.valueOf(rs.getString("state")),
        Sql.instant(rs, "due_at"),
        Sql.instant(rs, "extended_until"),
        rs.getString("extension_reason"),
        denial == null ? null : DenialReason.valueOf(denial),
        history(rs.getString("id"), rs.getString("history")));
  }

  private static String historyJson(List<StateChange> history) {
    ArrayNode array = JSON.createArrayNode();
    for (StateChange change : history) {
      ObjectNode node = array.addObject();
      node.put("at", change.at().toString());
      node.put("from", change.from() == null ? null : change.from().name());
      node.put("to", change.to().name());
      node.put("actor", change.actor());
      node.put("note", change.note());
    }
    return array.toString();
  }

  private List<StateChange> history(String id, String json) {
    try {
      List<StateChange> history = new ArrayList<>();
      for (JsonNode node : JSON.readTree(json)) {
        history.add(
            new StateChange(
                Instant.parse(node.get("at").asText()),
                text(node, "from") == null ? null : RequestState.valueOf(text(node, "from")),
                RequestState.valueOf(node.get("to").asText()),
                node.get("actor").asText(),
                text(node, "note")));
      }
      return history;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new LetheException(
          "Cannot read the history of data-subject request "
              + id
              + " in table "
              + table
              + ": it is not the JSON this repository writes");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
