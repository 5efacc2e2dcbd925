package io.lethe.retention;

import static io.lethe.retention.SubjectEraser.BATCH;
import static io.lethe.retention.SubjectEraser.UNKNOWN_END_BACKOFF;
import static io.lethe.retention.SubjectEraser.why;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Taxonomy;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plans one store's part of an erasure: reads the subject's records there and decides each, to be
 * erased, taken off a record others share, or kept on a protection; changes nothing.
 */
final class ErasurePlans {

  private final PrivacyPolicy policy;
  private final String actor;
  private final Protections protections;

  ErasurePlans(PrivacyPolicy policy, String actor, Protections protections) {
    this.policy = policy;
    this.actor = actor;
    this.protections = protections;
  }

  /**
   * Reads one store's records of the identities and decides each; changes nothing.
   *
   * @param read the records, read already (together with other stores'), or null to read them here;
   *     closed
   */
  StorePlan plan(
      AuditedStore store,
      SubjectRef subject,
      Set<SubjectRef> identities,
      String reference,
      Instant at,
      SubjectEraser.Holds holds,
      Instant collectedBy,
      Stream<PersonalRecord> read) {
    CategoryKey recordCategory = store.descriptor().recordCategory();
    AuditContext context =
        new AuditContext(AuditAction.ERASURE, actor, reference, recordCategory, subject);
    boolean canDefer = store.unwrap().supports(StoreOperation.LIST_SUBJECTS);
    boolean anonymizes =
        policy
            .ruleFor(recordCategory)
            .filter(r -> r.action() == ExpiryAction.ANONYMIZE)
            .isPresent();
    List<RecordKey> toErase = new ArrayList<>();
    Map<String, Protection> kept = new LinkedHashMap<>();
    Map<String, Long> keptCount = new HashMap<>();
    Set<CategoryKey> categories = new LinkedHashSet<>();
    long found = 0;
    Instant next = null;
    List<PersonalRecord> pending = new ArrayList<>();
    List<PersonalRecord> shared = new ArrayList<>();
    try (Stream<PersonalRecord> records =
        read != null ? read : store.recordsOf(identities, context)) {
      for (PersonalRecord record : (Iterable<PersonalRecord>) records::iterator) {
        if (collectedAfter(record, collectedBy)) {
          continue;
        }
        found++;
        Optional<Protection> protection =
            protections.of(store, record, at, holds).map(p -> canDefer ? p : p.notDeferred());
        if (protection.isPresent()) {
          Protection p = protection.get();
          Protection before = kept.get(p.key());
          kept.put(p.key(), before == null ? p : Protection.longer(before, p));
          keptCount.merge(p.key(), 1L, Long::sum);
          if (p.deferred()) {
            Instant look = p.until() == null ? at.plus(UNKNOWN_END_BACKOFF) : p.until();
            next = next == null || look.isBefore(next) ? look : next;
          }
        } else {
          pending.add(record);
          if (pending.size() == BATCH) {
            unshared(store, identities, context, pending, toErase, categories, shared);
          }
        }
      }
      unshared(store, identities, context, pending, toErase, categories, shared);
    } catch (RuntimeException e) {
      return new StorePlan(
          store,
          identities,
          found,
          List.of(),
          List.of(),
          kept,
          keptCount,
          categories,
          null,
          anonymizes,
          why(store, e));
    }
    return new StorePlan(
        store,
        identities,
        found,
        toErase,
        shared,
        kept,
        keptCount,
        categories,
        next,
        anonymizes,
        null);
  }

  /**
   * Sorts records due for erasure: those that other subjects share (an address two customers refer
   * to, a lesson that names a tutor and a student) go to {@code shared}, the rest are to be erased.
   * Empties {@code pending}.
   */
  private static void unshared(
      AuditedStore store,
      Set<SubjectRef> identities,
      AuditContext context,
      List<PersonalRecord> pending,
      List<RecordKey> toErase,
      Set<CategoryKey> categories,
      List<PersonalRecord> sharedRecords) {
    if (pending.isEmpty()) {
      return;
    }
    Set<RecordKey> shared =
        store.sharedWithOthers(
            pending.stream().map(PersonalRecord::key).toList(), identities, context);
    for (PersonalRecord record : pending) {
      if (shared.contains(record.key())) {
        sharedRecords.add(record);
      } else {
        toErase.add(record.key());
        categories.add(record.category());
        // context columns (system.*) are no personal data: no receipt names them as erased
        record.fields().stream()
            .filter(f -> f.value() != null)
            .map(FieldValue::category)
            .filter(c -> !Taxonomy.isContext(c))
            .forEach(categories::add);
      }
    }
    pending.clear();
  }

  /**
   * Whether a record came after an erasure and is not the erasure's.
   *
   * @param collectedBy when the erasure ran; null if every record is the erasure's
   */
  static boolean collectedAfter(PersonalRecord record, Instant collectedBy) {
    return collectedBy != null
        && record
            .anchors()
            .get(Anchor.COLLECTED)
            .filter(collected -> collected.isAfter(collectedBy))
            .isPresent();
  }
}
