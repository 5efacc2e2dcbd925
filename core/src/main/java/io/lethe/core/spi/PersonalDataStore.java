package io.lethe.core.spi;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A repository of the host's that holds personal data, made known to Lethe.
 *
 * <p>Lethe's engines push their work down to the store: the store filters expired records itself
 * (one indexed query per page, never a scan of kept data in the caller), changes records in batches
 * of keys, and streams a subject's records. Implementations must be safe to call from one thread at
 * a time; Lethe does not call one store concurrently.
 *
 * <p>Lethe ships an in-memory store (in {@code lethe-testkit}) and a declarative JDBC store ({@link
 * io.lethe.core.store.jdbc.JdbcStore}). Anything else (a document database, a REST service)
 * implements this interface and proves it with {@code PersonalDataStoreContract} from {@code
 * lethe-testkit}.
 *
 * <p>Implementations never put values, keys or identifiers into exception messages or logs, and
 * treat identifier values as data, never as code: a value with quotes, wildcards or SQL in it
 * matches only records holding exactly that value.
 *
 * <p>{@code PersonalDataStoreContract} checks every rule stated here; each of its tests names the
 * rule it checks, and a failing test starts its message with it. {@link AbstractPersonalDataStore}
 * implements the batch and bookkeeping parts from record-level calls, for stores that are not SQL
 * tables.
 */
public interface PersonalDataStore {

  /** {@return what the store holds and how its records link to subjects} */
  StoreDescriptor descriptor();

  /**
   * Finds one page of the keys of expired records, as {@link ExpiryQuery} defines them. The filter
   * runs in the store.
   *
   * @param query what expired, who is excluded, and which page
   * @return at most {@code query.limit()} keys in ascending order, all greater than {@code
   *     query.after()}; fewer than the limit means this was the last page
   */
  List<RecordKey> findExpired(ExpiryQuery query);

  /**
   * Counts every expired record the query matches, ignoring its page start and limit. The default
   * pages through {@link #findExpired}; stores that can count in one query should.
   *
   * @param query what expired and who is excluded
   * @return how many records match
   */
  default long countExpired(ExpiryQuery query) {
    long count = 0;
    ExpiryQuery page = query.fromStart();
    List<RecordKey> keys;
    do {
      keys = findExpired(page);
      count += keys.size();
      if (!keys.isEmpty()) {
        page = page.next(keys.get(keys.size() - 1));
      }
    } while (keys.size() == page.limit());
    return count;
  }

  /**
   * Reads the given records, with their values, for an aggregation hook that summarizes expiring
   * records before they are deleted. Keys that no longer exist are skipped. The caller closes the
   * stream.
   *
   * @param keys the records
   * @return the records that exist, in key order
   */
  Stream<PersonalRecord> records(List<RecordKey> keys);

  /**
   * Deletes records. Keys that no longer exist are skipped and not counted.
   *
   * @param keys the records to delete
   * @return how many records were deleted
   */
  int delete(List<RecordKey> keys);

  /**
   * Whether the count {@link #delete} returns is always the number of the given records that are
   * gone afterwards. When it is, an erasure trusts it; when not (the default), the erasure reads
   * the records again by key to prove they are gone, one more read per store. {@link
   * io.lethe.core.store.jdbc.JdbcStore} says so on a table, where the database counts the rows a
   * {@code DELETE} removed, and not on a view, where an {@code INSTEAD OF} trigger may report rows
   * it did not delete.
   *
   * @return whether delete counts are exact
   */
  default boolean deleteCountsAreExact() {
    return false;
  }

  /**
   * Deletes one page of expired records: the records {@link #findExpired} would return, among a
   * range of keys after {@code query.after()} that holds at most {@code query.limit()} records. The
   * default finds one page of keys and {@link #delete}s them; a store that can delete a key range
   * in one set-based statement should, as {@link io.lethe.core.store.jdbc.JdbcStore} does.
   *
   * @param query what expired, who is excluded, where the page starts and its size
   * @return how many records were deleted, and where the next page starts
   */
  default DeletedPage deleteExpiredPage(ExpiryQuery query) {
    List<RecordKey> keys = findExpired(query);
    int deleted = keys.isEmpty() ? 0 : delete(keys);
    return keys.size() < query.limit()
        ? DeletedPage.last(deleted)
        : new DeletedPage(keys.get(keys.size() - 1), deleted);
  }

  /**
   * Replaces the values of the given records' fields as the anonymization says, and marks the
   * records anonymized so that {@link #findExpired} does not return them again.
   *
   * @param keys the records to anonymize
   * @param anonymization the strategy per category, and the hasher for {@code hash}
   * @return how many records were anonymized
   */
  int anonymize(List<RecordKey> keys, Anonymization anonymization);

  /**
   * Streams every record linked to any of the given identifiers, each once, in key order, however
   * many there are (page internally; never load them all). A record reached through a reference (a
   * child found through its parent) belongs to its parent's subject and carries none of the
   * subject's identifiers in {@link PersonalRecord#subjects()}. A record naming several people in
   * roles is returned to each with only that person's identifiers and role fields. The caller
   * closes the stream.
   *
   * @param identities the identifiers of one subject
   * @return the subject's records; no record of anybody else
   */
  Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities);

  /**
   * Finds the other identifiers this store links to one of a subject's: the email and wallet of an
   * account id, the account id of an email. A store that holds one identifier type per record
   * returns an empty set.
   *
   * <p>The answer must be exactly the identifiers carried by the records that {@link #recordsOf}
   * returns for {@code identity} (their {@link PersonalRecord#subjects()}), less {@code identity}
   * itself: an access export relies on it, checking a store's links by reading its records rather
   * than asking again. A store that links identifiers some other way (an alias table its records do
   * not carry) must put them on its records too. The contract kit checks this.
   *
   * @param identity one identifier of the subject
   * @return the other identifiers found on the same records, not including {@code identity}
   */
  Set<SubjectRef> linkedIdentities(SubjectRef identity);

  /**
   * Tells whether {@link #linkedIdentities} can ever find anything here. False promises that each
   * record carries at most one identifier, so that no identifier leads to another in this store (an
   * orders table linked by account id alone); identity resolution then does not ask (or, in an
   * access export, read) the store, and an export reads it once, with every identifier found
   * elsewhere. The default, true, promises nothing. The contract kit checks a false answer.
   *
   * @return false if the store links no identifiers to others
   */
  default boolean linksIdentities() {
    return true;
  }

  /**
   * The identifier types of which no two of this store's records carry the same identifier: an
   * account id column with a unique index, for instance. An access export relies on it: once it has
   * read a record that carries such an identifier, it does not ask the store about that identifier
   * again, since no other record can carry it. Optional: the default, an empty set, promises
   * nothing. The contract kit checks the promise against the store's records.
   *
   * @return the types, each one of {@link StoreDescriptor#identifiers()}
   */
  default Set<IdentifierType> uniqueIdentifiers() {
    return Set.of();
  }

  /**
   * Names the group of stores this store can read a subject's records together with, in one round
   * trip ({@link #recordsOfJointly}): {@link io.lethe.core.store.jdbc.JdbcStore}s opened on the
   * same PostgreSQL data source object, for instance. Optional: the default, null, means the store
   * is always read on its own. Two stores belong to one group when their groups are {@linkplain
   * Object#equals equal}.
   *
   * <p>A store that wraps another (to count, fail or slow its calls) should keep this default
   * rather than forward it, or the joint read goes past the wrapper.
   *
   * @return the group, or null
   */
  default Object jointReadGroup() {
    return null;
  }

  /**
   * Starts streaming one subject's records from several stores of this store's {@linkplain
   * #jointReadGroup group} at once, so that an access export pays one round trip for the first
   * records of all of them rather than one per store. Each stream is what the store's own {@link
   * #recordsOf} would return for the same identifiers; records beyond what the first round trip
   * fetched are read when the stream gets there, so memory stays bounded. The default calls {@link
   * #recordsOf} of each store.
   *
   * <p>If a store fails, the streams already opened are closed before the failure is thrown.
   *
   * @param stores stores whose {@link #jointReadGroup} equals this store's; a store may appear more
   *     than once
   * @param identities the identifiers of one subject
   * @return one stream per store, in the order given; the caller closes each
   * @throws IllegalArgumentException if the store checks the group and a store is not of it, as
   *     {@link io.lethe.core.store.jdbc.JdbcStore} does on PostgreSQL
   */
  default List<Stream<PersonalRecord>> recordsOfJointly(
      List<? extends PersonalDataStore> stores, Set<SubjectRef> identities) {
    List<Stream<PersonalRecord>> streams = new ArrayList<>(stores.size());
    try {
      for (PersonalDataStore store : stores) {
        streams.add(store.recordsOf(identities));
      }
    } catch (Throwable e) { // rethrown as it is: recordsOf declares no checked exception
      for (Stream<PersonalRecord> opened : streams) {
        try {
          if (opened != null) {
            opened.close();
          }
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
    return streams;
  }

  /**
   * Replaces values of one record's fields, for a rectification request.
   *
   * @param key the record
   * @param values the new value per field category; only fields of these categories change
   * @return 1 if the record was changed, 0 if it does not exist
   * @throws IllegalArgumentException if the store holds no field of a category given; the message
   *     names the category and never contains a value
   * @throws UnsupportedOperationException if the store is read-only or delete-only ({@link
   *     #supports} says so for {@link StoreOperation#RECTIFY})
   */
  int rectify(RecordKey key, Map<CategoryKey, Object> values);

  /**
   * Streams every subject identifier the store's records carry, each once per identifier type (an
   * account id and an email of the same row are two identifiers). Lethe hashes them to find
   * subjects it erased before: {@code replayAfterRestore} after a backup was restored, and deferred
   * erasure once a minimum period has passed. Optional: a store that cannot list its subjects keeps
   * this default, which throws, and {@link #supports} says so.
   *
   * @return the identifiers; the caller closes the stream
   * @throws UnsupportedOperationException if the store cannot list its subjects
   */
  default Stream<SubjectRef> subjects() {
    throw new UnsupportedOperationException("store '" + name() + "' cannot list its subjects");
  }

  /**
   * Of some records of a subject, the ones that rows of other subjects reach too: an address that
   * two customers refer to belongs to both, and an erasure for one of them must not take it from
   * the other. Optional: the default, for stores whose records each belong to one subject, finds
   * none; {@link io.lethe.core.store.jdbc.JdbcStore} answers for records reached through a
   * reference to a column that is not unique.
   *
   * @param keys records of the subject, as {@link #recordsOf} returned them
   * @param identities the subject's identifiers
   * @return the keys of the records some other subject's rows reach too
   */
  default Set<RecordKey> sharedWithOthers(List<RecordKey> keys, Set<SubjectRef> identities) {
    return Set.of();
  }

  /**
   * Takes a subject off records that other people share, keeping the records for them: a lesson row
   * names a tutor and a student, and the student's erasure clears the student's columns and fields
   * and leaves the lesson to the tutor. The retention engine calls it, during an erasure, with the
   * records {@link #sharedWithOthers} named; a record not returned is kept whole, as shared, and
   * the receipt says so. Optional: the default detaches nothing, for stores whose records each
   * belong to one subject or that are shared only through references (an address two customers
   * refer to has nothing of one of them to clear); {@link io.lethe.core.store.jdbc.JdbcStore}
   * clears a row's role columns (see {@link io.lethe.core.store.jdbc.JdbcMapping.SubjectColumn}).
   *
   * @param keys records of the subject that others share
   * @param identities the subject's identifiers
   * @return the keys of the records that no longer name the subject in any of their own columns and
   *     are kept for the others
   */
  default Set<RecordKey> detach(List<RecordKey> keys, Set<SubjectRef> identities) {
    return Set.of();
  }

  /**
   * Tells why this store could not apply an anonymization, such as a strategy that writes NULL into
   * a column that cannot hold it or into the key. The retention engine asks when it is built, for
   * every rule that would anonymize or clear this store's fields, and refuses the configuration
   * with these reasons, rather than failing at the first sweep or erasure. Optional: the default
   * finds nothing; {@link io.lethe.core.store.jdbc.JdbcStore} checks the database's NOT NULL
   * columns and its key.
   *
   * @param anonymization what a rule would do to the store's fields
   * @return one reason per field that cannot take it, naming the field; empty if none
   */
  default List<String> problemsWith(Anonymization anonymization) {
    return List.of();
  }

  /**
   * Tells whether this store's records refer to records of another store, as a foreign key from
   * this store's table to the other's does. An erasure changes a store's records before those of
   * the stores they refer to, whatever order the host registered its stores in: a database cascade
   * from the other store's deletes ({@code ON DELETE CASCADE} or {@code SET NULL}) would otherwise
   * delete or unlink this store's records before the erasure reached them. Optional: the default,
   * false, says nothing; {@link io.lethe.core.store.jdbc.JdbcStore} answers from the database's
   * foreign keys.
   *
   * @param other another store of the same engine
   * @return true if records of this store may refer to records of {@code other}
   */
  default boolean refersTo(PersonalDataStore other) {
    return false;
  }

  /**
   * Names this store in errors. Implementations need not override it.
   *
   * @return the store's name
   */
  default String name() {
    return descriptor().name();
  }

  /**
   * Tells whether the store supports an operation; every operation is required except {@link
   * StoreOperation#RECTIFY} and {@link StoreOperation#ANONYMIZE}, which a read-only or delete-only
   * store may refuse by throwing {@link UnsupportedOperationException}, and {@link
   * StoreOperation#LIST_SUBJECTS}, which a store offers by overriding both {@link #subjects()} and
   * this method.
   *
   * @param operation the operation
   * @return true for everything but {@link StoreOperation#LIST_SUBJECTS} unless overridden
   */
  default boolean supports(StoreOperation operation) {
    return operation != StoreOperation.LIST_SUBJECTS;
  }
}
