package io.lethe.consent;

import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.internal.HashChain;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks a consent ledger's hash chain, as {@link io.lethe.core.audit.AuditLog#verify()} checks the
 * audit trail: every event's hash matches its content, sequence numbers run from 1 without gaps,
 * and each event links to the one before.
 */
public final class ConsentChain {

  private static final HashChain<ConsentEvent> CHAIN =
      new HashChain<>(
          "event",
          "ledger",
          ConsentEvent::sequence,
          ConsentEvent::previousHash,
          ConsentEvent::hash,
          ConsentEvent::isIntact,
          ConsentLedger.ConsentLedgerException.class);

  private ConsentChain() {}

  /**
   * Checks the whole chain.
   *
   * @param ledger the ledger
   * @return the result, naming the first problem found
   */
  public static AuditVerification verify(ConsentLedger ledger) {
    return verify(ledger, null);
  }

  /**
   * Checks the chain and that it ends at a head recorded earlier, which also detects events cut off
   * the end.
   *
   * @param ledger the ledger
   * @param expectedHead the hash of the newest event, kept outside the ledger; null to skip
   * @return the result, naming the first problem found
   */
  public static AuditVerification verify(ConsentLedger ledger, String expectedHead) {
    Objects.requireNonNull(ledger, "ledger");
    try (Stream<ConsentEvent> events = ledger.readAll()) {
      return CHAIN.verify(events.iterator(), expectedHead);
    }
  }
}
