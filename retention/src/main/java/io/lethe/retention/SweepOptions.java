package io.lethe.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * How a sweep runs: batch size, pause between batches, a listener, and a cancellation handle.
 *
 * @param batchSize records per batch (and per transaction), at least 1; default 10,000. Each batch
 *     also costs a few fixed statements (its audit entry, the checkpoint written before and after
 *     it), worth a few hundred deleted rows' time each; batches of 1000, the default before, made a
 *     set-based sweep of a large table about ten times slower than one statement
 * @param pause how long to wait between batches, to spare a busy database; default none
 * @param listener hears progress after each batch
 * @param cancellation stops the sweep between batches when cancelled
 */
public record SweepOptions(
    int batchSize, Duration pause, SweepListener listener, Cancellation cancellation) {

  /** Records per batch when the host sets none. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;

  /** Validates the batch size and pause. */
  public SweepOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    Objects.requireNonNull(pause, "pause");
    if (pause.isNegative()) {
      throw new IllegalArgumentException("pause must not be negative");
    }
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** {@return batches of 10,000, no pause, no listener} */
  public static SweepOptions defaults() {
    return new SweepOptions(
        DEFAULT_BATCH_SIZE, Duration.ZERO, SweepListener.NONE, new Cancellation());
  }

  /**
   * @param size records per batch
   * @return a copy with that batch size
   */
  public SweepOptions batchSize(int size) {
    return new SweepOptions(size, pause, listener, cancellation);
  }

  /**
   * @param between the wait between batches
   * @return a copy with that pause
   */
  public SweepOptions pause(Duration between) {
    return new SweepOptions(batchSize, between, listener, cancellation);
  }

  /**
   * @param value the progress listener
   * @return a copy with that listener
   */
  public SweepOptions listener(SweepListener value) {
    return new SweepOptions(batchSize, pause, value, cancellation);
  }

  /**
   * @param value the cancellation handle
   * @return a copy with that handle
   */
  public SweepOptions cancellation(Cancellation value) {
    return new SweepOptions(batchSize, pause, listener, value);
  }
}
