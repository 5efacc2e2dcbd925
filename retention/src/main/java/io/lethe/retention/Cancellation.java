package io.lethe.retention;

/**
 * Cancels a running sweep from another thread. The sweep stops between batches, keeps its
 * checkpoint and reports itself cancelled; the next sweep resumes there.
 */
public final class Cancellation {

  private volatile boolean cancelled;

  /** Creates a cancellation that nothing has asked for yet. */
  public Cancellation() {}

  /** Asks the sweep to stop after its current batch. */
  public void cancel() {
    cancelled = true;
  }

  /** {@return whether cancellation was asked} */
  public boolean isCancelled() {
    return cancelled;
  }
}
