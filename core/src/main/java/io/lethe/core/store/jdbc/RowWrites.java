package io.lethe.core.store.jdbc;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link JdbcStore}'s changes to rows by key: deletes, anonymizations (a field's strategy per
 * row), taking a person off a row that names several, and rectification; each call in one
 * transaction.
 */
final class RowWrites {

  private final JdbcStore store;

  RowWrites(JdbcStore store) {
    this.store = store;
  }

  /** See {@link JdbcStore#delete}. */
  int delete(List<RecordKey> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return store.inTransaction(
        StoreOperation.DELETE,
        connection -> {
          int deleted = 0;
          for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
            String sql = "DELETE FROM " + store.table + " WHERE " + store.key.in(chunk.size());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              JdbcValues.bind(statement, store.key.bindAll(chunk));
              deleted += statement.executeUpdate();
            }
          }
          return deleted;
        });
  }

  /** See {@link JdbcStore#anonymize}. */
  int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    Map<JdbcColumn, FieldStrategy> changes = new LinkedHashMap<>();
    for (JdbcColumn field : store.fields) {
      anonymization.strategyFor(field.category()).ifPresent(s -> changes.put(field, s));
    }
    if (keys.isEmpty()) {
      return 0;
    }
    boolean mark = store.anonymizedAt != null && anonymization.marksRecords();
    if (changes.isEmpty() && !mark) {
      // Nothing of these records is personal under this anonymization: they count as done.
      return store.withConnection(
          StoreOperation.ANONYMIZE,
          connection -> {
            int existing = 0;
            for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
              try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT COUNT(*) FROM "
                          + store.table
                          + " WHERE "
                          + store.key.in(chunk.size()))) {
                JdbcValues.bind(statement, store.key.bindAll(chunk));
                try (ResultSet rs = statement.executeQuery()) {
                  rs.next();
                  existing += rs.getInt(1);
                }
              }
            }
            return existing;
          });
    }
    List<JdbcColumn> changed = List.copyOf(changes.keySet());
    return store.inTransaction(
        StoreOperation.ANONYMIZE,
        connection -> {
          int anonymized = 0;
          StringBuilder update = new StringBuilder("UPDATE ").append(store.table).append(" SET ");
          List<String> sets =
              new ArrayList<>(changed.stream().map(c -> c.quoted() + " = ?").toList());
          if (mark) {
            sets.add(store.anonymizedAt.quoted() + " = ?");
          }
          update.append(String.join(", ", sets)).append(" WHERE ").append(store.key.equalsOne());
          Instant now = store.clock.instant();
          for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
            Map<RecordKey, List<Object>> current = readColumns(connection, chunk, changed);
            try (PreparedStatement statement = connection.prepareStatement(update.toString())) {
              for (Map.Entry<RecordKey, List<Object>> row : current.entrySet()) {
                List<Object> params = new ArrayList<>();
                for (int i = 0; i < changed.size(); i++) {
                  params.add(
                      anonymization.apply(changes.get(changed.get(i)), row.getValue().get(i)));
                }
                if (mark) {
                  params.add(JdbcValues.bindable(store.anonymizedAt, now));
                }
                store.key.bind(params, row.getKey());
                JdbcValues.bind(statement, params);
                statement.addBatch();
              }
              for (int count : statement.executeBatch()) {
                anonymized += count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : count;
              }
            }
          }
          return anonymized;
        });
  }

  private Map<RecordKey, List<Object>> readColumns(
      Connection connection, List<RecordKey> chunk, List<JdbcColumn> columns) throws SQLException {
    String select =
        "SELECT "
            + store.key.list()
            + columns.stream().map(c -> ", " + c.quoted()).reduce("", String::concat)
            + " FROM "
            + store.table
            + " WHERE "
            + store.key.in(chunk.size());
    Map<RecordKey, List<Object>> rows = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      JdbcValues.bind(statement, store.key.bindAll(chunk));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < columns.size(); i++) {
            values.add(JdbcValues.read(rs, i + 1 + store.key.size(), columns.get(i)));
          }
          rows.put(store.key.read(rs, 1), values);
        }
      }
    }
    return rows;
  }

  /** See {@link JdbcStore#detach}. */
  Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    if (store.roles.isEmpty() || keys.isEmpty()) {
      return Set.of();
    }
    return store.inTransaction(
        StoreOperation.ANONYMIZE,
        connection -> {
          Set<RecordKey> detached = new LinkedHashSet<>();
          for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
            Map<RecordKey, List<Object>> rows = readColumns(connection, chunk, store.subjects);
            Map<Set<String>, List<RecordKey>> byHeld = new LinkedHashMap<>();
            rows.forEach(
                (recordKey, values) -> {
                  SubjectRef[] carried = new SubjectRef[store.subjects.size()];
                  for (int i = 0; i < carried.length; i++) {
                    Object value = values.get(i);
                    if (value != null && !value.toString().isEmpty()) {
                      carried[i] = SubjectRef.of(store.subjects.get(i).type(), value.toString());
                    }
                  }
                  // the caller asks about rows others share (through this row's other roles or the
                  // row
                  // it belongs with), so whatever names the subject here is cleared
                  Set<String> held = store.heldRoles(carried, identities);
                  if (!held.isEmpty()) {
                    byHeld.computeIfAbsent(held, h -> new ArrayList<>()).add(recordKey);
                  }
                });
            for (Map.Entry<Set<String>, List<RecordKey>> group : byHeld.entrySet()) {
              List<JdbcColumn> cleared = new ArrayList<>();
              store.subjects.stream()
                  .filter(c -> group.getKey().contains(c.role()))
                  .forEach(cleared::add);
              store.fields.stream()
                  .filter(c -> group.getKey().contains(c.role()))
                  .forEach(cleared::add);
              if (cleared.stream().anyMatch(c -> !c.nullable() || store.key.contains(c.quoted()))) {
                continue;
              }
              // a column mapped both as the role's identifier and as its field is cleared once
              String update =
                  "UPDATE "
                      + store.table
                      + " SET "
                      + String.join(
                          ", ",
                          cleared.stream().map(c -> c.quoted() + " = NULL").distinct().toList())
                      + " WHERE "
                      + store.key.equalsOne();
              try (PreparedStatement statement = connection.prepareStatement(update)) {
                for (RecordKey recordKey : group.getValue()) {
                  List<Object> params = new ArrayList<>();
                  store.key.bind(params, recordKey);
                  JdbcValues.bind(statement, params);
                  statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                  if (counts[i] != 0) {
                    detached.add(group.getValue().get(i));
                  }
                }
              }
            }
          }
          return detached;
        });
  }

  /** See {@link JdbcStore#rectify}. */
  int rectify(RecordKey recordKey, Map<CategoryKey, Object> values) {
    Map<JdbcColumn, Object> changes = new LinkedHashMap<>();
    values.forEach(
        (category, value) -> {
          List<JdbcColumn> matching =
              store.fields.stream().filter(f -> f.category().equals(category)).toList();
          if (matching.isEmpty()) {
            throw new IllegalArgumentException(
                "store '" + store.name() + "' has no field of category '" + category + "'");
          }
          matching.forEach(column -> changes.put(column, value));
        });
    if (changes.isEmpty()) {
      return 0;
    }
    String sql =
        "UPDATE "
            + store.table
            + " SET "
            + String.join(", ", changes.keySet().stream().map(c -> c.quoted() + " = ?").toList())
            + " WHERE "
            + store.key.equalsOne();
    List<Object> params = new ArrayList<>(changes.values());
    store.key.bind(params, recordKey);
    return store.inTransaction(
        StoreOperation.RECTIFY,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            JdbcValues.bind(statement, params);
            return statement.executeUpdate();
          }
        });
  }
}
