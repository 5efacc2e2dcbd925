package io.lethe.core.audit;

import io.lethe.core.LetheException;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.subject.SubjectHasher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The tamper-evident audit trail: appends entries with the time from an injected clock, hashes
 * subjects with the host's secret, chains every entry to the one before, and verifies the chain.
 *
 * <p>Appending is safe from several threads and, with a shared storage such as {@link
 * JdbcAuditStorage}, from several instances: the storage holds the trail while it reads the newest
 * entry and stores the next, so writers take turns and none fails because others append.
 *
 * <p>The chain detects an entry changed, removed or moved anywhere but at the very end; to detect
 * entries cut off the end, keep {@link #head()} somewhere else and pass it to {@link
 * #verify(String)}.
 */
public final class AuditLog {

  private final AuditStorage storage;
  private final SubjectHasher hasher;
  private final Clock clock;

  private AuditLog(AuditStorage storage, SubjectHasher hasher, Clock clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A log over a storage.
   *
   * @param storage where entries are kept
   * @param hasher hashes subjects with the host's secret
   * @param clock stamps entries; inject a settable one in tests
   * @return the log
   */
  public static AuditLog create(AuditStorage storage, SubjectHasher hasher, Clock clock) {
    return new AuditLog(storage, hasher, clock);
  }

  /** {@return the hasher that turns subjects into keyed hashes in this log} */
  public SubjectHasher hasher() {
    return hasher;
  }

  /**
   * Records an event.
   *
   * @param event what happened
   * @return the stored entry
   * @throws AuditException if the storage cannot be read or written
   */
  public AuditEntry append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    String subjectHash = event.subject() == null ? null : hasher.hash(event.subject());
    return storage.append(last -> {
      long sequence = last.map(AuditEntry::sequence).orElse(0L) + 1;
      String previous = last.map(AuditEntry::hash).orElse(AuditEntry.GENESIS);
      Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
      AuditEntry unsealed = new AuditEntry(sequence, at, event.actor(), event.action(),
          event.reference(), event.store(), event.category(), subjectHash, event.counts(),
          event.outcome(), event.detail(), previous, "");
      return new AuditEntry(sequence, at, event.actor(), event.action(), event.reference(),
          event.store(), event.category(), subjectHash, event.counts(), event.outcome(),
          event.detail(), previous, unsealed.computeHash());
    });
  }

  /** {@return the hash of the newest entry, or the genesis hash for an empty trail} */
  public String head() {
    return storage.last().map(AuditEntry::hash).orElse(AuditEntry.GENESIS);
  }

  /**
   * Streams every entry in order. The caller closes the stream.
   *
   * @return the entries
   */
  public Stream<AuditEntry> entries() {
    return storage.readAll();
  }

  /**
   * Checks the whole chain: every entry's hash matches its content, sequence numbers run from 1
   * without gaps, and each entry links to the one before.
   *
   * @return the result, naming the first problem found
   */
  public AuditVerification verify() {
    return verify(null);
  }

  /**
   * Checks the chain and that it ends at a head recorded earlier, which also detects entries cut
   * off the end.
   *
   * @param expectedHead a value of {@link #head()} kept outside the storage; null to skip
   * @return the result, naming the first problem found
   */
  public AuditVerification verify(String expectedHead) {
    long expectedSequence = 1;
    String previous = AuditEntry.GENESIS;
    long checked = 0;
    try (Stream<AuditEntry> entries = storage.readAll()) {
      Iterator<AuditEntry> it = entries.iterator();
      while (true) {
        AuditEntry entry;
        try {
          if (!it.hasNext()) {
            break;
          }
          entry = it.next();
        } catch (AuditException unreadable) {
          return AuditVerification.broken(checked, checked + 1, unreadable.getMessage());
        }
        checked++;
        if (!entry.isIntact()) {
          return AuditVerification.broken(checked, entry.sequence(), "entry " + entry.sequence()
              + " was changed: its hash does not match its content");
        }
        if (entry.sequence() > expectedSequence) {
          if (appearsLater(it, expectedSequence, entry.sequence())) {
            return AuditVerification.broken(checked, checked, "entry " + entry.sequence()
                + " is out of place: found at position " + checked);
          }
          String missing = entry.sequence() - expectedSequence == 1
              ? "entry " + expectedSequence + " is"
              : "entries " + expectedSequence + " to " + (entry.sequence() - 1) + " are";
          return AuditVerification.broken(checked, expectedSequence, missing + " missing: entry "
              + entry.sequence() + " follows entry " + (expectedSequence - 1));
        }
        if (entry.sequence() < expectedSequence) {
          return AuditVerification.broken(checked, checked, "entry " + entry.sequence()
              + " is out of place: found at position " + checked);
        }
        if (!entry.previousHash().equals(previous)) {
          return AuditVerification.broken(checked, entry.sequence(), "entry " + entry.sequence()
              + " does not link to the entry before it: entries were removed, replaced or"
              + " reordered");
        }
        previous = entry.hash();
        expectedSequence++;
      }
    }
    if (expectedHead != null && !expectedHead.equals(previous)) {
      return AuditVerification.broken(checked, expectedSequence, "the trail does not end at the"
          + " expected head: entries after " + (expectedSequence - 1) + " were removed");
    }
    return AuditVerification.ok(checked);
  }

  /**
   * Reads on to tell a removal from a move: whether an entry numbered from {@code from} to just
   * below {@code to} comes later in the trail.
   */
  private static boolean appearsLater(Iterator<AuditEntry> it, long from, long to) {
    try {
      while (it.hasNext()) {
        long sequence = it.next().sequence();
        if (sequence >= from && sequence < to) {
          return true;
        }
      }
    } catch (AuditException unreadable) {
      // the rest cannot be read: report the gap as it looks
    }
    return false;
  }

  /** The audit trail could not be written or read. */
  public static final class AuditException extends LetheException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, without personal data
     */
    public AuditException(String message) {
      super(message);
    }

    /**
     * @param message what failed, without personal data
     * @param cause the redacted cause
     */
    public AuditException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
