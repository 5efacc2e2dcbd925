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
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sweep by another engine on the same database runs between an erasure's plan and its deletes
 * (the erasure's first delete lets it run first, so the interleaving is the same every time): the
 * sweep takes the subject's expired jobs, the erasure the rest; nothing escapes, the payments a
 * floor protects stay, and the receipt is exact.
 */
class SweepDuringErasureTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final byte[] SECRET = "sweep-during-erasure-secret-32b!".getBytes(
      StandardCharsets.UTF_8);

  @RegisterExtension
  final ScratchDatabase scratch = new ScratchDatabase();
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
    tables.execute("CREATE TABLE " + jobs + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20)"
        + " NOT NULL, created_at TIMESTAMP NOT NULL)");
    tables.execute("CREATE TABLE " + payments + " (id BIGINT PRIMARY KEY, account_id"
        + " VARCHAR(20) NOT NULL, created_at TIMESTAMP NOT NULL)");
    tables.execute("INSERT INTO " + jobs + " VALUES (1, 'ada', TIMESTAMP '2026-01-01 00:00:00'),"
        + " (2, 'ada', TIMESTAMP '2026-01-02 00:00:00'), (3, 'ada', TIMESTAMP"
        + " '2026-05-30 00:00:00'), (4, 'bob', TIMESTAMP '2026-01-01 00:00:00')");
    tables.execute("INSERT INTO " + payments + " VALUES (1, 'ada',"
        + " TIMESTAMP '2026-02-01 00:00:00')");
    RetentionEngine sweeper = engine(jobsStore(jobs), paymentsStore(payments));
    boolean[] swept = {false};
    PersonalDataStore jobsDuringSweep = new ForwardingStore(jobsStore(jobs)) {
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
    assertThat(receipt.store("payments").orElseThrow().retained()).singleElement()
        .extracting(RetainedRecords::ground).isEqualTo(RetainedRecords.Ground.MINIMUM_RETENTION);
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.failed()).isEmpty();
  }

  private RetentionEngine engine(PersonalDataStore... stores) {
    PrivacyPolicy policy = PrivacyPolicy.builder("shop").controller("Shop", "privacy@shop.example")
        .version("1").effective(LocalDate.of(2026, 1, 1))
        .rule(RetentionRule.builder("jobs").categories("user.behavior.usage").maximum("P90D")
            .build())
        .rule(RetentionRule.builder("bookkeeping").categories("user.financial.transaction")
            .minimum("P5Y").basis(LawfulBasis.LEGAL_OBLIGATION).build())
        .build();
    AuditLog log = AuditLog.create(JdbcAuditStorage.of(tables.dataSource(), tables.name("audit"))
        .createTableIfMissing(),
        SubjectHasher.withSecret(SECRET), clock);
    return RetentionEngine.builder(policy).stores(stores).audit(log).clock(clock).build();
  }

  private JdbcStore jobsStore(String table) {
    return JdbcStore.open(tables.dataSource(), JdbcMapping.builder("jobs").table(table, "id")
        .category("user.behavior.usage").subject("account_id", IdentifierType.ACCOUNT_ID)
        .collectedAt("created_at").build(), clock);
  }

  private JdbcStore paymentsStore(String table) {
    return JdbcStore.open(tables.dataSource(), JdbcMapping.builder("payments").table(table, "id")
        .category("user.financial.transaction").subject("account_id", IdentifierType.ACCOUNT_ID)
        .collectedAt("created_at").build(), clock);
  }
}
