package io.lethe.dsar.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.RestrictionException;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.DenialReason;
import io.lethe.dsar.DsarService;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.IllegalRequestTransitionException;
import io.lethe.dsar.JdbcRequestRepository;
import io.lethe.dsar.RequestState;
import io.lethe.dsar.RequestType;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.JdbcHoldRegistry;
import io.lethe.retention.LegalHolds;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepOptions;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.assertions.LetheAssertions;
import io.lethe.testkit.store.ForwardingStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One scenario per request type on VZGen's policy (read from the examples module) and a VZGen-like
 * service on a real database: accounts, verification jobs, credit transactions and security logs,
 * each a {@link JdbcStore}; requests, restrictions, tombstones, holds and the audit trail in the
 * same database. A subclass supplies the database.
 *
 * <p>Ada is the subject; Bob, with the same email domain, must never be touched or exported.
 */
abstract class VzgenRequestScenario {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final SubjectRef ADA = SubjectRef.email("ada@vzgen.example");
  private static final SubjectRef ADA_ACCOUNT = SubjectRef.account("acc-ada");
  private static final CategoryKey TRANSACTION = CategoryKey.of("user.financial.transaction");
  private static final List<String> TABLES =
      List.of(
          "vz_accounts",
          "vz_jobs",
          "vz_credit_tx",
          "vz_security_log",
          "lethe_dsar_request",
          "lethe_restriction",
          "lethe_restriction_subject",
          "lethe_tombstone",
          "lethe_deferred_erasure",
          "lethe_legal_hold",
          "lethe_audit");

  private final PrivacyPolicy vzgen =
      PolicyFiles.read(
          Path.of("..", "examples", "src", "main", "resources", "policies", "vzgen.yaml"));
  private final MutableClock clock = MutableClock.at(T0);
  private DataSource db;
  private AuditLog audit;
  private Restrictions restrictions;
  private DsarService service;
  private JdbcRequestRepository requests;
  private List<PersonalDataStore> stores;
  private LegalHolds holds;

  /** {@return the database; every test drops and recreates its tables} */
  protected abstract DataSource dataSource();

  @BeforeEach
  void setUp() throws SQLException {
    db = dataSource();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
      s.execute(
          "CREATE TABLE vz_accounts (account_id VARCHAR(40) PRIMARY KEY, email"
              + " VARCHAR(200), password_hash VARCHAR(100), language VARCHAR(10), created_at"
              + " TIMESTAMP WITH TIME ZONE NOT NULL, closed_at TIMESTAMP WITH TIME ZONE)");
      s.execute(
          "CREATE TABLE vz_jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
              + " phone_numbers VARCHAR(200), client_ip VARCHAR(50), created_at TIMESTAMP WITH TIME"
              + " ZONE NOT NULL, completed_at TIMESTAMP WITH TIME ZONE)");
      s.execute(
          "CREATE TABLE vz_credit_tx (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
              + " wallet_address VARCHAR(100), processor_tx_id VARCHAR(100), created_at TIMESTAMP"
              + " WITH TIME ZONE NOT NULL)");
      s.execute(
          "CREATE TABLE vz_security_log (id BIGINT PRIMARY KEY, account_id VARCHAR(40),"
              + " ip VARCHAR(50), user_agent VARCHAR(200), created_at TIMESTAMP WITH TIME ZONE NOT"
              + " NULL)");
    }
    account("acc-ada", "ada@vzgen.example", T0.minus(Duration.ofDays(300)));
    account("acc-bob", "bob@vzgen.example", T0.minus(Duration.ofDays(200)));
    insert(
        "INSERT INTO vz_jobs VALUES (?, ?, ?, ?, ?, ?)",
        1L,
        "acc-ada",
        "+33600000001",
        "192.0.2.1",
        ts(T0.minus(Duration.ofDays(10))),
        ts(T0.minus(Duration.ofDays(10))));
    insert(
        "INSERT INTO vz_jobs VALUES (?, ?, ?, ?, ?, ?)",
        2L,
        "acc-bob",
        "+33600000002",
        "192.0.2.2",
        ts(T0.minus(Duration.ofDays(5))),
        ts(T0.minus(Duration.ofDays(5))));
    insert(
        "INSERT INTO vz_credit_tx VALUES (?, ?, ?, ?, ?)",
        10L,
        "acc-ada",
        "0xada",
        "pay-ada-1",
        ts(Instant.parse("2026-01-10T12:00:00Z")));
    insert(
        "INSERT INTO vz_credit_tx VALUES (?, ?, ?, ?, ?)",
        11L,
        "acc-bob",
        "0xb0b",
        "pay-bob-1",
        ts(Instant.parse("2026-01-11T12:00:00Z")));
    insert(
        "INSERT INTO vz_security_log VALUES (?, ?, ?, ?, ?)",
        20L,
        "acc-ada",
        "192.0.2.1",
        "Firefox",
        ts(T0.minus(Duration.ofDays(1))));
    insert(
        "INSERT INTO vz_security_log VALUES (?, ?, ?, ?, ?)",
        21L,
        "acc-bob",
        "192.0.2.2",
        "Safari",
        ts(T0.minus(Duration.ofDays(1))));

    audit =
        AuditLog.create(
            JdbcAuditStorage.of(db).createTableIfMissing(),
            SubjectHasher.withSecret(
                "vzgen-scenario-secret-of-32-byte".getBytes(StandardCharsets.UTF_8)),
            clock);
    restrictions =
        Restrictions.create(
            JdbcRestrictionRegistry.of(db).createTableIfMissing(), vzgen, audit, clock);
    holds = LegalHolds.create(JdbcHoldRegistry.of(db).createTableIfMissing(), audit, clock);
    stores =
        List.of(
            JdbcStore.open(
                db,
                JdbcMapping.builder("accounts")
                    .table("vz_accounts", "account_id")
                    .category("user.account")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .subject("email", IdentifierType.EMAIL)
                    .field("email", "user.contact.email")
                    .field("password_hash", "user.authorization.credentials")
                    .field("language", "user.account.settings.language")
                    .collectedAt("created_at")
                    .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
                    .build(),
                clock),
            JdbcStore.open(
                db,
                JdbcMapping.builder("jobs")
                    .table("vz_jobs", "id")
                    .category("user.behavior.usage.job_history")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .field("phone_numbers", "user.contact.phone_number.verified")
                    .field("client_ip", "user.device.ip_address")
                    .collectedAt("created_at")
                    .anchor(Anchor.event("job.completed"), "completed_at")
                    .build(),
                clock),
            JdbcStore.open(
                db,
                JdbcMapping.builder("credit_transactions")
                    .table("vz_credit_tx", "id")
                    .category("user.financial.transaction")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .subject("wallet_address", IdentifierType.WALLET_ADDRESS)
                    .field("processor_tx_id", "user.financial.transaction.payment_reference")
                    .field("wallet_address", "user.financial.crypto_wallet")
                    .collectedAt("created_at")
                    .build(),
                clock),
            JdbcStore.open(
                db,
                JdbcMapping.builder("security_logs")
                    .table("vz_security_log", "id")
                    .category("user.authorization.login_history")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .field("ip", "user.device.ip_address")
                    .field("user_agent", "user.device.user_agent")
                    .collectedAt("created_at")
                    .build(),
                clock));
    requests = JdbcRequestRepository.of(db).createTableIfMissing();
    service = service(engine());
  }

  /** The service over the one request repository, erasing through the engine given. */
  private DsarService service(RetentionEngine engine) {
    return DsarService.builder(vzgen)
        .repository(requests)
        .audit(audit)
        .clock(clock)
        .restrictions(restrictions)
        .retention(engine)
        .exporter(exporter())
        .identityVerifier(
            (request, evidence) ->
                "signed-in".equals(evidence.method())
                    ? IdentityVerifier.Verdict.VERIFIED
                    : IdentityVerifier.Verdict.REJECTED)
        .build();
  }

  private RetentionEngine engine(PersonalDataStore... replaced) {
    List<PersonalDataStore> using = new ArrayList<>(stores);
    for (PersonalDataStore store : replaced) {
      using.replaceAll(s -> s.name().equals(store.name()) ? store : s);
    }
    return RetentionEngine.builder(vzgen)
        .stores(using.toArray(PersonalDataStore[]::new))
        .audit(audit)
        .holds(holds)
        .clock(clock)
        .erasureLedger(JdbcErasureLedger.of(db).createTableIfMissing())
        .build();
  }

  private AccessExporter exporter() {
    return AccessExporter.builder(vzgen)
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(audit)
        .clock(clock)
        .build();
  }

  /** Receives, verifies and starts a request. */
  private DataSubjectRequest started(
      RequestType type, SubjectRef subject, Jurisdiction jurisdiction) {
    DataSubjectRequest request = service.receive(type, subject, jurisdiction);
    service.verifyIdentity(request.id(), IdentityEvidence.of("signed-in", Map.of()));
    return service.start(request.id());
  }

  private byte[] exported(DataSubjectRequest request, ExportFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    service.fulfilAccess(request.id(), out, format);
    return out.toByteArray();
  }

  private JsonNode export(DataSubjectRequest request) throws IOException {
    return JSON.readTree(exported(request, ExportFormat.JSON));
  }

  // ------------------------------------------------------------------ access, portability, know

  @Test
  void access_exports_every_category_of_adas_with_its_context_and_nothing_of_bobs()
      throws IOException {
    DataSubjectRequest request = started(RequestType.ACCESS, ADA, Jurisdiction.GDPR);
    assertThat(request.dueAt())
        .as("VZGen promises 30 days")
        .isEqualTo(T0.plus(Duration.ofDays(30)));

    byte[] bytes = exported(request, ExportFormat.JSON);
    JsonNode export = JSON.readTree(bytes);

    LetheAssertions.assertThatExport(bytes)
        .isAccessExport()
        .against(stores.toArray(PersonalDataStore[]::new))
        .containsEveryCategoryOf(ADA)
        .containsNoOtherSubject();
    assertThat(export.get("summary").get("records").asLong()).isEqualTo(4);
    assertThat(fieldNames(export.get("categories")))
        .contains(
            "user.account",
            "user.contact.email",
            "user.behavior.usage.job_history",
            "user.financial.transaction",
            "user.authorization.login_history",
            "user.device.ip_address");
    assertThat(
            export
                .get("categories")
                .get("user.financial.transaction")
                .get("retention")
                .get("minimum")
                .asText())
        .isEqualTo("P5Y");
    assertThat(export.toString())
        .doesNotContain("bob")
        .doesNotContain("0xb0b")
        .doesNotContain("192.0.2.2");
    assertThat(service.complete(request.id()).state()).isEqualTo(RequestState.COMPLETED);
  }

  @Test
  void portability_exports_only_what_ada_provided() throws IOException {
    byte[] zip =
        exported(started(RequestType.PORTABILITY, ADA, Jurisdiction.GDPR), ExportFormat.ZIP);
    LetheAssertions.assertThatExport(zip)
        .isPortabilityExport()
        .against(stores.toArray(PersonalDataStore[]::new))
        .containsNoOtherSubject();
    JsonNode export = JSON.readTree(entry(zip, "export.json"));

    String text = export.toString();
    assertThat(text)
        .contains("ada@vzgen.example")
        .contains("0xada")
        .doesNotContain("Firefox")
        .doesNotContain("192.0.2.1");
    assertThat(export.get("kind").asText()).isEqualTo("portability");
  }

  @Test
  void a_ccpa_know_request_is_due_in_45_days_and_exports_like_access() throws IOException {
    DataSubjectRequest request = started(RequestType.CCPA_KNOW, ADA_ACCOUNT, Jurisdiction.CCPA);
    assertThat(request.dueAt()).isEqualTo(T0.plus(Duration.ofDays(45)));

    JsonNode export = export(request);

    assertThat(export.get("summary").get("records").asLong()).isEqualTo(4);
    assertThat(export.toString()).doesNotContain("bob@vzgen.example");
  }

  // ------------------------------------------------------------------ erasure and delete

  @Test
  void erasure_deletes_what_it_may_keeps_transactions_for_five_years_restricted_then_finishes()
      throws SQLException {
    RetentionEngine engine = engine();
    DataSubjectRequest request = started(RequestType.ERASURE, ADA, Jurisdiction.GDPR);

    ErasureReceipt receipt = service(engine).fulfilErasure(request.id());

    LetheAssertions.assertThat(receipt)
        .isComplete()
        .erased("accounts", 1)
        .erased("jobs", 1)
        .erased("security_logs", 1);
    LetheAssertions.assertThat(receipt)
        .retained("user.financial.transaction")
        .because(RetainedRecords.Ground.MINIMUM_RETENTION)
        .because("P5Y")
        .because("Applicable financial recordkeeping")
        .by("credit-transactions")
        .until(Instant.parse("2031-01-10T12:00:00Z"))
        .isDeferred()
        .counting(1);
    LetheAssertions.assertThat(receipt)
        .notifies(
            "carrier_verification_provider",
            "hosting_provider",
            "email_delivery_provider",
            "authorities",
            "acquirer");
    assertThat(receipt.store("accounts").orElseThrow().status())
        .isEqualTo(StoreErasure.Status.ERASED);
    assertThat(keys("vz_accounts")).containsExactly("acc-bob");
    assertThat(keys("vz_credit_tx")).containsExactly("10", "11");
    LetheAssertions.assertThat(stores.get(0)).holdsNoRecordsOf(ADA);
    LetheAssertions.assertThat(stores.get(2))
        .stillHolds("user.financial.transaction")
        .of(ADA_ACCOUNT);
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);

    assertThat(restrictions.blocking(ADA_ACCOUNT, "credit_purchases", TRANSACTION, T0))
        .as("kept transactions are restricted")
        .isPresent();
    assertThat(restrictions.blocking(ADA_ACCOUNT, "legal_compliance", TRANSACTION, T0))
        .as("Art. 17(3)(b): the legal obligation may still use them")
        .isEmpty();
    assertThat(
            restrictions.blocking(
                ADA_ACCOUNT,
                "credit_purchases",
                CategoryKey.of("user.financial.crypto_wallet"),
                T0))
        .as("the kept record's wallet field is restricted too")
        .isPresent();

    engine.sweep(Instant.parse("2031-01-10T11:59:59Z"), SweepOptions.defaults());
    assertThat(keys("vz_credit_tx")).containsExactly("10", "11");
    engine.sweep(Instant.parse("2031-01-10T12:00:00Z"), SweepOptions.defaults());
    assertThat(keys("vz_credit_tx"))
        .as("the floor passed; no further request needed")
        .containsExactly("11");
    assertThat(engine.deferredErasures()).isEmpty();
    ErasureReceipt finished = engine.receipt(request.id(), ADA).orElseThrow();
    LetheAssertions.assertThat(finished)
        .isComplete()
        .erased("credit_transactions", 1)
        .erased("accounts", 1)
        .notifies(
            "carrier_verification_provider",
            "hosting_provider",
            "email_delivery_provider",
            "authorities",
            "acquirer",
            "crypto_payment_processor");
    assertThat(finished.recipientsToNotify())
        .as("the wallet went with the transaction: its" + " processor is told now")
        .endsWith("crypto_payment_processor");
    assertThat(finished.retained()).as("nothing is kept any more").isEmpty();
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void a_restored_backup_is_erased_again_from_the_tombstones() throws SQLException {
    RetentionEngine engine = engine();
    service(engine).fulfilErasure(started(RequestType.ERASURE, ADA, Jurisdiction.GDPR).id());
    account("acc-ada", "ada@vzgen.example", T0.minus(Duration.ofDays(300)));
    insert(
        "INSERT INTO vz_security_log VALUES (?, ?, ?, ?, ?)",
        20L,
        "acc-ada",
        "192.0.2.1",
        "Firefox",
        ts(T0.minus(Duration.ofDays(1))));

    assertThat(engine.replayAfterRestore("accounts").outcome().deleted()).isEqualTo(1);
    assertThat(engine.replayAfterRestore("security_logs").outcome().deleted()).isEqualTo(1);
    assertThat(keys("vz_accounts")).containsExactly("acc-bob");
    assertThat(keys("vz_security_log")).containsExactly("21");
  }

  @Test
  void a_ccpa_delete_with_a_failing_store_stays_open_until_a_retry_erases_everything()
      throws SQLException {
    PersonalDataStore jobs = stores.get(1);
    PersonalDataStore failing =
        new ForwardingStore(jobs) {
          @Override
          public int delete(List<RecordKey> keys) {
            throw new IllegalStateException("connection reset");
          }
        };
    DataSubjectRequest request = started(RequestType.CCPA_DELETE, ADA, Jurisdiction.CCPA);

    ErasureReceipt first = service(engine(failing)).fulfilErasure(request.id());

    assertThat(first.complete()).isFalse();
    assertThat(first.failed()).extracting(StoreErasure::store).containsExactly("jobs");
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(keys("vz_jobs")).containsExactly("1", "2");

    ErasureReceipt retry = service.fulfilErasure(request.id());

    assertThat(retry.complete()).isTrue();
    assertThat(keys("vz_jobs")).containsExactly("2");
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
    LetheAssertions.assertThat(retry)
        .as("the first attempt's work is on the retry's receipt")
        .erased("accounts", 1)
        .erased("security_logs", 1)
        .erased("jobs", 1)
        .notifies(
            "hosting_provider",
            "email_delivery_provider",
            "authorities",
            "acquirer",
            "carrier_verification_provider");
    assertThat(first.recipientsToNotify())
        .as("the jobs' carrier lookups were not erased yet")
        .doesNotContain("carrier_verification_provider");
  }

  @Test
  void the_next_sweep_retries_a_store_that_failed_during_an_erasure() throws SQLException {
    PersonalDataStore failing =
        new ForwardingStore(stores.get(1)) {
          @Override
          public int delete(List<RecordKey> keys) {
            throw new IllegalStateException("connection reset");
          }
        };
    DataSubjectRequest request = started(RequestType.ERASURE, ADA, Jurisdiction.GDPR);
    service(engine(failing)).fulfilErasure(request.id());
    assertThat(keys("vz_jobs")).containsExactly("1", "2");

    clock.advance(Duration.ofHours(1));
    RetentionEngine engine = engine();
    engine.sweep();

    assertThat(keys("vz_jobs"))
        .as("found by its keyed hash; the account row is gone")
        .containsExactly("2");
    LetheAssertions.assertThat(engine.receipt(request.id(), ADA).orElseThrow())
        .isComplete()
        .erased("jobs", 1)
        .erased("accounts", 1);
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.IN_PROGRESS);
    LetheAssertions.assertThat(service(engine).fulfilErasure(request.id()))
        .isComplete()
        .erased("jobs", 1);
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
  }

  @Test
  void nothing_is_erased_or_changed_before_identity_verification_passes() throws SQLException {
    DataSubjectRequest request = service.receive(RequestType.ERASURE, ADA, Jurisdiction.GDPR);

    assertThatThrownBy(() -> service.fulfilErasure(request.id()))
        .isInstanceOf(IllegalRequestTransitionException.class);
    DataSubjectRequest rejected =
        service.verifyIdentity(request.id(), IdentityEvidence.of("guess", Map.of()));
    assertThat(rejected.denialReason()).isEqualTo(DenialReason.IDENTITY_NOT_VERIFIED);
    assertThatThrownBy(() -> service.fulfilErasure(request.id()))
        .isInstanceOf(IllegalRequestTransitionException.class);
    DataSubjectRequest fix = service.receive(RequestType.RECTIFICATION, ADA, Jurisdiction.GDPR);
    assertThatThrownBy(
            () ->
                service.fulfilRectification(
                    fix.id(), Map.of(CategoryKey.of("user.contact.email"), "evil@example.com")))
        .isInstanceOf(IllegalRequestTransitionException.class);

    assertThat(keys("vz_accounts")).containsExactly("acc-ada", "acc-bob");
    assertThat(keys("vz_jobs")).containsExactly("1", "2");
    assertThat(email("acc-ada")).isEqualTo("ada@vzgen.example");
  }

  // ------------------------------------------------------------------ rectification

  @Test
  void rectification_corrects_adas_email_and_no_one_elses() throws SQLException {
    DataSubjectRequest request = started(RequestType.RECTIFICATION, ADA_ACCOUNT, Jurisdiction.GDPR);

    Map<String, Long> corrected =
        service.fulfilRectification(
            request.id(),
            Map.of(CategoryKey.of("user.contact.email"), "ada.lovelace@vzgen.example"));

    assertThat(corrected).containsExactly(Map.entry("accounts", 1L));
    assertThat(email("acc-ada")).isEqualTo("ada.lovelace@vzgen.example");
    assertThat(email("acc-bob")).isEqualTo("bob@vzgen.example");
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
    assertThat(audit.entries().map(Object::toString)).noneMatch(e -> e.contains("ada.lovelace"));
  }

  // ------------------------------------------------------------------ restriction, objection

  @Test
  void restriction_blocks_processing_of_adas_data_but_keeps_it_stored() throws SQLException {
    DataSubjectRequest request = started(RequestType.RESTRICTION, ADA, Jurisdiction.GDPR);

    ProcessingRestriction placed =
        service.fulfilRestriction(request.id(), Set.of(), "accuracy contested (Art. 18(1)(a))");

    assertThat(
            restrictions.blocking(
                ADA_ACCOUNT,
                "verification_jobs",
                CategoryKey.of("user.behavior.usage.job_history"),
                T0))
        .contains(placed);
    assertThat(
            restrictions.blocking(
                SubjectRef.account("acc-bob"),
                "verification_jobs",
                CategoryKey.of("user.behavior.usage.job_history"),
                T0))
        .isEmpty();
    assertThat(keys("vz_jobs")).containsExactly("1", "2");
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
  }

  @Test
  void objection_to_fraud_prevention_is_recorded_and_one_to_a_contract_purpose_is_denied() {
    DataSubjectRequest request = started(RequestType.OBJECTION, ADA, Jurisdiction.GDPR);

    ProcessingRestriction objection = service.fulfilObjection(request.id(), "fraud_prevention");

    assertThat(objection.absolute()).as("legitimate interests, not direct marketing").isFalse();
    assertThat(
            restrictions.blocking(
                ADA_ACCOUNT, "fraud_prevention", CategoryKey.of("user.device.ip_address"), T0))
        .contains(objection);

    DataSubjectRequest contract = started(RequestType.OBJECTION, ADA, Jurisdiction.GDPR);
    assertThatThrownBy(() -> service.fulfilObjection(contract.id(), "credit_purchases"))
        .isInstanceOf(RestrictionException.class)
        .hasMessageContaining("Art. 6(1)(b)");
    assertThat(service.get(contract.id()))
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(RequestState.DENIED);
              assertThat(r.denialReason()).isEqualTo(DenialReason.LEGAL_EXEMPTION);
            });
  }

  @Test
  void a_mistyped_purpose_leaves_the_objection_open_instead_of_denying_it() {
    DataSubjectRequest request = started(RequestType.OBJECTION, ADA, Jurisdiction.GDPR);

    assertThatThrownBy(() -> service.fulfilObjection(request.id(), "fraud_preventoin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy 'vzgen' has no purpose 'fraud_preventoin'; the request is unchanged");
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(service.fulfilObjection(request.id(), "fraud_prevention").absolute()).isFalse();
  }

  @Test
  void an_erasure_without_restrictions_configured_fails_before_erasing_anything()
      throws SQLException {
    DsarService bare =
        DsarService.builder(vzgen)
            .repository(JdbcRequestRepository.of(db).createTableIfMissing())
            .audit(audit)
            .clock(clock)
            .retention(engine())
            .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
            .build();
    DataSubjectRequest request = bare.receive(RequestType.ERASURE, ADA, Jurisdiction.GDPR);
    bare.verifyIdentity(request.id(), IdentityEvidence.of("signed-in", Map.of()));
    bare.start(request.id());

    assertThatThrownBy(() -> bare.fulfilErasure(request.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Restrictions");
    assertThat(keys("vz_accounts")).containsExactly("acc-ada", "acc-bob");
  }

  @Test
  void a_ccpa_opt_out_is_recorded_though_vzgen_sells_nothing_so_nothing_is_blocked() {
    DataSubjectRequest request = started(RequestType.CCPA_OPT_OUT, ADA, Jurisdiction.CCPA);

    ProcessingRestriction optOut = service.fulfilOptOut(request.id());

    assertThat(optOut.kind()).isEqualTo(ProcessingRestriction.Kind.OPT_OUT_OF_SALE);
    assertThat(restrictions.activeFor(ADA_ACCOUNT, T0)).containsExactly(optOut);
    assertThat(vzgen.purposes())
        .allSatisfy(
            p ->
                assertThat(
                        restrictions.blocking(
                            ADA_ACCOUNT, p.key(), CategoryKey.of("user.contact.email"), T0))
                    .isEmpty());
    assertThat(vzgen.recipients())
        .as("no recipient is marked sale or sharing")
        .allSatisfy(
            p ->
                assertThat(
                        restrictions.blockingDisclosure(
                            ADA_ACCOUNT, p.key(), CategoryKey.of("user.contact.email"), T0))
                    .isEmpty());
    assertThat(service.get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
  }

  // ------------------------------------------------------------------ plumbing

  private void account(String id, String email, Instant created) throws SQLException {
    insert(
        "INSERT INTO vz_accounts VALUES (?, ?, ?, ?, ?, ?)",
        id,
        email,
        "bcrypt$" + id,
        "fr",
        ts(created),
        null);
  }

  private void insert(String sql, Object... values) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  private static java.time.OffsetDateTime ts(Instant at) {
    return at.atOffset(java.time.ZoneOffset.UTC);
  }

  private List<String> keys(String table) throws SQLException {
    String key = table.equals("vz_accounts") ? "account_id" : "id";
    List<String> keys = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT " + key + " FROM " + table + " ORDER BY " + key)) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  private String email(String account) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT email FROM vz_accounts WHERE account_id = ?")) {
      s.setString(1, account);
      try (var rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static byte[] entry(byte[] zip, String name) throws IOException {
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + name + " in the package");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
