package io.lethe.retention.seeds;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.subject.SubjectRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each of the four seed policies, read from the examples module, swept against its service's data
 * on H2 once per simulated day for two years: after every sweep every table holds exactly what the
 * policy's own timelines say it must, and named records go on the exact day.
 */
class SeedRetentionH2Test {

  /** Pooled, as a host's data source is: every store call takes and returns a connection. */
  private final JdbcConnectionPool dataSource =
      JdbcConnectionPool.create(
          "jdbc:h2:mem:seed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256",
          "sa",
          "");

  @AfterEach
  void shutDown() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
    dataSource.dispose();
  }

  static PrivacyPolicy seedPolicy(String id) {
    Path file = Path.of("..", "examples", "src", "main", "resources", "policies", id + ".yaml");
    assertThat(file).as("seed policy, read from the examples module").exists();
    return PolicyFiles.read(file);
  }

  /** The audit trail lives next to the data, in the same database, as a host would keep it. */
  private SeedSimulation simulation(String seed, SeedWorld world, int batchSize) {
    return SeedSimulation.create(
        seedPolicy(seed),
        world,
        dataSource,
        JdbcAuditStorage.of(dataSource, seed + "_audit").createTableIfMissing(),
        batchSize);
  }

  /** The audit table as stored, every column as text: no email address in any of them. */
  private void assertNoEmailInAuditTable(String seed) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + seed + "_audit")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(rs.getString(i)).append('|');
        }
        text.append('\n');
      }
    }
    assertThat(text).isNotEmpty();
    assertThat(text.toString()).doesNotContain("-mail.example").doesNotContain("@");
  }

  @Test
  void vzgen_two_years_of_daily_sweeps_keep_exactly_what_the_policy_says() throws SQLException {
    SeedWorld world = SeedWorlds.vzgen(SeedWorlds.randomSeed(20260110L));
    try (SeedSimulation sim = simulation("vzgen", world, 7)) {
      vzgenChecks(sim);

      sim.travelTwoYears();
      // The credit transaction's floor is 5 years and there is no maximum: still there in 2031.
      sim.step(Instant.parse("2031-01-09T00:00:00Z"));
      sim.step(Instant.parse("2031-01-10T00:00:00Z"));
      sim.step(Instant.parse("2031-12-31T00:00:00Z"));
      assertThat(sim.store("credit-transactions"))
          .as("the five-year floor, with no maximum")
          .stillHolds("user.financial.transaction")
          .of(SubjectRef.account("vz-open"));

      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
      long[] insertedAndGone = sim.insertedAndGone();
      assertThat(insertedAndGone[0]).isGreaterThan(600);
      assertThat(insertedAndGone[1]).as("the sweeps deleted").isGreaterThan(200);
      assertThat(sim.fieldsCleared()).as("job client IPs cleared after 12 months").isPositive();
      sim.assertAuditTrail("email");
    }
    assertNoEmailInAuditTable("vzgen");
  }

  /** The exact days of the issue, plus the account, session and backlog edges. */
  static void vzgenChecks(SeedSimulation sim) {
    sim.expect("2026-04-09", "jobs", "job completed 2026-01-10", true)
        .expect("2026-04-10", "jobs", "job completed 2026-01-10", false)
        .expect("2027-01-09", "security-logs", "ip log 2026-01-10", true)
        .expect("2027-01-10", "security-logs", "ip log 2026-01-10", false)
        .expectField("2027-01-09", "jobs", "job never completed", "client_ip", true)
        .expectField("2027-01-10", "jobs", "job never completed", "client_ip", false)
        .expect("2027-12-31", "jobs", "job never completed", true)
        .expect("2026-01-10", "credit-transactions", "credit transaction 2026-01-10", true)
        .expect("2028-01-01", "credit-transactions", "credit transaction 2026-01-10", true)
        .expect("2031-01-09", "credit-transactions", "credit transaction 2026-01-10", true)
        .expect("2031-01-10", "credit-transactions", "credit transaction 2026-01-10", true)
        .expect("2031-12-31", "credit-transactions", "credit transaction 2026-01-10", true)
        .expect("2026-07-14", "accounts", "account closed 2026-06-15", true)
        .expect("2026-07-15", "accounts", "account closed 2026-06-15", false)
        .expect("2026-03-02", "accounts", "account closed a microsecond before February", true)
        .expect("2026-03-03", "accounts", "account closed a microsecond before February", false)
        .expect("2028-01-01", "accounts", "account never closed", true)
        .expect("2026-02-02", "sessions", "session active until 23:45", true)
        .expect("2026-02-03", "sessions", "session active until 23:45", false)
        .expect("2026-02-11", "sessions", "session idle exactly 30 minutes at the sweep", false);
  }

  @Test
  void vrnum_two_years_of_daily_sweeps_keep_exactly_what_the_policy_says() throws SQLException {
    SeedWorld world = SeedWorlds.vrnum(SeedWorlds.randomSeed(20260111L));
    try (SeedSimulation sim = simulation("vrnum", world, 10)) {
      sim.expect("2026-03-31", "sms-inbox", "sms 2026-03-01T08:00", true)
          .expect("2026-04-01", "sms-inbox", "sms 2026-03-01T08:00", false)
          .expect("2026-04-09", "server-logs", "server log 2026-01-10", true)
          .expect("2026-04-10", "server-logs", "server log 2026-01-10", false)
          .expect("2026-03-14", "transactions", "transaction 2021-03-15", true)
          .expect("2026-03-15", "transactions", "transaction 2021-03-15", false)
          .expectField(
              "2026-05-01", "accounts", "account deletion requested 2026-05-01", "utm_source", true)
          .expectField(
              "2026-05-02",
              "accounts",
              "account deletion requested 2026-05-01",
              "utm_source",
              false)
          .expectField(
              "2026-05-02",
              "accounts",
              "account deletion requested 2026-05-01",
              "referrer_domain",
              false)
          .expectField(
              "2026-05-30", "accounts", "account deletion requested 2026-05-01", "email", true)
          .expectField(
              "2026-05-31", "accounts", "account deletion requested 2026-05-01", "email", false)
          .expectField(
              "2026-05-31", "accounts", "account deletion requested 2026-05-01", "language", false)
          .expect("2028-01-01", "accounts", "account deletion requested 2026-05-01", true)
          .expectField("2028-01-01", "accounts", "account open", "email", true);

      sim.travelTwoYears();

      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
      assertThat(sim.insertedAndGone()[1]).as("the sweeps deleted").isGreaterThan(400);
      assertThat(sim.fieldsCleared()).isPositive();
      sim.assertAuditTrail("email");
    }
    assertNoEmailInAuditTable("vrnum");
  }

  @Test
  void nexus_two_years_of_daily_sweeps_keep_exactly_what_the_policy_says() throws SQLException {
    SeedWorld world = SeedWorlds.nexus(SeedWorlds.randomSeed(20260112L));
    try (SeedSimulation sim = simulation("nexus", world, 5)) {
      sim.expect("2026-03-05", "otp-codes", "otp delivered 2026-03-05T10:15", true)
          .expect("2026-03-06", "otp-codes", "otp delivered 2026-03-05T10:15", false)
          .expect("2026-03-07", "otp-codes", "otp delivered at the stroke of midnight", false)
          .expect("2028-01-01", "otp-codes", "otp never delivered", true)
          .expect("2026-04-09", "anonymous-orders", "anonymous order 2026-01-10", true)
          .expect("2026-04-10", "anonymous-orders", "anonymous order 2026-01-10", false)
          .expect("2027-02-27", "transactions", "transaction 2020-02-28", true)
          .expect("2027-02-28", "transactions", "transaction 2020-02-28", false)
          .expect("2027-02-28", "transactions", "transaction 2020-03-01", true)
          .expect("2027-03-01", "transactions", "transaction 2020-03-01", false)
          .expectField(
              "2026-09-19",
              "accounts",
              "account deletion requested 2026-08-20T15:00",
              "email",
              true)
          .expectField(
              "2026-09-20",
              "accounts",
              "account deletion requested 2026-08-20T15:00",
              "email",
              false)
          .expectField(
              "2026-09-20",
              "accounts",
              "account deletion requested 2026-08-20T15:00",
              "password_hash",
              false);

      sim.travelTwoYears();

      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
      assertThat(sim.insertedAndGone()[1]).as("the sweeps deleted").isGreaterThan(300);
      assertThat(sim.fieldsCleared()).isPositive();
      sim.assertAuditTrail("email");
    }
    assertNoEmailInAuditTable("nexus");
  }

  /**
   * A record anchored on 29 February 2020 under Nexus's 7-year rule: its timeline ends on 28
   * February 2027 (calendar arithmetic clamps to the month's last day), at the same instant as one
   * anchored on 28 February, while one anchored at noon on 28 February ends at noon. No single
   * {@code anchor <= cutoff} holds exactly the expired ones at midnight; the engine sweeps the
   * extra range that {@code RetentionPeriod.expiredAnchorRanges} reports, so the 29 February record
   * goes on 28 February and the noon one stays.
   */
  @Test
  void leap_day_anchors_are_gone_on_the_day_their_timeline_expires() {
    try (SeedSimulation sim = simulation("nexus", SeedWorlds.nexusLeapDay(), 10)) {
      sim.expect("2027-02-28", "transactions", "transaction 2020-02-28", false)
          .expect("2027-02-28", "transactions", "transaction 2020-02-29", false)
          .expect("2027-02-28", "transactions", "transaction 2020-02-28T12:00", true)
          .expect("2027-02-28", "transactions", "transaction 2020-03-01", true);
      sim.step(Instant.parse("2027-02-27T00:00:00Z"));
      sim.step(Instant.parse("2027-02-28T00:00:00Z"));
      sim.step(Instant.parse("2027-03-01T00:00:00Z"));
      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
    }
  }

  @Test
  void numberotp_two_years_of_daily_sweeps_keep_exactly_what_the_policy_says() throws SQLException {
    SeedWorld world = SeedWorlds.numberotp(SeedWorlds.randomSeed(20260113L));
    try (SeedSimulation sim = simulation("numberotp", world, 1000)) {
      sim.expect("2026-05-01", "accounts", "account closed 2026-02-01", true)
          .expect("2026-05-02", "accounts", "account closed 2026-02-01", false)
          .expect("2026-06-30", "transactions", "transaction 2019-06-30T18:00", true)
          .expect("2026-07-01", "transactions", "transaction 2019-06-30T18:00", false)
          .expect("2028-01-01", "technical-data", "technical data 2026-01-10", true)
          .expectField("2028-01-01", "technical-data", "technical data 2026-01-10", "ip", true);

      sim.travelTwoYears();

      assertThat(sim.checksRun()).hasSize((int) sim.checksRegistered());
      assertThat(sim.insertedAndGone()[1]).as("the sweeps deleted").isGreaterThan(50);
      sim.assertAuditTrail("email");
    }
    assertNoEmailInAuditTable("numberotp");
  }
}
