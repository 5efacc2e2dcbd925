package io.lethe.testkit.consent;

import io.lethe.consent.JdbcConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consent ledger contract on {@link JdbcConsentLedger} on a real PostgreSQL server (see {@link
 * TestPostgres}), through its connection pool, in tables of each test's own.
 */
class PostgresJdbcConsentLedgerContractTest extends ConsentLedgerContractTest {

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

  @Override
  protected ConsentLedger newLedger() {
    ScratchTables tables = scratch.open("postgresql", "consent-contract");
    return JdbcConsentLedger.of(tables.dataSource(), tables.name("consent")).createTableIfMissing();
  }
}
