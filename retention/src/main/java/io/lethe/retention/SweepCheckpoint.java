package io.lethe.retention;

import io.lethe.core.spi.RecordKey;
import java.time.Instant;
import java.util.Objects;

/**
 * How far a sweep of one store and category got: the last key it finished, and the batch it had in
 * flight, if any. A sweep that dies leaves its checkpoint behind; the next run resumes after {@code
 * after} and records the in-flight batch as interrupted.
 *
 * @param sweepKey which sweep: policy, store, category and rule
 * @param after the last key of the last finished batch; null before the first
 * @param inFlight how many records the batch being processed holds; 0 between batches
 * @param processed how many records this run has processed so far
 * @param updatedAt when the checkpoint was written
 */
public record SweepCheckpoint(
    String sweepKey, RecordKey after, int inFlight, long processed, Instant updatedAt) {

  /** Rejects nulls where required and negative counts. */
  public SweepCheckpoint {
    Objects.requireNonNull(sweepKey, "sweepKey");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (inFlight < 0 || processed < 0) {
      throw new IllegalArgumentException("checkpoint counts must not be negative");
    }
  }
}
