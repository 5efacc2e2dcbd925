package io.lethe.consent;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestPostgres;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of a host on one PostgreSQL database, each with its own pool and engine: a
 * withdrawal or an objection recorded on one reaches the other's cached decisions within a second,
 * through the ledger's {@code LISTEN/NOTIFY}.
 */
@SuppressWarnings("try") // subscriptions are held open for a block, never read in it
class TwoInstancesTest {

  private static final SubjectRef ANNA = SubjectRef.email("anna@example.com");
  private static final byte[] SECRET = new byte[32];

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

  private final PrivacyPolicy policy = ConsentPolicies.shop().build();
  private HikariDataSource otherPool;
  private ConsentEngine first;
  private ConsentEngine second;
  private JdbcConsentLedger secondLedger;
  private Restrictions firstRestrictions;

  @BeforeEach
  void two_instances() {
    ScratchTables tables = scratch.open("postgresql", "two-instances");
    String consent = tables.name("consent");
    String audit = tables.name("audit");
    String restriction = tables.name("restr");
    otherPool = TestPostgres.anotherPool();
    firstRestrictions = restrictions(tables.dataSource(), audit, restriction);
    first = engine(tables.dataSource(), consent, audit, firstRestrictions);
    secondLedger = JdbcConsentLedger.of(otherPool, consent).createTableIfMissing();
    second =
        ConsentEngine.builder(policy)
            .ledger(secondLedger)
            .audit(auditLog(otherPool, audit))
            .restrictions(restrictions(otherPool, audit, restriction))
            .build();
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
    otherPool.close();
  }

  @Test
  void a_withdrawal_on_one_instance_reaches_the_others_cached_decision_within_a_second()
      throws Exception {
    first.record(ConsentChoice.given(ANNA, "newsletter"));
    assertThat(second.decide(ANNA, "newsletter").permitted()).isTrue();
    assertThat(second.decide(ANNA, "newsletter").permitted()).isTrue(); // cached

    CompletableFuture<Set<String>> heard = new CompletableFuture<>();
    try (AutoCloseable listening = secondLedger.subscribe(heard::complete)) {
      first.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);
      heard.get(1, SECONDS);
    }

    assertThat(second.decide(ANNA, "newsletter").permitted()).isFalse();
    assertThat(second.decide(ANNA, "newsletter").reason())
        .isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
  }

  @Test
  void an_objection_on_one_instance_reaches_the_other_within_a_second() throws Exception {
    assertThat(second.decide(ANNA, "fraud").permitted()).isTrue();

    CompletableFuture<Set<String>> heard = new CompletableFuture<>();
    try (AutoCloseable listening = secondLedger.subscribe(heard::complete)) {
      firstRestrictions.object(Set.of(ANNA), "fraud", "req-1", "support");
      heard.get(1, SECONDS);
    }

    assertThat(second.decide(ANNA, "fraud").reason()).isEqualTo(Decision.Reason.OBJECTION);
  }

  private ConsentEngine engine(
      DataSource dataSource, String consent, String audit, Restrictions restrictions) {
    return ConsentEngine.builder(policy)
        .ledger(JdbcConsentLedger.of(dataSource, consent).createTableIfMissing())
        .audit(auditLog(dataSource, audit))
        .restrictions(restrictions)
        .build();
  }

  private Restrictions restrictions(DataSource dataSource, String audit, String table) {
    return Restrictions.create(
        JdbcRestrictionRegistry.of(dataSource, table).createTableIfMissing(),
        policy,
        auditLog(dataSource, audit),
        Clock.systemUTC());
  }

  private static AuditLog auditLog(DataSource dataSource, String table) {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource, table).createTableIfMissing(),
        SubjectHasher.withSecret(SECRET),
        Clock.systemUTC());
  }
}
