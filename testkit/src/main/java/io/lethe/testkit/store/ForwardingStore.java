package io.lethe.testkit.store;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A store that forwards every call to another; override the calls a test wants to break, count or
 * slow down (a store that fails on delete, one that cannot list its subjects).
 *
 * <pre>{@code
 * PersonalDataStore failing = new ForwardingStore(real) {
 *   @Override
 *   public int delete(List<RecordKey> keys) {
 *     throw new IllegalStateException("disk full");
 *   }
 * };
 * }</pre>
 *
 * <p>The composite operations {@link #countExpired} and {@link #deleteExpiredPage} keep the
 * interface's defaults, built on this class's own {@link #findExpired} and {@link #delete}, so an
 * override of those two reaches every sweep; a subclass that wants the wrapped store's own
 * set-based delete forwards {@code deleteExpiredPage} itself. For the same reason {@link
 * #jointReadGroup} is not forwarded: a forwarding store is read on its own, through its own {@link
 * #recordsOf}, even when the wrapped store could be read together with others. Nor is {@link
 * #deleteCountsAreExact}: an override of {@link #delete} may count as it likes, so an erasure reads
 * what a forwarding store deleted again by key.
 *
 * <p>What the wrapped store says of its records is forwarded: which it shares with other subjects
 * ({@link #sharedWithOthers}), which anonymizations it cannot apply ({@link #problemsWith}) and
 * which stores it refers to ({@link #refersTo}, asked about the store another forwarding store
 * wraps, since a store recognizes only stores of its own kind).
 */
public class ForwardingStore implements PersonalDataStore {

  private final PersonalDataStore delegate;

  /**
   * Wraps a store.
   *
   * @param delegate the store every call goes to
   */
  public ForwardingStore(PersonalDataStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** {@return the wrapped store} */
  protected PersonalDataStore delegate() {
    return delegate;
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
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    return delegate.records(keys);
  }

  @Override
  public int delete(List<RecordKey> keys) {
    return delegate.delete(keys);
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    return delegate.anonymize(keys, anonymization);
  }

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    return delegate.recordsOf(identities);
  }

  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    return delegate.linkedIdentities(identity);
  }

  /** Forwarded: a promise about the wrapped store's records, which this store hands out. */
  @Override
  public boolean linksIdentities() {
    return delegate.linksIdentities();
  }

  /** Forwarded: a promise about the wrapped store's records, which this store hands out. */
  @Override
  public Set<IdentifierType> uniqueIdentifiers() {
    return delegate.uniqueIdentifiers();
  }

  /** Forwarded: an erasure must not take the records other subjects still reach. */
  @Override
  public Set<RecordKey> sharedWithOthers(List<RecordKey> keys, Set<SubjectRef> identities) {
    return delegate.sharedWithOthers(keys, identities);
  }

  /** Forwarded: only the wrapped store can take a subject off the rows others share. */
  @Override
  public Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    return delegate.detach(keys, identities);
  }

  /** Forwarded: the wrapped store's columns are the ones the anonymization would change. */
  @Override
  public List<String> problemsWith(Anonymization anonymization) {
    return delegate.problemsWith(anonymization);
  }

  /**
   * Forwarded, about the store {@code other} wraps if it is a forwarding store too.
   *
   * @param other another store, wrapped or not
   * @return what the wrapped store says of the store {@code other} wraps
   */
  @Override
  public boolean refersTo(PersonalDataStore other) {
    PersonalDataStore unwrapped = other;
    while (unwrapped instanceof ForwardingStore forwarding) {
      unwrapped = forwarding.delegate;
    }
    return delegate.refersTo(unwrapped);
  }

  @Override
  public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    return delegate.rectify(key, values);
  }

  @Override
  public Stream<SubjectRef> subjects() {
    return delegate.subjects();
  }

  @Override
  public boolean supports(StoreOperation operation) {
    return delegate.supports(operation);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
