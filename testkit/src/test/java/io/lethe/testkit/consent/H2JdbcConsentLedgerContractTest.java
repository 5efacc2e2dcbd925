package io.lethe.testkit.consent;

import io.lethe.consent.JdbcConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.testsupport.TestDatabases;

/** The consent ledger contract on {@link JdbcConsentLedger}, in a fresh H2 database per test. */
class H2JdbcConsentLedgerContractTest extends ConsentLedgerContractTest {

  @Override
  protected ConsentLedger newLedger() {
    return JdbcConsentLedger.of(TestDatabases.h2("consent-contract")).createTableIfMissing();
  }
}
