package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A {@link PersonalDataStore} in memory, for tests and examples: rows are maps from column names to
 * values, described the same way a JDBC mapping describes a table.
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
 * #sharedWithOthers} tells, and those rows refer to this store's, not the reverse. Reference values
 * are never identifiers: records do not carry them among their {@linkplain
 * PersonalRecord#subjects() subjects}, {@link #linkedIdentities} does not follow them, and a store
 * with references cannot {@linkplain #subjects() list its subjects}. Reference values compare with
 * {@code equals}, whole numbers by value whatever their boxed type.
 *
 * <p>A row may name several people, each in a role of their own, as {@link
 * io.lethe.core.store.jdbc.JdbcMapping.Builder#subjectInRole} does for tables: a lesson names its
 * tutor and its student. Each role's columns link the row to that person only: {@link
 * #linkedIdentities} links identifiers within a role, {@link #recordsOf} shows a person the row
 * with the identifiers and {@linkplain Builder#fieldOfRole role fields} of the roles they hold on
 * it and none of the others', {@link #sharedWithOthers} counts the row shared while another role
 * names someone, and {@link #detach} clears a person's role columns and fields, keeping the row for
 * the others.
 *
 * <pre>{@code
 * InMemoryStore lessons = InMemoryStore.builder("lessons").key("id")
 *     .category("user.content")
 *     .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
 *     .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
 *     .field("topic", "user.content")
 *     .fieldOfRole("tutor", "tutor_note", "user.content.private")
 *     .build();
 * }</pre>
 *
 * <p>A row's key may have several parts ({@link RecordKey#composite}), ordered part by part, as a
 * table keyed by several columns is: {@link Builder#key key("order_id", "line_no")} names the
 * columns that hold them. Every row of a store has a key of the same shape.
 *
 * <p>Anchor columns hold {@link Instant}s. Thread-safe: every method locks the store; a read
 * through references locks the referenced stores first, one after another and never together, so it
 * is not one snapshot across stores.
 */
public final class InMemoryStore implements PersonalDataStore {

  private final StoreDescriptor descriptor;
  private final Map<String, IdentifierType> subjectColumns;

  /** The role of each subject column, for rows that name several people; empty otherwise. */
  private final Map<String, String> subjectRoles;

  /** The subject columns of each role, in declaration order; empty where rows name one. */
  private final Map<String, List<String>> roles;

  private final Map<String, CategoryKey> fieldColumns;

  /** The role of each field about one of the people a row names; other fields have none. */
  private final Map<String, String> fieldRoles;

  private final Map<Anchor, String> anchorColumns;

  /** The columns holding each row's key, in order; empty if none is named. */
  private final List<String> keyColumns;

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
      return store.keyColumns.equals(List.of(referencedColumn));
    }
  }

  /** An anchor read from the row a reference leads to: that row's column. */
  private record AnchorThrough(Reference reference, String column) {}

  private InMemoryStore(Builder builder) {
    this.subjectColumns = Map.copyOf(builder.subjects);
    this.subjectRoles = Map.copyOf(builder.subjectRoles);
    Map<String, List<String>> byRole = new LinkedHashMap<>();
    builder.subjectRoles.forEach(
        (column, role) -> byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(column));
    byRole.replaceAll((role, columns) -> List.copyOf(columns));
    this.roles = Collections.unmodifiableMap(byRole);
    this.fieldColumns = Map.copyOf(builder.fields);
    // a field that is a role's subject column is that role's, as JdbcStore has it
    Map<String, String> fieldRoles = new LinkedHashMap<>(builder.fieldRoles);
    builder
        .fields
        .keySet()
        .forEach(
            column -> {
              if (!fieldRoles.containsKey(column) && builder.subjectRoles.containsKey(column)) {
                fieldRoles.put(column, builder.subjectRoles.get(column));
              }
            });
    this.fieldRoles = Map.copyOf(fieldRoles);
    this.anchorColumns = Map.copyOf(builder.anchors);
    this.keyColumns = builder.key;
    this.references = List.copyOf(builder.references);
    Map<Anchor, AnchorThrough> throughs = new LinkedHashMap<>();
    builder.anchorsThrough.forEach(
        (anchor, columns) ->
            throughs.put(
                anchor, new AnchorThrough(referenceAt(columns.get(0), anchor), columns.get(1))));
    this.anchorsThrough = Map.copyOf(throughs);
    List<StoreField> storeFields = new ArrayList<>();
    builder.fields.forEach((column, category) -> storeFields.add(new StoreField(column, category)));
    Set<IdentifierType> identifiers = new LinkedHashSet<>(builder.subjects.values());
    references.forEach(r -> identifiers.addAll(r.store().descriptor().identifiers()));
    List<Anchor> anchors = new ArrayList<>(builder.anchors.keySet());
    anchors.addAll(throughs.keySet());
    this.descriptor =
        new StoreDescriptor(
            builder.name,
            builder.category,
            storeFields,
            List.copyOf(identifiers),
            anchors,
            true,
            List.copyOf(builder.subjects.keySet()),
            references.stream().map(r -> r.store().name()).distinct().toList());
  }

  /** The reference an anchor is read through, which must lead to one row. */
  private Reference referenceAt(String column, Anchor anchor) {
    Reference reference =
        references.stream()
            .filter(r -> r.column().equals(column))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "anchor '"
                            + anchor
                            + "': no reference"
                            + " holds column '"
                            + column
                            + "'"));
    if (!reference.unique()) {
      throw new IllegalArgumentException(
          "anchor '"
              + anchor
              + "': reference '"
              + column
              + "' must lead to the key column of store '"
              + reference.store().name()
              + "'");
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
   * @param columns its values; anchor columns hold {@link Instant}s; the {@linkplain Builder#key
   *     key columns}, if named, are filled with the key's parts
   * @return this store
   * @throws IllegalArgumentException if an anchor column holds something else than an instant, a
   *     key column another value than the key's part, the key has not as many parts as the store
   *     has key columns, or it is not of the shape of the keys already held
   */
  public synchronized InMemoryStore insert(RecordKey key, Map<String, ?> columns) {
    Objects.requireNonNull(key, "key");
    Map<String, Object> row = new HashMap<>(columns);
    fillKey(row, key);
    anchorColumns
        .values()
        .forEach(
            column -> {
              Object value = row.get(column);
              if (value != null && !(value instanceof Instant)) {
                throw new IllegalArgumentException(
                    "anchor column '" + column + "' must hold an Instant");
              }
            });
    rows.put(key, row); // a key of another shape is refused by comparing it, naming none
    anonymized.remove(key);
    return this;
  }

  /** Fills the key columns, if named, with the key's parts, checking the values given. */
  private void fillKey(Map<String, Object> row, RecordKey key) {
    if (keyColumns.isEmpty()) {
      return;
    }
    List<Object> parts = key.parts();
    if (parts.size() != keyColumns.size()) {
      throw new IllegalArgumentException(
          "store '"
              + name()
              + "' is keyed by "
              + keyColumns.size()
              + " column(s); a key of "
              + parts.size()
              + " part(s) fits none");
    }
    for (int i = 0; i < parts.size(); i++) {
      String column = keyColumns.get(i);
      Object given = row.get(column);
      if (given != null && !comparable(given).equals(parts.get(i))) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' holds the key"
                + (parts.size() == 1 ? "" : "'s part " + (i + 1))
                + "; it must hold the key's value");
      }
      row.put(column, parts.get(i));
    }
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
      throw new IllegalArgumentException(
          "store '" + name() + "' has no column for anchor '" + query.anchor() + "'");
    }
    // read from the referenced stores before this one is locked
    Map<Reference, Set<Object>> excluded = reachedBy(query.excludedSubjects());
    Map<Anchor, Map<Object, Instant>> through = timesThrough();
    synchronized (this) {
      return expired(query, excluded, through);
    }
  }

  private List<RecordKey> expired(
      ExpiryQuery query,
      Map<Reference, Set<Object>> excluded,
      Map<Anchor, Map<Object, Instant>> through) {
    boolean wholeRecord = descriptor.recordCategory().isWithin(query.category());
    List<String> categoryFields =
        fieldColumns.entrySet().stream()
            .filter(e -> e.getValue().isWithin(query.category()))
            .map(Map.Entry::getKey)
            .toList();
    if (!wholeRecord && categoryFields.isEmpty()) {
      return List.of();
    }
    List<String> holding =
        fieldColumns.entrySet().stream()
            .filter(e -> query.stillHolding().stream().anyMatch(e.getValue()::isWithin))
            .map(Map.Entry::getKey)
            .toList();
    if (!query.stillHolding().isEmpty() && holding.isEmpty()) {
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
      if (anchoredAt == null
          || anchoredAt.isAfter(query.cutoff())
          || query.notBefore() != null && anchoredAt.isBefore(query.notBefore())
          || query.excludeAnonymized() && anonymized.contains(entry.getKey())
          || !wholeRecord && categoryFields.stream().allMatch(c -> row.get(c) == null)
          || !holding.isEmpty() && holding.stream().allMatch(c -> row.get(c) == null)
          || belongsTo(row, query.excludedSubjects(), excluded)) {
        continue;
      }
      keys.add(entry.getKey());
    }
    return keys;
  }

  /** {@inheritDoc} Yes: it counts the rows it removed. */
  @Override
  public boolean deleteCountsAreExact() {
    return true;
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
      fieldColumns.forEach(
          (column, category) -> {
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
    Map<Reference, Set<Object>> reached = reachedBy(identities);
    Map<Anchor, Map<Object, Instant>> through = timesThrough();
    List<PersonalRecord> found = new ArrayList<>();
    synchronized (this) {
      rows.forEach(
          (key, row) -> {
            if (belongsTo(row, identities, reached)) {
              found.add(toRecord(key, row, through, identities));
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
      for (RecordKey key : new TreeSet<>(keys)) {
        Map<String, Object> row = rows.get(key);
        if (row != null) {
          found.add(toRecord(key, row, through, null));
        }
      }
    }
    return found.stream();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Identifiers are linked within a row's subject columns, and where rows name several people,
   * within the columns of the roles the identifier holds on the row only: a lesson links no tutor
   * to a student.
   */
  @Override
  public synchronized Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    Set<SubjectRef> found = new LinkedHashSet<>();
    for (Map<String, Object> row : rows.values()) {
      if (roles.isEmpty()) {
        if (linksTo(row, Set.of(identity))) {
          found.addAll(subjectsOf(row, null));
        }
      } else {
        found.addAll(subjectsOf(row, heldRoles(row, Set.of(identity))));
      }
    }
    found.remove(identity);
    return found;
  }

  /** {@return true if two or more columns hold identifiers of one person} */
  @Override
  public boolean linksIdentities() {
    return roles.isEmpty()
        ? subjectColumns.size() >= 2
        : roles.values().stream().anyMatch(columns -> columns.size() >= 2);
  }

  /**
   * {@inheritDoc}
   *
   * @throws UnsupportedOperationException if the store has references: the subjects its rows belong
   *     to through them are no identifiers of its own
   */
  @Override
  public Stream<SubjectRef> subjects() {
    if (!references.isEmpty()) {
      throw new UnsupportedOperationException(
          "store '"
              + name()
              + "' reaches its rows through"
              + " references and cannot list its subjects");
    }
    Set<SubjectRef> found = new LinkedHashSet<>();
    synchronized (this) {
      rows.values().forEach(row -> found.addAll(subjectsOf(row, null)));
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
   * <p>A record is shared when one of its roles names someone and none of the identities (a
   * lesson's student, for its tutor); when it is reached through a reference to a column other than
   * the referenced store's key (addresses through {@code customers.address_id}) and a row of the
   * referenced store that does not belong to the subject, or is shared itself, holds its value too;
   * or when the one row it reaches through a reference to a key is shared (a message of a lesson).
   */
  @Override
  public Set<RecordKey> sharedWithOthers(List<RecordKey> keys, Set<SubjectRef> identities) {
    if (keys.isEmpty() || roles.isEmpty() && references.isEmpty()) {
      return Set.of();
    }
    Map<Reference, Set<Object>> others = othersReaching(identities);
    Set<RecordKey> shared = new LinkedHashSet<>();
    synchronized (this) {
      for (RecordKey key : keys) {
        Map<String, Object> row = rows.get(key);
        if (row != null && isShared(row, identities, others)) {
          shared.add(key);
        }
      }
    }
    return shared;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For rows that name several people in roles: each row that names one of the identities has
   * the subject columns and {@linkplain Builder#fieldOfRole fields} of the roles they hold on it
   * set to null. A row whose columns to clear include a {@linkplain Builder#key key column} is left
   * as it is and not returned, as is a row that does not name the subject.
   */
  @Override
  public synchronized Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    if (roles.isEmpty()) {
      return Set.of();
    }
    Set<RecordKey> detached = new LinkedHashSet<>();
    for (RecordKey key : new LinkedHashSet<>(keys)) {
      Map<String, Object> row = rows.get(key);
      if (row == null) {
        continue;
      }
      Set<String> held = heldRoles(row, identities);
      List<String> cleared = new ArrayList<>();
      subjectRoles.forEach(
          (column, role) -> {
            if (held.contains(role)) {
              cleared.add(column);
            }
          });
      fieldRoles.forEach(
          (column, role) -> {
            if (held.contains(role)) {
              cleared.add(column);
            }
          });
      if (cleared.isEmpty() || cleared.stream().anyMatch(keyColumns::contains)) {
        continue;
      }
      cleared.forEach(column -> row.put(column, null));
      detached.add(key);
    }
    return detached;
  }

  /**
   * {@inheritDoc}
   *
   * <p>True where this store reaches its rows through {@code other}'s key column (an order item
   * refers to its order), or {@code other} reaches its rows through a column of this store that is
   * not its key (a customer's {@code address_id} refers to an address).
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
   * <p>Names every field mapped to a {@linkplain Builder#key key column} that the anonymization
   * would change: the column must keep holding the row's key. The store cannot tell which other
   * columns could not hold NULL, and finds nothing else.
   */
  @Override
  public List<String> problemsWith(Anonymization anonymization) {
    List<String> problems = new ArrayList<>();
    fieldColumns.forEach(
        (column, category) -> {
          if (keyColumns.contains(column) && anonymization.strategyFor(category).isPresent()) {
            problems.add(
                "column '"
                    + column
                    + "' is "
                    + (keyColumns.size() == 1 ? "the store's key" : "part of the store's key"));
          }
        });
    return problems;
  }

  @Override
  public synchronized int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    Map<String, Object> row = rows.get(key);
    values
        .keySet()
        .forEach(
            category -> {
              if (!fieldColumns.containsValue(category)) {
                throw new IllegalArgumentException(
                    "store '" + name() + "' has no field of category '" + category + "'");
              }
            });
    if (row == null) {
      return 0;
    }
    fieldColumns.forEach(
        (column, category) -> {
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
  private boolean belongsTo(
      Map<String, Object> row, Set<SubjectRef> identities, Map<Reference, Set<Object>> reached) {
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
   * For each reference, the values its referenced column holds in the referenced rows that belong
   * to one of the identities. Locks the referenced stores one after another; call it before locking
   * this one.
   */
  private Map<Reference, Set<Object>> reachedBy(Set<SubjectRef> identities) {
    if (references.isEmpty() || identities.isEmpty()) {
      return Map.of();
    }
    Map<Reference, Set<Object>> reached = new LinkedHashMap<>();
    for (Reference reference : references) {
      reached.put(
          reference,
          reference.store().valuesOf(reference.referencedColumn(), identities, Rows.OWNED));
    }
    return reached;
  }

  /**
   * For each reference, the values its referenced column holds in the referenced rows that make a
   * row of this store someone else's too: through a key, the one parent if it is shared; through
   * any other column, every row that does not belong to the identities or is shared. Locks the
   * referenced stores one after another; call it before locking this one.
   */
  private Map<Reference, Set<Object>> othersReaching(Set<SubjectRef> identities) {
    Map<Reference, Set<Object>> others = new LinkedHashMap<>();
    for (Reference reference : references) {
      others.put(
          reference,
          reference
              .store()
              .valuesOf(
                  reference.referencedColumn(),
                  identities,
                  reference.unique() ? Rows.SHARED : Rows.OTHERS));
    }
    return others;
  }

  /** Which rows of a referenced store a reference's values are gathered from. */
  private enum Rows {
    /** The rows that belong to one of the identities. */
    OWNED,
    /** The rows that someone besides the identities shares. */
    SHARED,
    /** The rows that do not belong to the identities, or that someone else shares. */
    OTHERS
  }

  /** The values of a column in the rows of a kind, with respect to the identities. */
  private Set<Object> valuesOf(String column, Set<SubjectRef> identities, Rows which) {
    Map<Reference, Set<Object>> reached = which == Rows.SHARED ? Map.of() : reachedBy(identities);
    Map<Reference, Set<Object>> others =
        which == Rows.OWNED ? Map.of() : othersReaching(identities);
    Set<Object> values = new HashSet<>();
    synchronized (this) {
      for (Map<String, Object> row : rows.values()) {
        Object value = comparable(row.get(column));
        if (value == null) {
          continue;
        }
        boolean matches =
            switch (which) {
              case OWNED -> belongsTo(row, identities, reached);
              case SHARED -> isShared(row, identities, others);
              case OTHERS ->
                  !belongsTo(row, identities, reached) || isShared(row, identities, others);
            };
        if (matches) {
          values.add(value);
        }
      }
    }
    return values;
  }

  /**
   * Whether someone besides the identities shares a row: one of its roles names someone and none of
   * the identities, or a reference of it holds a value {@code others} lists.
   */
  private boolean isShared(
      Map<String, Object> row, Set<SubjectRef> identities, Map<Reference, Set<Object>> others) {
    for (List<String> columns : roles.values()) {
      boolean namesSomeone = false;
      boolean namesThem = false;
      for (String column : columns) {
        SubjectRef named = identifierIn(row, column);
        namesSomeone |= named != null;
        namesThem |= named != null && identities.contains(named);
      }
      if (namesSomeone && !namesThem) {
        return true;
      }
    }
    return holdsAny(row, others);
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
    anchorsThrough.forEach(
        (anchor, through) ->
            times.put(
                anchor,
                through
                    .reference()
                    .store()
                    .timesBy(through.reference().referencedColumn(), through.column())));
    return times;
  }

  /** The instants a column holds, by the value of another column of the same rows. */
  private synchronized Map<Object, Instant> timesBy(String byColumn, String column) {
    Map<Object, Instant> times = new HashMap<>();
    for (Map<String, Object> row : rows.values()) {
      Object at = row.get(column);
      if (at != null && !(at instanceof Instant)) {
        throw new IllegalStateException(
            "column '" + column + "' of store '" + name() + "' must hold Instants to be an anchor");
      }
      Object by = comparable(row.get(byColumn));
      if (by != null && at != null) {
        times.put(by, (Instant) at);
      }
    }
    return times;
  }

  /** When a row's anchor happened: its own column's instant, or its referenced row's. */
  private Instant anchoredAt(
      Map<String, Object> row, Anchor anchor, Map<Anchor, Map<Object, Instant>> through) {
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
        ? (Object) ((Number) value).longValue()
        : value;
  }

  private boolean linksTo(Map<String, Object> row, Set<SubjectRef> identities) {
    if (identities.isEmpty()) {
      return false;
    }
    for (SubjectRef subject : subjectsOf(row, null)) {
      if (identities.contains(subject)) {
        return true;
      }
    }
    return false;
  }

  /** The identifier a subject column of the row holds, or null if it holds none. */
  private SubjectRef identifierIn(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null || value.toString().isEmpty()
        ? null
        : SubjectRef.of(subjectColumns.get(column), value.toString());
  }

  /**
   * The identifiers a row carries: those of every subject column, or where {@code held} is not
   * null, of the columns of those roles only.
   */
  private Set<SubjectRef> subjectsOf(Map<String, Object> row, Set<String> held) {
    Set<SubjectRef> subjects = new LinkedHashSet<>();
    for (String column : subjectColumns.keySet()) {
      SubjectRef identifier = identifierIn(row, column);
      if (identifier != null && (held == null || held.contains(subjectRoles.get(column)))) {
        subjects.add(identifier);
      }
    }
    return subjects;
  }

  /** The roles in which a row's subject columns name one of the identities. */
  private Set<String> heldRoles(Map<String, Object> row, Set<SubjectRef> identities) {
    Set<String> held = new HashSet<>();
    subjectRoles.forEach(
        (column, role) -> {
          SubjectRef named = identifierIn(row, column);
          if (named != null && identities.contains(named)) {
            held.add(role);
          }
        });
    return held;
  }

  /**
   * The record of a row. Where rows name several people, {@code asked} (the identities of the
   * subject it is read for) selects what it shows: the identifiers and fields of the roles the
   * subject holds on the row, not the others'; null shows everything.
   */
  private PersonalRecord toRecord(
      RecordKey key,
      Map<String, Object> row,
      Map<Anchor, Map<Object, Instant>> through,
      Set<SubjectRef> asked) {
    Set<String> held = roles.isEmpty() || asked == null ? null : heldRoles(row, asked);
    List<FieldValue> values = new ArrayList<>();
    fieldColumns.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(
            e ->
                held == null
                    || !fieldRoles.containsKey(e.getKey())
                    || held.contains(fieldRoles.get(e.getKey())))
        .forEach(e -> values.add(new FieldValue(e.getKey(), e.getValue(), row.get(e.getKey()))));
    AnchorTimes times = AnchorTimes.none();
    for (Anchor anchor : descriptor.anchors()) {
      Instant at = anchoredAt(row, anchor, through);
      if (at != null) {
        times = times.with(anchor, at);
      }
    }
    return new PersonalRecord(
        name(), key, descriptor.recordCategory(), values, subjectsOf(row, held), times);
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
    private final Map<String, String> subjectRoles = new LinkedHashMap<>();
    private final Map<String, CategoryKey> fields = new LinkedHashMap<>();
    private final Map<String, String> fieldRoles = new LinkedHashMap<>();
    private final Map<Anchor, String> anchors = new LinkedHashMap<>();
    private List<String> key = List.of();
    private final List<Reference> references = new ArrayList<>();

    /** The reference column and the referenced row's column, by anchor. */
    private final Map<Anchor, List<String>> anchorsThrough = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
      anchors.put(Anchor.COLLECTED, "collected");
    }

    /**
     * @param key the category of a row @return this builder
     */
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
      subjectRoles.remove(column);
      return this;
    }

    /**
     * A column naming one of the people on a row that names several, in a role: {@code
     * subjectInRole("tutor", "tutor_id", ACCOUNT_ID)} and {@code subjectInRole("student",
     * "student_id", ACCOUNT_ID)}. Either every subject column of a store has a role, or none has.
     *
     * @param role the role, lower case, such as {@code tutor}
     * @param column the column
     * @param type the identifier type it holds
     * @return this builder
     */
    public Builder subjectInRole(String role, String column, IdentifierType type) {
      subjects.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(type, "type"));
      subjectRoles.put(column, Objects.requireNonNull(role, "role"));
      return this;
    }

    /**
     * @param column a personal column
     * @param key the category of its values
     * @return this builder
     */
    public Builder field(String column, String key) {
      fields.put(column, CategoryKey.of(key));
      fieldRoles.remove(column);
      return this;
    }

    /**
     * A personal column about the person in one role of a row that names several: a tutor's note on
     * a lesson. {@link InMemoryStore#recordsOf} leaves it out for the other people on the row;
     * {@link InMemoryStore#detach} of that person clears it.
     *
     * @param role one of the roles of {@link #subjectInRole}
     * @param column the column
     * @param key the category of its values
     * @return this builder
     */
    public Builder fieldOfRole(String role, String column, String key) {
      fields.put(Objects.requireNonNull(column, "column"), CategoryKey.of(key));
      fieldRoles.put(column, Objects.requireNonNull(role, "role"));
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
     * Names the columns that hold each row's key: {@link InMemoryStore#insert} fills them with the
     * key's parts, in order, and refuses a key of another number of parts. A reference to a key of
     * one column reaches one row.
     *
     * @param columns the key column, such as {@code id}, or the columns of a composite key in
     *     order, such as {@code order_id} and {@code line_no}
     * @return this builder
     * @throws IllegalArgumentException if no column is named, or one twice
     */
    public Builder key(String... columns) {
      List<String> named = List.of(columns);
      if (named.isEmpty() || new HashSet<>(named).size() != named.size()) {
        throw new IllegalArgumentException(
            "store '" + name + "': a key needs one or more" + " columns, each named once");
      }
      this.key = named;
      return this;
    }

    /**
     * Makes a row belong to whoever the rows of another store that its column leads to belong to:
     * through the referenced store's {@linkplain #key key column}, to its one parent (an order
     * item's {@code order_id} holds its order's {@code id}); through any other column, to every row
     * that holds its value (an address's {@code id}, held by the {@code address_id} of each
     * customer living there).
     *
     * @param column this store's column holding the value, such as {@code order_id}
     * @param referencedStore the store whose rows it leads to, built before this one
     * @param referencedColumn that store's column holding the same value, such as {@code id}
     * @return this builder
     */
    public Builder reference(
        String column, InMemoryStore referencedStore, String referencedColumn) {
      references.add(
          new Reference(
              Objects.requireNonNull(column, "column"),
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
      anchorsThrough.put(
          Objects.requireNonNull(anchor, "anchor"),
          List.of(
              Objects.requireNonNull(referenceColumn, "referenceColumn"),
              Objects.requireNonNull(column, "column")));
      anchors.remove(anchor);
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the empty store
     * @throws IllegalArgumentException if no column links rows to subjects and no reference leads
     *     to another store's, an anchor is read through no reference to a key column, some subject
     *     columns have a role and others not, a role is not a lower-case name, or a field has a
     *     role no subject column has
     */
    public InMemoryStore build() {
      Objects.requireNonNull(category, "category");
      if (subjects.isEmpty() && references.isEmpty()) {
        throw new IllegalArgumentException(
            "store '"
                + name
                + "': at least one column must link"
                + " a row to its subject, or a reference to another store's rows");
      }
      checkRoles();
      return new InMemoryStore(this);
    }

    /** Checks the roles as {@link io.lethe.core.store.jdbc.JdbcMapping} does. */
    private void checkRoles() {
      if (!subjectRoles.isEmpty() && subjectRoles.size() != subjects.size()) {
        throw new IllegalArgumentException(
            "store '"
                + name
                + "': the subject columns "
                + subjectRoles.keySet()
                + " have roles; give every other one a role too, so that no"
                + " column joins two people into one");
      }
      subjectRoles
          .values()
          .forEach(
              role -> {
                if (!role.matches("[a-z][a-z0-9_]{0,39}")) {
                  throw new IllegalArgumentException(
                      "store '"
                          + name
                          + "': a role needs lower-case"
                          + " letters, digits or '_', starting with a letter");
                }
              });
      fieldRoles.forEach(
          (column, role) -> {
            if (!subjectRoles.containsValue(role)) {
              throw new IllegalArgumentException(
                  "store '" + name + "': field '" + column + "' has a role no subject column has");
            }
          });
    }
  }
}
