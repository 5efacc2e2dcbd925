package io.lethe.consent.spi;

import io.lethe.consent.ConsentEvent;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where consent events are kept: append-only, in one hash chain. {@link
 * io.lethe.consent.ConsentEngine} builds the events; a ledger seals them onto the chain and keeps
 * them in order. Lethe ships {@link io.lethe.consent.InMemoryConsentLedger} and {@link
 * io.lethe.consent.JdbcConsentLedger}; the test kit's {@code ConsentLedgerContractTest} checks any
 * other.
 */
public interface ConsentLedger {

  /**
   * Appends events, in order, all or none: while holding the ledger exclusively (against other
   * threads and, for a ledger shared between host instances, other instances), reads the newest
   * event and seals each new one onto the chain with {@link ConsentEvent#sealedAt(long, String)}.
   * Writers wait for each other; an append fails only when the ledger itself does.
   *
   * @param events events not yet in the chain (their sequence and hashes are ignored)
   * @return the stored events, sealed, in order
   * @throws ConsentLedgerException if the ledger cannot be read or written
   */
  List<ConsentEvent> append(List<ConsentEvent> events);

  /**
   * Every event that names any of the subject hashes ({@link ConsentEvent#names(String)}), in chain
   * order.
   *
   * @param subjectHashes keyed hashes of identifiers
   * @return the events, oldest first
   * @throws ConsentLedgerException if the ledger cannot be read
   */
  List<ConsentEvent> events(Collection<String> subjectHashes);

  /**
   * The newest event.
   *
   * @return it, or empty for an empty ledger
   * @throws ConsentLedgerException if the ledger cannot be read
   */
  Optional<ConsentEvent> last();

  /**
   * Streams every event in chain order. The caller closes the stream.
   *
   * @return the events
   * @throws ConsentLedgerException if the ledger cannot be read
   */
  Stream<ConsentEvent> readAll();

  /**
   * Tells the ledger's other users (other host instances sharing its database) that decisions about
   * these subjects changed, such as after a restriction was placed. A ledger that cannot reach them
   * does nothing; appends are announced by the ledger itself.
   *
   * @param subjectHashes the subjects whose decisions changed
   */
  default void announce(Set<String> subjectHashes) {}

  /**
   * Listens for changes that other host instances made: appends and announcements.
   *
   * @param listener called with the subject hashes concerned, from a thread of the ledger's; an
   *     empty set means that changes may have been missed (the ledger lost its connection and
   *     listens again), so the listener must drop everything it derived from the ledger
   * @return closes the subscription
   */
  default AutoCloseable subscribe(Consumer<Set<String>> listener) {
    return () -> {};
  }

  /**
   * Tells whether {@link #subscribe} hears of other instances' changes. Without it, a decision
   * cached on one instance can miss another's write for as long as the engine's staleness bound.
   *
   * @return true if other instances' changes are heard
   */
  default boolean hearsOtherInstances() {
    return false;
  }

  /** The ledger could not be read or written. */
  final class ConsentLedgerException extends io.lethe.core.LetheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without personal data
     * @param cause the underlying failure, or null
     */
    public ConsentLedgerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
