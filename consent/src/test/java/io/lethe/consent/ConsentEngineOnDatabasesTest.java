package io.lethe.consent;

import io.lethe.consent.spi.ConsentLedger;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link ConsentEngineTest}, with the ledger in a table on H2 and on PostgreSQL. */
class ConsentEngineOnDatabasesTest {

  @Nested
  class OnH2 extends ConsentEngineTest {
    @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

    @Override
    ConsentLedger newLedger() {
      ScratchTables tables = scratch.open("h2", "consent-engine");
      return JdbcConsentLedger.of(tables.dataSource(), tables.name("consent"))
          .createTableIfMissing();
    }
  }

  @Nested
  class OnPostgresql extends ConsentEngineTest {
    @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

    @Override
    ConsentLedger newLedger() {
      ScratchTables tables = scratch.open("postgresql", "consent-engine");
      return JdbcConsentLedger.of(tables.dataSource(), tables.name("consent"))
          .createTableIfMissing();
    }
  }
}
