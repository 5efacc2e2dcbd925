package io.lethe.retention.spi;

import io.lethe.core.erasure.ErasureReceipt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers erased subjects, by keyed hash only, the erasures a floor or a hold deferred, and the
 * receipt of every erasure request so far.
 *
 * <p>Tombstones let {@link io.lethe.retention.RetentionEngine#replayAfterRestore} find, in a store
 * restored from a backup, the subjects erased since: it hashes every identifier the store lists and
 * erases the ones with a tombstone. Deferrals let a sweep finish an erasure once what protected the
 * records has passed, with no further request. Lethe ships {@link
 * io.lethe.retention.InMemoryErasureLedger} and {@link io.lethe.retention.JdbcErasureLedger}.
 */
public interface ErasureLedger {

  /**
   * A subject identifier that was erased.
   *
   * @param subjectHash the identifier's keyed hash
   * @param reference the request or job that erased it
   * @param erasedAt when
   */
  record Tombstone(String subjectHash, String reference, Instant erasedAt) {
    /** Checks the parts are present. */
    public Tombstone {
      Objects.requireNonNull(subjectHash, "subjectHash");
      Objects.requireNonNull(erasedAt, "erasedAt");
    }
  }

  /**
   * An erasure to finish in one store.
   *
   * @param id unique id
   * @param store the store's name
   * @param subjectHashes keyed hashes of the subject's identifiers
   * @param reference the request it finishes
   * @param notBefore when to look again: the end of the protection; a day later when that end is
   *     not known (an open-ended hold), or at once to retry a store that failed
   * @param createdAt when the erasure ran; records collected later (a returning customer's new
   *     account) are not the erasure's and are left alone
   */
  record Deferral(
      String id,
      String store,
      Set<String> subjectHashes,
      String reference,
      Instant notBefore,
      Instant createdAt) {
    /** Checks the parts are present. */
    public Deferral {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(store, "store");
      subjectHashes = Set.copyOf(subjectHashes);
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Returns this deferral looking again later.
     *
     * @param next when
     * @return the copy
     */
    public Deferral rescheduled(Instant next) {
      return new Deferral(id, store, subjectHashes, reference, next, createdAt);
    }
  }

  /**
   * Records tombstones; one already there for a hash is kept.
   *
   * @param tombstones the tombstones
   */
  void record(Collection<Tombstone> tombstones);

  /**
   * Tells which of the given hashes have a tombstone, and since when.
   *
   * @param subjectHashes hashes to check; callers pass at most a few thousand at once
   * @return for each hash that was erased, when it was first erased
   */
  Map<String, Instant> erased(Collection<String> subjectHashes);

  /**
   * Saves a deferral, replacing one with the same id.
   *
   * @param deferral the deferral
   */
  void defer(Deferral deferral);

  /**
   * The deferrals of a store due at an instant.
   *
   * @param store the store's name
   * @param at the instant
   * @return deferrals with {@code notBefore <= at}, oldest first
   */
  List<Deferral> dueIn(String store, Instant at);

  /**
   * Every deferral still open, for reports.
   *
   * @return the open deferrals, oldest first
   */
  List<Deferral> pending();

  /**
   * Removes a finished deferral.
   *
   * @param id its id
   */
  void finish(String id);

  /**
   * Adds an attempt at an erasure to the receipt kept for its reference and subject (the keyed hash
   * of the identifier it started from): folds it into the one kept ({@link
   * ErasureReceipt#followedBy}), or keeps it as the first. Atomic: attempts added at once by two
   * instances both count. Receipts hold keyed hashes, store names, categories, rule and hold ids
   * and counts, never identifiers.
   *
   * @param attempt what one attempt did; its reference is not null
   * @return the receipt of every attempt so far, this one included
   * @throws IllegalArgumentException if the attempt has no reference
   */
  ErasureReceipt addToReceipt(ErasureReceipt attempt);

  /**
   * The receipts kept for a reference: one per subject erased under it, which is one unless a host
   * reuses references.
   *
   * @param reference the request or job
   * @return the receipts, oldest first; empty if no attempt was added for it
   * @throws NullPointerException if the reference is null
   */
  List<ErasureReceipt> receipts(String reference);
}
