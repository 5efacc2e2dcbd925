package io.lethe.testkit.consent;

import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.spi.ConsentLedger;

/** The consent ledger contract on {@link InMemoryConsentLedger}. */
class InMemoryConsentLedgerContractTest extends ConsentLedgerContractTest {

  @Override
  protected ConsentLedger newLedger() {
    return new InMemoryConsentLedger();
  }
}
