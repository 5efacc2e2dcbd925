package io.lethe.retention;

import static io.lethe.retention.SubjectEraser.BATCH;
import static io.lethe.retention.SubjectEraser.why;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.SubjectEraser.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Carries out one store's part of an erasure as planned (deletes or anonymizes, takes the subject
 * off shared records), then checks that what went is gone, and audits the store's outcome.
 */
final class ErasureWrites {

  private final AuditLog audit;
  private final String actor;
  private final Function<AuditedStore, Optional<Anonymization>> anonymizations;

  /**
   * @param audit the audit trail
   * @param actor the actor named in audit entries
   * @param anonymizations per store, the anonymization its record rule applies, if it anonymizes
   */
  ErasureWrites(
      AuditLog audit,
      String actor,
      Function<AuditedStore, Optional<Anonymization>> anonymizations) {
    this.audit = audit;
    this.actor = actor;
    this.anonymizations = anonymizations;
  }

  /**
   * The check that ends one store's erasure, after {@link #change} made it; what it reads is read
   * once every store has been changed.
   */
  interface Check {

    /** {@return whether the check reads the subject's records} */
    boolean reads();

    /**
     * Checks and reports.
     *
     * @param read the subject's records, read already (with other stores'), or null to read them
     *     here if the check {@link #reads() reads}; closed
     * @return the store's outcome, audited
     */
    Outcome outcome(Stream<PersonalRecord> read);

    /** A check with nothing to read: the outcome is known. */
    static Check known(Outcome outcome) {
      return new Check() {
        @Override
        public boolean reads() {
          return false;
        }

        @Override
        public Outcome outcome(Stream<PersonalRecord> read) {
          if (read != null) {
            read.close();
          }
          return outcome;
        }
      };
    }
  }

  /**
   * Erases what the plan says, and returns the check that it is gone: unless the store's delete
   * counts are exact ({@link io.lethe.core.spi.PersonalDataStore#deleteCountsAreExact}), the
   * records deleted are read again by their key and must be absent (a cascade may have unlinked one
   * from the subject, so the subject's search alone would not see it), and the subject's records
   * are looked for again: none may link but those kept (an anonymized record must no longer carry
   * the subject's identifiers). Anything left makes the store's line failed, never erased.
   */
  Check change(StorePlan plan, SubjectRef subject, String reference, Instant collectedBy) {
    AuditedStore store = plan.store();
    if (plan.failure() != null) {
      return Check.known(
          failed(
              store,
              subject,
              reference,
              plan.found(),
              0,
              plan.anonymizes(),
              0,
              plan.kept(),
              plan.keptCount(),
              plan.categories(),
              plan.failure()));
    }
    AuditContext context =
        new AuditContext(
            AuditAction.ERASURE, actor, reference, store.descriptor().recordCategory(), subject);
    List<RecordKey> toErase = plan.toErase();
    long done = 0;
    List<RecordKey> unconfirmed = new ArrayList<>(); // deleted, by a count that may be wrong
    Set<RecordKey> detached = new HashSet<>();
    Map<String, Protection> kept = new LinkedHashMap<>(plan.kept());
    Map<String, Long> keptCount = new HashMap<>(plan.keptCount());
    Optional<Anonymization> anonymization;
    try {
      anonymization = plan.anonymizes() ? anonymizations.apply(store) : Optional.empty();
      boolean exact = store.unwrap().deleteCountsAreExact();
      for (int from = 0; from < toErase.size(); from += BATCH) {
        List<RecordKey> batch = toErase.subList(from, Math.min(toErase.size(), from + BATCH));
        if (anonymization.isPresent()) {
          done += store.anonymize(batch, anonymization.get(), context);
        } else {
          try {
            done += store.delete(batch, context);
            if (!exact) {
              unconfirmed.addAll(batch);
            }
          } catch (StoreException.Incomplete fewer) {
            // some were gone already (a sweep at the same time, a cascade): the check below
            // reads the batch again by key, and only what is still there fails the store
            done += fewer.affected();
            unconfirmed.addAll(batch);
          }
        }
      }
      // records others share: the subject is taken off them where the store can; the rest stay
      List<PersonalRecord> shared = plan.shared();
      for (int from = 0; from < shared.size(); from += BATCH) {
        detached.addAll(
            store.detach(
                shared.subList(from, Math.min(shared.size(), from + BATCH)).stream()
                    .map(PersonalRecord::key)
                    .toList(),
                plan.identities(),
                context));
      }
      for (PersonalRecord record : shared) {
        if (!detached.contains(record.key())) {
          Protection p =
              new Protection(
                  record.category(),
                  RetainedRecords.Ground.SHARED,
                  "other subjects' records refer to it or name them; it goes once none does",
                  store.name(),
                  null,
                  false);
          kept.putIfAbsent(p.key(), p);
          keptCount.merge(p.key(), 1L, Long::sum);
        }
      }
    } catch (RuntimeException e) {
      return Check.known(
          failed(
              store,
              subject,
              reference,
              plan.found(),
              done,
              plan.anonymizes(),
              detached.size(),
              kept,
              keptCount,
              plan.categories(),
              why(store, e)));
    }
    long changed = done;
    boolean anonymized = anonymization.isPresent();
    return new Check() {
      @Override
      public boolean reads() {
        return true;
      }

      @Override
      public Outcome outcome(Stream<PersonalRecord> read) {
        return check(
            plan,
            subject,
            reference,
            collectedBy,
            context,
            read,
            changed,
            anonymized,
            unconfirmed,
            detached,
            kept,
            keptCount);
      }
    };
  }

  private Outcome check(
      StorePlan plan,
      SubjectRef subject,
      String reference,
      Instant collectedBy,
      AuditContext context,
      Stream<PersonalRecord> read,
      long done,
      boolean anonymized,
      List<RecordKey> unconfirmed,
      Set<RecordKey> detached,
      Map<String, Protection> kept,
      Map<String, Long> keptCount) {
    AuditedStore store = plan.store();
    try (Stream<PersonalRecord> records =
        read != null ? read : store.recordsOf(plan.identities(), context)) {
      long left = 0; // deleted records still there: the subject's search below may miss them
      for (int from = 0; from < unconfirmed.size(); from += BATCH) {
        List<RecordKey> batch =
            unconfirmed.subList(from, Math.min(unconfirmed.size(), from + BATCH));
        left += store.records(batch, context).size();
      }
      // an anonymized record reached only through a reference carries none of the subject's
      // identifiers: what links it is a reference value, which is no personal data
      // (a record taken off a shared row, too, until the row it belongs with is: a message of
      // a lesson, whose store comes later)
      long linked =
          records
              .filter(r -> !ErasurePlans.collectedAfter(r, collectedBy))
              .filter(
                  r ->
                      !anonymized && !detached.contains(r.key())
                          || !Collections.disjoint(r.subjects(), plan.identities()))
              .count();
      long retained = keptCount.values().stream().mapToLong(Long::longValue).sum();
      String leaves =
          anonymized
              ? " (the anonymization leaves the identifier"
                  + " columns; map them as fields of an anonymized category, or delete)"
              : "";
      if (left > 0) {
        return failed(
            store,
            subject,
            reference,
            plan.found(),
            done - left,
            false,
            detached.size(),
            kept,
            keptCount,
            plan.categories(),
            left
                + " of the "
                + plan.toErase().size()
                + " records deleted in store '"
                + store.name()
                + "' are still there after the erasure");
      }
      if (linked > retained) {
        return failed(
            store,
            subject,
            reference,
            plan.found(),
            done,
            anonymized,
            detached.size(),
            kept,
            keptCount,
            plan.categories(),
            (linked - retained) + " records still link to the subject after the erasure" + leaves);
      }
    } catch (RuntimeException e) {
      return failed(
          store,
          subject,
          reference,
          plan.found(),
          done,
          anonymized,
          detached.size(),
          kept,
          keptCount,
          plan.categories(),
          why(store, e));
    }
    List<RetainedRecords> retained = retained(kept, keptCount);
    StoreErasure.Status status =
        plan.found() == 0
            ? StoreErasure.Status.NOTHING_FOUND
            : retained.isEmpty() ? StoreErasure.Status.ERASED : StoreErasure.Status.PARTLY_RETAINED;
    StoreErasure line =
        new StoreErasure(
            store.name(),
            status,
            plan.found(),
            anonymized ? 0 : done,
            (anonymized ? done : 0) + detached.size(),
            retained,
            null);
    audit(line, subject, reference);
    return new Outcome(line, plan.categories(), plan.next());
  }

  private Outcome failed(
      AuditedStore store,
      SubjectRef subject,
      String reference,
      long found,
      long done,
      boolean anonymized,
      long detached,
      Map<String, Protection> kept,
      Map<String, Long> keptCount,
      Set<CategoryKey> categories,
      String why) {
    StoreErasure line =
        new StoreErasure(
            store.name(),
            StoreErasure.Status.FAILED,
            found,
            anonymized ? 0 : done,
            (anonymized ? done : 0) + detached,
            retained(kept, keptCount),
            why);
    audit(line, subject, reference);
    return new Outcome(line, done > 0 ? categories : Set.of(), null);
  }

  /** Records one store's outcome of an erasure in the audit trail. */
  void audit(StoreErasure line, SubjectRef subject, String reference) {
    audit.record(
        AuditEvent.of(AuditAction.ERASURE, actor)
            .reference(reference)
            .subject(subject)
            .store(line.store())
            .count("found", line.found())
            .count("deleted", line.deleted())
            .count("anonymized", line.anonymized())
            .count("retained", line.retainedCount())
            .outcome(
                line.status() == StoreErasure.Status.FAILED
                    ? AuditOutcome.FAILED
                    : AuditOutcome.SUCCESS)
            .detail(
                line.status()
                    + (line.failure() == null ? "" : ": " + line.failure())
                    + line.retained().stream()
                        .map(
                            r ->
                                "; kept "
                                    + r.records()
                                    + " "
                                    + r.category()
                                    + " ("
                                    + r.ground()
                                    + ": "
                                    + r.source()
                                    + ")")
                        .reduce("", String::concat))
            .build());
  }

  private static List<RetainedRecords> retained(
      Map<String, Protection> kept, Map<String, Long> keptCount) {
    List<RetainedRecords> retained = new ArrayList<>();
    kept.forEach(
        (key, p) ->
            retained.add(
                new RetainedRecords(
                    p.category(),
                    keptCount.get(key),
                    p.ground(),
                    p.reason(),
                    p.source(),
                    p.until(),
                    p.deferred())));
    return retained;
  }
}
