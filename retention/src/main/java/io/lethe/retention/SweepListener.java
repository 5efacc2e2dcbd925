package io.lethe.retention;

/** Hears about a sweep's progress after every batch. */
@FunctionalInterface
public interface SweepListener {

  /** A listener that ignores everything. */
  SweepListener NONE = progress -> {};

  /**
   * Called after each batch.
   *
   * @param progress where the sweep stands
   */
  void onBatch(SweepProgress progress);
}
