package io.lethe.dsar.export;

import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The reads an export makes before it writes: joint reads started, and the identity resolution
 * confirmed by reading, its records kept for the export.
 *
 * <p>Resolving by reading ({@link SubjectIdentities#resolveOneByReading}) relies on the store
 * contract: the identifiers a store links to one are those its records of that one carry, so it
 * reads a linking store's records where it would ask it, and keeps them for the store's turn. A
 * store is read for the identifiers it linked itself only once resolution is done (the accounts
 * table, read for an email, gives the account id; its records of the account id are mostly the same
 * rows), before anything is written: if one of those records carries an identifier not yet found,
 * resolution must start again the long way ({@link SubjectIdentities#resolveOne}), so the result is
 * the same. Up to {@value AccessExporter#CONFIRMATION_BUFFER} records per store are kept; a store
 * with more is asked for links instead and read again when its turn comes.
 *
 * <p>Stores that can be read together ({@link AuditedStore#recordsOfJointly}) start being read with
 * one call once the identifiers are resolved, before they are confirmed: one round trip for the
 * first records of all of them, the reads that confirm the identifiers included. If confirming
 * finds another identifier, those reads are closed and started again with every identifier.
 */
final class EarlyReads {

  private EarlyReads() {}

  /**
   * Starts reading the stores that can be read together ({@link AuditedStore#recordsOfJointly}).
   *
   * @param which the stores to read
   * @param identities every identifier of the subject
   * @param context the export's audit context
   * @param joint false where joint reads are off, or the stores are read ahead on an executor,
   *     which overlaps their round trips already
   * @return the streams started, per store; empty if none (a map each store's is taken from)
   */
  static Map<AuditedStore, Stream<PersonalRecord>> startJoint(
      List<AuditedStore> which, Set<SubjectRef> identities, AuditContext context, boolean joint) {
    return !joint
        ? new ConcurrentHashMap<>()
        : new ConcurrentHashMap<>(AuditedStore.recordsOfJointly(which, identities, context));
  }

  /**
   * Completes the records a resolution read by reading each store it left unasked about some
   * identifiers, and confirms the resolution on the way: if none of those records carries another
   * identifier, the resolution is complete, and the store's records (up to {@value
   * AccessExporter#CONFIRMATION_BUFFER}) are kept for the export. A store with more records is
   * confirmed by asking it the questions left out instead, and read in full when its turn comes. A
   * store in a joint read was read with every identifier; the records the resolution read already
   * are skipped.
   *
   * @param resolution what resolving by reading found and read
   * @param started streams of a joint read, per store; the ones read here are removed
   * @param context the export's audit context
   * @return the records read, per store, ordered as {@link SubjectIdentities#inKeyOrder} says; null
   *     if an identifier turned up, and resolution must start again without shortcuts
   */
  static Map<AuditedStore, List<PersonalRecord>> confirm(
      SubjectIdentities.Reading resolution,
      Map<AuditedStore, Stream<PersonalRecord>> started,
      AuditContext context) {
    Set<SubjectRef> identities = resolution.identities();
    Map<AuditedStore, List<PersonalRecord>> read = new LinkedHashMap<>(resolution.read());
    for (Map.Entry<AuditedStore, Set<SubjectRef>> entry : resolution.toConfirm().entrySet()) {
      AuditedStore store = entry.getKey();
      Map<RecordKey, PersonalRecord> held = new LinkedHashMap<>();
      read.remove(store).forEach(record -> held.put(record.key(), record));
      boolean complete = true;
      Stream<PersonalRecord> jointly = started.remove(store);
      try (Stream<PersonalRecord> more =
          jointly != null ? jointly : store.recordsOf(entry.getValue(), context)) {
        Iterator<PersonalRecord> it = more.iterator();
        while (complete && it.hasNext()) {
          PersonalRecord record = it.next();
          if (!identities.containsAll(record.subjects())) {
            return null;
          }
          if (!held.containsKey(record.key())) {
            complete = held.size() < AccessExporter.CONFIRMATION_BUFFER;
            held.put(record.key(), record);
          }
        }
      }
      if (complete) {
        read.put(store, SubjectIdentities.inKeyOrder(held.values()));
        continue;
      }
      for (SubjectRef identity : entry.getValue()) {
        if (!identities.containsAll(store.linkedIdentities(identity, context))) {
          return null;
        }
      }
    }
    return read;
  }

  /**
   * Closes streams started and not read. A failure to close is not thrown: {@link AuditedStore} has
   * audited it, and the export has ended or goes on without that stream.
   */
  static void closeAll(Map<AuditedStore, Stream<PersonalRecord>> started) {
    for (Stream<PersonalRecord> stream : started.values()) {
      try {
        stream.close();
      } catch (RuntimeException e) {
        // audited by AuditedStore; nothing was read from this stream
      }
    }
    started.clear();
  }
}
