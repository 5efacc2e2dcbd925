package io.lethe.core.store.jdbc;

import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.store.jdbc.JdbcStore.AnchorLink;
import io.lethe.core.store.jdbc.JdbcStore.Link;
import io.lethe.core.subject.SubjectRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link JdbcStore}'s expiry queries: finding, counting and deleting the rows whose anchor is
 * past a cutoff, a page at a time (key ranges, or heap page ranges on PostgreSQL), leaving out rows
 * of held subjects however many references away, and rows already anonymized or masked.
 */
final class ExpiryQueries {

  private final JdbcStore store;

  ExpiryQueries(JdbcStore store) {
    this.store = store;
  }

  /** The FROM and WHERE of an expiry query, or null when the store holds no such data. */
  private String expiryWhere(ExpiryQuery query, List<Object> params, boolean paged) {
    JdbcColumn anchor = store.anchors.get(query.anchor());
    if (anchor == null) {
      throw new IllegalArgumentException(
          "store '" + store.name() + "' has no column for anchor '" + query.anchor() + "'");
    }
    StringBuilder sql = new StringBuilder(" FROM ").append(store.table).append(" WHERE ");
    AnchorLink through = store.anchorLinks.get(query.anchor());
    // an anchor of the referenced row: a semi-join on the referenced table, not a scan here
    String time = through == null ? anchor.quoted() : through.parentColumn();
    if (through != null) {
      sql.append(through.link().column().quoted())
          .append(" IN (SELECT ")
          .append(through.link().parentKey())
          .append(" FROM ")
          .append(through.link().parent().table)
          .append(" WHERE ");
    }
    sql.append(time).append(" <= ?");
    params.add(JdbcValues.bindable(anchor, query.cutoff()));
    if (query.notBefore() != null) {
      sql.append(" AND ").append(time).append(" >= ?");
      params.add(JdbcValues.bindable(anchor, query.notBefore()));
    }
    if (through != null) {
      sql.append(')');
    }
    if (paged && query.after() != null) {
      sql.append(" AND ").append(store.key.compared(">"));
      store.key.bind(params, query.after());
    }
    if (!store.mapping.category().isWithin(query.category())) {
      List<JdbcColumn> categoryFields =
          store.fields.stream().filter(f -> f.category().isWithin(query.category())).toList();
      if (categoryFields.isEmpty()) {
        return null;
      }
      sql.append(" AND (")
          .append(
              String.join(
                  " OR ", categoryFields.stream().map(f -> f.quoted() + " IS NOT NULL").toList()))
          .append(')');
    }
    if (query.excludeAnonymized() && store.anonymizedAt != null) {
      sql.append(" AND ").append(store.anonymizedAt.quoted()).append(" IS NULL");
    }
    if (!query.stillHolding().isEmpty()) {
      List<JdbcColumn> holding =
          store.fields.stream()
              .filter(f -> query.stillHolding().stream().anyMatch(f.category()::isWithin))
              .toList();
      if (holding.isEmpty()) {
        return null;
      }
      sql.append(" AND (")
          .append(
              String.join(" OR ", holding.stream().map(f -> f.quoted() + " IS NOT NULL").toList()))
          .append(')');
    }
    appendExclusions(sql, params, query.excludedSubjects());
    return sql.toString();
  }

  /** See {@link JdbcStore#findExpired}. */
  List<RecordKey> findExpired(ExpiryQuery query) {
    List<Object> params = new ArrayList<>();
    String where = expiryWhere(query, params, true);
    if (where == null) {
      return List.of();
    }
    String sql =
        "SELECT " + store.key.list() + where + " ORDER BY " + store.key.list() + " LIMIT ?";
    params.add(query.limit());
    return store.withConnection(
        StoreOperation.FIND_EXPIRED,
        connection -> {
          List<RecordKey> keys = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            JdbcValues.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                keys.add(store.key.read(rs, 1));
              }
            }
          }
          return keys;
        });
  }

  /** See {@link JdbcStore#deleteExpiredPage}. */
  DeletedPage deleteExpiredPage(ExpiryQuery query) {
    if (query.after() != null && !store.postgresTidRanges && !fitsKey(query.after())) {
      // A page start of another kind (a heap page number from a PostgreSQL checkpoint) means
      // nothing here: start from the first page; deleting again what is gone is harmless.
      query = query.fromStart();
    }
    if (store.postgresTidRanges
        && (query.after() == null || query.after().value() instanceof Long)) {
      Optional<DeletedPage> page = deleteTidRange(query);
      if (page.isPresent()) {
        return page.get();
      }
    }
    if (store.integralKey && (query.after() == null || query.after().value() instanceof Long)) {
      return deleteIntegralRange(query);
    }
    List<Object> rangeParams = new ArrayList<>();
    String range =
        "SELECT "
            + store.key.list()
            + " FROM "
            + store.table
            + (query.after() == null ? "" : " WHERE " + store.key.compared(">"))
            + " ORDER BY "
            + store.key.list()
            + " LIMIT 1 OFFSET ?";
    if (query.after() != null) {
      store.key.bind(rangeParams, query.after());
    }
    rangeParams.add(query.limit() - 1);
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, true);
    // Two statements in autocommit: the DELETE is atomic on its own, and the range only bounds it.
    return store.withConnection(
        StoreOperation.DELETE,
        connection -> {
          RecordKey last;
          try (PreparedStatement statement = connection.prepareStatement(range)) {
            JdbcValues.bind(statement, rangeParams);
            try (ResultSet rs = statement.executeQuery()) {
              last = rs.next() ? store.key.read(rs, 1) : null;
            }
          }
          if (where == null) {
            return last == null ? DeletedPage.last(0) : new DeletedPage(last, 0);
          }
          String delete =
              "DELETE" + where + (last == null ? "" : " AND " + store.key.compared("<="));
          if (last != null) {
            store.key.bind(deleteParams, last);
          }
          try (PreparedStatement statement = connection.prepareStatement(delete)) {
            JdbcValues.bind(statement, deleteParams);
            int deleted = statement.executeUpdate();
            return last == null ? DeletedPage.last(deleted) : new DeletedPage(last, deleted);
          }
        });
  }

  private boolean fitsKey(RecordKey after) {
    return store.key.fits(after)
        && (store.key.size() > 1 || store.integralKey == after.value() instanceof Long);
  }

  /**
   * On PostgreSQL, a page is a range of heap pages: {@code DELETE ... WHERE ctid >= '(s,0)' AND
   * ctid < '(e,0)' AND <the expiry filter>}, a TID range scan that reads the table sequentially
   * whatever the key's order (UUID keys too). The range spans at most {@code limit / max tuples per
   * heap page} pages, so it holds at most {@code limit} rows; {@code after} and the returned key
   * are heap page numbers. Pages too small for that bound fall back to key ranges.
   *
   * <p>The most tuples a page can hold follows from the smallest tuple this table can have, not
   * from the smallest tuple any table can have (28 bytes, 291 to a page of 8 KiB, which made
   * batches hold two or three times fewer rows than asked): each tuple takes its line pointer (4
   * bytes), its header (at least 24) and the columns that cannot be NULL, at least their fixed
   * width, or 1 byte for a variable one, rounded up to the smallest alignment a server uses (4).
   * Columns added with a default after rows were written ({@code atthasmissing}) may be absent from
   * older tuples, so they count for nothing.
   */
  private Optional<DeletedPage> deleteTidRange(ExpiryQuery query) {
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, false);
    return store.withConnection(
        StoreOperation.DELETE,
        connection -> {
          long pages;
          long maxTuplesPerPage;
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT"
                      + " pg_relation_size(?::regclass) / current_setting('block_size')::bigint,"
                      + " (current_setting('block_size')::bigint - 24) / ((24 + COALESCE((SELECT"
                      + " SUM(CASE WHEN a.attlen > 0 THEN a.attlen ELSE 1 END) FROM pg_attribute a"
                      + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                      + " AND a.attnotnull AND NOT a.atthasmissing), 0) + 3) / 4 * 4 + 4)")) {
            statement.setString(1, store.regclass);
            statement.setString(2, store.regclass);
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              pages = rs.getLong(1);
              maxTuplesPerPage = rs.getLong(2);
            }
          }
          long span = query.limit() / maxTuplesPerPage;
          if (span < 1) {
            return Optional.<DeletedPage>empty();
          }
          long start = query.after() == null ? 0 : (Long) query.after().value();
          long end = start + span;
          boolean last = end >= pages;
          if (where == null) {
            return Optional.of(last ? DeletedPage.last(0) : new DeletedPage(RecordKey.of(end), 0));
          }
          String delete =
              "DELETE" + where + " AND ctid >= ?::tid" + (last ? "" : " AND ctid < ?::tid");
          deleteParams.add("(" + start + ",0)");
          if (!last) {
            deleteParams.add("(" + end + ",0)");
          }
          try (PreparedStatement statement = connection.prepareStatement(delete)) {
            JdbcValues.bind(statement, deleteParams);
            int deleted = statement.executeUpdate();
            return Optional.of(
                last ? DeletedPage.last(deleted) : new DeletedPage(RecordKey.of(end), deleted));
          }
        });
  }

  /**
   * For whole-number keys the range is plain arithmetic: {@code (after, after + limit]} holds at
   * most {@code limit} rows since keys are unique, so no statement is needed to find it. The first
   * page starts below the smallest key; the last is the one reaching the largest.
   */
  private DeletedPage deleteIntegralRange(ExpiryQuery query) {
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, true);
    // Two statements in autocommit: the DELETE is atomic on its own, and the range only bounds it.
    return store.withConnection(
        StoreOperation.DELETE,
        connection -> {
          long low;
          long high;
          // The window starts just below the next existing key, so gaps in the keys cost nothing.
          // The next key is read as the first of the index after the page start, not as MIN(key)
          // WHERE key > ?, which H2 answers by reading every key after it (a sweep read the rest of
          // the table once per batch); the largest key is MAX(key) over the table, which both read
          // from the end of the index.
          String next =
              query.after() == null
                  ? "SELECT MIN(" + store.key.list() + ") FROM " + store.table
                  : "SELECT "
                      + store.key.list()
                      + " FROM "
                      + store.table
                      + " WHERE "
                      + store.key.compared(">")
                      + " ORDER BY "
                      + store.key.list()
                      + " LIMIT 1";
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT ("
                      + next
                      + "), (SELECT MAX("
                      + store.key.list()
                      + ") FROM "
                      + store.table
                      + ")")) {
            if (query.after() != null) {
              statement.setLong(1, (Long) query.after().value());
            }
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              if (rs.getObject(1) == null || rs.getObject(2) == null) {
                return DeletedPage.last(0);
              }
              low = rs.getLong(1) - 1;
              high = rs.getLong(2);
            }
          }
          long end = low + query.limit();
          boolean last = end >= high || end < low;
          if (where == null) {
            return last ? DeletedPage.last(0) : new DeletedPage(RecordKey.of(end), 0);
          }
          String delete =
              "DELETE"
                  + where
                  + (query.after() == null ? " AND " + store.key.compared(">") : "")
                  + (last ? "" : " AND " + store.key.compared("<="));
          if (query.after() == null) {
            deleteParams.add(low);
          }
          // (query.after(), low] holds no key, so "key > after" from the filter is the same bound.
          if (!last) {
            deleteParams.add(end);
          }
          try (PreparedStatement statement = connection.prepareStatement(delete)) {
            JdbcValues.bind(statement, deleteParams);
            int deleted = statement.executeUpdate();
            return last ? DeletedPage.last(deleted) : new DeletedPage(RecordKey.of(end), deleted);
          }
        });
  }

  /** See {@link JdbcStore#countExpired}. */
  long countExpired(ExpiryQuery query) {
    List<Object> params = new ArrayList<>();
    String where = expiryWhere(query, params, false);
    if (where == null) {
      return 0;
    }
    String sql = "SELECT COUNT(*)" + where;
    return store.withConnection(
        StoreOperation.COUNT_EXPIRED,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            JdbcValues.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private void appendExclusions(StringBuilder sql, List<Object> params, Set<SubjectRef> excluded) {
    for (JdbcColumn subject : store.subjects) {
      List<Object> values = JdbcValues.identifierValues(subject, excluded);
      if (values.isEmpty()) {
        continue;
      }
      sql.append(" AND (")
          .append(subject.quoted())
          .append(" IS NULL OR ")
          .append(subject.quoted())
          .append(" NOT IN (")
          .append(JdbcValues.placeholders(values.size()))
          .append("))");
      params.addAll(values);
    }
    // rows reached through another store's rows that belong to an excluded subject
    for (Link link : store.links) {
      List<Object> inner = new ArrayList<>();
      List<String> owned = link.parent().ownerConditions(excluded, inner);
      if (owned.isEmpty()) {
        continue;
      }
      sql.append(" AND (")
          .append(link.column().quoted())
          .append(" IS NULL OR ")
          .append(link.column().quoted())
          .append(" NOT IN (SELECT ")
          .append(link.parentKey())
          .append(" FROM ")
          .append(link.parent().table)
          .append(" WHERE ")
          .append(link.parentKey())
          .append(" IS NOT NULL AND (")
          .append(String.join(" OR ", owned))
          .append(")))");
      params.addAll(inner);
    }
  }
}
