package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sweep and an erasure of the same subject on one database.
 *
 * <p>First with a fixed interleaving: a sweep by another engine runs between an erasure's plan and
 * its deletes (the erasure's first delete lets it run first): the sweep takes the subject's expired
 * jobs, the erasure the rest; nothing escapes, the payments a floor protects stay, and the receipt
 * is exact.
 *
 * <p>Then at the same time, started together by a barrier, in rounds of seeded data: in two threads
 * of one engine, and in two engines with connections of their own (two pools on PostgreSQL, two
 * data sources on one H2 database). Whatever the interleaving, no error escapes, nothing a floor or
 * a legal hold protects is deleted, the tables end as the policy says, and the receipt is exact:
 * per store, what the erasure deleted plus what the sweep took of the subject's records (the
 * sweep's count less the other subjects' due records) is every record of the subject that is gone,
 * and what it keeps is what is left. {@code -Dlethe.concurrent.rounds=N} runs more rounds; each
 * round prints its seed.
 */
class SweepDuringErasureTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final byte[] SECRET =
      "sweep-during-erasure-secret-32b!".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private final MutableClock clock = MutableClock.at(NOW);
  private ScratchTables tables;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_sweep_between_the_plan_and_the_deletes_leaves_an_exact_receipt(String database)
      throws SQLException {
    // GIVEN Ada's jobs, two of them past their 90 days, and her payments under a 5-year floor
    tables = scratch.open(database, "sweep-during-erasure");
    String jobs = tables.name("jobs");
    String payments = tables.name("payments");
    tables.execute(
        "CREATE TABLE "
            + jobs
            + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
            + " NOT NULL, created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + payments
            + " (id BIGINT PRIMARY KEY, account_id"
            + " VARCHAR(20) NOT NULL, created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "INSERT INTO "
            + jobs
            + " VALUES (1, 'ada', TIMESTAMP '2026-01-01 00:00:00'),"
            + " (2, 'ada', TIMESTAMP '2026-01-02 00:00:00'), (3, 'ada', TIMESTAMP"
            + " '2026-05-30 00:00:00'), (4, 'bob', TIMESTAMP '2026-01-01 00:00:00')");
    tables.execute(
        "INSERT INTO " + payments + " VALUES (1, 'ada'," + " TIMESTAMP '2026-02-01 00:00:00')");
    RetentionEngine sweeper = engine(jobsStore(jobs), paymentsStore(payments));
    boolean[] swept = {false};
    PersonalDataStore jobsDuringSweep =
        new ForwardingStore(jobsStore(jobs)) {
          @Override
          public int delete(List<RecordKey> keys) {
            if (!swept[0]) {
              swept[0] = true;
              sweeper.sweep(); // another instance's scheduled sweep, on the same tables
            }
            return super.delete(keys);
          }
        };
    RetentionEngine eraser = engine(jobsDuringSweep, paymentsStore(payments));

    // WHEN Ada's erasure runs, and the sweep slips in before its first delete
    ErasureReceipt receipt = eraser.erase(ADA, "req-1");

    // THEN all her jobs are gone (two by the sweep, one by the erasure), Bob's expired job went
    // with the sweep, her payment stays under its floor, and the receipt says exactly that
    assertThat(swept[0]).isTrue();
    assertThat(tables.strings("SELECT id FROM " + jobs)).isEmpty();
    assertThat(tables.strings("SELECT id FROM " + payments)).containsExactly("1");
    StoreErasure jobLine = receipt.store("jobs").orElseThrow();
    assertThat(jobLine.status()).isEqualTo(StoreErasure.Status.ERASED);
    assertThat(jobLine.found()).isEqualTo(3);
    assertThat(jobLine.deleted()).as("the erasure's own deletes").isEqualTo(1);
    assertThat(receipt.store("payments").orElseThrow().retained())
        .singleElement()
        .extracting(RetainedRecords::ground)
        .isEqualTo(RetainedRecords.Ground.MINIMUM_RETENTION);
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.failed()).isEmpty();
  }

  private RetentionEngine engine(PersonalDataStore... stores) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .maximum("P90D")
                    .build())
            .rule(
                RetentionRule.builder("bookkeeping")
                    .categories("user.financial.transaction")
                    .minimum("P5Y")
                    .basis(LawfulBasis.LEGAL_OBLIGATION)
                    .build())
            .build();
    AuditLog log =
        AuditLog.create(
            JdbcAuditStorage.of(tables.dataSource(), tables.name("audit")).createTableIfMissing(),
            SubjectHasher.withSecret(SECRET),
            clock);
    return RetentionEngine.builder(policy).stores(stores).audit(log).clock(clock).build();
  }

  /** Which subjects a round's rows belong to: Ada is erased, Bob is held, Cy is neither. */
  private static final List<String> SUBJECTS = List.of("ada", "bob", "cy");

  private static final long ROUNDS_SEED = 20260602L;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "h2, one engine",
    "h2, two engines",
    "postgresql, one engine",
    "postgresql, two engines"
  })
  void a_sweep_and_an_erasure_at_the_same_time_leave_what_the_policy_says_and_an_exact_receipt(
      String database, String engines) throws Exception {
    tables = scratch.open(database, "sweep-and-erasure");
    boolean twoEngines = engines.equals("two engines");
    // the second engine's connections: another pool, or another data source on the same H2
    DataSource other =
        !twoEngines
            ? tables.dataSource()
            : database.equals("postgresql")
                ? TestPostgres.anotherPool()
                : h2Twin(tables.dataSource());
    int rounds = Integer.getInteger("lethe.concurrent.rounds", 6);
    Random seeds = new Random(ROUNDS_SEED);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= rounds; round++) {
        long seed = seeds.nextLong();
        System.out.printf(
            "SweepDuringErasureTest: %s, %s, round %d, seed %d%n", database, engines, round, seed);
        try {
          round(database + ", " + engines, round, seed, other, threads);
        } catch (AssertionError | Exception e) {
          System.err.printf(
              "SweepDuringErasureTest: %s, %s, round %d failed for seed %d%n",
              database, engines, round, seed);
          throw e;
        }
      }
    } finally {
      threads.shutdownNow();
      if (twoEngines && other instanceof AutoCloseable pool) {
        pool.close();
      }
    }
  }

  /** One round: fresh tables and rows from the seed; sweep and erasure at once; every check. */
  private void round(String label, int round, long seed, DataSource other, ExecutorService threads)
      throws Exception {
    // GIVEN Ada's, Bob's and Cy's jobs (some past their 90 days) and payments (some under their
    // 5-year floor, some past it, some past their 7-year maximum), in random order; Bob is under
    // a legal hold, and in every third round Ada too
    Random random = new Random(seed);
    Round r =
        new Round(
            tables.name("jobs_" + round),
            tables.name("payments_" + round),
            tables.name("audit_" + round),
            tables.name("holds_" + round),
            tables.name("checkpoints_" + round),
            tables.name("tombstones_" + round),
            tables.name("deferred_" + round),
            tables.name("receipts_" + round));
    for (String table : List.of(r.jobs(), r.payments())) {
      tables.execute(
          "CREATE TABLE "
              + table
              + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
              + " NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    Rows rows = Rows.insert(tables.dataSource(), r, random);
    boolean adaHeld = round % 3 == 0;
    DataSource mine = tables.dataSource();
    AuditLog log =
        AuditLog.create(
            JdbcAuditStorage.of(mine, r.audit()).createTableIfMissing(),
            SubjectHasher.withSecret(SECRET),
            clock);
    LegalHolds holds =
        LegalHolds.create(JdbcHoldRegistry.of(mine, r.holds()).createTableIfMissing(), log, clock);
    holds.holdSubject(SubjectRef.account("bob"), "litigation", "legal", null);
    if (adaHeld) {
      holds.holdSubject(ADA, "litigation", "legal", null);
    }
    JdbcCheckpointStore.of(mine, r.checkpoints()).createTableIfMissing();
    JdbcErasureLedger.of(mine, r.tombstones(), r.deferred(), r.receipts()).createTableIfMissing();
    RetentionEngine eraser = sharedEngine(mine, r);
    RetentionEngine sweeper = other == mine ? eraser : sharedEngine(other, r);
    String reference = "req-" + round;

    // WHEN one thread sweeps while the other erases Ada, started together
    CyclicBarrier start = new CyclicBarrier(2);
    Future<SweepReport> sweep =
        threads.submit(
            () -> {
              start.await();
              return sweeper.sweep(NOW, SweepOptions.defaults().batchSize(20));
            });
    Future<ErasureReceipt> erasure =
        threads.submit(
            () -> {
              start.await();
              return eraser.erase(ADA, reference, NOW);
            });
    SweepReport report = sweep.get(5, TimeUnit.MINUTES);
    ErasureReceipt receipt = erasure.get(5, TimeUnit.MINUTES);

    // THEN nothing failed, the tables hold what the policy keeps (Bob's rows under the hold, the
    // payments under their floor), and the receipt accounts for every record of Ada's
    String when =
        String.format(
            "%s, round %d (seed %d, Ada %sheld)", label, round, seed, adaHeld ? "" : "not ");
    assertThat(report.failures()).as("%s: sweep failures", when).isEmpty();
    assertThat(receipt.failed()).as("%s: failed stores", when).isEmpty();
    assertThat(ids(r.jobs()))
        .as("%s: jobs left", when)
        .containsExactlyInAnyOrderElementsOf(rows.jobsLeft(adaHeld));
    assertThat(ids(r.payments()))
        .as("%s: payments left", when)
        .containsExactlyInAnyOrderElementsOf(rows.paymentsLeft(adaHeld));
    long sweptJobs = processed(report, "user.behavior.usage");
    long sweptPayments = processed(report, "user.financial.transaction");
    System.out.printf(
        "SweepDuringErasureTest: %s: the sweep took %d of Ada's jobs and %d of her"
            + " payments; the erasure found %s%n",
        when,
        sweptJobs - rows.count("jobs", "cy", Age.OLD),
        sweptPayments - rows.count("payments", "cy", Age.OLD),
        receipt.stores().stream().map(l -> l.store() + " " + l.found()).toList());
    checkLine(
        when,
        receipt.store("jobs").orElseThrow(),
        adaHeld,
        rows.count("jobs", "ada", null),
        rows.count("jobs", "ada", Age.FRESH),
        sweptJobs - rows.count("jobs", "cy", Age.OLD));
    checkLine(
        when,
        receipt.store("payments").orElseThrow(),
        adaHeld,
        rows.count("payments", "ada", null),
        rows.count("payments", "ada", Age.FRESH),
        sweptPayments - rows.count("payments", "cy", Age.OLD));
    assertThat(receipt.complete()).as("%s: receipt complete", when).isTrue();
    assertThat(eraser.receipt(reference, ADA))
        .as("%s: the receipt the ledger keeps", when)
        .contains(receipt);
    assertThat(log.verify().intact()).as("%s: audit trail intact", when).isTrue();
  }

  /**
   * One store's line: held, it keeps every record of Ada's under the hold and erases none;
   * otherwise what the erasure deleted and what the sweep took of hers are every record of hers not
   * under a floor, none twice, and it keeps exactly those under the floor.
   *
   * @param all Ada's records in the store before
   * @param floored hers under the floor (none in jobs, which have none)
   * @param sweptOfAda what the sweep took of hers
   */
  private static void checkLine(
      String when, StoreErasure line, boolean held, long all, long floored, long sweptOfAda) {
    String what =
        when
            + ": store "
            + line.store()
            + " ("
            + line
            + ", the sweep took "
            + sweptOfAda
            + " of Ada's)";
    assertThat(line.anonymized()).as(what).isZero();
    if (held) {
      assertThat(sweptOfAda).as("%s: records of a held subject swept", what).isZero();
      assertThat(line.deleted()).as(what).isZero();
      assertThat(line.retainedCount()).as(what).isEqualTo(all);
      assertThat(line.retained())
          .as(what)
          .allSatisfy(
              kept -> assertThat(kept.ground()).isEqualTo(RetainedRecords.Ground.LEGAL_HOLD));
      assertThat(line.status())
          .as(what)
          .isEqualTo(
              all == 0 ? StoreErasure.Status.NOTHING_FOUND : StoreErasure.Status.PARTLY_RETAINED);
      return;
    }
    long floor = line.store().equals("jobs") ? 0 : floored;
    assertThat(line.deleted() + sweptOfAda)
        .as("%s: Ada's records gone", what)
        .isEqualTo(all - floor);
    assertThat(line.retainedCount()).as("%s: records kept", what).isEqualTo(floor);
    assertThat(line.retained())
        .as(what)
        .allSatisfy(
            kept -> assertThat(kept.ground()).isEqualTo(RetainedRecords.Ground.MINIMUM_RETENTION));
    assertThat(line.found())
        .as("%s: found", what)
        .isBetween(line.deleted() + line.retainedCount(), all);
    assertThat(line.status())
        .as(what)
        .isEqualTo(
            floor > 0
                ? StoreErasure.Status.PARTLY_RETAINED
                : line.found() > 0
                    ? StoreErasure.Status.ERASED
                    : StoreErasure.Status.NOTHING_FOUND);
  }

  private static long processed(SweepReport report, String category) {
    return report.lines().stream()
        .filter(l -> l.category().value().equals(category) && !l.rule().equals("deferred-erasure"))
        .mapToLong(SweepLine::processed)
        .sum();
  }

  private List<Long> ids(String table) throws SQLException {
    return tables.strings("SELECT id FROM " + table).stream().map(Long::valueOf).toList();
  }

  /** An engine over a round's tables, reached through a data source of its own. */
  private RetentionEngine sharedEngine(DataSource dataSource, Round r) {
    AuditLog log =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource, r.audit()), SubjectHasher.withSecret(SECRET), clock);
    return RetentionEngine.builder(roundPolicy())
        .stores(
            JdbcStore.open(
                dataSource,
                JdbcMapping.builder("jobs")
                    .table(r.jobs(), "id")
                    .category("user.behavior.usage")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .collectedAt("created_at")
                    .build(),
                clock),
            JdbcStore.open(
                dataSource,
                JdbcMapping.builder("payments")
                    .table(r.payments(), "id")
                    .category("user.financial.transaction")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .collectedAt("created_at")
                    .build(),
                clock))
        .audit(log)
        .holds(LegalHolds.create(JdbcHoldRegistry.of(dataSource, r.holds()), log, clock))
        .checkpoints(JdbcCheckpointStore.of(dataSource, r.checkpoints()))
        .erasureLedger(JdbcErasureLedger.of(dataSource, r.tombstones(), r.deferred(), r.receipts()))
        .clock(clock)
        .sleeper(d -> {})
        .build();
  }

  /** Jobs go after 90 days; payments are kept 5 years by law and go after 7. */
  private static PrivacyPolicy roundPolicy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2018, 1, 1))
        .rule(
            RetentionRule.builder("jobs").categories("user.behavior.usage").maximum("P90D").build())
        .rule(
            RetentionRule.builder("bookkeeping")
                .categories("user.financial.transaction")
                .minimum("P5Y")
                .maximum("P7Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .build())
        .build();
  }

  /** Another data source on the same H2 database in memory: connections of its own. */
  private static DataSource h2Twin(DataSource h2) {
    JdbcDataSource twin = new JdbcDataSource();
    twin.setURL(((JdbcDataSource) h2).getURL());
    return twin;
  }

  /** A round's table names. */
  private record Round(
      String jobs,
      String payments,
      String audit,
      String holds,
      String checkpoints,
      String tombstones,
      String deferred,
      String receipts) {}

  /**
   * How old a row is, well clear of every boundary: a job FRESH (under 90 days) or OLD (past them);
   * a payment FRESH (under its 5-year floor), MIDDLE (past the floor, before its 7-year maximum) or
   * OLD (past the maximum).
   */
  private enum Age {
    FRESH,
    MIDDLE,
    OLD
  }

  /** A round's rows: for each table, id to subject and age. */
  private record Rows(
      Map<Long, String> jobSubjects,
      Map<Long, Age> jobAges,
      Map<Long, String> paymentSubjects,
      Map<Long, Age> paymentAges) {

    static Rows insert(DataSource dataSource, Round r, Random random) throws SQLException {
      Rows rows = new Rows(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
      List<String> jobOwners = new ArrayList<>();
      List<String> paymentOwners = new ArrayList<>();
      for (String subject : SUBJECTS) {
        int jobs = subject.equals("bob") ? 20 + random.nextInt(30) : 150 + random.nextInt(250);
        int payments = subject.equals("bob") ? 5 + random.nextInt(10) : 10 + random.nextInt(30);
        jobOwners.addAll(java.util.Collections.nCopies(jobs, subject));
        paymentOwners.addAll(java.util.Collections.nCopies(payments, subject));
      }
      java.util.Collections.shuffle(jobOwners, random);
      java.util.Collections.shuffle(paymentOwners, random);
      try (Connection c = dataSource.getConnection()) {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO " + r.jobs() + " (id, account_id, created_at) VALUES (?, ?, ?)")) {
          for (int i = 0; i < jobOwners.size(); i++) {
            Age age = random.nextBoolean() ? Age.FRESH : Age.OLD;
            int days = age == Age.FRESH ? random.nextInt(80) : 100 + random.nextInt(300);
            add(insert, i + 1, jobOwners.get(i), days, random);
            rows.jobSubjects().put(i + 1L, jobOwners.get(i));
            rows.jobAges().put(i + 1L, age);
          }
          insert.executeBatch();
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO " + r.payments() + " (id, account_id, created_at) VALUES (?, ?, ?)")) {
          for (int i = 0; i < paymentOwners.size(); i++) {
            Age age = Age.values()[random.nextInt(3)];
            int days =
                switch (age) {
                  case FRESH -> random.nextInt(1640);
                  case MIDDLE -> 1900 + random.nextInt(580);
                  case OLD -> 2670 + random.nextInt(600);
                };
            add(insert, i + 1, paymentOwners.get(i), days, random);
            rows.paymentSubjects().put(i + 1L, paymentOwners.get(i));
            rows.paymentAges().put(i + 1L, age);
          }
          insert.executeBatch();
        }
      }
      return rows;
    }

    private static void add(
        PreparedStatement insert, long id, String subject, int days, Random random)
        throws SQLException {
      insert.setLong(1, id);
      insert.setString(2, subject);
      insert.setObject(
          3,
          NOW.minus(Duration.ofDays(days))
              .minus(Duration.ofSeconds(random.nextInt(86_400)))
              .atOffset(ZoneOffset.UTC));
      insert.addBatch();
    }

    /** Ada's go (unless she is held), Bob's stay, Cy's go once past 90 days. */
    List<Long> jobsLeft(boolean adaHeld) {
      return jobSubjects.keySet().stream()
          .filter(
              id ->
                  switch (jobSubjects.get(id)) {
                    case "ada" -> adaHeld;
                    case "bob" -> true;
                    default -> jobAges.get(id) == Age.FRESH;
                  })
          .toList();
    }

    /**
     * Ada's stay only under their floor (or all, held); Bob's stay; Cy's stay until their 7-year
     * maximum.
     */
    List<Long> paymentsLeft(boolean adaHeld) {
      return paymentSubjects.keySet().stream()
          .filter(
              id ->
                  switch (paymentSubjects.get(id)) {
                    case "ada" -> adaHeld || paymentAges.get(id) == Age.FRESH;
                    case "bob" -> true;
                    default -> paymentAges.get(id) != Age.OLD;
                  })
          .toList();
    }

    /**
     * How many rows of a table a subject has, of an age or of any.
     *
     * @param age null for any
     */
    long count(String table, String subject, Age age) {
      Map<Long, String> subjects = table.equals("jobs") ? jobSubjects : paymentSubjects;
      Map<Long, Age> ages = table.equals("jobs") ? jobAges : paymentAges;
      return subjects.keySet().stream()
          .filter(id -> subjects.get(id).equals(subject) && (age == null || ages.get(id) == age))
          .count();
    }
  }

  private JdbcStore jobsStore(String table) {
    return JdbcStore.open(
        tables.dataSource(),
        JdbcMapping.builder("jobs")
            .table(table, "id")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .collectedAt("created_at")
            .build(),
        clock);
  }

  private JdbcStore paymentsStore(String table) {
    return JdbcStore.open(
        tables.dataSource(),
        JdbcMapping.builder("payments")
            .table(table, "id")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .collectedAt("created_at")
            .build(),
        clock);
  }
}
