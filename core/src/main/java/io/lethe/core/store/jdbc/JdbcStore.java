package io.lethe.core.store.jdbc;

import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreField;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PersonalDataStore} over one table, declared by a {@link JdbcMapping}: SQL is generated
 * from the mapping with bound parameters and identifiers quoted as the database spells them. Works
 * on H2 and PostgreSQL.
 *
 * <p>Anchor columns may be {@code TIMESTAMP WITH TIME ZONE}, {@code TIMESTAMP} (read as UTC) or
 * {@code DATE} (read as the start of that day in UTC).
 *
 * <p>Finding expired rows is one indexed query per page ({@code WHERE anchor <= ? AND key > ? ORDER
 * BY key LIMIT ?}), so an index on the anchor column (or on key and anchor) keeps a sweep's cost
 * proportional to what it removes. Deletes and updates run in batches, each batch in one
 * transaction.
 *
 * <p>A subject's records ({@link #recordsOf}) are read in pages of 500 in key order, one short
 * statement per page ({@code WHERE subject IN (...) AND key > ? ORDER BY key LIMIT ?}), so memory
 * stays bounded without holding a cursor or a transaction open; index the subject columns. Pages
 * are not one snapshot: a record changed between pages is read as it is then. With several
 * identifier columns, each is looked up on its own index and the keys united, since an {@code OR}
 * across columns makes H2 scan the table. On PostgreSQL, stores opened on the same data source read
 * their first pages together in one round trip ({@link #recordsOfJointly}), which an access export
 * does.
 */
public final class JdbcStore implements PersonalDataStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  private static final int EXPORT_FETCH_SIZE = 500;

  final DataSource dataSource;
  final JdbcMapping mapping;
  final Clock clock;
  final StoreDescriptor descriptor;
  final String table;
  final KeyColumns key;
  final List<JdbcColumn> subjects;

  /** For a row naming several people, the subject columns of each role; empty otherwise. */
  final Map<String, List<JdbcColumn>> roles;

  final List<JdbcColumn> fields;
  final Map<Anchor, JdbcColumn> anchors;

  /** The anchors in the order records are read with. */
  final List<Anchor> anchorOrder;

  final JdbcColumn anonymizedAt;
  final boolean integralKey;

  /** PostgreSQL 14+ scans ranges of its own row ids (ctid) sequentially. */
  final boolean postgresTidRanges;

  /** PostgreSQL runs several queries sent as one statement in one round trip. */
  final boolean jointReads;

  /** Whether the mapped table is a view, whose delete counts a trigger may make up. */
  private final boolean view;

  /** The table's name as a PostgreSQL regclass literal, for its size. */
  final String regclass;

  /** The identifier types held in one subject column that a single-column unique index covers. */
  final Set<IdentifierType> uniqueIdentifiers;

  /** The table as the database's metadata names it. */
  final TableMetadata.TableId tableId;

  /** The other tables this table's foreign keys refer to. */
  final Set<TableMetadata.TableId> referencedTables;

  /** What the database said of the table when the store opened. */
  final TableMetadata.Table metadata;

  /** The references through which rows belong with other stores' rows, resolved. */
  final List<Link> links;

  /** Reads the table's records. */
  final SubjectReads reads;

  /** Finds, counts and deletes expired rows. */
  final ExpiryQueries expiry;

  /** Changes rows by key. */
  final RowWrites writes;

  /**
   * A reference resolved: this table's column, the store it refers to, and that store's column it
   * holds, quoted; unique when that column is the store's key or unique, so that a row has one
   * parent (an order item's order), otherwise a row may belong with several (an address that two
   * customers refer to).
   */
  record Link(JdbcColumn column, JdbcStore parent, String parentKey, boolean unique) {}

  /** The anchors read from the row a reference leads to, and that row's column, quoted. */
  final Map<Anchor, AnchorLink> anchorLinks;

  /** An anchor read through a reference: the link, and the referenced table's column. */
  record AnchorLink(Link link, String parentColumn) {}

  private JdbcStore(
      DataSource dataSource,
      JdbcMapping mapping,
      Clock clock,
      TableMetadata.Table metadata,
      Map<String, JdbcStore> opened) {
    this.metadata = metadata;
    Map<String, TableMetadata.ColumnInfo> columns = metadata.columns();
    String quote = metadata.quote();
    Set<String> uniqueColumns = metadata.uniqueColumns();
    this.tableId = metadata.id();
    this.referencedTables = metadata.referencedTables();
    this.view = metadata.view();
    this.jointReads = metadata.postgres();
    this.postgresTidRanges = metadata.tidRanges();
    this.regclass = metadata.qualified();
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.clock = clock;
    this.table = metadata.qualified();
    this.key =
        new KeyColumns(
            mapping.key().stream().map(k -> column(columns, quote, k, null, null, null)).toList());
    this.integralKey = key.integral();
    this.subjects =
        mapping.subjects().stream()
            .map(s -> column(columns, quote, s.column(), null, s.type(), s.role()))
            .toList();
    this.fields =
        mapping.fields().stream()
            .map(f -> column(columns, quote, f.column(), f.category(), null, roleOf(mapping, f)))
            .toList();
    Map<String, List<JdbcColumn>> byRole = new LinkedHashMap<>();
    subjects.stream()
        .filter(s -> s.role() != null)
        .forEach(s -> byRole.computeIfAbsent(s.role(), r -> new ArrayList<>()).add(s));
    this.roles = Collections.unmodifiableMap(byRole);
    List<Link> resolved = new ArrayList<>();
    for (JdbcMapping.Reference reference : mapping.references()) {
      JdbcStore parent = opened.get(reference.store());
      String parentKey =
          Names.bind(
                  "column", reference.key(), parent.metadata.allColumns().keySet(), parent.name())
              .name()
              .orElseThrow();
      resolved.add(
          new Link(
              column(columns, quote, reference.column(), null, null, null),
              parent,
              quote + parentKey + quote,
              parent.isUnique(parentKey)));
    }
    this.links = List.copyOf(resolved);
    Map<Anchor, JdbcColumn> anchorColumns = new LinkedHashMap<>();
    mapping
        .anchors()
        .forEach(
            (anchor, name) ->
                anchorColumns.put(anchor, column(columns, quote, name, null, null, null)));
    Map<Anchor, AnchorLink> throughs = new LinkedHashMap<>();
    mapping
        .referencedAnchors()
        .forEach(
            (anchor, through) -> {
              Link link =
                  links.stream()
                      .filter(l -> l.column().name().equals(through.reference()))
                      .findFirst()
                      .orElseThrow();
              TableMetadata.ColumnInfo info =
                  link.parent()
                      .metadata
                      .allColumns()
                      .get(
                          Names.bind(
                                  "column",
                                  through.column(),
                                  link.parent().metadata.allColumns().keySet(),
                                  "")
                              .name()
                              .orElseThrow());
              String parentColumn = quote + info.name() + quote;
              // read with the record: the referenced row's column, or NULL if there is none
              String value =
                  "(SELECT "
                      + parentColumn
                      + " FROM "
                      + link.parent().table
                      + " WHERE "
                      + link.parentKey()
                      + " = "
                      + table
                      + "."
                      + link.column().quoted()
                      + ")";
              anchorColumns.put(
                  anchor,
                  new JdbcColumn(through.column(), value, info.sqlType(), null, null, true, null));
              throughs.put(anchor, new AnchorLink(link, parentColumn));
            });
    this.anchorLinks = Map.copyOf(throughs);
    this.anchors = Collections.unmodifiableMap(anchorColumns);
    this.anchorOrder = List.copyOf(anchorColumns.keySet());
    this.anonymizedAt =
        mapping.anonymizedAt() == null
            ? null
            : column(columns, quote, mapping.anonymizedAt(), null, null, null);
    Set<IdentifierType> types = new LinkedHashSet<>();
    mapping.subjects().forEach(subject -> types.add(subject.type()));
    links.forEach(link -> types.addAll(link.parent().descriptor().identifiers()));
    this.descriptor =
        new StoreDescriptor(
            mapping.store(),
            mapping.category(),
            mapping.fields().stream().map(f -> new StoreField(f.column(), f.category())).toList(),
            List.copyOf(types),
            List.copyOf(anchorColumns.keySet()),
            mapping.anonymizedAt() != null,
            mapping.subjects().stream().map(JdbcMapping.SubjectColumn::column).distinct().toList(),
            mapping.references().stream().map(JdbcMapping.Reference::store).distinct().toList());
    Set<IdentifierType> unique = new LinkedHashSet<>();
    for (JdbcMapping.SubjectColumn subject : mapping.subjects()) {
      boolean alone =
          mapping.subjects().stream().filter(s -> s.type().equals(subject.type())).count() == 1;
      if (alone && uniqueColumns.contains(subject.column().toLowerCase(Locale.ROOT))) {
        unique.add(subject.type());
      }
    }
    this.uniqueIdentifiers = Set.copyOf(unique);
    this.reads = new SubjectReads(this);
    this.expiry = new ExpiryQueries(this);
    this.writes = new RowWrites(this);
  }

  /**
   * A field's role: its own, or else the role of the subject column it is (a tutor's email, mapped
   * as an identifier and as a field, is the tutor's), so that nobody else on the row sees it.
   */
  private static String roleOf(JdbcMapping mapping, JdbcMapping.FieldColumn field) {
    if (field.role() != null) {
      return field.role();
    }
    return mapping.subjects().stream()
        .filter(s -> s.column().equals(field.column()))
        .map(JdbcMapping.SubjectColumn::role)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static JdbcColumn column(
      Map<String, TableMetadata.ColumnInfo> columns,
      String quote,
      String name,
      CategoryKey category,
      IdentifierType type,
      String role) {
    TableMetadata.ColumnInfo info = columns.get(name);
    return new JdbcColumn(
        name, quote + info.name() + quote, info.sqlType(), category, type, info.nullable(), role);
  }

  /**
   * Opens a store over a table, checking the mapping against the database's metadata: the table and
   * every column must exist, anchor columns must be timestamps or dates. Uses the system UTC clock
   * to stamp anonymized rows.
   *
   * @param dataSource where the table lives
   * @param mapping how the table holds personal data
   * @return the store
   * @throws InvalidMappingException listing every problem with the mapping
   * @throws StoreException if the metadata cannot be read
   */
  public static JdbcStore open(DataSource dataSource, JdbcMapping mapping) {
    return open(dataSource, mapping, Clock.systemUTC());
  }

  /**
   * Opens a store over a table, as {@link #open(DataSource, JdbcMapping)}, with a clock.
   *
   * @param dataSource where the table lives
   * @param mapping how the table holds personal data
   * @param clock stamps the {@code anonymizedAt} column
   * @return the store
   * @throws InvalidMappingException listing every problem with the mapping
   * @throws StoreException if the metadata cannot be read
   */
  public static JdbcStore open(DataSource dataSource, JdbcMapping mapping, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(clock, "clock");
    String storeName = mapping.store() == null ? "(unnamed)" : mapping.store();
    List<String> problems = mapping.problems();
    if (!problems.isEmpty()) {
      throw InvalidMappingException.of(storeName, problems);
    }
    if (!mapping.references().isEmpty()) {
      throw InvalidMappingException.of(
          storeName,
          List.of(
              "references: the store reaches its"
                  + " rows through "
                  + mapping.references().stream()
                      .map(JdbcMapping.Reference::store)
                      .distinct()
                      .toList()
                  + "; open it together with them with JdbcStores.open"));
    }
    return open(dataSource, mapping, clock, Map.of());
  }

  /**
   * Opens a store whose references name stores already opened, as {@link JdbcStores#open} does.
   *
   * @param opened the stores opened before, by name; every store a reference names is there
   */
  static JdbcStore open(
      DataSource dataSource, JdbcMapping mapping, Clock clock, Map<String, JdbcStore> opened) {
    String storeName = mapping.store() == null ? "(unnamed)" : mapping.store();
    try (Connection connection = dataSource.getConnection()) {
      TableMetadata.Table metadata = TableMetadata.read(connection, mapping, storeName);
      List<String> problems = referenceProblems(mapping, opened);
      if (!problems.isEmpty()) {
        throw InvalidMappingException.of(storeName, problems);
      }
      return new JdbcStore(dataSource, mapping, clock, metadata, opened);
    } catch (SQLException e) {
      throw StoreException.failed(storeName, StoreOperation.DESCRIBE, e);
    }
  }

  /**
   * Checks each reference against the store it names (the referenced column exists there), and each
   * anchor read through a reference (the column exists and holds times).
   */
  private static List<String> referenceProblems(
      JdbcMapping mapping, Map<String, JdbcStore> opened) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < mapping.references().size(); i++) {
      JdbcMapping.Reference reference = mapping.references().get(i);
      JdbcStore parent = opened.get(reference.store());
      String at = "references[" + i + "].key: ";
      Names.Binding key =
          Names.bind(
              "column",
              reference.key(),
              parent.metadata.allColumns().keySet(),
              "table '"
                  + Names.quoted(parent.mapping.table())
                  + "' of store '"
                  + parent.name()
                  + "'");
      if (key.name().isEmpty()) {
        problems.add(at + key.problem());
      }
    }
    mapping
        .referencedAnchors()
        .forEach(
            (anchor, through) -> {
              JdbcMapping.Reference reference =
                  mapping.references().stream()
                      .filter(r -> r.column().equals(through.reference()))
                      .findFirst()
                      .orElseThrow();
              JdbcStore parent = opened.get(reference.store());
              Names.Binding column =
                  Names.bind(
                      "column",
                      through.column(),
                      parent.metadata.allColumns().keySet(),
                      "table '"
                          + Names.quoted(parent.mapping.table())
                          + "' of store '"
                          + parent.name()
                          + "'");
              String at = "referencedAnchors." + anchor + ".column: ";
              if (column.name().isEmpty()) {
                problems.add(at + column.problem());
              } else if (!TableMetadata.isTemporal(
                  parent.metadata.allColumns().get(column.name().get()).sqlType())) {
                problems.add(
                    at
                        + "column '"
                        + Names.quoted(through.column())
                        + "' must be a TIMESTAMP,"
                        + " TIMESTAMP WITH TIME ZONE or DATE");
              }
            });
    return problems;
  }

  /** Whether a column, as the database names it, is this table's key or unique in it. */
  private boolean isUnique(String column) {
    return key.isWholeKey(column)
        || metadata.uniqueColumns().contains(column.toLowerCase(Locale.ROOT));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A record is shared when it is reached through a reference to a column that is not unique
   * (addresses through {@code customers.address_id}) and some row of the referencing store that
   * does not belong to the subject refers to it too. One statement per {@value
   * JdbcValues#IN_LIST_CHUNK} keys.
   */
  @Override
  public Set<RecordKey> sharedWithOthers(List<RecordKey> keys, Set<SubjectRef> identities) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    List<Object> params = new ArrayList<>();
    List<String> others = sharedConditions(identities, params);
    if (others.isEmpty()) {
      return Set.of();
    }
    Set<RecordKey> shared = new LinkedHashSet<>();
    for (List<RecordKey> chunk : JdbcValues.chunks(keys)) {
      String sql =
          "SELECT "
              + key.list()
              + " FROM "
              + table
              + " WHERE "
              + key.in(chunk.size())
              + " AND ("
              + String.join(" OR ", others)
              + ")";
      List<Object> bound = key.bindAll(chunk);
      bound.addAll(params);
      shared.addAll(
          withConnection(
              StoreOperation.READ_SUBJECT,
              connection -> {
                List<RecordKey> found = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                  JdbcValues.bind(statement, bound);
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      found.add(key.read(rs, 1));
                    }
                  }
                }
                return found;
              }));
    }
    return shared;
  }

  /**
   * The conditions under which a row of this table belongs to someone besides the identities, with
   * their parameters appended in order; empty if no row can. A row is another's too when it names
   * someone in a role the identities do not hold (a lesson's student, for its tutor), when a row
   * that refers to it belongs to someone else or is shared itself (an address two customers refer
   * to), or when the row it belongs with is shared (a message of a lesson).
   */
  List<String> sharedConditions(Set<SubjectRef> identities, List<Object> params) {
    return sharedConditions(identities, params, table, 0);
  }

  /**
   * As {@link #sharedConditions(Set, List)}, naming this table's row {@code self} in the statement
   * (the table itself, or the alias of the enclosing subquery). Each reference is tested with a
   * correlated {@code EXISTS} that the index on the referring column answers, so the cost follows
   * the rows asked about, not the size of the referring tables.
   */
  private List<String> sharedConditions(
      Set<SubjectRef> identities, List<Object> params, String self, int depth) {
    List<String> conditions = new ArrayList<>();
    for (List<JdbcColumn> role : roles.values()) {
      List<String> names = new ArrayList<>();
      List<String> holds = new ArrayList<>();
      for (JdbcColumn column : role) {
        // an empty text names nobody, as reading a record has it
        names.add(
            column.quoted()
                + " IS NOT NULL"
                + (JdbcValues.isText(column.sqlType())
                    ? " AND " + column.quoted() + " <> ''"
                    : ""));
        List<Object> values = JdbcValues.identifierValues(column, identities);
        if (!values.isEmpty()) {
          holds.add(
              "("
                  + column.quoted()
                  + " IS NOT NULL AND "
                  + column.quoted()
                  + " IN ("
                  + JdbcValues.placeholders(values.size())
                  + "))");
          params.addAll(values);
        }
      }
      conditions.add(
          "(("
              + String.join(" OR ", names.stream().map(n -> "(" + n + ")").toList())
              + ")"
              + (holds.isEmpty() ? "" : " AND NOT (" + String.join(" OR ", holds) + ")")
              + ")");
    }
    for (Link link : links) {
      // the referring row, in a subquery whose unqualified names are the referring table's
      String alias = "lethe_ref_" + depth;
      String exists =
          "EXISTS (SELECT 1 FROM "
              + link.parent().table
              + " "
              + alias
              + " WHERE "
              + alias
              + "."
              + link.parentKey()
              + " = "
              + self
              + "."
              + link.column().quoted()
              + " AND (";
      List<Object> inner = new ArrayList<>();
      List<String> parentShared =
          link.parent().sharedConditions(identities, inner, alias, depth + 1);
      if (link.unique()) {
        if (!parentShared.isEmpty()) {
          conditions.add(exists + String.join(" OR ", parentShared) + "))");
          params.addAll(inner);
        }
        continue;
      }
      List<Object> ownedParams = new ArrayList<>();
      List<String> owned = link.parent().ownerConditions(identities, ownedParams);
      List<String> another = new ArrayList<>();
      if (owned.isEmpty()) {
        another.add("TRUE");
      } else {
        // NULL-safe: a row whose other identifier column is NULL is still someone else's
        another.add("NOT COALESCE((" + String.join(" OR ", owned) + "), FALSE)");
      }
      another.addAll(parentShared);
      conditions.add(exists + String.join(" OR ", another) + "))");
      params.addAll(ownedParams);
      params.addAll(inner);
    }
    return conditions;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Names every mapped field that the anonymization would set to NULL ({@code null}, or {@code
   * redact} on a column that is not text) although the database says it cannot hold NULL, and a key
   * column mapped as such a field.
   */
  @Override
  public List<String> problemsWith(Anonymization anonymization) {
    List<String> problems = new ArrayList<>();
    for (JdbcColumn field : fields) {
      Optional<FieldStrategy> strategy = anonymization.strategyFor(field.category());
      boolean writesNull =
          strategy
              .filter(
                  s ->
                      s.kind() == FieldStrategy.Kind.NULL
                          || s.kind() == FieldStrategy.Kind.REDACT
                              && !JdbcValues.isText(field.sqlType()))
              .isPresent();
      if (!writesNull) {
        continue;
      }
      if (key.contains(field.quoted())) {
        problems.add("column '" + Names.quoted(field.name()) + "' is part of the store's key");
      } else if (!field.nullable()) {
        problems.add("column '" + Names.quoted(field.name()) + "' is NOT NULL");
      }
    }
    return problems;
  }

  /**
   * {@inheritDoc}
   *
   * <p>True where {@code other} is a {@code JdbcStore} over a table that a foreign key of this
   * store's table refers to, as the database's metadata said when the stores were opened, or a
   * store this store's mapping reaches its rows through.
   */
  @Override
  public boolean refersTo(PersonalDataStore other) {
    return other instanceof JdbcStore store
        && (referencedTables.contains(store.tableId)
            || links.stream().anyMatch(link -> link.unique() && link.parent() == store));
  }

  @Override
  public StoreDescriptor descriptor() {
    return descriptor;
  }

  /** {@return the mapping this store was opened with} */
  public JdbcMapping mapping() {
    return mapping;
  }

  // ------------------------------------------------------------------ retention

  @Override
  public List<RecordKey> findExpired(ExpiryQuery query) {
    return expiry.findExpired(query);
  }

  /**
   * Deletes a page in two statements and no key list: the key range first ({@code SELECT key ...
   * WHERE key > ? ORDER BY key LIMIT 1 OFFSET limit - 1}, which reads only the primary key's
   * index), then {@code DELETE ... WHERE <the expiry filter> AND key > ? AND key <= ?}, which is
   * atomic on its own. The range holds at most {@code limit} rows, so the transaction is bounded as
   * tightly as with a list of ids, and the whole sweep reads the table once, in key order.
   */
  @Override
  public DeletedPage deleteExpiredPage(ExpiryQuery query) {
    return expiry.deleteExpiredPage(query);
  }

  @Override
  public long countExpired(ExpiryQuery query) {
    return expiry.countExpired(query);
  }

  @Override
  public int delete(List<RecordKey> keys) {
    return writes.delete(keys);
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    return writes.anonymize(keys, anonymization);
  }

  /**
   * {@inheritDoc}
   *
   * <p>For a table whose rows name several people in roles: each row has the columns of the roles
   * the identities hold set to NULL, and the fields of those roles, in one transaction. A row whose
   * columns to clear include one the database keeps NOT NULL is left as it is and not returned.
   */
  @Override
  public Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    return writes.detach(keys, identities);
  }

  @Override
  public int rectify(RecordKey recordKey, Map<CategoryKey, Object> values) {
    return writes.rectify(recordKey, values);
  }

  // ------------------------------------------------------------------ subjects

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    return reads.recordsOf(identities);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL, the first page (500 records) of every store that holds an identifier of the
   * given types is read with one statement made of each store's first-page query, on one
   * connection; a store whose first page is full reads the rest in pages of its own, as {@link
   * #recordsOf} does. Elsewhere each store is read with its own {@link #recordsOf}.
   */
  @Override
  public List<Stream<PersonalRecord>> recordsOfJointly(
      List<? extends PersonalDataStore> stores, Set<SubjectRef> identities) {
    if (!jointReads) {
      return PersonalDataStore.super.recordsOfJointly(stores, identities);
    }
    return reads.recordsOfJointly(stores, identities);
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    return reads.records(keys);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stores opened on the same {@link DataSource} object of a PostgreSQL database form a group:
   * their first pages are read with one multi-statement query, one round trip. On other databases
   * the group is null and each store is read on its own.
   */
  /** {@inheritDoc} On a table, yes; on a view, no. */
  @Override
  public boolean deleteCountsAreExact() {
    return !view;
  }

  @Override
  public Object jointReadGroup() {
    return jointReads ? new JointReadGroup(dataSource) : null;
  }

  /** The group of the stores on one PostgreSQL data source: equal when the data source is. */
  private record JointReadGroup(DataSource dataSource) {
    @Override
    public boolean equals(Object other) {
      return other instanceof JointReadGroup group && group.dataSource == dataSource;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(dataSource);
    }
  }

  /** {@code SELECT columns FROM table WHERE c1 UNION SELECT columns FROM table WHERE c2 ...}. */
  String keysOf(String columns, List<String> conditions) {
    return String.join(
        " UNION ",
        conditions.stream()
            .map(c -> "SELECT " + columns + " FROM " + table + " WHERE " + c)
            .toList());
  }

  /**
   * The conditions under which a row of this table belongs to one of the identities, with their
   * parameters appended in order: an identifier column holding one of them, or a reference to a row
   * of another store that belongs to one of them, found with a subquery however many stores away.
   * Empty if nothing can match.
   */
  List<String> ownerConditions(Set<SubjectRef> identities, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    for (JdbcColumn subject : subjects) {
      List<Object> values = JdbcValues.identifierValues(subject, identities);
      if (!values.isEmpty()) {
        conditions.add(subject.quoted() + " IN (" + JdbcValues.placeholders(values.size()) + ")");
        params.addAll(values);
      }
    }
    for (Link link : links) {
      List<Object> inner = new ArrayList<>();
      List<String> owned = link.parent().ownerConditions(identities, inner);
      if (!owned.isEmpty()) {
        conditions.add(
            link.column().quoted() + " IN (" + link.parent().keysOf(link.parentKey(), owned) + ")");
        params.addAll(inner);
      }
    }
    return conditions;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException for a store reached through references, whose rows carry
   *     no identifiers of their subjects
   */
  @Override
  public Stream<SubjectRef> subjects() {
    if (!links.isEmpty()) {
      throw new UnsupportedOperationException(
          "store '"
              + name()
              + "' reaches its rows through"
              + " references and cannot list the subjects they belong to");
    }
    return subjects.stream()
        .flatMap(
            subject ->
                stream(
                        StoreOperation.LIST_SUBJECTS,
                        "SELECT DISTINCT "
                            + subject.quoted()
                            + " FROM "
                            + table
                            + " WHERE "
                            + subject.quoted()
                            + " IS NOT NULL",
                        List.of(),
                        rs -> {
                          Object value = rs.getObject(1);
                          return value == null || value.toString().isEmpty()
                              ? null
                              : SubjectRef.of(subject.type(), value.toString());
                        })
                    .filter(Objects::nonNull));
  }

  @Override
  public boolean supports(StoreOperation operation) {
    // a store reached through references cannot list the subjects its rows belong to
    return operation != StoreOperation.LIST_SUBJECTS || links.isEmpty();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Identifiers are linked within a row's subject columns, and where the row names several
   * people, within the columns of one role only: a lesson links no tutor to a student.
   */
  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    Set<SubjectRef> found = new LinkedHashSet<>();
    for (List<JdbcColumn> group : linkingGroups()) {
      found.addAll(linkedIn(group, identity));
    }
    found.remove(identity);
    return found;
  }

  /** The groups of subject columns whose values name one person: each role's, or all. */
  java.util.Collection<List<JdbcColumn>> linkingGroups() {
    return roles.isEmpty() ? List.of(subjects) : roles.values();
  }

  private Set<SubjectRef> linkedIn(List<JdbcColumn> group, SubjectRef identity) {
    List<JdbcColumn> matching =
        group.stream()
            .filter(s -> s.type().equals(identity.type()))
            .filter(s -> !JdbcValues.identifierValues(s, Set.of(identity)).isEmpty())
            .toList();
    if (matching.isEmpty() || group.size() < 2) {
      return Set.of();
    }
    String sql =
        "SELECT DISTINCT "
            + String.join(", ", group.stream().map(JdbcColumn::quoted).toList())
            + " FROM "
            + table
            + " WHERE "
            + String.join(" OR ", matching.stream().map(c -> c.quoted() + " = ?").toList());
    return withConnection(
        StoreOperation.RESOLVE_IDENTIFIERS,
        connection -> {
          Set<SubjectRef> found = new LinkedHashSet<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            JdbcValues.bind(
                statement,
                matching.stream()
                    .map(c -> JdbcValues.identifierValues(c, Set.of(identity)).get(0))
                    .toList());
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                for (int i = 0; i < group.size(); i++) {
                  Object value = rs.getObject(i + 1);
                  if (value != null && !value.toString().isEmpty()) {
                    found.add(SubjectRef.of(group.get(i).type(), value.toString()));
                  }
                }
              }
            }
          }
          return found;
        });
  }

  /** {@return true if two or more columns hold identifiers of one person} */
  @Override
  public boolean linksIdentities() {
    return linkingGroups().stream().anyMatch(group -> group.size() >= 2);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Read from the database's metadata when the store is opened, on PostgreSQL and H2 only: a
   * type qualifies when one subject column alone holds it and a valid unique index (or the primary
   * key) covers that column alone, over the whole table, which has no child tables. A view has no
   * indexes, so no type of a store over a view does.
   */
  @Override
  public Set<IdentifierType> uniqueIdentifiers() {
    return uniqueIdentifiers;
  }

  // ------------------------------------------------------------------ JDBC plumbing

  /** Reads one row of a streamed result; may return null to skip it. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Streams a query's rows on a connection of its own, fetched a page at a time; closing the stream
   * closes the connection.
   */
  <T> Stream<T> stream(
      StoreOperation operation, String sql, List<Object> params, RowReader<T> reader) {
    Connection connection = null;
    PreparedStatement statement = null;
    ResultSet rs;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      statement = connection.prepareStatement(sql);
      statement.setFetchSize(EXPORT_FETCH_SIZE);
      JdbcValues.bind(statement, params);
      rs = statement.executeQuery();
    } catch (SQLException e) {
      closeQuietly(statement, connection);
      throw StoreException.failed(name(), operation, e);
    }
    Connection openConnection = connection;
    PreparedStatement openStatement = statement;
    Spliterator<T> rows =
        new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            try {
              if (!rs.next()) {
                return false;
              }
              action.accept(reader.read(rs));
              return true;
            } catch (SQLException e) {
              throw StoreException.failed(name(), operation, e);
            }
          }
        };
    return StreamSupport.stream(rows, false)
        .onClose(
            () -> {
              try {
                rs.close();
              } catch (SQLException e) {
                LOG.debug(
                    "Store '{}': closing a streamed result set failed: {}",
                    name(),
                    e.getClass().getSimpleName());
              }
              closeQuietly(openStatement, openConnection);
            });
  }

  /** The roles in which a row's subject columns ({@code carried}, in order) name the subject. */
  Set<String> heldRoles(SubjectRef[] carried, Set<SubjectRef> identities) {
    Set<String> held = new HashSet<>();
    for (int i = 0; i < carried.length; i++) {
      if (carried[i] != null && identities.contains(carried[i])) {
        held.add(subjects.get(i).role());
      }
    }
    return held;
  }

  private void closeQuietly(PreparedStatement statement, Connection connection) {
    try {
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      LOG.debug("Store '{}': closing a statement failed: {}", name(), e.getClass().getSimpleName());
    }
    try {
      if (connection != null) {
        connection.rollback();
        connection.close();
      }
    } catch (SQLException e) {
      LOG.debug(
          "Store '{}': closing a connection failed: {}", name(), e.getClass().getSimpleName());
    }
  }

  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  <T> T withConnection(StoreOperation operation, Work<T> work) {
    return Sql.run(dataSource, work::run, e -> StoreException.failed(name(), operation, e));
  }

  <T> T inTransaction(StoreOperation operation, Work<T> work) {
    return withConnection(operation, connection -> Sql.transaction(connection, work::run));
  }

  @Override
  public String toString() {
    return "JdbcStore[" + name() + " on " + table + "]";
  }
}
