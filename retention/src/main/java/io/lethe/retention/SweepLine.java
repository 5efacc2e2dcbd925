package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;

/**
 * What a sweep did to one category in one store.
 *
 * @param store the store
 * @param category the category
 * @param rule the rule's id
 * @param action what was done to due records
 * @param processed how many records were deleted, anonymized or aggregated
 * @param batches how many batches it took
 * @param status how it ended
 */
public record SweepLine(String store, CategoryKey category, String rule, String action,
    long processed, int batches, Status status) {

  /** How the sweep of one store and category ended. */
  public enum Status {
    /** Everything due was processed. */
    COMPLETED,
    /** A category, store or policy hold kept everything. */
    HELD,
    /** The rule has no finite maximum: nothing can expire. */
    NOT_EXPIRING,
    /** Cancelled before the end; the checkpoint remains for the next run. */
    CANCELLED
  }
}
