package io.lethe.retention.seeds;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same two-year journey as {@link SeedRetentionH2Test} on a real PostgreSQL server (see {@link
 * TestPostgres}): timestamptz anchors, PostgreSQL's own SQL for every sweep query, and the audit
 * trail in a PostgreSQL table. Tables get unique names and are dropped afterwards.
 */
class SeedRetentionPostgresTest {

  private final String auditTable =
      "seed_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** Pooled, as a host's data source is: some 700 daily sweeps call the stores. */
  private final DataSource dataSource = TestPostgres.dataSource();

  @AfterEach
  void dropAuditTable() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + auditTable + "_head");
      statement.execute("DROP TABLE IF EXISTS " + auditTable);
    }
  }

  @Test
  void vzgen_two_years_of_daily_sweeps_on_postgresql_keep_exactly_what_the_policy_says()
      throws SQLException {
    SeedWorld world = SeedWorlds.vzgen(SeedWorlds.randomSeed(20260110L));
    try (SeedSimulation sim =
        SeedSimulation.create(
            SeedRetentionH2Test.seedPolicy("vzgen"),
            world,
            dataSource,
            JdbcAuditStorage.of(dataSource, auditTable).createTableIfMissing(),
            7)) {
      SeedRetentionH2Test.vzgenChecks(sim);

      sim.travelTwoYears();
      sim.step(Instant.parse("2031-01-09T00:00:00Z"));
      sim.step(Instant.parse("2031-01-10T00:00:00Z"));
      sim.step(Instant.parse("2031-12-31T00:00:00Z"));
      assertThat(sim.store("credit-transactions"))
          .as("the five-year floor, with no maximum")
          .stillHolds("user.financial.transaction")
          .of(SubjectRef.account("vz-open"));

      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
      assertThat(sim.insertedAndGone()[1]).as("the sweeps deleted").isGreaterThan(200);
      assertThat(sim.fieldsCleared()).isPositive();
      sim.assertAuditTrail("email");
    }
    StringBuilder stored = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + auditTable)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          stored.append(rs.getString(i)).append('|');
        }
      }
    }
    assertThat(stored.toString()).isNotEmpty().doesNotContain("@");
  }
}
