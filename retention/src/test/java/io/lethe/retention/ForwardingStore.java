package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Delegates every call, so a test can break one. */
class ForwardingStore implements io.lethe.core.spi.PersonalDataStore {
  private final io.lethe.core.spi.PersonalDataStore delegate;

  ForwardingStore(io.lethe.core.spi.PersonalDataStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public io.lethe.core.store.StoreDescriptor descriptor() {
    return delegate.descriptor();
  }

  @Override
  public List<RecordKey> findExpired(io.lethe.core.store.ExpiryQuery query) {
    return delegate.findExpired(query);
  }

  @Override
  public long countExpired(io.lethe.core.store.ExpiryQuery query) {
    return delegate.countExpired(query);
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
  public int anonymize(List<RecordKey> keys, io.lethe.core.store.Anonymization anonymization) {
    return delegate.anonymize(keys, anonymization);
  }

  @Override
  public Stream<PersonalRecord> recordsOf(java.util.Set<SubjectRef> identities) {
    return delegate.recordsOf(identities);
  }

  @Override
  public java.util.Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    return delegate.linkedIdentities(identity);
  }

  @Override
  public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    return delegate.rectify(key, values);
  }
}
