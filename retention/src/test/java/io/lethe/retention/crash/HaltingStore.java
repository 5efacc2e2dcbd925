package io.lethe.retention.crash;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.Anonymization;
import io.lethe.core.store.DeletedPage;
import io.lethe.core.store.ExpiryQuery;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.store.StoreDescriptor;
import io.lethe.core.store.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Delegates every call to a store, and kills the JVM ({@code Runtime.halt(137)}, no shutdown
 * hooks, nothing flushed) on the n-th batch that changes data, counted across every store sharing
 * the counter: just before the store's transaction, or just after it committed and before the
 * engine hears of it.
 */
public final class HaltingStore implements PersonalDataStore {

  /** The exit status of a killed sweep, as after {@code kill -9}. */
  public static final int KILLED = 137;

  /** When, relative to the n-th batch's commit, the JVM dies. */
  public enum When {
    /** Before the batch's transaction starts: nothing of it is committed. */
    BEFORE_COMMIT,
    /** After the batch's transaction committed, before the audit entry and checkpoint. */
    AFTER_COMMIT
  }

  private final PersonalDataStore delegate;
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
    this.delegate = delegate;
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
  public StoreDescriptor descriptor() {
    return delegate.descriptor();
  }

  @Override
  public List<RecordKey> findExpired(ExpiryQuery query) {
    return delegate.findExpired(query);
  }

  @Override
  public long countExpired(ExpiryQuery query) {
    return delegate.countExpired(query);
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    return delegate.records(keys);
  }

  @Override
  public int delete(List<RecordKey> keys) {
    return changeInt(() -> delegate.delete(keys));
  }

  @Override
  public DeletedPage deleteExpiredPage(ExpiryQuery query) {
    return change(() -> delegate.deleteExpiredPage(query));
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    return changeInt(() -> delegate.anonymize(keys, anonymization));
  }

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    return delegate.recordsOf(identities);
  }

  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    return delegate.linkedIdentities(identity);
  }

  @Override
  public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    return delegate.rectify(key, values);
  }

  @Override
  public boolean supports(StoreOperation operation) {
    return delegate.supports(operation);
  }

  @Override
  public String toString() {
    return "HaltingStore[" + delegate + "]";
  }
}
