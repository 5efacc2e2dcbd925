package io.lethe.core.rights;

import io.lethe.core.policy.CategoryKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an erasure did in one store.
 *
 * @param store the store's name
 * @param status the outcome
 * @param found how many of the subject's records the store held when the erasure began
 * @param deleted how many were deleted
 * @param anonymized how many were anonymized (the link to the subject removed)
 * @param retained what was kept, per category and ground
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
    /** The store holds nothing of the subject. */
    NOTHING_FOUND,
    /** Every record found was deleted or anonymized. */
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
      throw new IllegalArgumentException("a failure is described exactly when the status is"
          + " FAILED");
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
}
