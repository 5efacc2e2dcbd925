package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Recipient;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.ErasureLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Erases one subject's records store by store, keeping what a hold, a floor or a legal obligation
 * protects; remembers tombstones and deferred work in the ledger; finishes deferred erasures and
 * replays tombstones on a restored store. {@link RetentionEngine} is its only user. Each store's
 * part is planned by {@link ErasurePlans} (with {@link Protections}) and carried out and checked by
 * {@link ErasureWrites}.
 */
final class SubjectEraser {

  static final String REPLAY = "replay-after-restore";

  /** Records per store call where an erasure batches. */
  static final int BATCH = 1_000;

  private static final int SCAN_CHUNK = 1_000;

  /** How soon a deferral whose protection has no known end is looked at again. */
  static final java.time.Duration UNKNOWN_END_BACKOFF = java.time.Duration.ofDays(1);

  private final PrivacyPolicy policy;
  private final AuditLog audit;
  private final String actor;
  private final ErasureLedger ledger;
  private final ErasurePlans planning;
  private final ErasureWrites writes;

  SubjectEraser(
      PrivacyPolicy policy,
      AuditLog audit,
      String actor,
      ErasureLedger ledger,
      Function<AuditedStore, Optional<Anonymization>> anonymizations) {
    this.policy = policy;
    this.audit = audit;
    this.actor = actor;
    this.ledger = ledger;
    this.planning = new ErasurePlans(policy, actor, new Protections(policy));
    this.writes = new ErasureWrites(audit, actor, anonymizations);
  }

  /** One store's outcome, with what the receipt and the ledger need beyond the line. */
  record Outcome(StoreErasure line, Set<CategoryKey> erasedCategories, Instant deferUntil) {

    boolean deferred() {
      return deferUntil != null;
    }
  }

  /**
   * The holds in force for a run.
   *
   * @param active the active holds
   * @param reach for each subject hold's id, every identifier the stores link to its subject
   */
  record Holds(List<LegalHold> active, Map<String, Set<SubjectRef>> reach) {}

  // ------------------------------------------------------------------ erase a subject

  ErasureReceipt erase(
      SubjectRef subject,
      Set<SubjectRef> identities,
      List<AuditedStore> stores,
      String reference,
      Instant at,
      Holds holds) {
    Set<String> hashes = hashes(identities);
    // Tombstones first: if the ledger fails, nothing has been erased yet.
    ledger.record(hashes.stream().map(h -> new ErasureLedger.Tombstone(h, reference, at)).toList());
    List<ErasureLedger.Deferral> pending =
        reference == null
            ? List.of()
            : ledger.pending().stream()
                .filter(
                    d ->
                        reference.equals(d.reference())
                            && !java.util.Collections.disjoint(d.subjectHashes(), hashes))
                .toList();
    Optional<ErasureReceipt> before = earlierReceipt(reference, hashes, pending);
    // Plan every store before changing any: a cascade from one store's deletes (ON DELETE
    // CASCADE or SET NULL) cannot then hide records another store holds for the subject.
    // Stores that can be read together (PostgreSQL) are, in one round trip for all.
    Map<AuditedStore, List<ErasureLedger.Deferral>> earlierIn = new LinkedHashMap<>();
    for (AuditedStore store : stores) {
      earlierIn.put(store, pending.stream().filter(d -> d.store().equals(store.name())).toList());
    }
    List<AuditedStore> plain = stores.stream().filter(s -> earlierIn.get(s).isEmpty()).toList();
    AuditContext reading = new AuditContext(AuditAction.ERASURE, actor, reference, null, subject);
    Map<AuditedStore, Stream<PersonalRecord>> planReads =
        AuditedStore.recordsOfJointly(plain, identities, reading);
    Map<AuditedStore, StorePlan> plans = new LinkedHashMap<>();
    for (AuditedStore store : stores) {
      List<ErasureLedger.Deferral> earlier = earlierIn.get(store);
      Set<SubjectRef> using =
          earlier.isEmpty() ? identities : withTombstoned(store, identities, earlier);
      plans.put(
          store,
          planning.plan(store, subject, using, reference, at, holds, null, planReads.get(store)));
    }
    // Then change them, the records that refer to others' first; and check them once all are
    // changed, so that each check sees what every delete (and its cascades) left.
    Map<AuditedStore, ErasureWrites.Check> checks = new LinkedHashMap<>();
    for (AuditedStore store : StoreOrder.referrersFirst(stores)) {
      checks.put(store, writes.change(plans.get(store), subject, reference, null));
    }
    Map<AuditedStore, Stream<PersonalRecord>> checkReads =
        AuditedStore.recordsOfJointly(
            plain.stream().filter(s -> checks.get(s).reads()).toList(), identities, reading);
    Map<AuditedStore, Outcome> outcomes = new HashMap<>();
    checks.forEach((store, check) -> outcomes.put(store, check.outcome(checkReads.get(store))));
    List<StoreErasure> lines = new ArrayList<>();
    Set<CategoryKey> erased = new LinkedHashSet<>();
    List<ErasureLedger.Deferral> toDefer = new ArrayList<>();
    List<String> deferredIn = new ArrayList<>();
    for (AuditedStore store : stores) {
      List<ErasureLedger.Deferral> earlier = earlierIn.get(store);
      Set<String> deferHashes = new LinkedHashSet<>(hashes);
      earlier.forEach(d -> deferHashes.addAll(d.subjectHashes()));
      Outcome outcome = outcomes.get(store);
      if (!earlier.isEmpty()) {
        outcome = outOfReach(store, subject, reference, outcome, before);
      }
      lines.add(outcome.line());
      erased.addAll(outcome.erasedCategories());
      if (outcome.line().status() == StoreErasure.Status.FAILED) {
        if (earlier.isEmpty()) {
          // Retried by the next sweep, or by the request again, even once the records that
          // linked the identifiers here are gone from the other stores.
          toDefer.add(
              new ErasureLedger.Deferral(
                  UUID.randomUUID().toString(), store.name(), deferHashes, reference, at, at));
        }
        continue;
      }
      earlier.forEach(d -> ledger.finish(d.id()));
      if (outcome.deferred()) {
        toDefer.add(
            new ErasureLedger.Deferral(
                UUID.randomUUID().toString(),
                store.name(),
                deferHashes,
                reference,
                outcome.deferUntil(),
                at));
        deferredIn.add(store.name());
      }
    }
    ErasureReceipt receipt =
        new ErasureReceipt(
            reference,
            policy.id(),
            at,
            before.map(ErasureReceipt::subjectHash).orElseGet(() -> audit.hasher().hash(subject)),
            identities.size(),
            lines,
            recipients(erased));
    audit.record(
        AuditEvent.of(AuditAction.ERASURE, actor)
            .reference(reference)
            .subject(subject)
            .count("identities", identities.size())
            .count("deleted", receipt.deleted())
            .count("anonymized", receipt.anonymized())
            .count("retained", receipt.retainedCount())
            .count("failed_stores", receipt.failed().size())
            .outcome(receipt.complete() ? AuditOutcome.SUCCESS : AuditOutcome.PARTIAL)
            .detail(
                "erasure across "
                    + stores.size()
                    + " stores; tombstones for "
                    + hashes.size()
                    + " identifiers"
                    + (deferredIn.isEmpty() ? "" : "; deferred in " + deferredIn)
                    + (receipt.recipientsToNotify().isEmpty()
                        ? ""
                        : "; notify " + receipt.recipientsToNotify()))
            .build());
    // The receipt goes to the ledger before the deferrals: a sweep on another instance that
    // finishes one of them then finds the receipt to add its work to.
    ErasureReceipt all = reference == null ? receipt : keep(receipt, subject);
    toDefer.forEach(ledger::defer);
    return all;
  }

  /**
   * Adds an attempt to the receipt the ledger keeps for its reference; if the ledger fails, the
   * erasure has happened anyway, so this attempt's receipt is returned and the failure audited.
   */
  private ErasureReceipt keep(ErasureReceipt attempt, SubjectRef subject) {
    try {
      return ledger.addToReceipt(attempt);
    } catch (RuntimeException e) {
      audit.record(
          AuditEvent.of(AuditAction.ERASURE, actor)
              .reference(attempt.reference())
              .subject(subject)
              .outcome(AuditOutcome.FAILED)
              .detail(
                  "the erasure ran, but its receipt could not be kept in the erasure ledger ("
                      + e.getClass().getSimpleName()
                      + "): the receipt returned covers this attempt only")
              .build());
      return attempt;
    }
  }

  /**
   * The receipt an earlier attempt of the same erasure left: one of the reference whose subject is
   * one of these identifiers, or of the identifiers its pending deferrals cover (a retry may start
   * from another of the subject's identifiers).
   */
  private Optional<ErasureReceipt> earlierReceipt(
      String reference, Set<String> hashes, List<ErasureLedger.Deferral> pending) {
    if (reference == null) {
      return Optional.empty();
    }
    Set<String> related = new java.util.HashSet<>(hashes);
    pending.forEach(d -> related.addAll(d.subjectHashes()));
    return ledger.receipts(reference).stream()
        .filter(r -> related.contains(r.subjectHash()))
        .findFirst();
  }

  /**
   * A retry that finds nothing in a store that failed before and cannot list its subjects has not
   * reached the records the earlier attempt found there: the identifiers that linked them may be
   * erased from the other stores. It is reported failed rather than believed.
   */
  private Outcome outOfReach(
      AuditedStore store,
      SubjectRef subject,
      String reference,
      Outcome outcome,
      Optional<ErasureReceipt> before) {
    if (outcome.line().status() == StoreErasure.Status.FAILED
        || outcome.line().found() > 0
        || store.unwrap().supports(StoreOperation.LIST_SUBJECTS)) {
      return outcome;
    }
    long unreached =
        before
            .flatMap(r -> r.store(store.name()))
            .filter(line -> line.status() == StoreErasure.Status.FAILED)
            .map(line -> line.found() - line.deleted() - line.anonymized() - line.retainedCount())
            .orElse(0L);
    if (unreached <= 0) {
      return outcome;
    }
    StoreErasure line =
        new StoreErasure(
            store.name(),
            StoreErasure.Status.FAILED,
            0,
            0,
            0,
            List.of(),
            unreached
                + " records an earlier attempt found are out of reach: the"
                + " identifiers that linked them are erased and store '"
                + store.name()
                + "' cannot list its subjects");
    writes.audit(line, subject, reference);
    return new Outcome(line, Set.of(), null);
  }

  /**
   * Adds what a sweep did in one store for a deferred erasure to the receipt of the request it
   * finishes, so that the receipt shows the kept records erased, or a failed store retried. A
   * deferral with no receipt (written by an earlier version) starts one.
   */
  private void addToReceipt(
      ErasureLedger.Deferral deferral,
      Set<SubjectRef> identities,
      Instant at,
      StoreErasure line,
      Set<CategoryKey> erased) {
    if (deferral.reference() == null || deferral.reference().equals(REPLAY)) {
      return;
    }
    // The receipt of the erasure that deferred this: its subject is one of the deferral's.
    String subjectHash =
        ledger.receipts(deferral.reference()).stream()
            .map(ErasureReceipt::subjectHash)
            .filter(deferral.subjectHashes()::contains)
            .findFirst()
            .orElseGet(() -> deferral.subjectHashes().stream().sorted().findFirst().orElseThrow());
    ledger.addToReceipt(
        new ErasureReceipt(
            deferral.reference(),
            policy.id(),
            at,
            subjectHash,
            identities.size(),
            List.of(line),
            recipients(erased)));
  }

  /**
   * The identifiers plus those of the store whose hashes an earlier attempt of the same erasure
   * left in the ledger: the records that linked them may be gone from the other stores by now.
   */
  private Set<SubjectRef> withTombstoned(
      AuditedStore store, Set<SubjectRef> identities, List<ErasureLedger.Deferral> earlier) {
    Set<String> wanted = new java.util.HashSet<>();
    earlier.forEach(d -> wanted.addAll(d.subjectHashes()));
    Set<SubjectRef> using = new LinkedHashSet<>(identities);
    if (!store.unwrap().supports(StoreOperation.LIST_SUBJECTS)) {
      return using;
    }
    AuditContext context =
        new AuditContext(AuditAction.ERASURE, actor, earlier.get(0).reference(), null, null);
    try {
      scan(
          store,
          context,
          chunk ->
              chunk.forEach(
                  (hash, identity) -> {
                    if (wanted.contains(hash)) {
                      using.add(identity);
                    }
                  }));
    } catch (RuntimeException e) {
      // eraseIn meets the same store and reports the failure in the receipt.
      return using;
    }
    return using;
  }

  /** Keys of recipients and third parties that receive any erased category, in policy order. */
  private List<String> recipients(Set<CategoryKey> erased) {
    Set<String> keys = new LinkedHashSet<>();
    for (Recipient processor : policy.recipients()) {
      for (CategoryKey category : erased) {
        if (policy.recipientsOf(category).contains(processor)) {
          keys.add(processor.key());
        }
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Erases one store's records of the identities: plans, then acts.
   *
   * @param collectedBy when set, only records collected by then count: replays and deferred
   *     erasures leave alone what the subject gave after the erasure (a new account)
   */
  Outcome eraseIn(
      AuditedStore store,
      SubjectRef subject,
      Set<SubjectRef> identities,
      String reference,
      Instant at,
      Holds holds,
      Instant collectedBy) {
    return writes
        .change(
            planning.plan(store, subject, identities, reference, at, holds, collectedBy, null),
            subject,
            reference,
            collectedBy)
        .outcome(null);
  }

  /** {@return what a store's failure says: its own message, or the store and the type} */
  static String why(AuditedStore store, RuntimeException e) {
    return e instanceof io.lethe.core.spi.StoreException
        ? e.getMessage()
        : "store '" + store.name() + "' failed: " + e.getClass().getSimpleName();
  }

  // ------------------------------------------------------------------ deferred and replay

  /** Finishes the deferrals due in a store; returns records erased. */
  long finishDeferred(AuditedStore store, Instant at, Holds holds) {
    List<ErasureLedger.Deferral> due = ledger.dueIn(store.name(), at);
    if (due.isEmpty()) {
      return 0;
    }
    Map<String, List<ErasureLedger.Deferral>> byHash = new HashMap<>();
    due.forEach(
        d ->
            d.subjectHashes()
                .forEach(h -> byHash.computeIfAbsent(h, k -> new ArrayList<>()).add(d)));
    Map<String, Set<SubjectRef>> matched = new LinkedHashMap<>();
    AuditContext context =
        new AuditContext(AuditAction.ERASURE, actor, "deferred-erasure", null, null);
    scan(
        store,
        context,
        chunk ->
            chunk.forEach(
                (hash, identity) -> {
                  List<ErasureLedger.Deferral> deferrals = byHash.get(hash);
                  if (deferrals != null) {
                    deferrals.forEach(
                        d ->
                            matched
                                .computeIfAbsent(d.id(), k -> new LinkedHashSet<>())
                                .add(identity));
                  }
                }));
    long erased = 0;
    for (ErasureLedger.Deferral deferral : due) {
      Set<SubjectRef> identities = matched.get(deferral.id());
      if (identities == null) {
        // Nothing of the subject is left in the store: nothing is kept any more either.
        addToReceipt(
            deferral,
            Set.of(),
            at,
            new StoreErasure(
                store.name(), StoreErasure.Status.NOTHING_FOUND, 0, 0, 0, List.of(), null),
            Set.of());
        ledger.finish(deferral.id());
        continue;
      }
      Outcome outcome =
          eraseIn(
              store,
              identities.iterator().next(),
              identities,
              deferral.reference(),
              at,
              holds,
              deferral.createdAt());
      addToReceipt(deferral, identities, at, outcome.line(), outcome.erasedCategories());
      erased += outcome.line().deleted() + outcome.line().anonymized();
      if (outcome.line().status() == StoreErasure.Status.FAILED) {
        continue;
      }
      if (outcome.deferred()) {
        ledger.defer(
            deferral.rescheduled(outcome.deferUntil().isAfter(at) ? outcome.deferUntil() : at));
      } else {
        ledger.finish(deferral.id());
      }
    }
    return erased;
  }

  ReplayReport replay(AuditedStore store, Instant at, Holds holds) {
    AuditContext context = new AuditContext(AuditAction.ERASURE, actor, REPLAY, null, null);
    // Identifiers by the time they were erased: what was collected later is not the erasure's.
    Map<Instant, Set<SubjectRef>> erasedAt = new java.util.TreeMap<>();
    long[] scanned = {0};
    scan(
        store,
        context,
        chunk -> {
          scanned[0] += chunk.size();
          Map<String, Instant> tombstoned = ledger.erased(chunk.keySet());
          chunk.forEach(
              (hash, identity) -> {
                Instant when = tombstoned.get(hash);
                if (when != null) {
                  erasedAt.computeIfAbsent(when, k -> new LinkedHashSet<>()).add(identity);
                }
              });
        });
    List<Outcome> outcomes = new ArrayList<>();
    long erased = 0;
    for (Map.Entry<Instant, Set<SubjectRef>> batch : erasedAt.entrySet()) {
      List<SubjectRef> all = List.copyOf(batch.getValue());
      erased += all.size();
      for (int from = 0; from < all.size(); from += SCAN_CHUNK) {
        Set<SubjectRef> group =
            new LinkedHashSet<>(all.subList(from, Math.min(all.size(), from + SCAN_CHUNK)));
        Outcome outcome =
            eraseIn(store, group.iterator().next(), group, REPLAY, at, holds, batch.getKey());
        outcomes.add(outcome);
        if (outcome.deferred()) {
          ledger.defer(
              new ErasureLedger.Deferral(
                  UUID.randomUUID().toString(),
                  store.name(),
                  hashes(group),
                  REPLAY,
                  outcome.deferUntil(),
                  batch.getKey()));
        }
      }
    }
    StoreErasure total = merge(store.name(), outcomes);
    audit.record(
        AuditEvent.of(AuditAction.ERASURE, actor)
            .reference(REPLAY)
            .store(store.name())
            .count("scanned", scanned[0])
            .count("erased_identifiers", erased)
            .count("deleted", total.deleted())
            .count("anonymized", total.anonymized())
            .count("retained", total.retainedCount())
            .outcome(
                total.status() == StoreErasure.Status.FAILED
                    ? AuditOutcome.FAILED
                    : AuditOutcome.SUCCESS)
            .detail("replayed tombstones on a restored store: " + total.status())
            .build());
    return new ReplayReport(store.name(), at, scanned[0], erased, total);
  }

  private static StoreErasure merge(String store, List<Outcome> outcomes) {
    long found = 0;
    long deleted = 0;
    long anonymized = 0;
    List<RetainedRecords> retained = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      StoreErasure line = outcome.line();
      found += line.found();
      deleted += line.deleted();
      anonymized += line.anonymized();
      retained.addAll(line.retained());
      if (line.failure() != null) {
        failures.add(line.failure());
      }
    }
    StoreErasure.Status status =
        !failures.isEmpty()
            ? StoreErasure.Status.FAILED
            : found == 0
                ? StoreErasure.Status.NOTHING_FOUND
                : retained.isEmpty()
                    ? StoreErasure.Status.ERASED
                    : StoreErasure.Status.PARTLY_RETAINED;
    return new StoreErasure(
        store,
        status,
        found,
        deleted,
        anonymized,
        retained,
        failures.isEmpty() ? null : String.join("; ", failures));
  }

  /** Hashes every identifier a store lists, handing them on a chunk at a time. */
  private void scan(
      AuditedStore store,
      AuditContext context,
      java.util.function.Consumer<Map<String, SubjectRef>> onChunk) {
    Map<String, SubjectRef> chunk = new LinkedHashMap<>();
    try (Stream<SubjectRef> subjects = store.subjects(context)) {
      for (SubjectRef identity : (Iterable<SubjectRef>) subjects::iterator) {
        chunk.put(audit.hasher().hash(identity), identity);
        if (chunk.size() == SCAN_CHUNK) {
          onChunk.accept(chunk);
          chunk = new LinkedHashMap<>();
        }
      }
    }
    if (!chunk.isEmpty()) {
      onChunk.accept(chunk);
    }
  }

  private Set<String> hashes(Set<SubjectRef> identities) {
    Set<String> hashes = new LinkedHashSet<>();
    identities.forEach(i -> hashes.add(audit.hasher().hash(i)));
    return hashes;
  }
}
