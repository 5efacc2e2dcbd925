package io.lethe.testsupport;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's scratch tables on H2 or PostgreSQL, dropped after each test: register it with
 * {@code @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();} and call {@link
 * #open} in the test.
 */
public final class ScratchDatabase implements AfterEachCallback {

  private ScratchTables tables;

  /**
   * Opens the database and starts naming the test's tables.
   *
   * @param database {@code h2} or {@code postgresql}
   * @param name the H2 database's name, shared by the tests that give it
   * @return the tables, dropped after the test
   */
  public ScratchTables open(String database, String name) {
    tables = new ScratchTables(TestDatabases.of(database, name));
    return tables;
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    if (tables != null) {
      tables.close();
      tables = null;
    }
  }
}
