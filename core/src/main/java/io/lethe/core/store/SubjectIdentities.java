package io.lethe.core.store;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds every identifier the stores link to a subject.
 *
 * <p>Starting from the identifiers given, each store that holds an identifier of that type is asked
 * for the identifiers it links to it, until nothing new turns up (a fixpoint): an email leads to an
 * account id, the account id to a wallet. Identifiers are typed, so an account id whose text
 * equals somebody's email address is a different identifier and reaches nothing of theirs.
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
  public static Set<SubjectRef> resolve(Collection<SubjectRef> start, List<AuditedStore> stores,
      AuditContext context) {
    return resolve(start, stores, context, null);
  }

  /**
   * The fixpoint; with {@code deferred}, a store is not asked about an identifier it linked
   * itself, and the pair is put into {@code deferred} instead.
   */
  private static Set<SubjectRef> resolve(Collection<SubjectRef> start, List<AuditedStore> stores,
      AuditContext context, Map<AuditedStore, Set<SubjectRef>> deferred) {
    Objects.requireNonNull(start, "start");
    Set<SubjectRef> found = new LinkedHashSet<>();
    Map<SubjectRef, Set<AuditedStore>> linkedBy = new HashMap<>();
    Deque<SubjectRef> pending = new ArrayDeque<>(start);
    while (!pending.isEmpty()) {
      SubjectRef next = pending.poll();
      if (!found.add(next)) {
        continue;
      }
      for (AuditedStore store : stores) {
        if (!store.descriptor().identifiers().contains(next.type())) {
          continue;
        }
        if (deferred != null && linkedBy.getOrDefault(next, Set.of()).contains(store)) {
          deferred.computeIfAbsent(store, s -> new LinkedHashSet<>()).add(next);
          continue;
        }
        for (SubjectRef linked : store.linkedIdentities(next, context)) {
          linkedBy.computeIfAbsent(linked, s -> new HashSet<>()).add(store);
          if (!found.contains(linked)) {
            pending.add(linked);
          }
        }
      }
    }
    return Collections.unmodifiableSet(found);
  }

  /**
   * Resolves the identifiers of one person: as {@link #resolve}, but refuses when they reach
   * more than one account id.
   *
   * @param start the identifier of the request
   * @param stores the stores to ask
   * @param context for audit entries if a store fails
   * @return the identifier and every one linked to it
   * @throws AmbiguousSubjectException if more than one account id is reached
   * @throws StoreException if a store fails
   */
  public static Set<SubjectRef> resolveOne(SubjectRef start, List<AuditedStore> stores,
      AuditContext context) {
    return requireOneAccount(start, resolve(List.of(start), stores, context));
  }

  /**
   * Resolves the identifiers of one person, leaving a check to the caller that reads the stores
   * anyway: a store is not asked about an identifier it linked itself (an email leads to an
   * account id in the accounts table; asking that table about the account id again usually
   * finds nothing new). Such pairs are returned as {@link Resolution#toConfirm}; the caller
   * confirms each store by reading its records of all the identifiers: if none of them carries
   * an identifier beyond {@link Resolution#identities}, the resolution is complete (those records
   * are exactly the ones the skipped questions would have looked at), otherwise the caller must
   * fall back to {@link #resolveOne}. An access export saves one round trip per linking store
   * this way, since it reads those records in any case.
   *
   * @param start the identifier of the request
   * @param stores the stores to ask
   * @param context for audit entries if a store fails
   * @return the identifiers found, and what is left to confirm
   * @throws AmbiguousSubjectException if more than one account id is reached already
   * @throws StoreException if a store fails
   */
  public static Resolution resolveOneUnconfirmed(SubjectRef start, List<AuditedStore> stores,
      AuditContext context) {
    Map<AuditedStore, Set<SubjectRef>> deferred = new LinkedHashMap<>();
    Set<SubjectRef> found = requireOneAccount(start,
        resolve(List.of(start), stores, context, deferred));
    Map<AuditedStore, Set<SubjectRef>> toConfirm = new LinkedHashMap<>();
    deferred.forEach((store, identities) -> toConfirm.put(store, Set.copyOf(identities)));
    return new Resolution(found, Collections.unmodifiableMap(toConfirm));
  }

  /**
   * Identifiers resolved by {@link #resolveOneUnconfirmed}.
   *
   * @param identities every identifier found, in the order found
   * @param toConfirm per store, the identifiers it linked itself and was not asked about; empty
   *     when the resolution is already complete
   */
  public record Resolution(Set<SubjectRef> identities,
      Map<AuditedStore, Set<SubjectRef>> toConfirm) {}

  private static Set<SubjectRef> requireOneAccount(SubjectRef start, Set<SubjectRef> found) {
    long accounts = found.stream().filter(s -> s.type().equals(IdentifierType.ACCOUNT_ID))
        .count();
    if (accounts > 1) {
      Map<IdentifierType, Long> perType = new TreeMap<>(
          java.util.Comparator.comparing(IdentifierType::name));
      found.forEach(s -> perType.merge(s.type(), 1L, Long::sum));
      throw new AmbiguousSubjectException(start.type(), perType);
    }
    return found;
  }
}
