package io.lethe.core.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import io.lethe.core.subject.SubjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** A store whose answers each test chooses, to play a misbehaving host store. */
final class StubStore implements PersonalDataStore {

  Function<ExpiryQuery, List<RecordKey>> findExpired = q -> List.of();
  Function<List<RecordKey>, Integer> delete = List::size;
  Function<List<RecordKey>, Integer> anonymize = List::size;
  Function<Set<SubjectRef>, Stream<PersonalRecord>> recordsOf = ids -> Stream.empty();
  Object group;
  Function<List<? extends PersonalDataStore>, List<Stream<PersonalRecord>>> jointly;
  private final String name;

  StubStore() {
    this("orders");
  }

  StubStore(String name) {
    this.name = name;
  }

  @Override
  public Object jointReadGroup() {
    return group;
  }

  @Override
  public List<Stream<PersonalRecord>> recordsOfJointly(
      List<? extends PersonalDataStore> stores, Set<SubjectRef> identities) {
    return jointly == null
        ? PersonalDataStore.super.recordsOfJointly(stores, identities)
        : jointly.apply(stores);
  }

  @Override
  public StoreDescriptor descriptor() {
    return new StoreDescriptor(
        name,
        CategoryKey.of("user.financial.transaction"),
        List.of(StoreField.of("email", "user.contact.email")),
        List.of(IdentifierType.ACCOUNT_ID),
        List.of(Anchor.COLLECTED));
  }

  @Override
  public List<RecordKey> findExpired(ExpiryQuery query) {
    return findExpired.apply(query);
  }

  @Override
  public int delete(List<RecordKey> keys) {
    return delete.apply(keys);
  }

  @Override
  public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
    return anonymize.apply(keys);
  }

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    return recordsOf.apply(identities);
  }

  @Override
  public Stream<PersonalRecord> records(List<RecordKey> keys) {
    return Stream.empty();
  }

  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    return Set.of();
  }

  @Override
  public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
    return 1;
  }
}
