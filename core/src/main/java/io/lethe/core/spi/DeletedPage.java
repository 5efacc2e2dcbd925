package io.lethe.core.spi;

/**
 * What deleting one page of expired records did: how many records went, where the next page starts,
 * and whether this was the last page.
 *
 * <p>A page covers a range of keys, {@code (query.after(), lastKey]}: the store chooses the range
 * so that it holds at most {@code query.limit()} records (expired or not), which bounds the
 * transaction, and deletes the expired ones in it. A page may delete nothing and still not be the
 * last.
 *
 * @param lastKey the highest key of the range covered; null when this was the last page
 * @param deleted how many records were deleted
 */
public record DeletedPage(RecordKey lastKey, int deleted) {

  /** Rejects a negative count. */
  public DeletedPage {
    if (deleted < 0) {
      throw new IllegalArgumentException("deleted must not be negative");
    }
  }

  /**
   * The last page.
   *
   * @param deleted how many records it deleted
   * @return the page
   */
  public static DeletedPage last(int deleted) {
    return new DeletedPage(null, deleted);
  }

  /** {@return whether no records lie beyond this page} */
  public boolean isLast() {
    return lastKey == null;
  }
}
