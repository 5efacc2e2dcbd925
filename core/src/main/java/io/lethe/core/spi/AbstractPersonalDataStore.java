package io.lethe.core.spi;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A base for stores that are not SQL tables (a document collection, a REST service), which
 * implements the batch and bookkeeping parts of {@link PersonalDataStore} from a few record-level
 * calls, so that such a store is small. A subclass provides:
 *
 * <ul>
 *   <li>{@link #descriptor()}: what the store holds;
 *   <li>{@link #findExpired}: the filter, running in the store (a query or an API parameter, never
 *       a scan of kept data in Lethe's process);
 *   <li>{@link #recordsOf}: the records of any of a subject's identifiers, nobody else's;
 *   <li>{@link #record}, {@link #remove} and {@link #update}: one record, read, deleted or changed
 *       by its key.
 * </ul>
 *
 * <p>From these it implements {@link #records} (key order, missing keys skipped), {@link #delete}
 * (each key once, counting only records that existed), {@link #anonymize} (each field by the
 * strategy of its category, marking the record when the anonymization says so), {@link #rectify}
 * (refusing a category the store holds no field of, with an {@link IllegalArgumentException} that
 * names the category and never the value) and {@link #linkedIdentities} (exactly the identifiers on
 * the subject's records, as the interface requires). Everything else keeps the interface's defaults
 * and may be overridden. Prove the result with {@code PersonalDataStoreContract} from {@code
 * lethe-testkit}.
 */
public abstract class AbstractPersonalDataStore implements PersonalDataStore {

  /** For subclasses. */
  protected AbstractPersonalDataStore() {}

  /**
   * Reads one record.
   *
   * @param key the record's key
   * @return the record with its values, subjects and anchors; empty if there is none
   */
  protected abstract Optional<PersonalRecord> record(RecordKey key);

  /**
   * Deletes one record.
   *
   * @param key the record's key
   * @return whether a record was deleted; false if there was none
   */
  protected abstract boolean remove(RecordKey key);

  /**
   * Writes new values into fields of one record.
   *
   * @param key the record's key
   * @param values the new value per field name (a value may be null: the field is cleared); only
   *     these fields change
   * @param markAnonymized whether to mark the record anonymized, so that an {@link
   *     io.lethe.core.spi.ExpiryQuery} that {@linkplain
   *     io.lethe.core.spi.ExpiryQuery#excludeAnonymized excludes anonymized records} does not find
   *     it again
   * @return whether the record existed and was changed
   */
  protected abstract boolean update(
      RecordKey key, Map<String, Object> values, boolean markAnonymized);

  /** {@inheritDoc} Reads each existing key once, in key order. */
  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    List<PersonalRecord> found = new ArrayList<>();
    for (RecordKey key : new TreeSet<>(keys)) {
      record(key).ifPresent(found::add);
    }
    return found.stream();
  }

  /** {@inheritDoc} Removes each key once; a key with no record is not counted. */
  @Override
  public int delete(List<RecordKey> keys) {
    int deleted = 0;
    for (RecordKey key : new LinkedHashSet<>(keys)) {
      if (remove(key)) {
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * {@inheritDoc} Reads each record, applies the strategy of each field's category to its value and
   * writes the fields that have a strategy, marking the record if the anonymization {@link
   * Anonymization#marksRecords marks records}.
   */
  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    Objects.requireNonNull(anonymization, "anonymization");
    int count = 0;
    for (RecordKey key : new LinkedHashSet<>(keys)) {
      Optional<PersonalRecord> found = record(key);
      if (found.isEmpty()) {
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (FieldValue field : found.get().fields()) {
        Optional<FieldStrategy> strategy = anonymization.strategyFor(field.category());
        strategy.ifPresent(s -> values.put(field.name(), anonymization.apply(s, field.value())));
      }
      if (update(key, values, anonymization.marksRecords())) {
        count++;
      }
    }
    return count;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the store has no field of a category given; the message
   *     names the category, never a value
   */
  @Override
  public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    Objects.requireNonNull(key, "key");
    Map<CategoryKey, List<String>> fieldsByCategory = new HashMap<>();
    for (StoreField field : descriptor().fields()) {
      fieldsByCategory.computeIfAbsent(field.category(), c -> new ArrayList<>()).add(field.name());
    }
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Map.Entry<CategoryKey, Object> value : values.entrySet()) {
      List<String> names = fieldsByCategory.get(value.getKey());
      if (names == null) {
        throw new IllegalArgumentException(
            "store '" + name() + "' has no field of category '" + value.getKey() + "'");
      }
      names.forEach(name -> byName.put(name, value.getValue()));
    }
    return record(key).isPresent() && update(key, byName, false) ? 1 : 0;
  }

  /**
   * {@inheritDoc} Read from the subject's records ({@link #recordsOf}), as the interface requires.
   */
  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    Objects.requireNonNull(identity, "identity");
    try (Stream<PersonalRecord> records = recordsOf(Set.of(identity))) {
      return records
          .flatMap(r -> r.subjects().stream())
          .filter(s -> !s.equals(identity))
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
  }
}
