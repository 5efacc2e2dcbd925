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
 * <p>Anchor columns hold {@link Instant}s. Thread-safe; every method locks the store.
 */
public final class InMemoryStore implements PersonalDataStore {

  private final StoreDescriptor descriptor;
  private final Map<String, IdentifierType> subjectColumns;
  private final Map<String, CategoryKey> fieldColumns;
  private final Map<Anchor, String> anchorColumns;
  private final TreeMap<RecordKey, Map<String, Object>> rows = new TreeMap<>();
  private final Set<RecordKey> anonymized = new LinkedHashSet<>();

  private InMemoryStore(Builder builder) {
    this.subjectColumns = Map.copyOf(builder.subjects);
    this.fieldColumns = Map.copyOf(builder.fields);
    this.anchorColumns = Map.copyOf(builder.anchors);
    List<StoreField> storeFields = new ArrayList<>();
    builder.fields.forEach((column, category) -> storeFields.add(new StoreField(column, category)));
    this.descriptor = new StoreDescriptor(builder.name, builder.category, storeFields,
        builder.subjects.values().stream().distinct().toList(),
        List.copyOf(builder.anchors.keySet()), true, List.copyOf(builder.subjects.keySet()));
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
   * @param columns its values; anchor columns hold {@link Instant}s
   * @return this store
   */
  public synchronized InMemoryStore insert(RecordKey key, Map<String, ?> columns) {
    Objects.requireNonNull(key, "key");
    Map<String, Object> row = new HashMap<>(columns);
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
  public synchronized List<RecordKey> findExpired(ExpiryQuery query) {
    String anchorColumn = anchorColumns.get(query.anchor());
    if (anchorColumn == null) {
      throw new IllegalArgumentException("store '" + name() + "' has no column for anchor '"
          + query.anchor() + "'");
    }
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
      Instant anchoredAt = (Instant) row.get(anchorColumn);
      if (anchoredAt == null || anchoredAt.isAfter(query.cutoff())
          || query.notBefore() != null && anchoredAt.isBefore(query.notBefore())
          || query.excludeAnonymized() && anonymized.contains(entry.getKey())
          || !wholeRecord && categoryFields.stream().allMatch(c -> row.get(c) == null)
          || linksTo(row, query.excludedSubjects())) {
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
    List<PersonalRecord> found = new ArrayList<>();
    synchronized (this) {
      rows.forEach((key, row) -> {
        if (linksTo(row, identities)) {
          found.add(toRecord(key, row));
        }
      });
    }
    return found.stream();
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    List<PersonalRecord> found = new ArrayList<>();
    synchronized (this) {
      for (RecordKey key : new java.util.TreeSet<>(keys)) {
        Map<String, Object> row = rows.get(key);
        if (row != null) {
          found.add(toRecord(key, row));
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

  @Override
  public Stream<SubjectRef> subjects() {
    Set<SubjectRef> found = new LinkedHashSet<>();
    synchronized (this) {
      rows.values().forEach(row -> found.addAll(subjectsOf(row)));
    }
    return found.stream();
  }

  @Override
  public boolean supports(StoreOperation operation) {
    return true;
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

  private PersonalRecord toRecord(RecordKey key, Map<String, Object> row) {
    List<FieldValue> values = new ArrayList<>();
    fieldColumns.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        values.add(new FieldValue(e.getKey(), e.getValue(), row.get(e.getKey()))));
    AnchorTimes times = AnchorTimes.none();
    for (Map.Entry<Anchor, String> anchor : anchorColumns.entrySet()) {
      Object at = row.get(anchor.getValue());
      if (at != null) {
        times = times.with(anchor.getKey(), (Instant) at);
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
      return this;
    }

    /** @return the empty store */
    public InMemoryStore build() {
      Objects.requireNonNull(category, "category");
      return new InMemoryStore(this);
    }
  }
}
