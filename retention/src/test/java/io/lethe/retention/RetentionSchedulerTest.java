package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.LockProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances of a host, one database: never two sweeps of one store at once. */
class RetentionSchedulerTest {

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final MutableClock clock = MutableClock.at("2027-01-01T00:00:00Z");
  private final PrivacyPolicy policy =
      PrivacyPolicy.builder("shop")
          .controller("Shop", "privacy@shop.example")
          .version("1")
          .effective(LocalDate.of(2026, 1, 1))
          .rule(
              RetentionRule.builder("logs")
                  .categories("user.device.ip_address")
                  .maximum("P30D")
                  .build())
          .build();

  @BeforeEach
  void createDatabase() throws Exception {
    dataSource.setURL("jdbc:h2:mem:scheduler-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE logs (id BIGINT PRIMARY KEY, account_id VARCHAR(40) NOT NULL,"
              + " created_at TIMESTAMP NOT NULL)");
      s.execute(
          "INSERT INTO logs SELECT X, 'acct-' || MOD(X, 7), TIMESTAMP '2026-06-01"
              + " 00:00:00' FROM SYSTEM_RANGE(1, 50)");
    }
    RetentionScheduler.createLockTableIfMissing(dataSource);
  }

  private RetentionEngine instance(io.lethe.core.spi.PersonalDataStore store) {
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "scheduler-test-secret-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
            clock);
    return RetentionEngine.builder(policy).stores(store).audit(audit).clock(clock).build();
  }

  private JdbcStore logs() {
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("logs")
            .table("logs", "id")
            .category("user.device.ip_address")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .collectedAt("created_at")
            .build());
  }

  private long rows() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM logs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void a_second_instance_skips_a_store_the_first_is_sweeping_and_takes_it_afterwards()
      throws Exception {
    CountDownLatch sweeping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ForwardingStore slow =
        new ForwardingStore(logs()) {
          @Override
          public List<RecordKey> findExpired(ExpiryQuery query) {
            sweeping.countDown();
            try {
              assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.findExpired(query);
          }
        };
    LockProvider locks = RetentionScheduler.jdbcLocks(dataSource);
    RetentionScheduler first =
        RetentionScheduler.create(
            instance(slow), locks, Duration.ofMinutes(10), SweepOptions.defaults().batchSize(20));
    RetentionScheduler second =
        RetentionScheduler.create(
            instance(logs()),
            RetentionScheduler.jdbcLocks(dataSource),
            Duration.ofMinutes(10),
            SweepOptions.defaults());

    CompletableFuture<List<RetentionScheduler.StoreRun>> running =
        CompletableFuture.supplyAsync(first::runOnce);
    assertThat(sweeping.await(30, TimeUnit.SECONDS)).isTrue();
    List<RetentionScheduler.StoreRun> whileLocked = second.runOnce();
    release.countDown();
    List<RetentionScheduler.StoreRun> firstRuns = running.get(30, TimeUnit.SECONDS);
    List<RetentionScheduler.StoreRun> afterwards = second.runOnce();

    assertThat(whileLocked).singleElement().satisfies(run -> assertThat(run.skipped()).isTrue());
    assertThat(firstRuns)
        .singleElement()
        .satisfies(run -> assertThat(run.report().orElseThrow().totalProcessed()).isEqualTo(50));
    assertThat(afterwards)
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.skipped()).isFalse();
              assertThat(run.report().orElseThrow().totalProcessed()).isZero();
            });
    assertThat(rows()).isZero();
  }

  @Test
  void a_started_scheduler_sweeps_on_its_own_until_closed() throws Exception {
    CountDownLatch swept = new CountDownLatch(1);
    RetentionEngine engine = instance(logs());
    String thread = "lethe-retention-" + engine.policy().id();
    try (RetentionScheduler scheduler =
        RetentionScheduler.create(
            engine,
            RetentionScheduler.jdbcLocks(dataSource),
            Duration.ofMinutes(10),
            SweepOptions.defaults().listener(progress -> swept.countDown()))) {
      scheduler.start(Duration.ZERO, Duration.ofMillis(1));
      assertThat(swept.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(liveThreadsNamed(thread)).as("the scheduler's thread while it runs").isOne();
    }
    assertThat(rows()).isZero();
    // closed: its thread has ended, so nothing sweeps any more, though the interval was 1 ms
    assertThat(liveThreadsNamed(thread)).as("the scheduler's thread once closed").isZero();
  }

  private static long liveThreadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .count();
  }
}
