package io.lethe.core.store.jdbc;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.Anonymization;
import io.lethe.core.store.DeletedPage;
import io.lethe.core.store.ExpiryQuery;
import io.lethe.core.store.FieldValue;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.store.StoreDescriptor;
import io.lethe.core.store.StoreException;
import io.lethe.core.store.StoreField;
import io.lethe.core.store.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PersonalDataStore} over one table, declared by a {@link JdbcMapping}: SQL is generated
 * from the mapping with bound parameters and identifiers quoted as the database spells them.
 * Works on H2 and PostgreSQL.
 *
 * <p>Anchor columns may be {@code TIMESTAMP WITH TIME ZONE}, {@code TIMESTAMP} (read as UTC) or
 * {@code DATE} (read as the start of that day in UTC).
 *
 * <p>Finding expired rows is one indexed query per page ({@code WHERE anchor <= ? AND key > ?
 * ORDER BY key LIMIT ?}), so an index on the anchor column (or on key and anchor) keeps a sweep's
 * cost proportional to what it removes. Deletes and updates run in batches, each batch in one
 * transaction.
 *
 * <p>A subject's records ({@link #recordsOf}) are read in pages of 500 in key order, one short
 * statement per page ({@code WHERE subject IN (...) AND key > ? ORDER BY key LIMIT ?}), so memory
 * stays bounded without holding a cursor or a transaction open; index the subject columns. Pages
 * are not one snapshot: a record changed between pages is read as it is then. With several
 * identifier columns, each is looked up on its own index and the keys united, since an {@code OR}
 * across columns makes H2 scan the table. On PostgreSQL, stores opened on the same data source
 * read their first pages together in one round trip ({@link #recordsOfJointly}), which an access
 * export does.
 */
public final class JdbcStore implements PersonalDataStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  private static final int IN_LIST_CHUNK = 500;
  private static final int EXPORT_FETCH_SIZE = 500;
  /** Records of a subject read per statement; pages follow the key, so memory stays bounded. */
  private static final int SUBJECT_PAGE = 500;
  /**
   * How many texts of a subject's queries a store keeps, one per number of identifiers of each
   * type asked about; past it, texts are built anew. Only questions about at most {@value
   * #MAX_CACHED_QUESTION} identifiers are kept, so that a few large subjects cannot take the
   * places of the common shapes. A text built once is also found faster by the driver's or the
   * embedded database's statement cache: the same string keeps its hash.
   */
  private static final int MAX_CACHED_QUERIES = 64;
  /** The most identifiers a question may be about for its query's text to be kept. */
  private static final int MAX_CACHED_QUESTION = 16;

  private final DataSource dataSource;
  private final JdbcMapping mapping;
  private final Clock clock;
  private final StoreDescriptor descriptor;
  private final String table;
  private final KeyColumns key;
  private final List<JdbcColumn> subjects;
  /** For a row naming several people, the subject columns of each role; empty otherwise. */
  private final Map<String, List<JdbcColumn>> roles;
  private final List<JdbcColumn> fields;
  private final Map<Anchor, JdbcColumn> anchors;
  /** The anchors in the order records are read with. */
  private final List<Anchor> anchorOrder;
  /** {@code SELECT <every mapped column> FROM <table> WHERE }, for a subject's records. */
  private final String selectRecords;
  /** The texts of a subject's queries, by how many values each identifier column matches. */
  private final Map<List<Integer>, SubjectSql> subjectSql = new ConcurrentHashMap<>();
  private final JdbcColumn anonymizedAt;
  private final boolean integralKey;
  /** PostgreSQL 14+ scans ranges of its own row ids (ctid) sequentially. */
  private final boolean postgresTidRanges;
  /** PostgreSQL runs several queries sent as one statement in one round trip. */
  private final boolean jointReads;
  /** The table's name as a PostgreSQL regclass literal, for its size. */
  private final String regclass;
  /** The identifier types held in one subject column that a single-column unique index covers. */
  private final Set<IdentifierType> uniqueIdentifiers;
  /** The table as the database's metadata names it. */
  private final TableMetadata.TableId tableId;
  /** The other tables this table's foreign keys refer to. */
  private final Set<TableMetadata.TableId> referencedTables;
  /** What the database said of the table when the store opened. */
  private final TableMetadata.Table metadata;
  /** The references through which rows belong with other stores' rows, resolved. */
  private final List<Link> links;

  /**
   * A reference resolved: this table's column, the store it refers to, and that store's column
   * it holds, quoted; unique when that column is the store's key or unique, so that a row has
   * one parent (an order item's order), otherwise a row may belong with several (an address
   * that two customers refer to).
   */
  private record Link(JdbcColumn column, JdbcStore parent, String parentKey, boolean unique) {}

  /** The anchors read from the row a reference leads to, and that row's column, quoted. */
  private final Map<Anchor, AnchorLink> anchorLinks;

  /** An anchor read through a reference: the link, and the referenced table's column. */
  private record AnchorLink(Link link, String parentColumn) {}


  private JdbcStore(DataSource dataSource, JdbcMapping mapping, Clock clock,
      TableMetadata.Table metadata, Map<String, JdbcStore> opened) {
    this.metadata = metadata;
    Map<String, TableMetadata.ColumnInfo> columns = metadata.columns();
    String quote = metadata.quote();
    Set<String> uniqueColumns = metadata.uniqueColumns();
    this.tableId = metadata.id();
    this.referencedTables = metadata.referencedTables();
    this.jointReads = metadata.postgres();
    this.postgresTidRanges = metadata.tidRanges();
    this.regclass = metadata.qualified();
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.clock = clock;
    this.table = metadata.qualified();
    this.key = new KeyColumns(mapping.key().stream()
        .map(k -> column(columns, quote, k, null, null, null)).toList());
    this.integralKey = key.integral();
    this.subjects = mapping.subjects().stream()
        .map(s -> column(columns, quote, s.column(), null, s.type(), s.role())).toList();
    this.fields = mapping.fields().stream()
        .map(f -> column(columns, quote, f.column(), f.category(), null, f.role())).toList();
    Map<String, List<JdbcColumn>> byRole = new LinkedHashMap<>();
    subjects.stream().filter(s -> s.role() != null)
        .forEach(s -> byRole.computeIfAbsent(s.role(), r -> new ArrayList<>()).add(s));
    this.roles = Collections.unmodifiableMap(byRole);
    List<Link> resolved = new ArrayList<>();
    for (JdbcMapping.Reference reference : mapping.references()) {
      JdbcStore parent = opened.get(reference.store());
      String parentKey = Names.bind("column", reference.key(),
          parent.metadata.allColumns().keySet(), parent.name()).name().orElseThrow();
      resolved.add(new Link(column(columns, quote, reference.column(), null, null, null), parent,
          quote + parentKey + quote, parent.isUnique(parentKey)));
    }
    this.links = List.copyOf(resolved);
    Map<Anchor, JdbcColumn> anchorColumns = new LinkedHashMap<>();
    mapping.anchors().forEach((anchor, name) ->
        anchorColumns.put(anchor, column(columns, quote, name, null, null, null)));
    Map<Anchor, AnchorLink> throughs = new LinkedHashMap<>();
    mapping.referencedAnchors().forEach((anchor, through) -> {
      Link link = links.stream().filter(l -> l.column().name().equals(through.reference()))
          .findFirst().orElseThrow();
      TableMetadata.ColumnInfo info = link.parent().metadata.allColumns().get(
          Names.bind("column", through.column(), link.parent().metadata.allColumns().keySet(),
              "").name().orElseThrow());
      String parentColumn = quote + info.name() + quote;
      // read with the record: the referenced row's column, or NULL if there is none
      String value = "(SELECT " + parentColumn + " FROM " + link.parent().table + " WHERE "
          + link.parentKey() + " = " + table + "." + link.column().quoted() + ")";
      anchorColumns.put(anchor, new JdbcColumn(through.column(), value, info.sqlType(), null, null,
          true, null));
      throughs.put(anchor, new AnchorLink(link, parentColumn));
    });
    this.anchorLinks = Map.copyOf(throughs);
    this.anchors = Collections.unmodifiableMap(anchorColumns);
    this.anchorOrder = List.copyOf(anchorColumns.keySet());
    this.anonymizedAt = mapping.anonymizedAt() == null ? null
        : column(columns, quote, mapping.anonymizedAt(), null, null, null);
    Set<IdentifierType> types = new LinkedHashSet<>();
    mapping.subjects().forEach(subject -> types.add(subject.type()));
    links.forEach(link -> types.addAll(link.parent().descriptor().identifiers()));
    this.descriptor = new StoreDescriptor(mapping.store(), mapping.category(),
        mapping.fields().stream().map(f -> new StoreField(f.column(), f.category())).toList(),
        List.copyOf(types), List.copyOf(anchorColumns.keySet()),
        mapping.anonymizedAt() != null,
        mapping.subjects().stream().map(JdbcMapping.SubjectColumn::column).distinct().toList(),
        mapping.references().stream().map(JdbcMapping.Reference::store).distinct().toList());
    this.selectRecords = "SELECT " + selectedColumns() + " FROM " + table + " WHERE ";
    Set<IdentifierType> unique = new LinkedHashSet<>();
    for (JdbcMapping.SubjectColumn subject : mapping.subjects()) {
      boolean alone = mapping.subjects().stream()
          .filter(s -> s.type().equals(subject.type())).count() == 1;
      if (alone && uniqueColumns.contains(subject.column().toLowerCase(Locale.ROOT))) {
        unique.add(subject.type());
      }
    }
    this.uniqueIdentifiers = Set.copyOf(unique);
  }

  private static JdbcColumn column(Map<String, TableMetadata.ColumnInfo> columns, String quote,
      String name, CategoryKey category, IdentifierType type, String role) {
    TableMetadata.ColumnInfo info = columns.get(name);
    return new JdbcColumn(name, quote + info.name() + quote, info.sqlType(), category, type,
        info.nullable(), role);
  }

  /**
   * Opens a store over a table, checking the mapping against the database's metadata: the table
   * and every column must exist, anchor columns must be timestamps or dates. Uses the system UTC
   * clock to stamp anonymized rows.
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
      throw InvalidMappingException.of(storeName, List.of("references: the store reaches its"
          + " rows through " + mapping.references().stream().map(JdbcMapping.Reference::store)
              .distinct().toList() + "; open it together with them with JdbcStores.open"));
    }
    return open(dataSource, mapping, clock, Map.of());
  }

  /**
   * Opens a store whose references name stores already opened, as {@link JdbcStores#open} does.
   *
   * @param opened the stores opened before, by name; every store a reference names is there
   */
  static JdbcStore open(DataSource dataSource, JdbcMapping mapping, Clock clock,
      Map<String, JdbcStore> opened) {
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
   * Checks each reference against the store it names (the referenced column exists there), and
   * each anchor read through a reference (the column exists and holds times).
   */
  private static List<String> referenceProblems(JdbcMapping mapping,
      Map<String, JdbcStore> opened) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < mapping.references().size(); i++) {
      JdbcMapping.Reference reference = mapping.references().get(i);
      JdbcStore parent = opened.get(reference.store());
      String at = "references[" + i + "].key: ";
      Names.Binding key = Names.bind("column", reference.key(),
          parent.metadata.allColumns().keySet(), "table '" + Names.quoted(parent.mapping.table())
              + "' of store '" + parent.name() + "'");
      if (key.name().isEmpty()) {
        problems.add(at + key.problem());
      }
    }
    mapping.referencedAnchors().forEach((anchor, through) -> {
      JdbcMapping.Reference reference = mapping.references().stream()
          .filter(r -> r.column().equals(through.reference())).findFirst().orElseThrow();
      JdbcStore parent = opened.get(reference.store());
      Names.Binding column = Names.bind("column", through.column(),
          parent.metadata.allColumns().keySet(), "table '" + Names.quoted(parent.mapping.table())
              + "' of store '" + parent.name() + "'");
      String at = "referencedAnchors." + anchor + ".column: ";
      if (column.name().isEmpty()) {
        problems.add(at + column.problem());
      } else if (!TableMetadata.isTemporal(parent.metadata.allColumns()
          .get(column.name().get()).sqlType())) {
        problems.add(at + "column '" + Names.quoted(through.column()) + "' must be a TIMESTAMP,"
            + " TIMESTAMP WITH TIME ZONE or DATE");
      }
    });
    return problems;
  }

  /** Whether a column, as the database names it, is this table's key or unique in it. */
  private boolean isUnique(String column) {
    return key.isWholeKey(column) || metadata.uniqueColumns().contains(column.toLowerCase(Locale.ROOT));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A record is shared when it is reached through a reference to a column that is not unique
   * (addresses through {@code customers.address_id}) and some row of the referencing store that
   * does not belong to the subject refers to it too. One statement per {@value #IN_LIST_CHUNK}
   * keys.
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
    for (List<RecordKey> chunk : chunks(keys)) {
      String sql = "SELECT " + key.list() + " FROM " + table + " WHERE " + key.in(chunk.size())
          + " AND (" + String.join(" OR ", others) + ")";
      List<Object> bound = key.bindAll(chunk);
      bound.addAll(params);
      shared.addAll(withConnection(StoreOperation.READ_SUBJECT, connection -> {
        List<RecordKey> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          bind(statement, bound);
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
   * The conditions under which a row of this table belongs to someone besides the identities,
   * with their parameters appended in order; empty if no row can. A row is another's too when
   * it names someone in a role the identities do not hold (a lesson's student, for its tutor),
   * when a row that refers to it belongs to someone else or is shared itself (an address two
   * customers refer to), or when the row it belongs with is shared (a message of a lesson).
   */
  private List<String> sharedConditions(Set<SubjectRef> identities, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    for (List<JdbcColumn> role : roles.values()) {
      List<String> names = new ArrayList<>();
      List<String> holds = new ArrayList<>();
      for (JdbcColumn column : role) {
        names.add(column.quoted() + " IS NOT NULL");
        List<Object> values = identifierValues(column, identities);
        if (!values.isEmpty()) {
          holds.add("(" + column.quoted() + " IS NOT NULL AND " + column.quoted() + " IN ("
              + placeholders(values.size()) + "))");
          params.addAll(values);
        }
      }
      conditions.add("((" + String.join(" OR ", names) + ")" + (holds.isEmpty() ? ""
          : " AND NOT (" + String.join(" OR ", holds) + ")") + ")");
    }
    for (Link link : links) {
      List<Object> inner = new ArrayList<>();
      List<String> parentShared = link.parent().sharedConditions(identities, inner);
      if (link.unique()) {
        if (!parentShared.isEmpty()) {
          conditions.add(link.column().quoted() + " IN (SELECT " + link.parentKey() + " FROM "
              + link.parent().table + " WHERE " + String.join(" OR ", parentShared) + ")");
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
      conditions.add(link.column().quoted() + " IN (SELECT " + link.parentKey() + " FROM "
          + link.parent().table + " WHERE " + link.parentKey() + " IS NOT NULL AND ("
          + String.join(" OR ", another) + "))");
      params.addAll(ownedParams);
      params.addAll(inner);
    }
    return conditions;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For a table whose rows name several people in roles: each row has the columns of the
   * roles the identities hold set to NULL, and the fields of those roles, in one transaction. A row whose columns to clear include one the
   * database keeps NOT NULL is left as it is and not returned.
   */
  @Override
  public Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    if (roles.isEmpty() || keys.isEmpty()) {
      return Set.of();
    }
    return inTransaction(StoreOperation.ANONYMIZE, connection -> {
      Set<RecordKey> detached = new LinkedHashSet<>();
      for (List<RecordKey> chunk : chunks(keys)) {
        Map<RecordKey, List<Object>> rows = readColumns(connection, chunk, subjects);
        Map<Set<String>, List<RecordKey>> byHeld = new LinkedHashMap<>();
        rows.forEach((recordKey, values) -> {
          SubjectRef[] carried = new SubjectRef[subjects.size()];
          for (int i = 0; i < carried.length; i++) {
            Object value = values.get(i);
            if (value != null && !value.toString().isEmpty()) {
              carried[i] = SubjectRef.of(subjects.get(i).type(), value.toString());
            }
          }
          // the caller asks about rows others share (through this row's other roles or the row
          // it belongs with), so whatever names the subject here is cleared
          Set<String> held = heldRoles(carried, identities);
          if (!held.isEmpty()) {
            byHeld.computeIfAbsent(held, h -> new ArrayList<>()).add(recordKey);
          }
        });
        for (Map.Entry<Set<String>, List<RecordKey>> group : byHeld.entrySet()) {
          List<JdbcColumn> cleared = new ArrayList<>();
          subjects.stream().filter(c -> group.getKey().contains(c.role())).forEach(cleared::add);
          fields.stream().filter(c -> group.getKey().contains(c.role())).forEach(cleared::add);
          if (cleared.stream().anyMatch(c -> !c.nullable() || key.contains(c.quoted()))) {
            continue;
          }
          String update = "UPDATE " + table + " SET " + String.join(", ", cleared.stream()
              .map(c -> c.quoted() + " = NULL").toList()) + " WHERE " + key.equalsOne();
          try (PreparedStatement statement = connection.prepareStatement(update)) {
            for (RecordKey recordKey : group.getValue()) {
              List<Object> params = new ArrayList<>();
              key.bind(params, recordKey);
              bind(statement, params);
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

  /**
   * {@inheritDoc}
   *
   * <p>Names every mapped field that the anonymization would set to NULL ({@code null}, or
   * {@code redact} on a column that is not text) although the database says it cannot hold NULL,
   * and a key column mapped as such a field.
   */
  @Override
  public List<String> problemsWith(Anonymization anonymization) {
    List<String> problems = new ArrayList<>();
    for (JdbcColumn field : fields) {
      Optional<FieldStrategy> strategy = anonymization.strategyFor(field.category());
      boolean writesNull = strategy.filter(s -> s.kind() == FieldStrategy.Kind.NULL
          || s.kind() == FieldStrategy.Kind.REDACT && !isText(field.sqlType())).isPresent();
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

  private static boolean isText(int sqlType) {
    return sqlType == Types.VARCHAR || sqlType == Types.CHAR || sqlType == Types.LONGVARCHAR
        || sqlType == Types.NVARCHAR || sqlType == Types.NCHAR || sqlType == Types.LONGNVARCHAR
        || sqlType == Types.CLOB || sqlType == Types.NCLOB;
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
    return other instanceof JdbcStore store && (referencedTables.contains(store.tableId)
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

  /** The FROM and WHERE of an expiry query, or null when the store holds no such data. */
  private String expiryWhere(ExpiryQuery query, List<Object> params, boolean paged) {
    JdbcColumn anchor = anchors.get(query.anchor());
    if (anchor == null) {
      throw new IllegalArgumentException("store '" + name() + "' has no column for anchor '"
          + query.anchor() + "'");
    }
    StringBuilder sql = new StringBuilder(" FROM ").append(table).append(" WHERE ");
    AnchorLink through = anchorLinks.get(query.anchor());
    // an anchor of the referenced row: a semi-join on the referenced table, not a scan here
    String time = through == null ? anchor.quoted() : through.parentColumn();
    if (through != null) {
      sql.append(through.link().column().quoted()).append(" IN (SELECT ")
          .append(through.link().parentKey()).append(" FROM ")
          .append(through.link().parent().table).append(" WHERE ");
    }
    sql.append(time).append(" <= ?");
    params.add(bindable(anchor, query.cutoff()));
    if (query.notBefore() != null) {
      sql.append(" AND ").append(time).append(" >= ?");
      params.add(bindable(anchor, query.notBefore()));
    }
    if (through != null) {
      sql.append(')');
    }
    if (paged && query.after() != null) {
      sql.append(" AND ").append(key.compared(">"));
      key.bind(params, query.after());
    }
    if (!mapping.category().isWithin(query.category())) {
      List<JdbcColumn> categoryFields = fields.stream()
          .filter(f -> f.category().isWithin(query.category())).toList();
      if (categoryFields.isEmpty()) {
        return null;
      }
      sql.append(" AND (").append(String.join(" OR ", categoryFields.stream()
          .map(f -> f.quoted() + " IS NOT NULL").toList())).append(')');
    }
    if (query.excludeAnonymized() && anonymizedAt != null) {
      sql.append(" AND ").append(anonymizedAt.quoted()).append(" IS NULL");
    }
    if (!query.stillHolding().isEmpty()) {
      List<JdbcColumn> holding = fields.stream().filter(f -> query.stillHolding().stream()
          .anyMatch(f.category()::isWithin)).toList();
      if (holding.isEmpty()) {
        return null;
      }
      sql.append(" AND (").append(String.join(" OR ", holding.stream()
          .map(f -> f.quoted() + " IS NOT NULL").toList())).append(')');
    }
    appendExclusions(sql, params, query.excludedSubjects());
    return sql.toString();
  }

  @Override
  public List<RecordKey> findExpired(ExpiryQuery query) {
    List<Object> params = new ArrayList<>();
    String where = expiryWhere(query, params, true);
    if (where == null) {
      return List.of();
    }
    String sql = "SELECT " + key.list() + where + " ORDER BY " + key.list() + " LIMIT ?";
    params.add(query.limit());
    return withConnection(StoreOperation.FIND_EXPIRED, connection -> {
      List<RecordKey> keys = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, params);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            keys.add(key.read(rs, 1));
          }
        }
      }
      return keys;
    });
  }

  /**
   * Deletes a page in two statements and no key list: the key range first ({@code SELECT key ...
   * WHERE key > ? ORDER BY key LIMIT 1 OFFSET limit - 1}, which reads only the primary key's
   * index), then {@code DELETE ... WHERE <the expiry filter> AND key > ? AND key <= ?}, which is
   * atomic on its own. The range holds at most {@code limit} rows, so the transaction is bounded
   * as tightly as with a list of ids, and the whole sweep reads the table once, in key order.
   */
  @Override
  public DeletedPage deleteExpiredPage(ExpiryQuery query) {
    if (query.after() != null && !postgresTidRanges && !fitsKey(query.after())) {
      // A page start of another kind (a heap page number from a PostgreSQL checkpoint) means
      // nothing here: start from the first page; deleting again what is gone is harmless.
      query = new ExpiryQuery(query.category(), query.anchor(), query.cutoff(),
          query.excludedSubjects(), null, query.limit(), query.excludeAnonymized(),
          query.notBefore());
    }
    if (postgresTidRanges && (query.after() == null || query.after().value() instanceof Long)) {
      Optional<DeletedPage> page = deleteTidRange(query);
      if (page.isPresent()) {
        return page.get();
      }
    }
    if (integralKey && (query.after() == null || query.after().value() instanceof Long)) {
      return deleteIntegralRange(query);
    }
    List<Object> rangeParams = new ArrayList<>();
    String range = "SELECT " + key.list() + " FROM " + table
        + (query.after() == null ? "" : " WHERE " + key.compared(">"))
        + " ORDER BY " + key.list() + " LIMIT 1 OFFSET ?";
    if (query.after() != null) {
      key.bind(rangeParams, query.after());
    }
    rangeParams.add(query.limit() - 1);
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, true);
    // Two statements in autocommit: the DELETE is atomic on its own, and the range only bounds it.
    return withConnection(StoreOperation.DELETE, connection -> {
      RecordKey last;
      try (PreparedStatement statement = connection.prepareStatement(range)) {
        bind(statement, rangeParams);
        try (ResultSet rs = statement.executeQuery()) {
          last = rs.next() ? key.read(rs, 1) : null;
        }
      }
      if (where == null) {
        return last == null ? DeletedPage.last(0) : new DeletedPage(last, 0);
      }
      String delete = "DELETE" + where + (last == null ? "" : " AND " + key.compared("<="));
      if (last != null) {
        key.bind(deleteParams, last);
      }
      try (PreparedStatement statement = connection.prepareStatement(delete)) {
        bind(statement, deleteParams);
        int deleted = statement.executeUpdate();
        return last == null ? DeletedPage.last(deleted) : new DeletedPage(last, deleted);
      }
    });
  }

  private boolean fitsKey(RecordKey after) {
    return key.fits(after) && (key.size() > 1 || integralKey == after.value() instanceof Long);
  }

  /**
   * On PostgreSQL, a page is a range of heap pages: {@code DELETE ... WHERE ctid >= '(s,0)' AND
   * ctid < '(e,0)' AND <the expiry filter>}, a TID range scan that reads the table sequentially
   * whatever the key's order (UUID keys too). The range spans at most {@code limit / max tuples
   * per heap page} pages, so it holds at most {@code limit} rows; {@code after} and the returned
   * key are heap page numbers. Pages too small for that bound fall back to key ranges.
   */
  private Optional<DeletedPage> deleteTidRange(ExpiryQuery query) {
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, false);
    return withConnection(StoreOperation.DELETE, connection -> {
      long pages;
      long maxTuplesPerPage;
      try (PreparedStatement statement = connection.prepareStatement("SELECT"
          + " pg_relation_size(?::regclass) / current_setting('block_size')::bigint,"
          + " (current_setting('block_size')::bigint - 24) / 28")) {
        statement.setString(1, regclass);
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
      String delete = "DELETE" + where + " AND ctid >= ?::tid" + (last ? "" : " AND ctid < ?::tid");
      deleteParams.add("(" + start + ",0)");
      if (!last) {
        deleteParams.add("(" + end + ",0)");
      }
      try (PreparedStatement statement = connection.prepareStatement(delete)) {
        bind(statement, deleteParams);
        int deleted = statement.executeUpdate();
        return Optional.of(last ? DeletedPage.last(deleted)
            : new DeletedPage(RecordKey.of(end), deleted));
      }
    });
  }

  /**
   * For whole-number keys the range is plain arithmetic: {@code (after, after + limit]} holds at
   * most {@code limit} rows since keys are unique, so no statement is needed to find it. The
   * first page starts below the smallest key; the last is the one reaching the largest.
   */
  private DeletedPage deleteIntegralRange(ExpiryQuery query) {
    List<Object> deleteParams = new ArrayList<>();
    String where = expiryWhere(query, deleteParams, true);
    // Two statements in autocommit: the DELETE is atomic on its own, and the range only bounds it.
    return withConnection(StoreOperation.DELETE, connection -> {
      long low;
      long high;
      // The window starts just below the next existing key, so gaps in the keys cost nothing.
      try (PreparedStatement statement = connection.prepareStatement("SELECT MIN("
          + key.list() + "), MAX(" + key.list() + ") FROM " + table
          + (query.after() == null ? "" : " WHERE " + key.compared(">")))) {
        if (query.after() != null) {
          statement.setLong(1, (Long) query.after().value());
        }
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          if (rs.getObject(2) == null) {
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
      String delete = "DELETE" + where + (query.after() == null ? " AND " + key.compared(">")
          : "") + (last ? "" : " AND " + key.compared("<="));
      if (query.after() == null) {
        deleteParams.add(low);
      }
      // (query.after(), low] holds no key, so "key > after" from the filter is the same bound.
      if (!last) {
        deleteParams.add(end);
      }
      try (PreparedStatement statement = connection.prepareStatement(delete)) {
        bind(statement, deleteParams);
        int deleted = statement.executeUpdate();
        return last ? DeletedPage.last(deleted) : new DeletedPage(RecordKey.of(end), deleted);
      }
    });
  }

  @Override
  public long countExpired(ExpiryQuery query) {
    List<Object> params = new ArrayList<>();
    String where = expiryWhere(query, params, false);
    if (where == null) {
      return 0;
    }
    String sql = "SELECT COUNT(*)" + where;
    return withConnection(StoreOperation.COUNT_EXPIRED, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, params);
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  private void appendExclusions(StringBuilder sql, List<Object> params, Set<SubjectRef> excluded) {
    for (JdbcColumn subject : subjects) {
      List<Object> values = identifierValues(subject, excluded);
      if (values.isEmpty()) {
        continue;
      }
      sql.append(" AND (").append(subject.quoted()).append(" IS NULL OR ")
          .append(subject.quoted()).append(" NOT IN (").append(placeholders(values.size()))
          .append("))");
      params.addAll(values);
    }
    // rows reached through another store's rows that belong to an excluded subject
    for (Link link : links) {
      List<Object> inner = new ArrayList<>();
      List<String> owned = link.parent().ownerConditions(excluded, inner);
      if (owned.isEmpty()) {
        continue;
      }
      sql.append(" AND (").append(link.column().quoted()).append(" IS NULL OR ")
          .append(link.column().quoted()).append(" NOT IN (SELECT ").append(link.parentKey())
          .append(" FROM ").append(link.parent().table).append(" WHERE ")
          .append(link.parentKey()).append(" IS NOT NULL AND (").append(String.join(" OR ",
              owned)).append(")))");
      params.addAll(inner);
    }
  }

  @Override
  public int delete(List<RecordKey> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return inTransaction(StoreOperation.DELETE, connection -> {
      int deleted = 0;
      for (List<RecordKey> chunk : chunks(keys)) {
        String sql = "DELETE FROM " + table + " WHERE " + key.in(chunk.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          bind(statement, key.bindAll(chunk));
          deleted += statement.executeUpdate();
        }
      }
      return deleted;
    });
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    Map<JdbcColumn, FieldStrategy> changes = new LinkedHashMap<>();
    for (JdbcColumn field : fields) {
      anonymization.strategyFor(field.category()).ifPresent(s -> changes.put(field, s));
    }
    if (keys.isEmpty()) {
      return 0;
    }
    boolean mark = anonymizedAt != null && anonymization.marksRecords();
    if (changes.isEmpty() && !mark) {
      // Nothing of these records is personal under this anonymization: they count as done.
      return withConnection(StoreOperation.ANONYMIZE, connection -> {
        int existing = 0;
        for (List<RecordKey> chunk : chunks(keys)) {
          try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM "
              + table + " WHERE " + key.in(chunk.size()))) {
            bind(statement, key.bindAll(chunk));
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
    return inTransaction(StoreOperation.ANONYMIZE, connection -> {
      int anonymized = 0;
      StringBuilder update = new StringBuilder("UPDATE ").append(table).append(" SET ");
      List<String> sets = new ArrayList<>(changed.stream().map(c -> c.quoted() + " = ?").toList());
      if (mark) {
        sets.add(anonymizedAt.quoted() + " = ?");
      }
      update.append(String.join(", ", sets)).append(" WHERE ").append(key.equalsOne());
      Instant now = clock.instant();
      for (List<RecordKey> chunk : chunks(keys)) {
        Map<RecordKey, List<Object>> current = readColumns(connection, chunk, changed);
        try (PreparedStatement statement = connection.prepareStatement(update.toString())) {
          for (Map.Entry<RecordKey, List<Object>> row : current.entrySet()) {
            List<Object> params = new ArrayList<>();
            for (int i = 0; i < changed.size(); i++) {
              params.add(anonymization.apply(changes.get(changed.get(i)), row.getValue().get(i)));
            }
            if (mark) {
              params.add(bindable(anonymizedAt, now));
            }
            key.bind(params, row.getKey());
            bind(statement, params);
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

  private Map<RecordKey, List<Object>> readColumns(Connection connection, List<RecordKey> chunk,
      List<JdbcColumn> columns) throws SQLException {
    String select = "SELECT " + key.list()
        + columns.stream().map(c -> ", " + c.quoted()).reduce("", String::concat)
        + " FROM " + table + " WHERE " + key.in(chunk.size());
    Map<RecordKey, List<Object>> rows = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      bind(statement, key.bindAll(chunk));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < columns.size(); i++) {
            values.add(read(rs, i + 1 + key.size(), columns.get(i)));
          }
          rows.put(key.read(rs, 1), values);
        }
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ subjects

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    SubjectQuery query = subjectQuery(identities);
    return query == null ? Stream.empty() : pages(query, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stores opened on the same {@link DataSource} object of a PostgreSQL database form a
   * group: their first pages are read with one multi-statement query, one round trip. On other
   * databases the group is null and each store is read on its own.
   */
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

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL, the first page (500 records) of every store that holds an identifier
   * of the given types is read with one statement made of each store's first-page query, on one
   * connection; a store whose first page is full reads the rest in pages of its own, as {@link
   * #recordsOf} does. Elsewhere each store is read with its own {@link #recordsOf}.
   */
  @Override
  public List<Stream<PersonalRecord>> recordsOfJointly(List<? extends PersonalDataStore> stores,
      Set<SubjectRef> identities) {
    if (!jointReads) {
      return PersonalDataStore.super.recordsOfJointly(stores, identities);
    }
    List<JdbcStore> members = new ArrayList<>();
    for (PersonalDataStore store : stores) {
      if (!(store instanceof JdbcStore jdbc) || !jdbc.jointReads || jdbc.dataSource != dataSource) {
        throw new IllegalArgumentException("store '" + store.name() + "' is not of the joint"
            + " read group of store '" + name() + "'");
      }
      members.add(jdbc);
    }
    List<SubjectQuery> queries = members.stream().map(m -> m.subjectQuery(identities)).toList();
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
    List<List<PersonalRecord>> firstPages = asked.size() < 2 ? null
        : withConnection(StoreOperation.READ_SUBJECT, connection -> {
          List<List<PersonalRecord>> pages = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, params);
            boolean results = statement.execute();
            for (int index : asked) {
              if (!results) {
                throw new SQLException("a joint read returned fewer results than it has queries");
              }
              JdbcStore member = members.get(index);
              List<PersonalRecord> page = new ArrayList<>();
              try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                  page.add(member.toRecord(rs, queries.get(index).asked()));
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
      streams.add(query == null ? Stream.empty() : members.get(i).pages(query,
          firstPages == null ? null : firstPages.get(position)));
    }
    return streams;
  }

  /**
   * The statements that read a subject's records page by page: {@code first} binds {@code
   * params} and the page size, {@code next} those, then the last key read, then the page size.
   */
  private record SubjectQuery(String first, String next, List<Object> params,
      Set<SubjectRef> asked) {}

  /** The SQL text of the queries for a subject's records: the first page, and the next. */
  private record SubjectSql(String first, String next) {
    SubjectQuery with(List<Object> params, Set<SubjectRef> asked) {
      return new SubjectQuery(first, next, params, asked);
    }
  }

  /** The queries for a subject's records; null if the store holds none of their types. */
  private SubjectQuery subjectQuery(Set<SubjectRef> identities) {
    if (!links.isEmpty()) {
      List<Object> params = new ArrayList<>();
      List<String> conditions = ownerConditions(identities, params);
      return conditions.isEmpty() ? null
          : subjectSql(conditions).with(List.copyOf(params), identities);
    }
    List<Object> params = new ArrayList<>();
    Integer[] counts = new Integer[subjects.size()];
    for (int i = 0; i < counts.length; i++) {
      List<Object> values = identifierValues(subjects.get(i), identities);
      counts[i] = values.size();
      params.addAll(values);
    }
    if (params.isEmpty()) {
      return null;
    }
    List<Integer> shape = List.of(counts);
    SubjectSql sql = subjectSql.get(shape);
    if (sql == null) {
      sql = subjectSql(counts);
      if (params.size() <= MAX_CACHED_QUESTION && subjectSql.size() < MAX_CACHED_QUERIES) {
        subjectSql.put(shape, sql);
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
        conditions.add(subjects.get(i).quoted() + " IN (" + placeholders(counts[i]) + ")");
      }
    }
    return subjectSql(conditions);
  }

  /** The SQL for the records meeting any of the conditions, a page at a time. */
  private SubjectSql subjectSql(List<String> conditions) {
    String select = selectRecords + keysWhere(key, conditions);
    return new SubjectSql(select + " ORDER BY " + key.list() + " LIMIT ?",
        select + " AND " + key.compared(">") + " ORDER BY " + key.list() + " LIMIT ?");
  }

  /**
   * A condition selecting this table's rows, by the value of {@code column}, that meet any of
   * the conditions: one index lookup per condition, united, since an {@code OR} across columns
   * makes some databases (H2) scan the whole table in key order.
   */
  private String keysWhere(KeyColumns keyColumns, List<String> conditions) {
    return conditions.size() == 1 ? conditions.get(0) : keyColumns.tuple() + " IN ("
        + keysOf(keyColumns.list(), conditions) + ")";
  }

  /** {@code SELECT columns FROM table WHERE c1 UNION SELECT columns FROM table WHERE c2 ...}. */
  private String keysOf(String columns, List<String> conditions) {
    return String.join(" UNION ", conditions.stream()
        .map(c -> "SELECT " + columns + " FROM " + table + " WHERE " + c).toList());
  }

  /**
   * The conditions under which a row of this table belongs to one of the identities, with their
   * parameters appended in order: an identifier column holding one of them, or a reference to
   * a row of another store that belongs to one of them, found with a subquery however many
   * stores away. Empty if nothing can match.
   */
  private List<String> ownerConditions(Set<SubjectRef> identities, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    for (JdbcColumn subject : subjects) {
      List<Object> values = identifierValues(subject, identities);
      if (!values.isEmpty()) {
        conditions.add(subject.quoted() + " IN (" + placeholders(values.size()) + ")");
        params.addAll(values);
      }
    }
    for (Link link : links) {
      List<Object> inner = new ArrayList<>();
      List<String> owned = link.parent().ownerConditions(identities, inner);
      if (!owned.isEmpty()) {
        conditions.add(link.column().quoted() + " IN (" + link.parent().keysOf(link.parentKey(),
            owned) + ")");
        params.addAll(inner);
      }
    }
    return conditions;
  }

  /**
   * A subject's records, read a page at a time; {@code firstPage}, if not null, is the first
   * page, already read.
   */
  private Stream<PersonalRecord> pages(SubjectQuery query, List<PersonalRecord> firstPage) {
    Iterator<PersonalRecord> records = new Iterator<>() {
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
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** One page of a subject's records, after a key, on a connection of its own. */
  private List<PersonalRecord> subjectPage(String sql, SubjectQuery query, RecordKey after) {
    List<Object> bound = new ArrayList<>(query.params());
    if (after != null) {
      key.bind(bound, after);
    }
    bound.add(SUBJECT_PAGE);
    return withConnection(StoreOperation.READ_SUBJECT, connection -> {
      List<PersonalRecord> page = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, bound);
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
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException for a store reached through references, whose rows
   *     carry no identifiers of their subjects
   */
  @Override
  public Stream<SubjectRef> subjects() {
    if (!links.isEmpty()) {
      throw new UnsupportedOperationException("store '" + name() + "' reaches its rows through"
          + " references and cannot list the subjects they belong to");
    }
    return subjects.stream().flatMap(subject -> stream(StoreOperation.LIST_SUBJECTS,
        "SELECT DISTINCT " + subject.quoted() + " FROM " + table + " WHERE " + subject.quoted()
            + " IS NOT NULL", List.of(), rs -> {
              Object value = rs.getObject(1);
              return value == null || value.toString().isEmpty() ? null
                  : SubjectRef.of(subject.type(), value.toString());
            }).filter(Objects::nonNull));
  }

  @Override
  public boolean supports(StoreOperation operation) {
    // a store reached through references cannot list the subjects its rows belong to
    return operation != StoreOperation.LIST_SUBJECTS || links.isEmpty();
  }

  /** Reads one row of a streamed result; may return null to skip it. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Streams a query's rows on a connection of its own, fetched a page at a time; closing the
   * stream closes the connection.
   */
  private <T> Stream<T> stream(StoreOperation operation, String sql, List<Object> params,
      RowReader<T> reader) {
    Connection connection = null;
    PreparedStatement statement = null;
    ResultSet rs;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      statement = connection.prepareStatement(sql);
      statement.setFetchSize(EXPORT_FETCH_SIZE);
      bind(statement, params);
      rs = statement.executeQuery();
    } catch (SQLException e) {
      closeQuietly(statement, connection);
      throw StoreException.failed(name(), operation, e);
    }
    Connection openConnection = connection;
    PreparedStatement openStatement = statement;
    Spliterator<T> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
        Spliterator.ORDERED) {
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
    return StreamSupport.stream(rows, false).onClose(() -> {
      try {
        rs.close();
      } catch (SQLException e) {
        LOG.debug("Store '{}': closing a streamed result set failed: {}", name(),
            e.getClass().getSimpleName());
      }
      closeQuietly(openStatement, openConnection);
    });
  }

  /**
   * The record of the row the result set is on. For a row that names several people, {@code
   * asked} (the identities of the subject it is read for) selects what the record shows: the
   * identifiers and fields of the roles the subject holds on the row, not the others' (GDPR Art.
   * 15(4)); null shows everything.
   */
  private PersonalRecord toRecord(ResultSet rs, Set<SubjectRef> asked) throws SQLException {
    int index = 1;
    RecordKey recordKey = key.read(rs, index);
    index += key.size();
    SubjectRef[] carried = new SubjectRef[subjects.size()];
    for (int i = 0; i < carried.length; i++) {
      Object value = rs.getObject(index++);
      carried[i] = value == null || value.toString().isEmpty() ? null
          : SubjectRef.of(subjects.get(i).type(), value.toString());
    }
    Set<String> held = roles.isEmpty() || asked == null ? null : heldRoles(carried, asked);
    // Built as immutable collections here, so that the record does not copy them again.
    SubjectRef[] linked = new SubjectRef[subjects.size()];
    int found = 0;
    for (int i = 0; i < carried.length; i++) {
      SubjectRef identity = carried[i];
      if (identity == null || held != null && !held.contains(subjects.get(i).role())) {
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
    List<FieldValue> values = new ArrayList<>(fields.size());
    for (JdbcColumn field : fields) {
      Object value = read(rs, index++, field);
      if (held == null || field.role() == null || held.contains(field.role())) {
        values.add(new FieldValue(field.name(), field.category(), value));
      }
    }
    AnchorTimes times;
    if (anchorOrder.size() == 1) {
      Anchor anchor = anchorOrder.get(0);
      Instant at = instant(rs, index, anchors.get(anchor));
      times = at == null ? AnchorTimes.none() : new AnchorTimes(Map.of(anchor, at));
    } else {
      Map<Anchor, Instant> happened = new LinkedHashMap<>();
      for (Anchor anchor : anchorOrder) {
        Instant at = instant(rs, index++, anchors.get(anchor));
        if (at != null) {
          happened.put(anchor, at);
        }
      }
      times = happened.isEmpty() ? AnchorTimes.none() : new AnchorTimes(happened);
    }
    return new PersonalRecord(name(), recordKey, mapping.category(), List.copyOf(values),
        Set.of(Arrays.copyOf(linked, found)), times);
  }

  /** The roles in which a row's subject columns ({@code carried}, in order) name the subject. */
  private Set<String> heldRoles(SubjectRef[] carried, Set<SubjectRef> identities) {
    Set<String> held = new HashSet<>();
    for (int i = 0; i < carried.length; i++) {
      if (carried[i] != null && identities.contains(carried[i])) {
        held.add(subjects.get(i).role());
      }
    }
    return held;
  }

  /**
   * The identifiers of a column's type, as values of the column's SQL type: identifiers are text,
   * but an account id column may be a number or a UUID, and PostgreSQL compares no text with
   * those. A value the column cannot hold, or holds only spelled otherwise ({@code 042} for
   * {@code 42}), matches no row and is left out: a record carries its identifiers as the
   * database spells them, and must carry the one it was found by.
   */
  private static List<Object> identifierValues(JdbcColumn column, Set<SubjectRef> identities) {
    List<Object> values = new ArrayList<>();
    for (SubjectRef identity : identities) {
      if (!identity.type().equals(column.type())) {
        continue;
      }
      String text = identity.value();
      Object value;
      try {
        value = switch (column.sqlType()) {
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

  private static Object uuidOrText(String text) {
    try {
      return java.util.UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    if (keys.isEmpty()) {
      return Stream.empty();
    }
    String columns = selectedColumns();
    return withConnection(StoreOperation.READ_RECORDS, connection -> {
      List<PersonalRecord> found = new ArrayList<>();
      for (List<RecordKey> chunk : chunks(keys)) {
        String sql = "SELECT " + columns + " FROM " + table + " WHERE " + key.in(chunk.size())
            + " ORDER BY " + key.list();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          bind(statement, key.bindAll(chunk));
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
    selected.addAll(key.columns());
    selected.addAll(subjects);
    selected.addAll(fields);
    anchorOrder.forEach(a -> selected.add(anchors.get(a)));
    return String.join(", ", selected.stream().map(JdbcColumn::quoted).toList());
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
  private java.util.Collection<List<JdbcColumn>> linkingGroups() {
    return roles.isEmpty() ? List.of(subjects) : roles.values();
  }

  private Set<SubjectRef> linkedIn(List<JdbcColumn> group, SubjectRef identity) {
    List<JdbcColumn> matching = group.stream().filter(s -> s.type().equals(identity.type()))
        .filter(s -> !identifierValues(s, Set.of(identity)).isEmpty()).toList();
    if (matching.isEmpty() || group.size() < 2) {
      return Set.of();
    }
    String sql = "SELECT DISTINCT " + String.join(", ", group.stream().map(JdbcColumn::quoted)
        .toList()) + " FROM " + table + " WHERE " + String.join(" OR ", matching.stream()
        .map(c -> c.quoted() + " = ?").toList());
    return withConnection(StoreOperation.RESOLVE_IDENTIFIERS, connection -> {
      Set<SubjectRef> found = new LinkedHashSet<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, matching.stream()
            .map(c -> identifierValues(c, Set.of(identity)).get(0)).toList());
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
   * type qualifies when one subject column alone holds it and a valid unique index (or the
   * primary key) covers that column alone, over the whole table, which has no child tables. A
   * view has no indexes, so no type of a store over a view does.
   */
  @Override
  public Set<IdentifierType> uniqueIdentifiers() {
    return uniqueIdentifiers;
  }

  @Override
  public int rectify(RecordKey recordKey, Map<CategoryKey, Object> values) {
    Map<JdbcColumn, Object> changes = new LinkedHashMap<>();
    values.forEach((category, value) -> {
      List<JdbcColumn> matching = fields.stream().filter(f -> f.category().equals(category)).toList();
      if (matching.isEmpty()) {
        throw new IllegalArgumentException("store '" + name() + "' has no field of category '"
            + category + "'");
      }
      matching.forEach(column -> changes.put(column, value));
    });
    if (changes.isEmpty()) {
      return 0;
    }
    String sql = "UPDATE " + table + " SET " + String.join(", ", changes.keySet().stream()
        .map(c -> c.quoted() + " = ?").toList()) + " WHERE " + key.equalsOne();
    List<Object> params = new ArrayList<>(changes.values());
    key.bind(params, recordKey);
    return inTransaction(StoreOperation.RECTIFY, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, params);
        return statement.executeUpdate();
      }
    });
  }

  // ------------------------------------------------------------------ JDBC plumbing

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T withConnection(StoreOperation operation, Work<T> work) {
    return JdbcTables.run(dataSource, work::run, e -> StoreException.failed(name(), operation, e));
  }

  private <T> T inTransaction(StoreOperation operation, Work<T> work) {
    return withConnection(operation, connection -> JdbcTables.transaction(connection, work::run));
  }


  private static void bind(PreparedStatement statement, List<Object> params)
      throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object value = params.get(i);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  private static Object bindable(JdbcColumn column, Instant instant) {
    return switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> instant.atOffset(ZoneOffset.UTC);
      case Types.DATE -> LocalDate.ofInstant(instant, ZoneOffset.UTC);
      default -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    };
  }

  private static Instant instant(ResultSet rs, int index, JdbcColumn column) throws SQLException {
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

  private static Object read(ResultSet rs, int index, JdbcColumn column) throws SQLException {
    return switch (column.sqlType()) {
      case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(index, OffsetDateTime.class);
      case Types.TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
      case Types.DATE -> rs.getObject(index, LocalDate.class);
      case Types.CLOB, Types.NCLOB -> rs.getString(index);
      default -> rs.getObject(index);
    };
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static List<List<RecordKey>> chunks(List<RecordKey> keys) {
    List<List<RecordKey>> chunks = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += IN_LIST_CHUNK) {
      chunks.add(keys.subList(i, Math.min(keys.size(), i + IN_LIST_CHUNK)));
    }
    return chunks;
  }

  private void closeQuietly(PreparedStatement statement, Connection connection) {
    try {
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      LOG.debug("Store '{}': closing a statement failed: {}", name(),
          e.getClass().getSimpleName());
    }
    try {
      if (connection != null) {
        connection.rollback();
        connection.close();
      }
    } catch (SQLException e) {
      LOG.debug("Store '{}': closing a connection failed: {}", name(),
          e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "JdbcStore[" + name() + " on " + table + "]";
  }
}
