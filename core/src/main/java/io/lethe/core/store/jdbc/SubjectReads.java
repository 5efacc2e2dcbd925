package io.lethe.core.store.jdbc;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a {@link JdbcStore}'s records: a subject's, a page at a time in key order (one statement
 * per page, with a subquery per reference hop), several stores' first pages in one round trip on
 * PostgreSQL, and records by key. A row naming several people is read as the asked subject may see
 * it ({@link JdbcMapping.SubjectColumn}).
 */
final class SubjectReads {

  /** Records of a subject read per statement; pages follow the key, so memory stays bounded. */
  static final int SUBJECT_PAGE = 500;

  /**
   * How many texts of a subject's queries a store keeps, one per number of identifiers of each type
   * asked about; past it, texts are built anew. Only questions about at most {@value
   * #MAX_CACHED_QUESTION} identifiers are kept, so that a few large subjects cannot take the places
   * of the common shapes. A text built once is also found faster by the driver's or the embedded
   * database's statement cache: the same string keeps its hash.
   */
  private static final int MAX_CACHED_QUERIES = 64;

  /** The most identifiers a question may be about for its query's text to be kept. */
  private static final int MAX_CACHED_QUESTION = 16;

  private final JdbcStore store;

  /** {@code SELECT <every mapped column> FROM <table> WHERE }, for a subject's records. */
  private final String selectRecords;

  /** The texts of a subject's queries, by how many values each identifier column matches. */
  private final Map<List<Integer>, SubjectSql> texts = new ConcurrentHashMap<>();

  SubjectReads(JdbcStore store) {
    this.store = store;
    this.selectRecords = "SELECT " + selectedColumns() + " FROM " + store.table + " WHERE ";
  }

  /** See {@link JdbcStore#recordsOf}. */
  Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    SubjectQuery query = subjectQuery(identities);
    return query == null ? Stream.empty() : pages(query, null);
  }

  /** See {@link JdbcStore#recordsOfJointly}. */
  List<Stream<PersonalRecord>> recordsOfJointly(
      List<? extends PersonalDataStore> stores, Set<SubjectRef> identities) {
    List<JdbcStore> members = new ArrayList<>();
    for (PersonalDataStore candidate : stores) {
      if (!(candidate instanceof JdbcStore jdbc)
          || !jdbc.jointReads
          || jdbc.dataSource != store.dataSource) {
        throw new IllegalArgumentException(
            "store '"
                + candidate.name()
                + "' is not of the joint"
                + " read group of store '"
                + store.name()
                + "'");
      }
      members.add(jdbc);
    }
    List<SubjectQuery> queries =
        members.stream().map(m -> m.reads.subjectQuery(identities)).toList();
    List<Integer> asked = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      SubjectQuery query = queries.get(i);
      if (query != null) {
        sql.append(asked.isEmpty() ? "" : ";\n").append(query.first());
        params.addAll(query.params());
        params.add(SUBJECT_PAGE);
        asked.add(i);
      }
    }
    List<List<PersonalRecord>> firstPages =
        asked.size() < 2
            ? null
            : store.withConnection(
                StoreOperation.READ_SUBJECT,
                connection -> {
                  List<List<PersonalRecord>> pages = new ArrayList<>();
                  try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                    JdbcValues.bind(statement, params);
                    boolean results = statement.execute();
                    for (int index : asked) {
                      if (!results) {
                        throw new SQLException(
                            "a joint read returned fewer results than it has queries");
                      }
                      JdbcStore member = members.get(index);
                      List<PersonalRecord> page = new ArrayList<>();
                      try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                          page.add(member.reads.toRecord(rs, queries.get(index).asked()));
                        }
                      }
                      pages.add(page);
                      results = statement.getMoreResults();
                    }
                  }
                  return pages;
                });
    List<Stream<PersonalRecord>> streams = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      SubjectQuery query = queries.get(i);
      int position = asked.indexOf(i);
      streams.add(
          query == null
              ? Stream.empty()
              : members
                  .get(i)
                  .reads
                  .pages(query, firstPages == null ? null : firstPages.get(position)));
    }
    return streams;
  }

  /**
   * The statements that read a subject's records page by page: {@code first} binds {@code params}
   * and the page size, {@code next} those, then the last key read, then the page size.
   */
  private record SubjectQuery(
      String first, String next, List<Object> params, Set<SubjectRef> asked) {}

  /** The SQL text of the queries for a subject's records: the first page, and the next. */
  private record SubjectSql(String first, String next) {
    SubjectQuery with(List<Object> params, Set<SubjectRef> asked) {
      return new SubjectQuery(first, next, params, asked);
    }
  }

  /** The queries for a subject's records; null if the store holds none of their types. */
  private SubjectQuery subjectQuery(Set<SubjectRef> identities) {
    if (!store.links.isEmpty()) {
      List<Object> params = new ArrayList<>();
      List<String> conditions = store.ownerConditions(identities, params);
      return conditions.isEmpty()
          ? null
          : subjectSql(conditions).with(List.copyOf(params), identities);
    }
    List<Object> params = new ArrayList<>();
    Integer[] counts = new Integer[store.subjects.size()];
    for (int i = 0; i < counts.length; i++) {
      List<Object> values = JdbcValues.identifierValues(store.subjects.get(i), identities);
      counts[i] = values.size();
      params.addAll(values);
    }
    if (params.isEmpty()) {
      return null;
    }
    List<Integer> shape = List.of(counts);
    SubjectSql sql = texts.get(shape);
    if (sql == null) {
      sql = subjectSql(counts);
      if (params.size() <= MAX_CACHED_QUESTION && texts.size() < MAX_CACHED_QUERIES) {
        texts.put(shape, sql);
      }
    }
    return new SubjectQuery(sql.first(), sql.next(), List.copyOf(params), identities);
  }

  /**
   * The SQL for a subject's records, given how many values each identifier column is matched
   * against (in the order of {@link #subjects}, at least one in all).
   */
  private SubjectSql subjectSql(Integer[] counts) {
    List<String> conditions = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        conditions.add(
            store.subjects.get(i).quoted() + " IN (" + JdbcValues.placeholders(counts[i]) + ")");
      }
    }
    return subjectSql(conditions);
  }

  /** The SQL for the records meeting any of the conditions, a page at a time. */
  private SubjectSql subjectSql(List<String> conditions) {
    String select = selectRecords + keysWhere(store.key, conditions);
    return new SubjectSql(
        select + " ORDER BY " + store.key.list() + " LIMIT ?",
        select + " AND " + store.key.compared(">") + " ORDER BY " + store.key.list() + " LIMIT ?");
  }

  /**
   * A condition selecting this table's rows, by the value of {@code column}, that meet any of the
   * conditions: one index lookup per condition, united, since an {@code OR} across columns makes
   * some databases (H2) scan the whole table in key order.
   */
  private String keysWhere(KeyColumns keyColumns, List<String> conditions) {
    return conditions.size() == 1
        ? conditions.get(0)
        : keyColumns.tuple() + " IN (" + store.keysOf(keyColumns.list(), conditions) + ")";
  }

  /**
   * A subject's records, read a page at a time; {@code firstPage}, if not null, is the first page,
   * already read.
   */
  private Stream<PersonalRecord> pages(SubjectQuery query, List<PersonalRecord> firstPage) {
    Iterator<PersonalRecord> records =
        new Iterator<>() {
          private List<PersonalRecord> page = firstPage == null ? List.of() : firstPage;
          private int index;
          private boolean last = firstPage != null && firstPage.size() < SUBJECT_PAGE;
          private boolean started = firstPage != null;

          @Override
          public boolean hasNext() {
            if (index < page.size()) {
              return true;
            }
            if (last) {
              return false;
            }
            RecordKey after = started ? page.get(page.size() - 1).key() : null;
            page = subjectPage(after == null ? query.first() : query.next(), query, after);
            started = true;
            index = 0;
            last = page.size() < SUBJECT_PAGE;
            return !page.isEmpty();
          }

          @Override
          public PersonalRecord next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.get(index++);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** One page of a subject's records, after a key, on a connection of its own. */
  private List<PersonalRecord> subjectPage(String sql, SubjectQuery query, RecordKey after) {
    List<Object> bound = new ArrayList<>(query.params());
    if (after != null) {
      store.key.bind(bound, after);
    }
    bound.add(SUBJECT_PAGE);
    return store.withConnection(
        StoreOperation.READ_SUBJECT,
        connection -> {
          List<PersonalRecord> page = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            JdbcValues.bind(statement, bound);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                page.add(toRecord(rs, query.asked()));
              }
            }
          }
          return page;
        });
  }

  /**
   * The record of the row the result set is on. For a row that names several people, {@code asked}
   * (the identities of the subject it is read for) selects what the record shows: the identifiers
   * and fields of the roles the subject holds on the row, not the others' (GDPR Art. 15(4)); null
   * shows everything.
   */
  private PersonalRecord toRecord(ResultSet rs, Set<SubjectRef> asked) throws SQLException {
    int index = 1;
    RecordKey recordKey = store.key.read(rs, index);
    index += store.key.size();
    SubjectRef[] carried = new SubjectRef[store.subjects.size()];
    for (int i = 0; i < carried.length; i++) {
      Object value = rs.getObject(index++);
      carried[i] =
          value == null || value.toString().isEmpty()
              ? null
              : SubjectRef.of(store.subjects.get(i).type(), value.toString());
    }
    Set<String> held =
        store.roles.isEmpty() || asked == null ? null : store.heldRoles(carried, asked);
    // Built as immutable collections here, so that the record does not copy them again.
    SubjectRef[] linked = new SubjectRef[store.subjects.size()];
    int found = 0;
    for (int i = 0; i < carried.length; i++) {
      SubjectRef identity = carried[i];
      if (identity == null || held != null && !held.contains(store.subjects.get(i).role())) {
        continue;
      }
      boolean seen = false;
      for (int j = 0; j < found && !seen; j++) {
        seen = linked[j].equals(identity);
      }
      if (!seen) {
        linked[found++] = identity;
      }
    }
    List<FieldValue> values = new ArrayList<>(store.fields.size());
    for (JdbcColumn field : store.fields) {
      Object value = JdbcValues.read(rs, index++, field);
      if (held == null || field.role() == null || held.contains(field.role())) {
        values.add(new FieldValue(field.name(), field.category(), value));
      }
    }
    AnchorTimes times;
    if (store.anchorOrder.size() == 1) {
      Anchor anchor = store.anchorOrder.get(0);
      Instant at = JdbcValues.instant(rs, index, store.anchors.get(anchor));
      times = at == null ? AnchorTimes.none() : new AnchorTimes(Map.of(anchor, at));
    } else {
      Map<Anchor, Instant> happened = new LinkedHashMap<>();
      for (Anchor anchor : store.anchorOrder) {
        Instant at = JdbcValues.instant(rs, index++, store.anchors.get(anchor));
        if (at != null) {
          happened.put(anchor, at);
        }
      }
      times = happened.isEmpty() ? AnchorTimes.none() : new AnchorTimes(happened);
    }
    return new PersonalRecord(
        store.name(),
        recordKey,
        store.mapping.category(),
        List.copyOf(values),
        Set.of(Arrays.copyOf(linked, found)),
        times);
  }

  /** See {@link JdbcStore#records}. */
  Stream<PersonalRecord> records(List<RecordKey> keys) {
    if (keys.isEmpty()) {
      return Stream.empty();
    }
    String columns = selectedColumns();
    return store.withConnection(
        StoreOperation.READ_RECORDS,
        connection -> {
          List<PersonalRecord> found = new ArrayList<>();
          for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
            String sql =
                "SELECT "
                    + columns
                    + " FROM "
                    + store.table
                    + " WHERE "
                    + store.key.in(chunk.size())
                    + " ORDER BY "
                    + store.key.list();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              JdbcValues.bind(statement, store.key.bindAll(chunk));
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  found.add(toRecord(rs, null));
                }
              }
            }
          }
          return found.stream();
        });
  }

  private String selectedColumns() {
    List<JdbcColumn> selected = new ArrayList<>();
    selected.addAll(store.key.columns());
    selected.addAll(store.subjects);
    selected.addAll(store.fields);
    store.anchorOrder.forEach(a -> selected.add(store.anchors.get(a)));
    return String.join(", ", selected.stream().map(JdbcColumn::quoted).toList());
  }
}
