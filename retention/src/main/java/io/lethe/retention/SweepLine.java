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
 * @param failure what went wrong, naming the store and never a value, when the status is {@link
 *     Status#FAILED}; null otherwise
 */
public record SweepLine(
    String store,
    CategoryKey category,
    String rule,
    String action,
    long processed,
    int batches,
    Status status,
    String failure) {

  /**
   * A line of a sweep that did not fail.
   *
   * @param store the store
   * @param category the category
   * @param rule the rule's id
   * @param action what was done to due records
   * @param processed how many records were processed
   * @param batches how many batches it took
   * @param status how it ended
   */
  public SweepLine(
      String store,
      CategoryKey category,
      String rule,
      String action,
      long processed,
      int batches,
      Status status) {
    this(store, category, rule, action, processed, batches, status, null);
  }

  /** How the sweep of one store and category ended. */
  public enum Status {
    /** Everything due was processed. */
    COMPLETED,
    /** A category, store or policy hold kept everything. */
    HELD,
    /** The rule has no finite maximum: nothing can expire. */
    NOT_EXPIRING,
    /** Cancelled before the end; the checkpoint remains for the next run. */
    CANCELLED,
    /**
     * The store failed; the records processed before are counted, the checkpoint remains, and the
     * next sweep resumes there. The other stores were swept.
     */
    FAILED
  }
}
