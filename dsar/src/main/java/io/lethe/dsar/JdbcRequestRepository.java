package io.lethe.dsar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.core.LetheException;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.store.jdbc.JdbcTables;
import io.lethe.core.subject.SubjectRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Requests in a table ({@code lethe_dsar_request} unless named otherwise), shared by every
 * instance of a host, so requests survive a restart. The history is kept as JSON text in one
 * column. The deadline in force is kept in its own indexed column, so {@link #dueWithin} and
 * {@link #overdue} are answered by the database.
 *
 * <p>The table holds the subject's identifier: keep it with the personal data it concerns.
 */
public final class JdbcRequestRepository implements RequestRepository {

  private static final String COLUMNS = "id, request_type, subject_type, subject_value,"
      + " jurisdiction, received_at, state, due_at, extended_until, effective_due_at,"
      + " extension_reason, denial_reason, history";
  private static final String OPEN = "state IN ('RECEIVED', 'IDENTITY_VERIFIED', 'IN_PROGRESS')";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final String table;

  private JdbcRequestRepository(DataSource dataSource, String table) {
    this.dataSource = dataSource;
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
    return new JdbcRequestRepository(dataSource,
        JdbcTables.requireIdentifier(table, "data-subject request"));
  }

  /**
   * Creates the table and its deadline index unless they exist.
   *
   * @return this repository
   */
  public JdbcRequestRepository createTableIfMissing() {
    run("create the request table", connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(100) PRIMARY"
            + " KEY, request_type VARCHAR(40) NOT NULL, subject_type VARCHAR(100) NOT NULL,"
            + " subject_value VARCHAR(500) NOT NULL, jurisdiction VARCHAR(40) NOT NULL,"
            + " received_at TIMESTAMP WITH TIME ZONE NOT NULL, state VARCHAR(40) NOT NULL,"
            + " due_at TIMESTAMP WITH TIME ZONE NOT NULL, extended_until TIMESTAMP WITH TIME"
            + " ZONE, effective_due_at TIMESTAMP WITH TIME ZONE NOT NULL, extension_reason"
            + " VARCHAR(1000), denial_reason VARCHAR(40), history VARCHAR(1000000) NOT NULL)");
        String index = (table.length() > 55 ? table.substring(0, 55) : table) + "_due_ix";
        statement.execute("CREATE INDEX IF NOT EXISTS " + index + " ON " + table
            + " (effective_due_at, state)");
      }
      return null;
    });
    return this;
  }

  @Override
  public void save(DataSubjectRequest request) {
    Objects.requireNonNull(request, "request");
    String history = historyJson(request.history());
    run("save a data-subject request", connection -> {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM " + table + " WHERE id = ?")) {
          delete.setString(1, request.id());
          delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          insert.setString(1, request.id());
          insert.setString(2, request.type().name());
          insert.setString(3, request.subject().type().name());
          insert.setString(4, request.subject().value());
          insert.setString(5, request.jurisdiction().name());
          JdbcTables.setInstant(insert, 6, request.receivedAt());
          insert.setString(7, request.state().name());
          JdbcTables.setInstant(insert, 8, request.dueAt());
          JdbcTables.setInstant(insert, 9, request.extendedUntil());
          JdbcTables.setInstant(insert, 10, request.effectiveDueAt());
          JdbcTables.setText(insert, 11, request.extensionReason());
          JdbcTables.setText(insert, 12,
              request.denialReason() == null ? null : request.denialReason().name());
          insert.setString(13, history);
          insert.executeUpdate();
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
      return null;
    });
  }

  @Override
  public Optional<DataSubjectRequest> find(String id) {
    return run("read a data-subject request", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
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
    return query("list requests falling due", "SELECT " + COLUMNS + " FROM " + table + " WHERE "
        + OPEN + " AND effective_due_at >= ? AND effective_due_at <= ?"
        + " ORDER BY effective_due_at, id", now, now.plus(window));
  }

  @Override
  public List<DataSubjectRequest> overdue(Instant now) {
    return query("list overdue requests", "SELECT " + COLUMNS + " FROM " + table + " WHERE "
        + OPEN + " AND effective_due_at < ? ORDER BY effective_due_at, id", now);
  }

  private List<DataSubjectRequest> query(String what, String sql, Instant... bounds) {
    return run(what, connection -> {
      List<DataSubjectRequest> found = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < bounds.length; i++) {
          JdbcTables.setInstant(statement, i + 1, bounds[i]);
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
        SubjectRef.of(IdentifierType.of(rs.getString("subject_type")),
            rs.getString("subject_value")),
        Jurisdiction.valueOf(rs.getString("jurisdiction")),
        JdbcTables.instant(rs, "received_at"),
        RequestState.valueOf(rs.getString("state")),
        JdbcTables.instant(rs, "due_at"),
        JdbcTables.instant(rs, "extended_until"),
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
        history.add(new StateChange(
            Instant.parse(node.get("at").asText()),
            text(node, "from") == null ? null : RequestState.valueOf(text(node, "from")),
            RequestState.valueOf(node.get("to").asText()),
            node.get("actor").asText(),
            text(node, "note")));
      }
      return history;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new LetheException("Cannot read the history of data-subject request " + id
          + " in table " + table + ": it is not the JSON this repository writes");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private <T> T run(String what, JdbcTables.Work<T> work) {
    return JdbcTables.run(dataSource, work, e -> JdbcTables.failure(what, table, e));
  }
}
