package io.lethe.testkit.assertions.api;

import io.lethe.core.spi.PersonalDataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Assertions on a {@link PersonalDataStore}. Checks that depend on the time go through {@link
 * #at(Clock)}.
 *
 * <pre>{@code
 * assertThat(store).holdsNoRecordsOf(SubjectRef.email("…"));
 * assertThat(store).stillHolds("user.financial.transaction").of(subject);
 * assertThat(store).at(clock).holdsNothingPastRetention(policy);
 * }</pre>
 */
public class StoreAssert extends AbstractStoreAssert<StoreAssert> {

  /**
   * Creates the assertion; prefer {@code LetheAssertions.assertThat(store)}.
   *
   * @param actual the store
   */
  public StoreAssert(PersonalDataStore actual) {
    super(actual, StoreAssert.class);
  }

  /**
   * Fixes the instant at which time-dependent assertions are checked: the clock's instant now.
   *
   * @param clock the clock, usually the test's settable clock
   * @return assertions on the store at that instant
   */
  public StoreAtInstantAssert at(Clock clock) {
    return at(Objects.requireNonNull(clock, "clock").instant());
  }

  /**
   * Fixes the instant at which time-dependent assertions are checked.
   *
   * @param instant the instant
   * @return assertions on the store at that instant
   */
  public StoreAtInstantAssert at(Instant instant) {
    isNotNull();
    return new StoreAtInstantAssert(actual, Objects.requireNonNull(instant, "instant"));
  }
}
