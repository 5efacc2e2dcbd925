package io.lethe.core.internal;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.store.AmbiguousSubjectException;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Finds every identifier the stores link to a subject.
 *
 * <p>Starting from the identifiers given, each store that holds an identifier of that type, and can
 * link identifiers at all ({@link AuditedStore#linksIdentities}), is asked for the identifiers it
 * links to it, until nothing new turns up (a fixpoint): an email leads to an account id, the
 * account id to a wallet. Identifiers are typed, so an account id whose text equals somebody's
 * email address is a different identifier and reaches nothing of theirs.
 *
 * <p>{@link #resolveOne} is for acting on one person (an export, an erasure): it refuses to go on
 * when the links reach more than one account id, which means an identifier on the way is shared.
 */
public final class SubjectIdentities {

  private SubjectIdentities() {}

  /**
   * Resolves identifiers across stores.
   *
   * @param start the identifiers known
   * @param stores the stores to ask
   * @param context for audit entries if a store fails
   * @return the start identifiers and every one linked to them, in discovery order
   * @throws StoreException if a store fails
   */
  public static Set<SubjectRef> resolve(
      Collection<SubjectRef> start, List<AuditedStore> stores, AuditContext context) {
    Objects.requireNonNull(start, "start");
    return fixpoint(start, stores, (store, identity) -> store.linkedIdentities(identity, context));
  }

  /**
   * The fixpoint: each identifier found is put to each store that can link one of its type, and
   * what {@code links} answers for that store (asking it, reading it, or knowing) is followed until
   * nothing new turns up.
   */
  private static Set<SubjectRef> fixpoint(
      Collection<SubjectRef> start,
      List<AuditedStore> stores,
      BiFunction<AuditedStore, SubjectRef, Set<SubjectRef>> links) {
    Set<SubjectRef> found = new LinkedHashSet<>();
    Deque<SubjectRef> pending = new ArrayDeque<>(start);
    while (!pending.isEmpty()) {
      SubjectRef next = pending.poll();
      if (!found.add(next)) {
        continue;
      }
      for (AuditedStore store : stores) {
        if (!store.linksIdentities() || !store.descriptor().identifiers().contains(next.type())) {
          continue;
        }
        for (SubjectRef linked : links.apply(store, next)) {
          if (!found.contains(linked)) {
            pending.add(linked);
          }
        }
      }
    }
    return Collections.unmodifiableSet(found);
  }

  /**
   * Resolves the identifiers of one person: as {@link #resolve}, but refuses when they reach more
   * than one account id.
   *
   * @param start the identifier of the request
   * @param stores the stores to ask
   * @param context for audit entries if a store fails
   * @return the identifier and every one linked to it
   * @throws AmbiguousSubjectException if more than one account id is reached
   * @throws StoreException if a store fails
   */
  public static Set<SubjectRef> resolveOne(
      SubjectRef start, List<AuditedStore> stores, AuditContext context) {
    return requireOneAccount(start, resolve(List.of(start), stores, context));
  }

  /**
   * Resolves the identifiers of one person for a caller that reads their records in any case (an
   * access export), reading records where {@link #resolveOne} would ask for links. By the store
   * contract, the identifiers a store links to one of a subject's are exactly those carried by the
   * records it holds of it ({@link io.lethe.core.spi.PersonalDataStore#linkedIdentities}), so
   * reading those records answers the question and leaves them read. Three shortcuts save the
   * questions whose answer is known or can wait:
   *
   * <ul>
   *   <li>a store that links no identifiers ({@link AuditedStore#linksIdentities}) is not asked at
   *       all; the caller reads it with every identifier found;
   *   <li>a store is not asked about an identifier of a type it keeps unique ({@link
   *       AuditedStore#uniqueIdentifiers}) when a record read from it carries that identifier: no
   *       other record can;
   *   <li>a store is not asked about an identifier it linked itself (an email leads to an account
   *       id in the accounts table; asking it about the account id again usually finds nothing
   *       new). Such pairs are returned as {@link Reading#toConfirm}: the caller reads the store's
   *       records of those identifiers and, if one of them carries an identifier beyond {@link
   *       Reading#identities}, falls back to {@link #resolveOne}.
   * </ul>
   *
   * <p>At most {@code buffer} records are kept per store; a store that holds more is asked for
   * links from then on, as {@link #resolveOne} does, and read by the caller in full.
   *
   * @param start the identifier of the request
   * @param stores the stores to ask
   * @param context for audit entries if a store fails
   * @param buffer how many records to keep per store, at least 1
   * @return the identifiers found, the records read and what is left to confirm
   * @throws AmbiguousSubjectException if more than one account id is reached already
   * @throws StoreException if a store fails
   */
  public static Reading resolveOneByReading(
      SubjectRef start, List<AuditedStore> stores, AuditContext context, int buffer) {
    Objects.requireNonNull(start, "start");
    if (buffer < 1) {
      throw new IllegalArgumentException("buffer must be at least 1: " + buffer);
    }
    Map<SubjectRef, Set<AuditedStore>> linkedBy = new HashMap<>();
    Map<AuditedStore, Map<RecordKey, PersonalRecord>> read = new LinkedHashMap<>();
    Set<AuditedStore> overflowed = new HashSet<>();
    Map<AuditedStore, Set<SubjectRef>> deferred = new LinkedHashMap<>();
    Set<SubjectRef> found =
        fixpoint(
            List.of(start),
            stores,
            (store, next) -> {
              Map<RecordKey, PersonalRecord> held = read.get(store);
              if (held != null
                  && store.uniqueIdentifiers().contains(next.type())
                  && held.values().stream().anyMatch(r -> r.subjects().contains(next))) {
                return Set.of();
              }
              boolean full = overflowed.contains(store);
              if (!full && linkedBy.getOrDefault(next, Set.of()).contains(store)) {
                deferred.computeIfAbsent(store, s -> new LinkedHashSet<>()).add(next);
                return Set.of();
              }
              Set<SubjectRef> linked =
                  full
                      ? null
                      : readInto(
                          store,
                          next,
                          context,
                          read.computeIfAbsent(store, s -> new LinkedHashMap<>()),
                          buffer);
              if (linked == null) {
                // More records than the buffer holds: the caller reads this store in full, so it is
                // asked for links from now on, about this identifier and those it was not asked
                // about.
                read.remove(store);
                overflowed.add(store);
                Set<SubjectRef> asked = new LinkedHashSet<>();
                asked.add(next);
                asked.addAll(deferred.getOrDefault(store, Set.of()));
                deferred.remove(store);
                linked = new LinkedHashSet<>();
                for (SubjectRef identity : asked) {
                  linked.addAll(store.linkedIdentities(identity, context));
                }
              }
              for (SubjectRef other : linked) {
                linkedBy.computeIfAbsent(other, s -> new HashSet<>()).add(store);
              }
              return linked;
            });
    requireOneAccount(start, found);
    Map<AuditedStore, List<PersonalRecord>> records = new LinkedHashMap<>();
    read.forEach((store, held) -> records.put(store, inKeyOrder(held.values())));
    Map<AuditedStore, Set<SubjectRef>> toConfirm = new LinkedHashMap<>();
    deferred.forEach((store, identities) -> toConfirm.put(store, Set.copyOf(identities)));
    return new Reading(
        Collections.unmodifiableSet(found),
        Collections.unmodifiableMap(records),
        Collections.unmodifiableMap(toConfirm));
  }

  /**
   * Reads a store's records of one identifier into {@code held} (records held already are not
   * counted twice).
   *
   * @return the identifiers those records carry besides {@code identity}; null if {@code held}
   *     would grow past {@code buffer}
   */
  private static Set<SubjectRef> readInto(
      AuditedStore store,
      SubjectRef identity,
      AuditContext context,
      Map<RecordKey, PersonalRecord> held,
      int buffer) {
    Set<SubjectRef> linked = new LinkedHashSet<>();
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(identity), context)) {
      Iterator<PersonalRecord> it = records.iterator();
      while (it.hasNext()) {
        PersonalRecord record = it.next();
        if (!held.containsKey(record.key())) {
          if (held.size() >= buffer) {
            return null;
          }
          held.put(record.key(), record);
        }
        linked.addAll(record.subjects());
      }
    }
    linked.remove(identity);
    return linked;
  }

  /**
   * Records of one store in the order the export writes them: by key when every key is a number,
   * which orders the same in Java as in a database; otherwise in the order given, since a database
   * may order texts (its collation) and UUIDs otherwise than Java does.
   *
   * @param records records of one store, in the order read
   * @return them, ordered
   */
  public static List<PersonalRecord> inKeyOrder(Collection<PersonalRecord> records) {
    List<PersonalRecord> ordered = new ArrayList<>(records);
    if (ordered.stream().allMatch(r -> r.key().value() instanceof Long)) {
      ordered.sort(Comparator.comparing(PersonalRecord::key));
    }
    return Collections.unmodifiableList(ordered);
  }

  /**
   * Identifiers resolved by {@link #resolveOneByReading}.
   *
   * @param identities every identifier found, in the order found
   * @param read per store that was read, its records of the identifiers it was asked about, ordered
   *     as {@link #inKeyOrder} says: all its records of {@link #identities} but those of the
   *     identifiers in {@link #toConfirm}
   * @param toConfirm per store, the identifiers it linked itself and was not asked about; empty
   *     when the resolution is complete
   */
  public record Reading(
      Set<SubjectRef> identities,
      Map<AuditedStore, List<PersonalRecord>> read,
      Map<AuditedStore, Set<SubjectRef>> toConfirm) {}

  private static Set<SubjectRef> requireOneAccount(SubjectRef start, Set<SubjectRef> found) {
    long accounts = found.stream().filter(s -> s.type().equals(IdentifierType.ACCOUNT_ID)).count();
    if (accounts > 1) {
      Map<IdentifierType, Long> perType =
          new TreeMap<>(java.util.Comparator.comparing(IdentifierType::name));
      found.forEach(s -> perType.merge(s.type(), 1L, Long::sum));
      throw AmbiguousSubjectException.of(start.type(), perType);
    }
    return found;
  }
}
