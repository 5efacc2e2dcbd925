package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldBeDeferred;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldBeKeptUntil;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldCount;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldHaveGround;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldHaveReason;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAs.shouldHaveSource;

import io.lethe.core.erasure.RetainedRecords;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on records of one category that an erasure kept in one store, obtained from {@link
 * ErasureReceiptAssert#retained(String)}: the ground, reason and source, how long they stay
 * protected, and whether Lethe erases them by itself then.
 */
public class RetainedRecordsAssert extends AbstractAssert<RetainedRecordsAssert, RetainedRecords> {

  private final String store;

  /**
   * Creates the assertion.
   *
   * @param store the name of the store that kept the records
   * @param actual the receipt's entry
   */
  public RetainedRecordsAssert(String store, RetainedRecords actual) {
    super(actual, RetainedRecordsAssert.class);
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Verifies the legal ground the records were kept on.
   *
   * @param ground the expected ground
   * @return this assertion
   */
  public RetainedRecordsAssert because(RetainedRecords.Ground ground) {
    Objects.requireNonNull(ground, "ground");
    isNotNull();
    if (actual.ground() != ground) {
      throwAssertionError(shouldHaveGround(store, actual, ground));
    }
    return myself;
  }

  /**
   * Verifies that the reason given for keeping the records contains a fragment, such as the legal
   * reference of a rule or the reason of a hold.
   *
   * @param reasonFragment text the reason must contain
   * @return this assertion
   */
  public RetainedRecordsAssert because(String reasonFragment) {
    Objects.requireNonNull(reasonFragment, "reasonFragment");
    isNotNull();
    if (!actual.reason().contains(reasonFragment)) {
      throwAssertionError(shouldHaveReason(store, actual, reasonFragment));
    }
    return myself;
  }

  /**
   * Verifies the retention rule id or legal hold id that keeps the records.
   *
   * @param source the rule or hold id
   * @return this assertion
   */
  public RetainedRecordsAssert by(String source) {
    Objects.requireNonNull(source, "source");
    isNotNull();
    if (!actual.source().equals(source)) {
      throwAssertionError(shouldHaveSource(store, actual, source));
    }
    return myself;
  }

  /**
   * Verifies when the last of the records stops being protected.
   *
   * @param until the expected instant
   * @return this assertion
   */
  public RetainedRecordsAssert until(Instant until) {
    Objects.requireNonNull(until, "until");
    isNotNull();
    if (!until.equals(actual.until())) {
      throwAssertionError(shouldBeKeptUntil(store, actual, until));
    }
    return myself;
  }

  /**
   * Verifies that the receipt states no end of protection: an open-ended hold, a legal obligation
   * with no stated period, or an anchor that has not happened.
   *
   * @return this assertion
   */
  public RetainedRecordsAssert untilUnknown() {
    isNotNull();
    if (actual.until() != null) {
      throwAssertionError(shouldBeKeptUntil(store, actual, null));
    }
    return myself;
  }

  /**
   * Verifies that Lethe erases the records by itself once their protection ends (floors and holds,
   * in a store that can list its subjects).
   *
   * @return this assertion
   */
  public RetainedRecordsAssert isDeferred() {
    isNotNull();
    if (!actual.deferred()) {
      throwAssertionError(shouldBeDeferred(store, actual, true));
    }
    return myself;
  }

  /**
   * Verifies that Lethe does not erase the records by itself later: their retention rule decides,
   * or the store cannot list its subjects.
   *
   * @return this assertion
   */
  public RetainedRecordsAssert isNotDeferred() {
    isNotNull();
    if (actual.deferred()) {
      throwAssertionError(shouldBeDeferred(store, actual, false));
    }
    return myself;
  }

  /**
   * Verifies how many records were kept.
   *
   * @param records the expected count
   * @return this assertion
   */
  public RetainedRecordsAssert counting(long records) {
    isNotNull();
    if (actual.records() != records) {
      throwAssertionError(shouldCount(store, actual, records));
    }
    return myself;
  }
}
