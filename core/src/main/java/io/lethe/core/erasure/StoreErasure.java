package io.lethe.core.erasure;

import io.lethe.core.policy.CategoryKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an erasure did in one store.
 *
 * @param store the store's name
 * @param status the outcome
 * @param found how many of the subject's records the store held when the erasure began; after
 *     several attempts, the most any attempt accounts for (what a later attempt found, plus what
 *     the earlier ones erased)
 * @param deleted how many were deleted, by every attempt so far
 * @param anonymized how many were anonymized (the link to the subject removed), by every attempt so
 *     far
 * @param retained what was kept, per category and ground, as the latest attempt found it
 * @param failure what went wrong, without personal data; null unless {@link Status#FAILED}
 */
public record StoreErasure(
    String store,
    Status status,
    long found,
    long deleted,
    long anonymized,
    List<RetainedRecords> retained,
    String failure) {

  /** The outcome in one store. */
  public enum Status {
    /**
     * The store holds nothing of the subject, and Lethe erased nothing there. After several
     * attempts, records an earlier attempt found and kept may have been removed by other means
     * since (a retention sweep, the host): {@code found} still counts them.
     */
    NOTHING_FOUND,
    /**
     * Every record found was deleted or anonymized. After several attempts: nothing of the subject
     * is left and Lethe erased records there; {@code deleted + anonymized} is less than {@code
     * found} when some were removed by other means between attempts.
     */
    ERASED,
    /** Some records were kept, with their grounds; the rest was erased. */
    PARTLY_RETAINED,
    /** The store could not be read or changed; what it still holds is unknown or unchanged. */
    FAILED
  }

  /** Checks the parts are present and consistent. */
  public StoreErasure {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(status, "status");
    retained = List.copyOf(retained);
    if ((status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException(
          "a failure is described exactly when the status is" + " FAILED");
    }
  }

  /** {@return how many records were kept} */
  public long retainedCount() {
    return retained.stream().mapToLong(RetainedRecords::records).sum();
  }

  /**
   * What was kept of a category.
   *
   * @param category the category
   * @return the retained records of exactly that category, if any
   */
  public Optional<RetainedRecords> retained(CategoryKey category) {
    return retained.stream().filter(r -> r.category().equals(category)).findFirst();
  }

  /**
   * This line followed by a later attempt at the same erasure in the same store: a retry of the
   * request after this attempt failed, or a sweep finishing what a floor or a hold kept. The
   * records deleted and anonymized add up; {@code found} is the larger of this line's and the later
   * one's plus what this one erased; what is kept and the failure are the later attempt's, since
   * they describe the store as it is now (a later failure keeps this line's retained records if it
   * found none of its own). The status follows: {@code FAILED} if the later attempt failed, {@code
   * PARTLY_RETAINED} if it kept records, else {@code ERASED} if either attempt found records (they
   * are all gone now, whether this erasure or an ordinary sweep removed them), else {@code
   * NOTHING_FOUND}.
   *
   * @param later the later attempt's line for the same store
   * @return the line for both attempts
   * @throws IllegalArgumentException if {@code later} is another store's
   */
  public StoreErasure followedBy(StoreErasure later) {
    Objects.requireNonNull(later, "later");
    if (!later.store.equals(store)) {
      throw new IllegalArgumentException(
          "cannot follow store '" + store + "' with store '" + later.store + "'");
    }
    long erased = deleted + anonymized;
    long allDeleted = deleted + later.deleted;
    long allAnonymized = anonymized + later.anonymized;
    // What the later attempt found is what this one left, plus what arrived in between.
    long allFound = Math.max(found, later.found + erased);
    if (later.status == Status.FAILED) {
      return new StoreErasure(
          store,
          Status.FAILED,
          allFound,
          allDeleted,
          allAnonymized,
          later.retained.isEmpty() ? retained : later.retained,
          later.failure);
    }
    // Nothing kept and nothing failed now: whatever either attempt found is gone, even if a
    // sweep rather than this erasure removed it (kept records that then expired).
    Status merged =
        !later.retained.isEmpty()
            ? Status.PARTLY_RETAINED
            : allFound > 0 ? Status.ERASED : Status.NOTHING_FOUND;
    return new StoreErasure(
        store, merged, allFound, allDeleted, allAnonymized, later.retained, null);
  }
}
