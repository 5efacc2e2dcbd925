package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldStillHold.shouldStillHold;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;

/**
 * The pending assertion of {@link AbstractStoreAssert#stillHolds(String)}: the store holds data of
 * a category for a subject. A record counts when its own category lies within the category, or when
 * it has a field of that category with a value.
 */
public class StillHoldsAssert extends AbstractAssert<StillHoldsAssert, PersonalDataStore> {

  private final CategoryKey category;

  /**
   * Creates the assertion.
   *
   * @param store the store
   * @param category the category expected to be kept
   */
  public StillHoldsAssert(PersonalDataStore store, CategoryKey category) {
    super(store, StillHoldsAssert.class);
    this.category = Objects.requireNonNull(category, "category");
  }

  /**
   * Verifies that some record of the subject holds the category.
   *
   * @param identities the subject's identifiers
   * @return this assertion
   */
  public StillHoldsAssert of(SubjectRef... identities) {
    Set<SubjectRef> set = AbstractStoreAssert.identities(identities);
    List<PersonalRecord> records;
    try (Stream<PersonalRecord> stream = actual.recordsOf(set)) {
      records = stream.toList();
    }
    if (records.stream().noneMatch(this::holdsCategory)) {
      throwAssertionError(shouldStillHold(actual.name(), category.value(), records.size()));
    }
    return myself;
  }

  private boolean holdsCategory(PersonalRecord record) {
    return record.category().isWithin(category)
        || record.fields().stream()
            .anyMatch(f -> f.category().isWithin(category) && f.value() != null);
  }
}
