package io.lethe.retention.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.JdbcCheckpointStore;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.JdbcHoldRegistry;
import io.lethe.retention.LegalHolds;
import io.lethe.retention.RetentionEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The database, policy and engine that a crash trial sweeps or erases in, shared by the JVM that is
 * killed ({@link KilledRun}) and the test that resumes the work in its own JVM, on an H2 file
 * database or a PostgreSQL database of its own. Two tables: {@code jobs} (deleted 90 days after
 * completion, IP addresses cleared 30 days after creation) and {@code accounts} (anonymized 30 days
 * after closing: the account id cleared, the e-mail address generalized to its domain). One account
 * is under a legal hold. Audit trail, checkpoints, holds and the erasure ledger are JDBC tables in
 * the same database, so that they survive the kill with the data.
 */
public final class CrashWorld {

  /** The instant every sweep of a trial is run for. */
  public static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  /** The account under a legal hold. */
  public static final String HELD_ACCOUNT = "acct-7";

  private static final SubjectHasher HASHER =
      SubjectHasher.withSecret("crash-resume-secret-32-bytes!!!!".getBytes(StandardCharsets.UTF_8));

  private CrashWorld() {}

  /**
   * The URL of a trial's H2 file database. {@code AUTO_SERVER=FALSE}: one process at a time holds
   * the file, and the operating system releases its lock when a killed JVM dies. {@code
   * WRITE_DELAY=0}: a commit is written out before it returns, as a database server's is; with H2's
   * default delay a killed JVM loses its last half second of commits (the database reopens in an
   * earlier consistent state).
   *
   * @param directory the trial's directory
   * @return the JDBC URL
   */
  public static String url(Path directory) {
    return "jdbc:h2:file:"
        + directory.resolve("lethe").toAbsolutePath()
        + ";AUTO_SERVER=FALSE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
  }

  /** How many account ids the rows are spread over: {@code acct-0} to {@code acct-49}. */
  public static final int ACCOUNT_IDS = 50;

  /**
   * A data source over a URL: H2's own, or a small pool on PostgreSQL, as a host's.
   *
   * @param url the JDBC URL
   * @return the data source; {@link #shutdown} closes it
   */
  public static DataSource dataSource(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(6);
      config.setPoolName("crash");
      return new HikariDataSource(config);
    }
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    dataSource.setUser("sa");
    return dataSource;
  }

  /** {@return the policy the trials sweep under} */
  public static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("crash")
        .controller("Crash", "privacy@crash.example")
        .version("1")
        .effective(LocalDate.of(2025, 1, 1))
        .rule(
            RetentionRule.builder("jobs")
                .categories("user.behavior.usage")
                .anchoredOn("job.completed")
                .maximum("P90D")
                .build())
        .rule(
            RetentionRule.builder("ip-logs")
                .categories("user.device.ip_address")
                .maximum("P30D")
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact.email")
                .anchoredOn("account.closed")
                .maximum("P30D")
                .anonymize("user.contact.email", FieldStrategy.of(FieldStrategy.Kind.GENERALIZE))
                .anonymize("user.account", FieldStrategy.of(FieldStrategy.Kind.NULL))
                .build())
        .build();
  }

  /** {@return the hasher of the audit log, and of the {@code hash} strategy} */
  public static SubjectHasher hasher() {
    return HASHER;
  }

  /** {@return how the {@code jobs} table holds personal data} */
  public static JdbcMapping jobsMapping() {
    return JdbcMapping.builder("jobs")
        .table("jobs", "id")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .field("ip", "user.device.ip_address")
        .collectedAt("created_at")
        .anchor(Anchor.event("job.completed"), "completed_at")
        .build();
  }

  /** {@return how the {@code accounts} table holds personal data} */
  public static JdbcMapping accountsMapping() {
    return JdbcMapping.builder("accounts")
        .table("accounts", "id")
        .category("user.account")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .subject("email", IdentifierType.EMAIL)
        .field("account_id", "user.account")
        .field("email", "user.contact.email")
        .collectedAt("created_at")
        .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
        .anonymizedAt("anonymized_at")
        .build();
  }

  /**
   * Creates the tables and fills them with random rows, about half of them due, and places the
   * legal hold.
   *
   * @param dataSource the trial's empty database
   * @param random the trial's generator
   * @param jobs how many jobs
   * @param accounts how many accounts
   * @throws SQLException if the database fails
   */
  public static void create(DataSource dataSource, Random random, int jobs, int accounts)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
                + " ip VARCHAR(40), created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " completed_at TIMESTAMP WITH TIME ZONE)");
        statement.execute(
            "CREATE TABLE accounts (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
                + " email VARCHAR(200), created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " closed_at TIMESTAMP WITH TIME ZONE, anonymized_at TIMESTAMP WITH TIME ZONE)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO jobs (id, account_id, ip, created_at, completed_at) VALUES (?, ?, ?, ?, ?)")) {
        for (long id = 1; id <= jobs; id++) {
          Instant created = AT.minus(Duration.ofSeconds(random.nextInt(200 * 86_400)));
          Instant completed =
              random.nextInt(5) == 0
                  ? null
                  : created.plus(Duration.ofSeconds(random.nextInt(20 * 86_400)));
          insert.setLong(1, id);
          insert.setString(2, "acct-" + random.nextInt(ACCOUNT_IDS));
          insert.setString(
              3,
              random.nextInt(10) == 0
                  ? null
                  : "10.1." + random.nextInt(256) + "." + random.nextInt(256));
          insert.setObject(4, created.atOffset(ZoneOffset.UTC));
          insert.setObject(5, completed == null ? null : completed.atOffset(ZoneOffset.UTC));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO accounts (id,"
                  + " account_id, email, created_at, closed_at) VALUES (?, ?, ?, ?, ?)")) {
        for (long id = 1; id <= accounts; id++) {
          int account = random.nextInt(ACCOUNT_IDS);
          Instant created = AT.minus(Duration.ofDays(100 + random.nextInt(300)));
          Instant closed =
              random.nextBoolean()
                  ? null
                  : AT.minus(Duration.ofSeconds(random.nextInt(60 * 86_400)));
          insert.setLong(1, id);
          insert.setString(2, "acct-" + account);
          insert.setString(3, "person" + account + "@example.com");
          insert.setObject(4, created.atOffset(ZoneOffset.UTC));
          insert.setObject(5, closed == null ? null : closed.atOffset(ZoneOffset.UTC));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }
    JdbcAuditStorage.of(dataSource).createTableIfMissing();
    JdbcCheckpointStore.of(dataSource).createTableIfMissing();
    JdbcHoldRegistry.of(dataSource).createTableIfMissing();
    JdbcErasureLedger.of(dataSource).createTableIfMissing();
    Clock clock = Clock.fixed(AT.minus(Duration.ofDays(400)), ZoneOffset.UTC);
    LegalHolds.create(JdbcHoldRegistry.of(dataSource), audit(dataSource, clock), clock)
        .holdSubject(SubjectRef.account(HELD_ACCOUNT), "litigation L-1", "legal", null);
  }

  /**
   * The audit log in the trial's database.
   *
   * @param dataSource the database
   * @param clock stamps entries
   * @return the log
   */
  public static AuditLog audit(DataSource dataSource, Clock clock) {
    return AuditLog.create(JdbcAuditStorage.of(dataSource), HASHER, clock);
  }

  /**
   * The engine over the trial's database, with JDBC audit trail, checkpoints, holds and erasure
   * ledger.
   *
   * @param dataSource the database
   * @param audit the audit log
   * @return the engine
   */
  public static RetentionEngine engine(DataSource dataSource, AuditLog audit) {
    Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
    return RetentionEngine.builder(policy())
        .stores(
            JdbcStore.open(dataSource, jobsMapping(), clock),
            JdbcStore.open(dataSource, accountsMapping(), clock))
        .audit(audit)
        .holds(LegalHolds.create(JdbcHoldRegistry.of(dataSource), audit, clock))
        .checkpoints(JdbcCheckpointStore.of(dataSource))
        .erasureLedger(JdbcErasureLedger.of(dataSource))
        .clock(clock)
        .sleeper(duration -> {})
        .build();
  }

  /**
   * Closes the database so that another process can open the file, or closes the pool.
   *
   * @param dataSource the database
   * @throws SQLException if the database fails
   */
  public static void shutdown(DataSource dataSource) throws SQLException {
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
  }
}
