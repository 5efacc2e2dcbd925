package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.Anonymization;
import io.lethe.core.store.ExpiryQuery;
import io.lethe.core.store.FieldValue;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.store.StoreDescriptor;
import io.lethe.core.store.StoreOperation;
import io.lethe.core.store.StoreField;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link PersonalDataStore} in memory, for tests and examples: rows are maps from column names
 * to values, described the same way a JDBC mapping describes a table.
 *
 * <pre>{@code
 * InMemoryStore accounts = InMemoryStore.builder("accounts")
 *     .category("user.account")
 *     .subject("account_id", IdentifierType.ACCOUNT_ID)
 *     .subject("email", IdentifierType.EMAIL)
 *     .field("email", "user.contact.email")
 *     .anchor(Anchor.COLLECTED, "created_at")
 *     .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
 *     .build();
 * accounts.insert(RecordKey.of(1L), Map.of("account_id", "a-1", "email", "…", "created_at", t));
 * }</pre>
 *
 * <p>A store can reach its rows through another store's rows, as {@link
 * io.lethe.core.store.jdbc.JdbcMapping.Builder#reference} does for tables: an order item belongs to
 * whoever its order belongs to, over as many stores as the references chain.
 *
 * <pre>{@code
 * InMemoryStore orders = InMemoryStore.builder("orders").key("id")
 *     .category("user.financial.transaction").subject("customer_id", IdentifierType.ACCOUNT_ID)
 *     .build();
 * InMemoryStore items = InMemoryStore.builder("order_items").key("id")
 *     .category("user.financial.transaction").reference("order_id", orders, "id")
 *     .anchorThrough(Anchor.event("order.completed"), "order_id", "completed_at")
 *     .build();
 * }</pre>
 *
 * <p>A reference to the referenced store's {@linkplain Builder#key key column} leads to one row,
 * the row's parent: {@link #refersTo} says so, and an erasure changes the child first. A reference
 * to any other column reaches a row from every row that holds its value (an address from each
 * customer whose {@code address_id} holds its id): several subjects may share it, which {@link
 * #sharedWithOthers} tells, and those rows refer to this store's, not the reverse. Reference
 * values are never identifiers: records do not carry them among their {@linkplain
 * PersonalRecord#subjects() subjects}, {@link #linkedIdentities} does not follow them, and a
 * store with references cannot {@linkplain #subjects() list its subjects}. Reference values
 * compare with {@code equals}, whole numbers by value whatever their boxed type.
 *
 * <p>Anchor columns hold {@link Instant}s. Thread-safe: every method locks the store; a read
 * through references locks the referenced stores first, one after another and never together, so
 * it is not one snapshot across stores.
 */
public final class InMemoryStore implements PersonalDataStore {

  private final StoreDescriptor descriptor;
  private final Map<String, IdentifierType> subjectColumns;
  private final Map<String, CategoryKey> fieldColumns;
  private final Map<Anchor, String> anchorColumns;
  /** The column holding each row's key, or null if references cannot lead to it. */
  private final String keyColumn;
  private final List<Reference> references;
  private final Map<Anchor, AnchorThrough> anchorsThrough;
  private final TreeMap<RecordKey, Map<String, Object>> rows = new TreeMap<>();
  private final Set<RecordKey> anonymized = new LinkedHashSet<>();

  /**
   * A reference: this store's column holds the value of a column of the referenced store's rows.
   * Unique when that column is the referenced store's key, so that a row has one parent.
   */
  private record Reference(String column, InMemoryStore store, String referencedColumn) {
    boolean unique() {
      return referencedColumn.equals(store.keyColumn);
    }
  }

  /** An anchor read from the row a reference leads to: that row's column. */
  private record AnchorThrough(Reference reference, String column) {}

  private InMemoryStore(Builder builder) {
    this.subjectColumns = Map.copyOf(builder.subjects);
    this.fieldColumns = Map.copyOf(builder.fields);
    this.anchorColumns = Map.copyOf(builder.anchors);
    this.keyColumn = builder.key;
    this.references = List.copyOf(builder.references);
    Map<Anchor, AnchorThrough> throughs = new LinkedHashMap<>();
    builder.anchorsThrough.forEach((anchor, columns) -> throughs.put(anchor,
        new AnchorThrough(referenceAt(columns.get(0), anchor), columns.get(1))));
    this.anchorsThrough = Map.copyOf(throughs);
    List<StoreField> storeFields = new ArrayList<>();
    builder.fields.forEach((column, category) -> storeFields.add(new StoreField(column, category)));
    Set<IdentifierType> identifiers = new LinkedHashSet<>(builder.subjects.values());
    references.forEach(r -> identifiers.addAll(r.store().descriptor().identifiers()));
    List<Anchor> anchors = new ArrayList<>(builder.anchors.keySet());
    anchors.addAll(throughs.keySet());
    this.descriptor = new StoreDescriptor(builder.name, builder.category, storeFields,
        List.copyOf(identifiers), anchors, true, List.copyOf(builder.subjects.keySet()),
        references.stream().map(r -> r.store().name()).distinct().toList());
  }

  /** The reference an anchor is read through, which must lead to one row. */
  private Reference referenceAt(String column, Anchor anchor) {
    Reference reference = references.stream().filter(r -> r.column().equals(column)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("anchor '" + anchor + "': no reference"
            + " holds column '" + column + "'"));
    if (!reference.unique()) {
      throw new IllegalArgumentException("anchor '" + anchor + "': reference '" + column
          + "' must lead to the key column of store '" + reference.store().name() + "'");
    }
    return reference;
  }

  /**
   * Starts a store.
   *
   * @param name the store's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Adds or replaces a row.
   *
   * @param key the row's key
   * @param columns its values; anchor columns hold {@link Instant}s; the {@linkplain
   *     Builder#key key column}, if named, is filled with the key's value
   * @return this store
   * @throws IllegalArgumentException if an anchor column holds something else than an instant,
   *     or the key column another value than the key's
   */
  public synchronized InMemoryStore insert(RecordKey key, Map<String, ?> columns) {
    Objects.requireNonNull(key, "key");
    Map<String, Object> row = new HashMap<>(columns);
    if (keyColumn != null) {
      Object given = row.get(keyColumn);
      if (given != null && !comparable(given).equals(key.value())) {
        throw new IllegalArgumentException("column '" + keyColumn + "' holds the key; it must"
            + " hold the key's value");
      }
      row.put(keyColumn, key.value());
    }
    anchorColumns.values().forEach(column -> {
      Object value = row.get(column);
      if (value != null && !(value instanceof Instant)) {
        throw new IllegalArgumentException("anchor column '" + column + "' must hold an Instant");
      }
    });
    rows.put(key, row);
    anonymized.remove(key);
    return this;
  }

  /**
   * Reads a row, for assertions.
   *
   * @param key the row's key
   * @return a copy of its values, empty if there is no such row
   */
  public synchronized Optional<Map<String, Object>> row(RecordKey key) {
    return Optional.ofNullable(rows.get(key)).map(HashMap::new);
  }

  /** {@return the keys of every row, in order} */
  public synchronized List<RecordKey> keys() {
    return List.copyOf(rows.keySet());
  }

  /** {@return how many rows the store holds} */
  public synchronized int size() {
    return rows.size();
  }

  @Override
  public StoreDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public List<RecordKey> findExpired(ExpiryQuery query) {
    if (!descriptor.supports(query.anchor())) {
      throw new IllegalArgumentException("store '" + name() + "' has no column for anchor '"
          + query.anchor() + "'");
    }
    // read from the referenced stores before this one is locked
    Map<Reference, Set<Object>> excluded = reachedBy(query.excludedSubjects(), true);
    Map<Anchor, Map<Object, Instant>> through = timesThrough();
    synchronized (this) {
      return expired(query, excluded, through);
    }
  }

  private List<RecordKey> expired(ExpiryQuery query, Map<Reference, Set<Object>> excluded,
      Map<Anchor, Map<Object, Instant>> through) {
    boolean wholeRecord = descriptor.recordCategory().isWithin(query.category());
    List<String> categoryFields = fieldColumns.entrySet().stream()
        .filter(e -> e.getValue().isWithin(query.category())).map(Map.Entry::getKey).toList();
    if (!wholeRecord && categoryFields.isEmpty()) {
      return List.of();
    }
    Map<RecordKey, Map<String, Object>> candidates =
        query.after() == null ? rows : rows.tailMap(query.after(), false);
    List<RecordKey> keys = new ArrayList<>();
    for (Map.Entry<RecordKey, Map<String, Object>> entry : candidates.entrySet()) {
      if (keys.size() == query.limit()) {
        break;
      }
      Map<String, Object> row = entry.getValue();
      Instant anchoredAt = anchoredAt(row, query.anchor(), through);
      if (anchoredAt == null || anchoredAt.isAfter(query.cutoff())
          || query.notBefore() != null && anchoredAt.isBefore(query.notBefore())
          || query.excludeAnonymized() && anonymized.contains(entry.getKey())
          || !wholeRecord && categoryFields.stream().allMatch(c -> row.get(c) == null)
          || belongsTo(row, query.excludedSubjects(), excluded)) {
        continue;
      }
      keys.add(entry.getKey());
    }
    return keys;
  }

  @Override
  public synchronized int delete(List<RecordKey> keys) {
    int deleted = 0;
    for (RecordKey key : new LinkedHashSet<>(keys)) {
      if (rows.remove(key) != null) {
        anonymized.remove(key);
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public synchronized int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    int count = 0;
    for (RecordKey key : new LinkedHashSet<>(keys)) {
      Map<String, Object> row = rows.get(key);
      if (row == null) {
        continue;
      }
      fieldColumns.forEach((column, category) -> {
        Optional<FieldStrategy> strategy = anonymization.strategyFor(category);
        strategy.ifPresent(s -> row.put(column, anonymization.apply(s, row.get(column))));
      });
      if (anonymization.marksRecords()) {
        anonymized.add(key);
      }
      count++;
    }
    return count;
  }

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    Map<Reference, Set<Object>> reached = reachedBy(identities, true);
    Map<Anchor, Map<Object, Instant>> through = timesThrough();
    List<PersonalRecord> found = new ArrayList<>();
    synchronized (this) {
      rows.forEach((key, row) -> {
        if (belongsTo(row, identities, reached)) {
          found.add(toRecord(key, row, through));
        }
      });
    }
    return found.stream();
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    Map<Anchor, Map<Object, Instant>> through = timesThrough();
    List<PersonalRecord> found = new ArrayList<>();
    synchronized (this) {
      for (RecordKey key : new java.util.TreeSet<>(keys)) {
        Map<String, Object> row = rows.get(key);
        if (row != null) {
          found.add(toRecord(key, row, through));
        }
      }
    }
    return found.stream();
  }

  @Override
  public synchronized Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    Set<SubjectRef> found = new LinkedHashSet<>();
    for (Map<String, Object> row : rows.values()) {
      if (linksTo(row, Set.of(identity))) {
        found.addAll(subjectsOf(row));
      }
    }
    found.remove(identity);
    return found;
  }

  /** {@return true if two or more columns hold identifiers} */
  @Override
  public boolean linksIdentities() {
    return subjectColumns.size() >= 2;
  }

  /**
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException if the store has references: the subjects its rows
   *     belong to through them are no identifiers of its own
   */
  @Override
  public Stream<SubjectRef> subjects() {
    if (!references.isEmpty()) {
      throw new UnsupportedOperationException("store '" + name() + "' reaches its rows through"
          + " references and cannot list its subjects");
    }
    Set<SubjectRef> found = new LinkedHashSet<>();
    synchronized (this) {
      rows.values().forEach(row -> found.addAll(subjectsOf(row)));
    }
    return found.stream();
  }

  /** {@return true for every operation, but listing subjects in a store with references} */
  @Override
  public boolean supports(StoreOperation operation) {
    return operation != StoreOperation.LIST_SUBJECTS || references.isEmpty();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A record is shared when it is reached through a reference to a column other than the
   * referenced store's key (addresses through {@code customers.address_id}) and a row of the
   * referenced store that does not belong to the subject holds its value too.
   */
  @Override
  public Set<RecordKey> sharedWithOthers(List<RecordKey> keys, Set<SubjectRef> identities) {
    Map<Reference, Set<Object>> others = reachedBy(identities, false);
    if (others.isEmpty() || keys.isEmpty()) {
      return Set.of();
    }
    Set<RecordKey> shared = new LinkedHashSet<>();
    synchronized (this) {
      for (RecordKey key : keys) {
        Map<String, Object> row = rows.get(key);
        if (row != null && holdsAny(row, others)) {
          shared.add(key);
        }
      }
    }
    return shared;
  }

  /**
   * {@inheritDoc}
   *
   * <p>True where this store reaches its rows through {@code other}'s key column (an order item
   * refers to its order), or {@code other} reaches its rows through a column of this store that
   * is not its key (a customer's {@code address_id} refers to an address).
   */
  @Override
  public boolean refersTo(PersonalDataStore other) {
    return other instanceof InMemoryStore store
        && (references.stream().anyMatch(r -> r.unique() && r.store() == store)
        || store.references.stream().anyMatch(r -> !r.unique() && r.store() == this));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Names every field mapped to the {@linkplain Builder#key key column} that the
   * anonymization would change: the column must keep holding the row's key. The store cannot
   * tell which other columns could not hold NULL, and finds nothing else.
   */
  @Override
  public List<String> problemsWith(Anonymization anonymization) {
    List<String> problems = new ArrayList<>();
    fieldColumns.forEach((column, category) -> {
      if (column.equals(keyColumn) && anonymization.strategyFor(category).isPresent()) {
        problems.add("column '" + column + "' is the store's key");
      }
    });
    return problems;
  }

  @Override
  public synchronized int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    Map<String, Object> row = rows.get(key);
    values.keySet().forEach(category -> {
      if (!fieldColumns.containsValue(category)) {
        throw new IllegalArgumentException("store '" + name() + "' has no field of category '"
            + category + "'");
      }
    });
    if (row == null) {
      return 0;
    }
    fieldColumns.forEach((column, category) -> {
      if (values.containsKey(category)) {
        row.put(column, values.get(category));
      }
    });
    return 1;
  }

  /**
   * Whether a row belongs to one of the identities: it carries one of them, or a reference of it
   * holds a value that {@code reached} lists for that reference.
   */
  private boolean belongsTo(Map<String, Object> row, Set<SubjectRef> identities,
      Map<Reference, Set<Object>> reached) {
    return linksTo(row, identities) || holdsAny(row, reached);
  }

  /** Whether a reference of the row holds one of the values listed for that reference. */
  private static boolean holdsAny(Map<String, Object> row, Map<Reference, Set<Object>> values) {
    for (Map.Entry<Reference, Set<Object>> entry : values.entrySet()) {
      Object value = comparable(row.get(entry.getKey().column()));
      if (value != null && entry.getValue().contains(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each reference, the values its referenced column holds in the referenced rows that
   * belong to one of the identities ({@code belonging}), or in those that do not. Locks the
   * referenced stores one after another; call it before locking this one.
   */
  private Map<Reference, Set<Object>> reachedBy(Set<SubjectRef> identities, boolean belonging) {
    if (references.isEmpty() || belonging && identities.isEmpty()) {
      return Map.of();
    }
    Map<Reference, Set<Object>> reached = new LinkedHashMap<>();
    for (Reference reference : references) {
      if (belonging || !reference.unique()) {
        reached.put(reference, reference.store().valuesOf(reference.referencedColumn(),
            identities, belonging));
      }
    }
    return reached;
  }

  /** The values of a column in the rows that belong to one of the identities, or do not. */
  private Set<Object> valuesOf(String column, Set<SubjectRef> identities, boolean belonging) {
    Map<Reference, Set<Object>> reached = reachedBy(identities, true);
    Set<Object> values = new HashSet<>();
    synchronized (this) {
      for (Map<String, Object> row : rows.values()) {
        Object value = comparable(row.get(column));
        if (value != null && belongsTo(row, identities, reached) == belonging) {
          values.add(value);
        }
      }
    }
    return values;
  }

  /**
   * For each anchor read through a reference, the referenced rows' times by their key. Locks the
   * referenced stores; call it before locking this one.
   */
  private Map<Anchor, Map<Object, Instant>> timesThrough() {
    if (anchorsThrough.isEmpty()) {
      return Map.of();
    }
    Map<Anchor, Map<Object, Instant>> times = new HashMap<>();
    anchorsThrough.forEach((anchor, through) -> times.put(anchor, through.reference().store()
        .timesBy(through.reference().referencedColumn(), through.column())));
    return times;
  }

  /** The instants a column holds, by the value of another column of the same rows. */
  private synchronized Map<Object, Instant> timesBy(String byColumn, String column) {
    Map<Object, Instant> times = new HashMap<>();
    for (Map<String, Object> row : rows.values()) {
      Object at = row.get(column);
      if (at != null && !(at instanceof Instant)) {
        throw new IllegalStateException("column '" + column + "' of store '" + name()
            + "' must hold Instants to be an anchor");
      }
      Object by = comparable(row.get(byColumn));
      if (by != null && at != null) {
        times.put(by, (Instant) at);
      }
    }
    return times;
  }

  /** When a row's anchor happened: its own column's instant, or its referenced row's. */
  private Instant anchoredAt(Map<String, Object> row, Anchor anchor,
      Map<Anchor, Map<Object, Instant>> through) {
    AnchorThrough link = anchorsThrough.get(anchor);
    if (link == null) {
      return (Instant) row.get(anchorColumns.get(anchor));
    }
    Object reference = comparable(row.get(link.reference().column()));
    return reference == null ? null : through.get(anchor).get(reference);
  }

  /** The value as references compare it: a whole number as a Long. */
  private static Object comparable(Object value) {
    return value instanceof Integer || value instanceof Short || value instanceof Byte
        ? (Object) ((Number) value).longValue() : value;
  }

  private boolean linksTo(Map<String, Object> row, Set<SubjectRef> identities) {
    if (identities.isEmpty()) {
      return false;
    }
    for (SubjectRef subject : subjectsOf(row)) {
      if (identities.contains(subject)) {
        return true;
      }
    }
    return false;
  }

  private Set<SubjectRef> subjectsOf(Map<String, Object> row) {
    Set<SubjectRef> subjects = new LinkedHashSet<>();
    subjectColumns.forEach((column, type) -> {
      Object value = row.get(column);
      if (value != null && !value.toString().isEmpty()) {
        subjects.add(SubjectRef.of(type, value.toString()));
      }
    });
    return subjects;
  }

  private PersonalRecord toRecord(RecordKey key, Map<String, Object> row,
      Map<Anchor, Map<Object, Instant>> through) {
    List<FieldValue> values = new ArrayList<>();
    fieldColumns.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        values.add(new FieldValue(e.getKey(), e.getValue(), row.get(e.getKey()))));
    AnchorTimes times = AnchorTimes.none();
    for (Anchor anchor : descriptor.anchors()) {
      Instant at = anchoredAt(row, anchor, through);
      if (at != null) {
        times = times.with(anchor, at);
      }
    }
    return new PersonalRecord(name(), key, descriptor.recordCategory(), values, subjectsOf(row),
        times);
  }

  @Override
  public String toString() {
    return "InMemoryStore[" + name() + "]";
  }

  /** Fluent builder for {@link InMemoryStore}. */
  public static final class Builder {
    private final String name;
    private CategoryKey category;
    private final Map<String, IdentifierType> subjects = new LinkedHashMap<>();
    private final Map<String, CategoryKey> fields = new LinkedHashMap<>();
    private final Map<Anchor, String> anchors = new LinkedHashMap<>();
    private String key;
    private final List<Reference> references = new ArrayList<>();
    /** The reference column and the referenced row's column, by anchor. */
    private final Map<Anchor, List<String>> anchorsThrough = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
      anchors.put(Anchor.COLLECTED, "collected");
    }

    /** @param key the category of a row @return this builder */
    public Builder category(String key) {
      this.category = CategoryKey.of(key);
      return this;
    }

    /**
     * @param column a column linking rows to subjects
     * @param type its identifier type
     * @return this builder
     */
    public Builder subject(String column, IdentifierType type) {
      subjects.put(column, type);
      return this;
    }

    /**
     * @param column a personal column
     * @param key the category of its values
     * @return this builder
     */
    public Builder field(String column, String key) {
      fields.put(column, CategoryKey.of(key));
      return this;
    }

    /**
     * @param anchor an anchor; {@code collected} defaults to the column {@code collected}
     * @param column the column holding its instant
     * @return this builder
     */
    public Builder anchor(Anchor anchor, String column) {
      anchors.put(anchor, column);
      anchorsThrough.remove(anchor);
      return this;
    }

    /**
     * Names the column that holds each row's key, so that references can lead to it: {@link
     * InMemoryStore#insert} fills it with the key's value. A reference to it reaches one row.
     *
     * @param column the key column, such as {@code id}
     * @return this builder
     */
    public Builder key(String column) {
      this.key = Objects.requireNonNull(column, "column");
      return this;
    }

    /**
     * Makes a row belong to whoever the rows of another store that its column leads to belong
     * to: through the referenced store's {@linkplain #key key column}, to its one parent (an
     * order item's {@code order_id} holds its order's {@code id}); through any other column, to
     * every row that holds its value (an address's {@code id}, held by the {@code address_id} of
     * each customer living there).
     *
     * @param column this store's column holding the value, such as {@code order_id}
     * @param referencedStore the store whose rows it leads to, built before this one
     * @param referencedColumn that store's column holding the same value, such as {@code id}
     * @return this builder
     */
    public Builder reference(String column, InMemoryStore referencedStore,
        String referencedColumn) {
      references.add(new Reference(Objects.requireNonNull(column, "column"),
          Objects.requireNonNull(referencedStore, "referencedStore"),
          Objects.requireNonNull(referencedColumn, "referencedColumn")));
      return this;
    }

    /**
     * Reads an anchor from the row a reference to another store's key column leads to: an order
     * item's {@code order.completed} from its order's {@code completed_at}.
     *
     * @param anchor the anchor
     * @param referenceColumn the column of one of {@link #reference}'s references to a key
     * @param column the referenced row's column holding the anchor's {@link Instant}
     * @return this builder
     */
    public Builder anchorThrough(Anchor anchor, String referenceColumn, String column) {
      anchorsThrough.put(Objects.requireNonNull(anchor, "anchor"), List.of(
          Objects.requireNonNull(referenceColumn, "referenceColumn"),
          Objects.requireNonNull(column, "column")));
      anchors.remove(anchor);
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the empty store
     * @throws IllegalArgumentException if no column links rows to subjects and no reference
     *     leads to another store's, or an anchor is read through no reference to a key column
     */
    public InMemoryStore build() {
      Objects.requireNonNull(category, "category");
      if (subjects.isEmpty() && references.isEmpty()) {
        throw new IllegalArgumentException("store '" + name + "': at least one column must link"
            + " a row to its subject, or a reference to another store's rows");
      }
      return new InMemoryStore(this);
    }
  }
}
