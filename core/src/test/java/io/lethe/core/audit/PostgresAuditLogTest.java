package io.lethe.core.audit;

import io.lethe.core.audit.TamperableTrail.JdbcTrail;
import io.lethe.core.audit.TamperableTrail.Opener;
import io.lethe.testsupport.TestPostgres;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Every audit trail test of core, on a real PostgreSQL server (see {@link TestPostgres}): each test
 * gets a table of its own, dropped afterwards. Tests that only a file allows do not run.
 */
class PostgresAuditLogTest extends AuditLogTest {

  private static final Opener POSTGRESQL =
      new Opener() {
        @Override
        public TamperableTrail open(Path folder) {
          DataSource dataSource = TestPostgres.dataSource();
          String table = "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
          return new JdbcTrail(
              dataSource,
              table,
              () ->
                  TamperableTrail.Sql.update(
                      dataSource, "DROP TABLE IF EXISTS " + table + ", " + table + "_head"));
        }

        @Override
        public String toString() {
          return "JDBC_POSTGRESQL";
        }
      };

  @Override
  Stream<Opener> trails() {
    return Stream.of(POSTGRESQL);
  }

  @Override
  Stream<Opener> files() {
    return Stream.empty();
  }

  @Override
  Stream<Opener> tables() {
    return Stream.of(POSTGRESQL);
  }
}
