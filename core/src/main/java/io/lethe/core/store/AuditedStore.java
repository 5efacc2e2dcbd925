package io.lethe.core.store;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Lethe's engines call a host's store: every failure becomes a {@link StoreException} naming
 * the store and operation, every answer is checked against the store contract, and every change
 * (and every failure) leaves an audit entry saying exactly what happened, with counts.
 *
 * <p>A store that throws, that changes fewer or more records than asked, or that returns keys out
 * of order, beyond the page limit or records of another subject, is reported, never trusted.
 */
public final class AuditedStore {

  private static final Logger LOG = LoggerFactory.getLogger(AuditedStore.class);

  private final PersonalDataStore store;
  private final AuditLog audit;
  private final String name;

  private final boolean linksIdentities;
  private final Set<IdentifierType> uniqueIdentifiers;

  private AuditedStore(PersonalDataStore store, AuditLog audit) {
    this.store = Objects.requireNonNull(store, "store");
    this.audit = Objects.requireNonNull(audit, "audit");
    StoreDescriptor descriptor = describe(store);
    this.name = descriptor.name();
    this.linksIdentities = linksIdentities(store);
    this.uniqueIdentifiers = uniqueIdentifiers(store, descriptor);
  }

  /** The store's answer; true, which promises nothing, if it fails to give one. */
  private static boolean linksIdentities(PersonalDataStore store) {
    try {
      return store.linksIdentities();
    } catch (Exception e) { // also an undeclared checked one
      LOG.warn(
          "Store '{}' failed to say whether it links identifiers ({}); taking that it does",
          store.getClass().getSimpleName(),
          e.getClass().getSimpleName());
      return true;
    }
  }

  /**
   * The store's answer, less types it does not declare; empty, which promises nothing, if it fails
   * to give one.
   */
  private static Set<IdentifierType> uniqueIdentifiers(
      PersonalDataStore store, StoreDescriptor descriptor) {
    try {
      Set<IdentifierType> unique = store.uniqueIdentifiers();
      if (unique == null) {
        return Set.of();
      }
      Set<IdentifierType> declared = new LinkedHashSet<>(unique);
      declared.retainAll(descriptor.identifiers());
      return Set.copyOf(declared);
    } catch (Exception e) { // also an undeclared checked one
      LOG.warn(
          "Store '{}' failed to name its unique identifiers ({}); taking that none is",
          descriptor.name(),
          e.getClass().getSimpleName());
      return Set.of();
    }
  }

  /**
   * Wraps a store.
   *
   * @param store the host's store
   * @param audit where changes and failures are recorded
   * @return the wrapped store
   * @throws StoreException if the store cannot describe itself
   */
  public static AuditedStore of(PersonalDataStore store, AuditLog audit) {
    return new AuditedStore(store, audit);
  }

  private static StoreDescriptor describe(PersonalDataStore store) {
    try {
      return Objects.requireNonNull(store.descriptor(), "descriptor");
    } catch (RuntimeException e) {
      throw StoreException.failed(store.getClass().getSimpleName(), StoreOperation.DESCRIBE, e);
    }
  }

  /** {@return the store's name} */
  public String name() {
    return name;
  }

  /** {@return what the store holds} */
  public StoreDescriptor descriptor() {
    return describe(store);
  }

  /** {@return the wrapped store} */
  public PersonalDataStore unwrap() {
    return store;
  }

  /**
   * Finds one page of expired keys, checking that the store kept to the page's bounds.
   *
   * @param query the page asked for
   * @param context for the audit entry if the store fails
   * @return the keys
   * @throws StoreException if the store fails or breaks the contract
   */
  public List<RecordKey> findExpired(ExpiryQuery query, AuditContext context) {
    List<RecordKey> keys =
        call(
            StoreOperation.FIND_EXPIRED, context, query.category(), () -> store.findExpired(query));
    String broken = null;
    if (keys == null) {
      broken = "returned no list";
    } else if (keys.size() > query.limit()) {
      broken = "returned " + keys.size() + " keys for a page of " + query.limit();
    } else {
      for (int i = 0; i < keys.size() && broken == null; i++) {
        RecordKey previous = i == 0 ? query.after() : keys.get(i - 1);
        if (keys.get(i) == null) {
          broken = "returned a null key";
        } else if (previous != null && previous.compareTo(keys.get(i)) >= 0) {
          broken = "returned keys out of ascending order after the page start";
        }
      }
    }
    if (broken != null) {
      throw contractBroken(StoreOperation.FIND_EXPIRED, context, query.category(), broken);
    }
    return keys;
  }

  /**
   * Counts expired records, for a plan.
   *
   * @param query what expired and who is excluded
   * @param context for the audit entry if the store fails
   * @return the count
   * @throws StoreException if the store fails or answers a negative count
   */
  public long countExpired(ExpiryQuery query, AuditContext context) {
    long count =
        call(
            StoreOperation.COUNT_EXPIRED,
            context,
            query.category(),
            () -> store.countExpired(query));
    if (count < 0) {
      throw contractBroken(
          StoreOperation.COUNT_EXPIRED, context, query.category(), "counted " + count + " records");
    }
    return count;
  }

  /**
   * Reads records by key, for an aggregation hook, checking the store returned only keys asked for.
   *
   * @param keys the records
   * @param context for the audit entry if the store fails
   * @return the records, in key order
   * @throws StoreException if the store fails or returns a record not asked for
   */
  public List<PersonalRecord> records(List<RecordKey> keys, AuditContext context) {
    Set<RecordKey> asked = Set.copyOf(keys);
    List<PersonalRecord> found;
    try (Stream<PersonalRecord> stream =
        call(
            StoreOperation.READ_RECORDS,
            context,
            context.category(),
            () -> store.records(List.copyOf(keys)))) {
      found = call(StoreOperation.READ_RECORDS, context, context.category(), stream::toList);
    }
    for (PersonalRecord record : found) {
      if (record == null || !asked.contains(record.key())) {
        throw contractBroken(
            StoreOperation.READ_RECORDS,
            context,
            context.category(),
            "returned a record that was not asked for");
      }
    }
    return found;
  }

  /**
   * Deletes records and records the batch.
   *
   * @param keys the records
   * @param context why
   * @return how many were deleted, which is all of them
   * @throws StoreException if the store fails or deletes a different number
   */
  public int delete(List<RecordKey> keys, AuditContext context) {
    return change(
        StoreOperation.DELETE,
        "deleted",
        keys.size(),
        context,
        () -> store.delete(List.copyOf(keys)));
  }

  /**
   * Deletes one page of expired records and records the batch, checking the store kept to the
   * page's bounds.
   *
   * @param query the page
   * @param context why
   * @return what was deleted
   * @throws StoreException if the store fails or deletes beyond the page
   */
  public DeletedPage deleteExpiredPage(ExpiryQuery query, AuditContext context) {
    DeletedPage page =
        call(
            StoreOperation.DELETE, context, query.category(), () -> store.deleteExpiredPage(query));
    String broken = null;
    if (page == null) {
      broken = "returned no page";
    } else if (page.deleted() > query.limit()) {
      broken = "deleted " + page.deleted() + " records for a page of " + query.limit();
    } else if (page.lastKey() != null
        && query.after() != null
        && query.after().compareTo(page.lastKey()) >= 0) {
      broken = "ended the page before it started";
    }
    if (broken != null) {
      throw contractBroken(StoreOperation.DELETE, context, query.category(), broken);
    }
    if (page.deleted() > 0) {
      audit.record(
          event(
              context.action(),
              context,
              context.category(),
              AuditOutcome.SUCCESS,
              Map.of("deleted", (long) page.deleted(), "page_limit", (long) query.limit()),
              null));
    }
    return page;
  }

  /**
   * Anonymizes records and records the batch.
   *
   * @param keys the records
   * @param anonymization the strategies
   * @param context why
   * @return how many were anonymized, which is all of them
   * @throws StoreException if the store fails or anonymizes a different number
   */
  public int anonymize(List<RecordKey> keys, Anonymization anonymization, AuditContext context) {
    return change(
        StoreOperation.ANONYMIZE,
        "anonymized",
        keys.size(),
        context,
        () -> store.anonymize(List.copyOf(keys), anonymization));
  }

  /**
   * Corrects one record and records it.
   *
   * @param key the record
   * @param values the new value per field category
   * @param context why
   * @return 1
   * @throws StoreException if the store fails or the record does not exist
   */
  public int rectify(RecordKey key, Map<CategoryKey, Object> values, AuditContext context) {
    return change(
        StoreOperation.RECTIFY,
        "rectified",
        1,
        context,
        () -> store.rectify(key, Map.copyOf(values)));
  }

  /**
   * Streams a subject's records, checking each belongs to one of the given identities. The caller
   * closes the stream.
   *
   * @param identities the subject's identifiers
   * @param context for the audit entry if the store fails
   * @return the records
   * @throws StoreException if the store fails or hands out another subject's record
   */
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities, AuditContext context) {
    Set<SubjectRef> asked = Set.copyOf(identities);
    return checked(
        call(StoreOperation.READ_SUBJECT, context, null, () -> store.recordsOf(asked)),
        asked,
        context);
  }

  /**
   * Starts streaming a subject's records from several stores at once where their stores can ({@link
   * PersonalDataStore#jointReadGroup}): the stores of each group of two or more are read with one
   * {@link PersonalDataStore#recordsOfJointly} call, in one round trip for a group of {@link
   * io.lethe.core.store.jdbc.JdbcStore}s opened on the same PostgreSQL data source object. Each
   * stream is checked and its failures audited as {@link #recordsOf} does. A joint read that fails
   * (with any exception) is not audited: its stores are left out of the result, every stream it
   * opened closed, to be read on their own, where a failure is audited and names its store. This
   * method does not throw for a store's failure.
   *
   * @param stores the stores to read; those alone in their group, or of no group, are left out; a
   *     store listed twice is read once
   * @param identities the subject's identifiers
   * @param context for the audit entry if a store fails later, while its stream is read
   * @return the streams started, by store; the caller closes each
   */
  public static Map<AuditedStore, Stream<PersonalRecord>> recordsOfJointly(
      List<AuditedStore> stores, Set<SubjectRef> identities, AuditContext context) {
    Set<SubjectRef> asked = Set.copyOf(identities);
    Map<Object, List<AuditedStore>> groups = new LinkedHashMap<>();
    for (AuditedStore store : stores) {
      Object group;
      try {
        group = store.store.jointReadGroup();
      } catch (Exception e) { // also an undeclared checked one: read on its own
        group = null;
      }
      List<AuditedStore> members =
          group == null ? null : groups.computeIfAbsent(group, g -> new ArrayList<>());
      if (members != null && !members.contains(store)) {
        members.add(store);
      }
    }
    Map<AuditedStore, Stream<PersonalRecord>> started = new LinkedHashMap<>();
    for (List<AuditedStore> group : groups.values()) {
      if (group.size() >= 2) {
        started.putAll(startJointly(group, asked, context));
      }
    }
    return started;
  }

  /**
   * Reads one group's stores with one joint call; empty if the call fails or answers wrongly, every
   * stream it opened closed.
   */
  private static Map<AuditedStore, Stream<PersonalRecord>> startJointly(
      List<AuditedStore> group, Set<SubjectRef> asked, AuditContext context) {
    List<String> names = group.stream().map(AuditedStore::name).toList();
    List<Stream<PersonalRecord>> streams;
    try {
      streams =
          group.get(0).store.recordsOfJointly(group.stream().map(s -> s.store).toList(), asked);
    } catch (Exception e) { // also an undeclared checked one
      LOG.warn(
          "Stores {} could not be read together ({}); reading them one by one",
          names,
          e.getClass().getSimpleName());
      return Map.of();
    }
    if (streams == null
        || streams.size() != group.size()
        || streams.stream().anyMatch(Objects::isNull)) {
      LOG.warn(
          "Stores {}: a joint read returned {} streams for {} stores; reading them one by" + " one",
          names,
          streams == null ? 0 : streams.size(),
          group.size());
      if (streams != null) {
        streams.stream().filter(Objects::nonNull).forEach(AuditedStore::closeQuietly);
      }
      return Map.of();
    }
    Map<AuditedStore, Stream<PersonalRecord>> started = new LinkedHashMap<>();
    try {
      for (int i = 0; i < group.size(); i++) {
        AuditedStore store = group.get(i);
        started.put(store, store.checked(streams.get(i), asked, context));
      }
    } catch (Exception e) { // a stream that cannot even be iterated
      LOG.warn(
          "Stores {}: a joint read returned a stream that cannot be read ({}); reading them"
              + " one by one",
          names,
          e.getClass().getSimpleName());
      streams.forEach(AuditedStore::closeQuietly);
      return Map.of();
    }
    return started;
  }

  private static void closeQuietly(Stream<?> stream) {
    try {
      stream.close();
    } catch (Exception e) { // also an undeclared checked one
      LOG.debug("Closing an unused stream failed: {}", e.getClass().getSimpleName());
    }
  }

  /** A stream of a subject's records, checked and guarded as {@link #recordsOf} says. */
  private Stream<PersonalRecord> checked(
      Stream<PersonalRecord> records, Set<SubjectRef> asked, AuditContext context) {
    // records reached through another store's carry no identifier of their own to check
    boolean reached = !store.descriptor().ownedThrough().isEmpty();
    return guarded(
        records,
        StoreOperation.READ_SUBJECT,
        context,
        record -> record != null && (reached || !Collections.disjoint(record.subjects(), asked)),
        "returned a record that belongs to none of the subject's identifiers");
  }

  /**
   * Resolves a subject's other identifiers known to this store.
   *
   * @param identity one identifier
   * @param context for the audit entry if the store fails
   * @return the others
   * @throws StoreException if the store fails
   */
  public Set<SubjectRef> linkedIdentities(SubjectRef identity, AuditContext context) {
    Set<SubjectRef> found =
        call(
            StoreOperation.RESOLVE_IDENTIFIERS,
            context,
            null,
            () -> store.linkedIdentities(identity));
    return found == null ? Set.of() : Set.copyOf(found);
  }

  /**
   * Asks which of a subject's records other subjects' rows reach too ({@link
   * PersonalDataStore#sharedWithOthers}), checking the store named only keys it was asked about.
   *
   * @param keys records of the subject
   * @param identities the subject's identifiers
   * @param context for the audit entry if the store fails
   * @return the shared records' keys
   * @throws StoreException if the store fails or names a key it was not asked about
   */
  public Set<RecordKey> sharedWithOthers(
      List<RecordKey> keys, Set<SubjectRef> identities, AuditContext context) {
    Set<RecordKey> shared =
        call(
            StoreOperation.READ_SUBJECT,
            context,
            context.category(),
            () -> store.sharedWithOthers(List.copyOf(keys), Set.copyOf(identities)));
    if (shared == null) {
      return Set.of();
    }
    if (!Set.copyOf(keys).containsAll(shared)) {
      throw contractBroken(
          StoreOperation.READ_SUBJECT,
          context,
          context.category(),
          "named a shared record that was not asked about");
    }
    return Set.copyOf(shared);
  }

  /**
   * Takes the subject off records that others share ({@link PersonalDataStore#detach}) and records
   * how many were asked and detached, checking the store named only keys it was asked about.
   *
   * @param keys records of the subject that others share
   * @param identities the subject's identifiers
   * @param context why
   * @return the keys of the records detached
   * @throws StoreException if the store fails or names a key it was not asked about
   */
  public Set<RecordKey> detach(
      List<RecordKey> keys, Set<SubjectRef> identities, AuditContext context) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    Set<RecordKey> detached =
        call(
            StoreOperation.ANONYMIZE,
            context,
            context.category(),
            () -> store.detach(List.copyOf(keys), Set.copyOf(identities)));
    if (detached == null) {
      detached = Set.of();
    }
    if (!Set.copyOf(keys).containsAll(detached)) {
      throw contractBroken(
          StoreOperation.ANONYMIZE,
          context,
          context.category(),
          "detached a record that was not asked about");
    }
    audit.record(
        event(
            context.action(),
            context,
            context.category(),
            AuditOutcome.SUCCESS,
            Map.of("requested", (long) keys.size(), "detached", (long) detached.size()),
            null));
    return Set.copyOf(detached);
  }

  /**
   * Tells whether the store can link an identifier to others ({@link
   * PersonalDataStore#linksIdentities}), as it answered when it was wrapped.
   *
   * @return false if it promised that it links none
   */
  public boolean linksIdentities() {
    return linksIdentities;
  }

  /**
   * The identifier types no two of the store's records share ({@link
   * PersonalDataStore#uniqueIdentifiers}), as it answered when it was wrapped, less any it does not
   * declare.
   *
   * @return the types
   */
  public Set<IdentifierType> uniqueIdentifiers() {
    return uniqueIdentifiers;
  }

  /**
   * Streams every subject identifier the store holds. The caller closes the stream.
   *
   * @param context for the audit entry if the store fails
   * @return the identifiers
   * @throws StoreException if the store fails or cannot list its subjects
   */
  public Stream<SubjectRef> subjects(AuditContext context) {
    if (!store.supports(StoreOperation.LIST_SUBJECTS)) {
      throw contractBroken(
          StoreOperation.LIST_SUBJECTS,
          context,
          null,
          "it cannot list its subjects (PersonalDataStore.subjects() is not implemented)");
    }
    return guarded(
        call(StoreOperation.LIST_SUBJECTS, context, null, store::subjects),
        StoreOperation.LIST_SUBJECTS,
        context,
        null,
        null);
  }

  // ------------------------------------------------------------------ plumbing

  private interface StoreCall<T> {
    T run();
  }

  /**
   * A store's stream whose failures while it is being read or closed are handled like a failing
   * call: a {@link StoreException} without the store's message, and an audit entry. With {@code
   * valid}, an element it rejects breaks the store contract, said as {@code invalid}. One
   * spliterator does it all, so an element passes through one layer on its way to the caller.
   */
  private <T> Stream<T> guarded(
      Stream<T> source,
      StoreOperation operation,
      AuditContext context,
      Predicate<? super T> valid,
      String invalid) {
    if (source == null) {
      throw contractBroken(operation, context, null, "returned no stream");
    }
    Iterator<T> it = source.iterator();
    Spliterator<T> elements =
        new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            T next;
            try {
              if (!it.hasNext()) {
                return false;
              }
              next = it.next();
            } catch (Exception e) { // also a checked exception a store throws without declaring it
              throw failed(operation, context, null, e);
            }
            if (valid != null && !valid.test(next)) {
              throw contractBroken(operation, context, null, invalid);
            }
            action.accept(next);
            return true;
          }
        };
    return StreamSupport.stream(elements, false)
        .onClose(
            () ->
                call(
                    operation,
                    context,
                    null,
                    () -> {
                      source.close();
                      return null;
                    }));
  }

  private <T> T call(
      StoreOperation operation, AuditContext context, CategoryKey category, StoreCall<T> call) {
    try {
      return call.run();
    } catch (Exception e) { // also a checked exception a store throws without declaring it
      throw failed(operation, context, category, e);
    }
  }

  /** The failure of a store call as a {@link StoreException}, audited. */
  private StoreException failed(
      StoreOperation operation, AuditContext context, CategoryKey category, Exception e) {
    StoreException failure =
        e instanceof StoreException known ? known : StoreException.failed(name, operation, e);
    record(context, category, operation, AuditOutcome.FAILED, Map.of(), failure.getMessage());
    return failure;
  }

  private int change(
      StoreOperation operation,
      String countName,
      int asked,
      AuditContext context,
      StoreCall<Integer> call) {
    if (asked == 0) {
      return 0;
    }
    int affected = call(operation, context, context.category(), call);
    Map<String, Long> counts = Map.of("requested", (long) asked, countName, (long) affected);
    if (affected != asked) {
      StoreException failure =
          affected < asked
              ? StoreException.incomplete(name, operation, asked, affected)
              : StoreException.contractBroken(
                  name,
                  operation,
                  "reports " + affected + " records changed for " + asked + " asked");
      record(
          context,
          context.category(),
          operation,
          affected > 0 ? AuditOutcome.PARTIAL : AuditOutcome.FAILED,
          counts,
          failure.getMessage());
      throw failure;
    }
    audit.record(
        event(context.action(), context, context.category(), AuditOutcome.SUCCESS, counts, null));
    return affected;
  }

  private StoreException contractBroken(
      StoreOperation operation, AuditContext context, CategoryKey category, String what) {
    StoreException failure = StoreException.contractBroken(name, operation, what);
    record(context, category, operation, AuditOutcome.FAILED, Map.of(), failure.getMessage());
    return failure;
  }

  private void record(
      AuditContext context,
      CategoryKey category,
      StoreOperation operation,
      AuditOutcome outcome,
      Map<String, Long> counts,
      String detail) {
    LOG.warn("Store '{}' {} failed ({}): {}", name, operation, outcome, detail);
    AuditAction action =
        operation == StoreOperation.DELETE
                || operation == StoreOperation.ANONYMIZE
                || operation == StoreOperation.RECTIFY
            ? context.action()
            : AuditAction.STORE_FAILURE;
    audit.record(event(action, context, category, outcome, counts, detail));
  }

  private AuditEvent event(
      AuditAction action,
      AuditContext context,
      CategoryKey category,
      AuditOutcome outcome,
      Map<String, Long> counts,
      String detail) {
    AuditEvent.Builder event =
        AuditEvent.of(action, context.actor())
            .reference(context.reference())
            .store(name)
            .category(category)
            .subject(context.subject())
            .outcome(outcome)
            .detail(detail);
    counts.forEach(event::count);
    return event.build();
  }
}
