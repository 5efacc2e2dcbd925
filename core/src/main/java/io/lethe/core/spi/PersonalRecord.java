package io.lethe.core.spi;

import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One record of a subject, as a store hands it out for an access export or an erasure. {@link
 * #toString()} hides every value.
 *
 * @param store the store's name
 * @param key the record's key in that store
 * @param category the category the record as a whole belongs to
 * @param fields the record's personal fields with their values
 * @param subjects the subject identifiers the record carries
 * @param anchors the record's lifecycle instants that the store knows
 */
public record PersonalRecord(
    String store,
    RecordKey key,
    CategoryKey category,
    List<FieldValue> fields,
    Set<SubjectRef> subjects,
    AnchorTimes anchors) {

  /** Rejects nulls and copies the collections. */
  public PersonalRecord {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(category, "category");
    fields = List.copyOf(fields);
    subjects = Set.copyOf(subjects);
    Objects.requireNonNull(anchors, "anchors");
  }

  /** Shows the store, category and field names, never a value or key. */
  @Override
  public String toString() {
    return "PersonalRecord[store="
        + store
        + ", category="
        + category
        + ", fields="
        + fields
        + ", subjects="
        + subjects.size()
        + "]";
  }
}
