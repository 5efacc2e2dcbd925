package io.lethe.core.store.jdbc;

import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Values between Java and the databases {@link JdbcStore} works on: binding parameters, times as
 * each column type holds them, identifiers as the column's type spells them, and the chunks and
 * placeholders of IN lists.
 */
final class JdbcValues {

  /** Keys per IN list. */
  static final int IN_LIST_CHUNK = 500;

  private JdbcValues() {}

  static boolean isText(int sqlType) {
    return sqlType == Types.VARCHAR
        || sqlType == Types.CHAR
        || sqlType == Types.LONGVARCHAR
        || sqlType == Types.NVARCHAR
        || sqlType == Types.NCHAR
        || sqlType == Types.LONGNVARCHAR
        || sqlType == Types.CLOB
        || sqlType == Types.NCLOB;
  }

  /**
   * The identifiers of a column's type, as values of the column's SQL type: identifiers are text,
   * but an account id column may be a number or a UUID, and PostgreSQL compares no text with those.
   * A value the column cannot hold, or holds only spelled otherwise ({@code 042} for {@code 42}),
   * matches no row and is left out: a record carries its identifiers as the database spells them,
   * and must carry the one it was found by.
   */
  static List<Object> identifierValues(JdbcColumn column, Set<SubjectRef> identities) {
    List<Object> values = new ArrayList<>();
    for (SubjectRef identity : identities) {
      if (!identity.type().equals(column.type())) {
        continue;
      }
      String text = identity.value();
      Object value;
      try {
        value =
            switch (column.sqlType()) {
              case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT ->
                  Long.valueOf(text.trim());
              case Types.NUMERIC, Types.DECIMAL -> new java.math.BigDecimal(text.trim());
              case Types.OTHER -> uuidOrText(text);
              default -> text;
            };
      } catch (NumberFormatException e) {
        continue;
      }
      if (!(value instanceof String) && !value.toString().equals(text)) {
        // "042" or an upper-case UUID: the column would match a row whose identifier reads
        // otherwise, a record that does not carry the identifier asked for
        continue;
      }
      if (!values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  static Object uuidOrText(String text) {
    try {
      return java.util.UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object value = params.get(i);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  static Object bindable(JdbcColumn column, Instant instant) {
    return switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> instant.atOffset(ZoneOffset.UTC);
      case Types.DATE -> LocalDate.ofInstant(instant, ZoneOffset.UTC);
      default -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    };
  }

  static Instant instant(ResultSet rs, int index, JdbcColumn column) throws SQLException {
    switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime at = rs.getObject(index, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
      }
      case Types.DATE -> {
        LocalDate day = rs.getObject(index, LocalDate.class);
        return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      default -> {
        LocalDateTime at = rs.getObject(index, LocalDateTime.class);
        return at == null ? null : at.toInstant(ZoneOffset.UTC);
      }
    }
  }

  static Object read(ResultSet rs, int index, JdbcColumn column) throws SQLException {
    return switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(index, OffsetDateTime.class);
      case Types.TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case Types.DATE -> rs.getObject(index, LocalDate.class);
      case Types.CLOB, Types.NCLOB -> rs.getString(index);
      default -> rs.getObject(index);
    };
  }

  static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  static List<List<RecordKey>> chunks(List<RecordKey> keys) {
    List<List<RecordKey>> chunks = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += IN_LIST_CHUNK) {
      chunks.add(keys.subList(i, Math.min(keys.size(), i + IN_LIST_CHUNK)));
    }
    return chunks;
  }
}
