package io.lethe.retention.crash;

import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import io.lethe.testkit.store.ForwardingStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Delegates every call to a store, and kills the JVM ({@code Runtime.halt(137)}, no shutdown
 * hooks, nothing flushed) on the n-th batch that changes data, counted across every store sharing
 * the counter: just before the store's transaction, or just after it committed and before the
 * engine hears of it.
 */
public final class HaltingStore extends ForwardingStore {

  /** The exit status of a killed sweep, as after {@code kill -9}. */
  public static final int KILLED = 137;

  /** When, relative to the n-th batch's commit, the JVM dies. */
  public enum When {
    /** Before the batch's transaction starts: nothing of it is committed. */
    BEFORE_COMMIT,
    /** After the batch's transaction committed, before the audit entry and checkpoint. */
    AFTER_COMMIT
  }

  private final AtomicInteger batches;
  private final int haltAt;
  private final When when;

  /**
   * Wraps a store.
   *
   * @param delegate the real store
   * @param batches the counter of changing batches, shared by the stores of one sweep
   * @param haltAt the 1-based batch to die on
   * @param when before or after its commit
   */
  public HaltingStore(PersonalDataStore delegate, AtomicInteger batches, int haltAt, When when) {
    super(delegate);
    this.batches = batches;
    this.haltAt = haltAt;
    this.when = when;
  }

  private <T> T change(java.util.function.Supplier<T> call) {
    boolean last = batches.incrementAndGet() == haltAt;
    if (last && when == When.BEFORE_COMMIT) {
      Runtime.getRuntime().halt(KILLED);
    }
    T result = call.get();
    if (last) {
      Runtime.getRuntime().halt(KILLED);
    }
    return result;
  }

  private int changeInt(IntSupplier call) {
    return change(call::getAsInt);
  }

  @Override
  public int delete(List<RecordKey> keys) {
    return changeInt(() -> delegate().delete(keys));
  }

  @Override
  public DeletedPage deleteExpiredPage(ExpiryQuery query) {
    return change(() -> delegate().deleteExpiredPage(query));
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    return changeInt(() -> delegate().anonymize(keys, anonymization));
  }

}
