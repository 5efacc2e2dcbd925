package io.lethe.core.audit;

import io.lethe.core.LetheException;
import io.lethe.core.internal.HashChain;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.subject.SubjectHasher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final HashChain<AuditEntry> CHAIN =
      new HashChain<>(
          "entry",
          "trail",
          AuditEntry::sequence,
          AuditEntry::previousHash,
          AuditEntry::hash,
          AuditEntry::isIntact,
          AuditException.class);

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final AuditStorage storage;
  private final SubjectHasher hasher;
  private final Clock clock;

  /** This thread's entries held by {@link #together(Supplier)}, or none. */
  private final ThreadLocal<List<Function<Optional<AuditEntry>, AuditEntry>>> held =
      new ThreadLocal<>();

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
   * Records an event and returns the stored entry. Inside {@link #together(Supplier)}, the entries
   * held so far are stored first, with this one, so that the trail keeps their order.
   *
   * @param event what happened
   * @return the stored entry
   * @throws AuditException if the storage cannot be read or written
   */
  public AuditEntry append(AuditEvent event) {
    List<Function<Optional<AuditEntry>, AuditEntry>> batch = held.get();
    Function<Optional<AuditEntry>, AuditEntry> next = sealing(event, batch != null);
    if (batch == null) {
      return storage.append(next);
    }
    batch.add(next);
    List<AuditEntry> stored = storage.appendAll(List.copyOf(batch));
    batch.clear();
    return stored.get(stored.size() - 1);
  }

  /**
   * Records an event. Outside {@link #together(Supplier)} it is stored before this returns, as
   * {@link #append(AuditEvent)} does; inside, it is stored with the others when the work ends.
   *
   * @param event what happened
   * @throws AuditException if the storage cannot be read or written
   */
  public void record(AuditEvent event) {
    List<Function<Optional<AuditEntry>, AuditEntry>> batch = held.get();
    Function<Optional<AuditEntry>, AuditEntry> next = sealing(event, batch != null);
    if (batch == null) {
      storage.append(next);
    } else {
      batch.add(next);
    }
  }

  /**
   * Runs work that records several events from this thread, and stores them together when it ends,
   * whether it returns or throws: with {@link JdbcAuditStorage}, one transaction instead of one per
   * entry. Each entry keeps the time it was recorded at. Calls nest; the outermost one stores.
   * Entries held when the process itself dies are lost, so keep such work short (one erasure, not a
   * sweep) and write first what must survive a crash elsewhere.
   *
   * @param work the work
   * @param <T> what it returns
   * @return what the work returned
   * @throws AuditException if the storage cannot store the entries (the work has run)
   */
  public <T> T together(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (held.get() != null) {
      return work.get();
    }
    List<Function<Optional<AuditEntry>, AuditEntry>> batch = new ArrayList<>();
    held.set(batch);
    boolean returned = false;
    try {
      T result = work.get();
      returned = true;
      return result;
    } finally {
      held.remove();
      if (returned) {
        storage.appendAll(batch);
      } else {
        storeAfterFailure(batch);
      }
    }
  }

  /** Stores what failed work recorded, without hiding the failure if the storage fails too. */
  private void storeAfterFailure(List<Function<Optional<AuditEntry>, AuditEntry>> batch) {
    try {
      storage.appendAll(batch);
    } catch (RuntimeException storageFailure) {
      LOG.warn(
          "{} audit entries of failed work could not be stored: {}",
          batch.size(),
          storageFailure.getClass().getSimpleName());
    }
  }

  /**
   * The entry for an event, sealed onto the newest entry when stored, and stamped then or, for an
   * entry held until later, now.
   */
  private Function<Optional<AuditEntry>, AuditEntry> sealing(AuditEvent event, boolean held) {
    Objects.requireNonNull(event, "event");
    String subjectHash = event.subject() == null ? null : hasher.hash(event.subject());
    Instant recorded = held ? clock.instant().truncatedTo(ChronoUnit.MICROS) : null;
    return last -> {
      Instant at = recorded != null ? recorded : clock.instant().truncatedTo(ChronoUnit.MICROS);
      long sequence = last.map(AuditEntry::sequence).orElse(0L) + 1;
      String previous = last.map(AuditEntry::hash).orElse(AuditEntry.GENESIS);
      AuditEntry unsealed =
          new AuditEntry(
              sequence,
              at,
              event.actor(),
              event.action(),
              event.reference(),
              event.store(),
              event.category(),
              subjectHash,
              event.counts(),
              event.outcome(),
              event.detail(),
              previous,
              "");
      return new AuditEntry(
          sequence,
          at,
          event.actor(),
          event.action(),
          event.reference(),
          event.store(),
          event.category(),
          subjectHash,
          event.counts(),
          event.outcome(),
          event.detail(),
          previous,
          unsealed.computeHash());
    };
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
    try (Stream<AuditEntry> entries = storage.readAll()) {
      return CHAIN.verify(entries.iterator(), expectedHead);
    }
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
