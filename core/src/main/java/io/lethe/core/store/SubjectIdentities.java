package io.lethe.core.store;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
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
    Objects.requireNonNull(start, "start");
    Set<SubjectRef> found = new LinkedHashSet<>();
    Deque<SubjectRef> pending = new ArrayDeque<>(start);
    while (!pending.isEmpty()) {
      SubjectRef next = pending.poll();
      if (!found.add(next)) {
        continue;
      }
      for (AuditedStore store : stores) {
        if (store.descriptor().identifiers().contains(next.type())) {
          store.linkedIdentities(next, context).stream().filter(s -> !found.contains(s))
              .forEach(pending::add);
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
    Set<SubjectRef> found = resolve(List.of(start), stores, context);
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
