package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One store's part of an erasure, worked out before anything changes: what was found, what is to be
 * erased, what others share (the subject is taken off those where the store can, and the rest are
 * kept), what is kept and why; or the failure that stopped the reading.
 *
 * @param store the store
 * @param identities the subject's identifiers the store was read with
 * @param found how many of the subject's records were found
 * @param toErase the keys of the records to delete (or anonymize)
 * @param shared the records other subjects share
 * @param kept per protection's key, the protection (the longest of those alike)
 * @param keptCount per protection's key, how many records it keeps
 * @param categories the categories of the records to erase
 * @param next when a sweep should look again at what a deferred protection keeps; null if none
 * @param anonymizes whether the store's record rule anonymizes rather than deletes
 * @param failure what stopped the reading; null if nothing did
 */
record StorePlan(
    AuditedStore store,
    Set<SubjectRef> identities,
    long found,
    List<RecordKey> toErase,
    List<PersonalRecord> shared,
    Map<String, Protection> kept,
    Map<String, Long> keptCount,
    Set<CategoryKey> categories,
    Instant next,
    boolean anonymizes,
    String failure) {}
