package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.AbstractPersonalDataStore;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A store that is not a SQL table, built on {@link AbstractPersonalDataStore}: a collection of
 * documents, as a document database or a REST service would hold them. What it writes itself is the
 * filter of an expiry query and the subject search, which a real service would run on its side, and
 * one-record reads and writes; it passes the whole store contract.
 */
class DocumentStoreContractTest extends PersonalDataStoreContract {

  @Override
  protected PersonalDataStore createStore(List<ContractRow> rows) {
    DocumentStore store = new DocumentStore();
    rows.forEach(
        row ->
            store.documents.put(
                row.id(),
                new Document(
                    row.accountId(), row.email(), row.ip(), row.createdAt(), row.closedAt())));
    return store;
  }

  /** One document; mutable, as a service's would be. */
  private static final class Document {
    final String account;
    String email;
    String ip;
    final Instant created;
    final Instant closed;
    boolean anonymized;

    Document(String account, String email, String ip, Instant created, Instant closed) {
      this.account = account;
      this.email = email;
      this.ip = ip;
      this.created = created;
      this.closed = closed;
    }

    Set<SubjectRef> subjects() {
      Set<SubjectRef> subjects = new HashSet<>();
      subjects.add(SubjectRef.account(account));
      if (email != null) {
        subjects.add(SubjectRef.email(email));
      }
      return subjects;
    }

    Instant anchor(Anchor anchor) {
      return anchor.equals(Anchor.COLLECTED) ? created : closed;
    }
  }

  private static final class DocumentStore extends AbstractPersonalDataStore {
    private static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");
    private static final CategoryKey EMAIL = CategoryKey.of("user.contact.email");
    private static final CategoryKey IP = CategoryKey.of("user.device.ip_address");
    private final TreeMap<Long, Document> documents = new TreeMap<>();

    @Override
    public StoreDescriptor descriptor() {
      return new StoreDescriptor(
          "contract",
          USAGE,
          List.of(new StoreField("email", EMAIL), new StoreField("ip", IP)),
          List.of(IdentifierType.ACCOUNT_ID, IdentifierType.EMAIL),
          List.of(Anchor.COLLECTED, Anchor.ACCOUNT_CLOSED),
          true);
    }

    @Override
    public List<RecordKey> findExpired(ExpiryQuery query) {
      boolean whole = USAGE.isWithin(query.category());
      boolean email = EMAIL.isWithin(query.category());
      boolean ip = IP.isWithin(query.category());
      Map<Long, Document> after =
          query.after() == null
              ? documents
              : documents.tailMap((Long) query.after().value(), false);
      List<RecordKey> keys = new ArrayList<>();
      for (Map.Entry<Long, Document> entry : after.entrySet()) {
        Document d = entry.getValue();
        Instant at = d.anchor(query.anchor());
        boolean holds = whole || email && d.email != null || ip && d.ip != null;
        boolean stillHolding =
            query.stillHolding().isEmpty()
                || query.stillHolding().stream()
                    .anyMatch(
                        c ->
                            EMAIL.isWithin(c) && d.email != null || IP.isWithin(c) && d.ip != null);
        if (keys.size() < query.limit()
            && at != null
            && !at.isAfter(query.cutoff())
            && (query.notBefore() == null || !at.isBefore(query.notBefore()))
            && holds
            && stillHolding
            && !(query.excludeAnonymized() && d.anonymized)
            && java.util.Collections.disjoint(d.subjects(), query.excludedSubjects())) {
          keys.add(RecordKey.of(entry.getKey()));
        }
      }
      return keys;
    }

    @Override
    public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
      return documents.entrySet().stream()
          .filter(e -> !java.util.Collections.disjoint(e.getValue().subjects(), identities))
          .map(e -> toRecord(e.getKey(), e.getValue()))
          .toList()
          .stream();
    }

    @Override
    protected Optional<PersonalRecord> record(RecordKey key) {
      Document d = documents.get((Long) key.value());
      return d == null ? Optional.empty() : Optional.of(toRecord((Long) key.value(), d));
    }

    @Override
    protected boolean remove(RecordKey key) {
      return documents.remove((Long) key.value()) != null;
    }

    @Override
    protected boolean update(RecordKey key, Map<String, Object> values, boolean anonymized) {
      Document d = documents.get((Long) key.value());
      if (d == null) {
        return false;
      }
      if (values.containsKey("email")) {
        d.email = (String) values.get("email");
      }
      if (values.containsKey("ip")) {
        d.ip = (String) values.get("ip");
      }
      d.anonymized |= anonymized;
      return true;
    }

    @Override
    public boolean supports(io.lethe.core.spi.StoreOperation operation) {
      return true; // it lists its subjects, below
    }

    @Override
    public Stream<SubjectRef> subjects() {
      return documents.values().stream()
          .flatMap(d -> d.subjects().stream())
          .distinct()
          .toList()
          .stream();
    }

    private static PersonalRecord toRecord(long id, Document d) {
      AnchorTimes anchors = AnchorTimes.collectedAt(d.created);
      if (d.closed != null) {
        anchors = anchors.with(Anchor.ACCOUNT_CLOSED, d.closed);
      }
      return new PersonalRecord(
          "contract",
          RecordKey.of(id),
          USAGE,
          List.of(new FieldValue("email", EMAIL, d.email), new FieldValue("ip", IP, d.ip)),
          d.subjects(),
          anchors);
    }
  }
}
