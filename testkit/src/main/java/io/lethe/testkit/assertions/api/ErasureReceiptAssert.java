package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldBeComplete.failedParticipant;
import static io.lethe.testkit.assertions.error.ShouldBeComplete.failedStore;
import static io.lethe.testkit.assertions.error.ShouldBeComplete.shouldBeComplete;
import static io.lethe.testkit.assertions.error.ShouldCoverStore.shouldCoverStore;
import static io.lethe.testkit.assertions.error.ShouldHaveErased.shouldHaveErased;
import static io.lethe.testkit.assertions.error.ShouldHaveFailedIn.shouldHaveFailedIn;
import static io.lethe.testkit.assertions.error.ShouldHaveRetained.shouldHaveRetained;
import static io.lethe.testkit.assertions.error.ShouldHaveRetained.shouldHaveRetainedOnce;
import static io.lethe.testkit.assertions.error.ShouldNotify.shouldNotify;

import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.CategoryKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link ErasureReceipt}: whether every store did its part, what each store
 * erased, what was kept and on which ground, and whom to tell (GDPR Art. 19).
 *
 * <pre>{@code
 * assertThat(engine.erase(subject, "req-1"))
 *     .isComplete()
 *     .erased("accounts")
 *     .notifies("mailer")
 *     .retained("user.financial.transaction")
 *     .because(RetainedRecords.Ground.MINIMUM_RETENTION).because("tax law").isDeferred();
 * }</pre>
 *
 * <p>Messages name the erasure's reference, stores, categories, grounds, rule and hold ids,
 * recipient keys and counts. A receipt holds no subject identifier or value, and neither do the
 * messages.
 */
public class ErasureReceiptAssert extends AbstractAssert<ErasureReceiptAssert, ErasureReceipt> {

  /**
   * Creates the assertion; prefer {@code LetheAssertions.assertThat(receipt)}.
   *
   * @param actual the receipt
   */
  public ErasureReceiptAssert(ErasureReceipt actual) {
    super(actual, ErasureReceiptAssert.class);
  }

  /**
   * Verifies that every store was reached and did what it was asked, and every participant outside
   * the stores (such as the consent ledger) did its part: nothing failed.
   *
   * @return this assertion
   */
  public ErasureReceiptAssert isComplete() {
    isNotNull();
    List<String> failures = new ArrayList<>();
    actual.failed().forEach(line -> failures.add(failedStore(line.store(), line.failure())));
    actual
        .failedParticipants()
        .forEach(line -> failures.add(failedParticipant(line.participant(), line.failure())));
    if (!failures.isEmpty()) {
      throwAssertionError(shouldBeComplete(actual.reference(), actual.policy(), failures));
    }
    return myself;
  }

  /**
   * Verifies that the erasure failed in the store, so the request stays open.
   *
   * @param store the store's name
   * @return this assertion
   */
  public ErasureReceiptAssert hasFailedIn(String store) {
    StoreErasure line = line(store);
    if (line.status() != StoreErasure.Status.FAILED) {
      throwAssertionError(shouldHaveFailedIn(actual.reference(), store, line.status()));
    }
    return myself;
  }

  /**
   * Verifies that the erasure erased records in the store: its status is {@link
   * StoreErasure.Status#ERASED}, or {@link StoreErasure.Status#PARTLY_RETAINED} with at least one
   * record deleted or anonymized. A store that held nothing of the subject ({@link
   * StoreErasure.Status#NOTHING_FOUND}), kept everything, or failed does not pass: the check is
   * that this erasure removed something there. Check what was kept with {@link #retained(String,
   * String)}.
   *
   * @param store the store's name
   * @return this assertion
   */
  public ErasureReceiptAssert erased(String store) {
    StoreErasure line = line(store);
    if (!erasedSomething(line)) {
      throwAssertionError(shouldHaveErased(actual.reference(), line));
    }
    return myself;
  }

  /**
   * Verifies that the erasure erased exactly so many records in the store, deleted and anonymized
   * together, as {@link #erased(String)} defines erasing.
   *
   * @param store the store's name
   * @param records how many records were deleted or anonymized there
   * @return this assertion
   */
  public ErasureReceiptAssert erased(String store, long records) {
    StoreErasure line = line(store);
    if (!erasedSomething(line) || line.deleted() + line.anonymized() != records) {
      throwAssertionError(shouldHaveErased(actual.reference(), line, records));
    }
    return myself;
  }

  /**
   * Switches to assertions on the records of a category that the erasure kept. The category must
   * have been kept in exactly one store; otherwise name the store with {@link #retained(String,
   * String)}.
   *
   * @param category the dotted category key, exactly as the receipt lists it
   * @return assertions on the kept records
   */
  public RetainedRecordsAssert retained(String category) {
    isNotNull();
    CategoryKey key = CategoryKey.of(category);
    List<String> stores = new ArrayList<>();
    RetainedRecords found = null;
    for (StoreErasure line : actual.stores()) {
      for (RetainedRecords kept : line.retained()) {
        if (kept.category().equals(key)) {
          stores.add(line.store());
          found = kept;
        }
      }
    }
    if (stores.isEmpty()) {
      throwAssertionError(shouldHaveRetained(actual.reference(), category, null, kept()));
    }
    if (stores.size() > 1) {
      throwAssertionError(shouldHaveRetainedOnce(actual.reference(), category, stores));
    }
    return new RetainedRecordsAssert(stores.get(0), found);
  }

  /**
   * Switches to assertions on the records of a category that the erasure kept in one store.
   *
   * @param store the store's name
   * @param category the dotted category key, exactly as the receipt lists it
   * @return assertions on the kept records
   */
  public RetainedRecordsAssert retained(String store, String category) {
    StoreErasure line = line(store);
    RetainedRecords kept = line.retained(CategoryKey.of(category)).orElse(null);
    if (kept == null) {
      throwAssertionError(shouldHaveRetained(actual.reference(), category, store, kept()));
    }
    return new RetainedRecordsAssert(store, kept);
  }

  /**
   * Verifies that the recipients to notify of the erasure (GDPR Art. 19) are exactly the given
   * ones, in any order. With no keys, verifies that nobody needs to be told.
   *
   * @param recipientKeys the keys of the recipients and third parties to tell
   * @return this assertion
   */
  public ErasureReceiptAssert notifies(String... recipientKeys) {
    isNotNull();
    List<String> expected = List.of(recipientKeys);
    Set<String> expectedSet = new LinkedHashSet<>(expected);
    Set<String> actualSet = new LinkedHashSet<>(actual.recipientsToNotify());
    if (!expectedSet.equals(actualSet)) {
      List<String> missing = expectedSet.stream().filter(k -> !actualSet.contains(k)).toList();
      List<String> unexpected = actualSet.stream().filter(k -> !expectedSet.contains(k)).toList();
      throwAssertionError(
          shouldNotify(
              actual.reference(), expected, actual.recipientsToNotify(), missing, unexpected));
    }
    return myself;
  }

  private static boolean erasedSomething(StoreErasure line) {
    return line.status() == StoreErasure.Status.ERASED
        || line.status() == StoreErasure.Status.PARTLY_RETAINED
            && line.deleted() + line.anonymized() > 0;
  }

  private StoreErasure line(String store) {
    Objects.requireNonNull(store, "store");
    isNotNull();
    StoreErasure line = actual.store(store).orElse(null);
    if (line == null) {
      throwAssertionError(
          shouldCoverStore(
              actual.reference(),
              store,
              actual.stores().stream().map(StoreErasure::store).toList()));
    }
    return line;
  }

  private List<String> kept() {
    List<String> kept = new ArrayList<>();
    for (StoreErasure line : actual.stores()) {
      line.retained().forEach(r -> kept.add(line.store() + "/" + r.category().value()));
    }
    return kept;
  }
}
