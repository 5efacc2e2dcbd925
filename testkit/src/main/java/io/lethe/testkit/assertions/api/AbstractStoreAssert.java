package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldHoldNoRecordsOf.shouldHoldNoRecordsOf;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.subject.SubjectRef;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions shared by {@link StoreAssert} and {@link StoreAtInstantAssert}: what a store holds of
 * a subject. Messages count records; they never show a record, its key or an identifier.
 *
 * @param <SELF> the concrete assertion type
 */
public abstract class AbstractStoreAssert<SELF extends AbstractStoreAssert<SELF>>
    extends AbstractAssert<SELF, PersonalDataStore> {

  /**
   * Creates the assertion.
   *
   * @param actual the store
   * @param selfType the concrete assertion type
   */
  protected AbstractStoreAssert(PersonalDataStore actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /**
   * Verifies that no record links to any of the given identifiers, for example after an erasure.
   * Pass every identifier of one subject.
   *
   * @param identities the subject's identifiers
   * @return this assertion
   */
  public SELF holdsNoRecordsOf(SubjectRef... identities) {
    isNotNull();
    Set<SubjectRef> set = identities(identities);
    long count;
    try (Stream<?> records = actual.recordsOf(set)) {
      count = records.count();
    }
    if (count > 0) {
      throwAssertionError(shouldHoldNoRecordsOf(actual.name(), set.size(), count));
    }
    return myself;
  }

  /**
   * Starts an assertion that the store still holds data of a category for a subject, for example
   * because a legal floor kept it through an erasure. Finish it with {@link
   * StillHoldsAssert#of(SubjectRef...)}.
   *
   * @param category the dotted category key
   * @return the pending assertion
   */
  public StillHoldsAssert stillHolds(String category) {
    return stillHolds(CategoryKey.of(category));
  }

  /**
   * Starts an assertion that the store still holds data of a category for a subject.
   *
   * @param category the category
   * @return the pending assertion
   */
  public StillHoldsAssert stillHolds(CategoryKey category) {
    isNotNull();
    return new StillHoldsAssert(actual, category);
  }

  static Set<SubjectRef> identities(SubjectRef... identities) {
    Assertions.assertThat(identities).as("subject identifiers").isNotEmpty();
    return Set.of(identities);
  }
}
