package io.lethe.core.store.jdbc;

import io.lethe.core.spi.RecordKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table's key, of one column or several, and the SQL that selects, orders, compares and binds it.
 * A composite key is compared as a row value ({@code (a, b) > (?, ?)}, {@code (a, b) IN ((?, ?),
 * ...)}), which H2 and PostgreSQL both answer from the key's index.
 */
final class KeyColumns {

  private final List<JdbcColumn> columns;
  private final String list;
  private final String tuple;

  KeyColumns(List<JdbcColumn> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one column");
    }
    this.columns = List.copyOf(columns);
    this.list = String.join(", ", columns.stream().map(JdbcColumn::quoted).toList());
    this.tuple = columns.size() == 1 ? list : "(" + list + ")";
  }

  /** {@return the key's columns, in order} */
  List<JdbcColumn> columns() {
    return columns;
  }

  /** {@return how many columns the key has} */
  int size() {
    return columns.size();
  }

  /** {@return the columns, comma-separated, for a SELECT list or an ORDER BY} */
  String list() {
    return list;
  }

  /** {@return the key as one SQL value: the column, or a row value of the columns} */
  String tuple() {
    return tuple;
  }

  /** {@return true if the key is one whole-number column, whose ranges are plain arithmetic} */
  boolean integral() {
    if (columns.size() != 1) {
      return false;
    }
    int type = columns.get(0).sqlType();
    return type == Types.BIGINT || type == Types.INTEGER || type == Types.SMALLINT;
  }

  /** {@return true if a column, as the database names it, is the whole key} */
  boolean isWholeKey(String databaseName) {
    return columns.size() == 1 && columns.get(0).quoted().equals(quoteLike(databaseName));
  }

  /** {@return true if a quoted column is one of the key's columns} */
  boolean contains(String quoted) {
    return columns.stream().anyMatch(c -> c.quoted().equals(quoted));
  }

  private String quoteLike(String name) {
    String quoted = columns.get(0).quoted();
    String quote = quoted.substring(0, 1);
    return quote + name + quote;
  }

  /** {@return {@code key IN (...)} for {@code count} keys, each bound with {@link #bind}} */
  String in(int count) {
    String one =
        columns.size() == 1
            ? "?"
            : "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    return tuple + " IN (" + String.join(", ", Collections.nCopies(count, one)) + ")";
  }

  /** {@return {@code key = ?}, bound with {@link #bind}} */
  String equalsOne() {
    return String.join(" AND ", columns.stream().map(c -> c.quoted() + " = ?").toList());
  }

  /** {@return a comparison of the key with one bound key: {@code key > ?} for {@code ">"}} */
  String compared(String operator) {
    String one =
        columns.size() == 1
            ? "?"
            : "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    return tuple + " " + operator + " " + one;
  }

  /** Adds a key's parts to the parameters, in column order. */
  void bind(List<Object> params, RecordKey key) {
    List<Object> parts = key.parts();
    if (parts.size() != columns.size()) {
      throw new IllegalArgumentException(
          "a key of "
              + parts.size()
              + " parts for a table keyed"
              + " by "
              + columns.size()
              + " columns");
    }
    params.addAll(parts);
  }

  /** {@return the parameters binding every key, in order} */
  List<Object> bindAll(List<RecordKey> keys) {
    List<Object> params = new ArrayList<>(keys.size() * columns.size());
    keys.forEach(key -> bind(params, key));
    return params;
  }

  /** {@return true if a key has this key's shape: as many parts as columns} */
  boolean fits(RecordKey key) {
    return key.parts().size() == columns.size();
  }

  /** Reads a key from a row's columns {@code from}, {@code from + 1}, ... */
  RecordKey read(ResultSet rs, int from) throws SQLException {
    if (columns.size() == 1) {
      return RecordKey.of(part(rs, from, columns.get(0)));
    }
    List<Object> parts = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      parts.add(part(rs, from + i, columns.get(i)));
    }
    return RecordKey.composite(parts);
  }

  /** A key part as {@link RecordKey} holds it: dates and times as {@code java.time} values. */
  private static Object part(ResultSet rs, int index, JdbcColumn column) throws SQLException {
    return switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(index, OffsetDateTime.class);
      case Types.TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case Types.DATE -> rs.getObject(index, LocalDate.class);
      case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(index);
      default -> rs.getObject(index);
    };
  }
}
