package io.lethe.dsar.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepOptions;
import io.lethe.retention.SweepReport;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two seed services' child tables, on their own policies (read from the examples module): VZGen
 * keeps a verification job's results in a table of their own, which go 90 days after the job
 * completed ("Job history and results: 90 days from job completion"), through the reference to the
 * job; NumberOTP records the webhook deliveries of an activation, which belong to the activation's
 * account, so an access export shows them and an erasure removes them first. On H2 and PostgreSQL,
 * with foreign keys.
 */
class SeedChildTablesTest {

  private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void vzgen_job_results_go_90_days_after_their_jobs_completion(String database)
      throws SQLException {
    PrivacyPolicy vzgen = seed("vzgen.yaml");
    tables = scratch.open(database, "seed-children");
    dataSource = tables.dataSource();
    String jobs = tables.name("jobs");
    String results = tables.name("job_results");
    tables.execute(
        "CREATE TABLE "
            + jobs
            + " (id BIGINT PRIMARY KEY, account_id VARCHAR(20) NOT"
            + " NULL, created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
    tables.execute(
        "CREATE TABLE "
            + results
            + " (id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL"
            + " REFERENCES "
            + jobs
            + " (id), phone VARCHAR(20), carrier VARCHAR(40))");
    // job 1 completed 100 days ago, job 2 89 days ago, job 3 still running
    tables.execute(
        "INSERT INTO "
            + jobs
            + " VALUES (1, 'acc-ada', TIMESTAMP '2026-05-20"
            + " 00:00:00', TIMESTAMP '2026-05-24 00:00:00'), (2, 'acc-ada', TIMESTAMP '2026-06-01"
            + " 00:00:00', TIMESTAMP '2026-06-04 00:00:00'), (3, 'acc-ada', TIMESTAMP '2026-08-30"
            + " 00:00:00', NULL)");
    tables.execute(
        "INSERT INTO "
            + results
            + " VALUES (10, 1, '+15550001', 'Verizon'), (11, 1,"
            + " '+15550002', 'AT&T'), (20, 2, '+15550003', 'Verizon'), (30, 3, '+15550004', NULL)");
    Anchor completed = Anchor.event("job.completed");
    List<JdbcStore> stores =
        JdbcStores.open(
            dataSource,
            clock,
            JdbcMapping.builder("jobs")
                .table(jobs, "id")
                .category("user.behavior.usage.job_history")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .anchor(completed, "completed_at")
                .build(),
            JdbcMapping.builder("job_results")
                .table(results, "id")
                .category("user.behavior.usage.job_history")
                .reference("job_id", "jobs", "id")
                .field("phone", "user.contact.phone_number.verified")
                .field("carrier", "user.behavior.usage.job_history")
                .anchorThrough(completed, "job_id", "completed_at")
                .build());
    RetentionEngine engine =
        RetentionEngine.builder(vzgen).stores(stores.get(1)).audit(audit()).clock(clock).build();

    long due = engine.plan(NOW).totalDue();
    SweepReport sweep = engine.sweep(NOW, SweepOptions.defaults());

    assertThat(due).isEqualTo(2);
    assertThat(sweep.totalProcessed()).isEqualTo(2);
    assertThat(tables.strings("SELECT id FROM " + results + " ORDER BY id"))
        .containsExactly("20", "30");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void numberotp_webhook_deliveries_are_exported_and_erased_with_their_activations(String database)
      throws Exception {
    PrivacyPolicy numberotp = seed("numberotp.yaml");
    tables = scratch.open(database, "seed-children");
    dataSource = tables.dataSource();
    String activations = tables.name("activations");
    String deliveries = tables.name("webhook_deliveries");
    tables.execute(
        "CREATE TABLE "
            + activations
            + " (id BIGINT PRIMARY KEY, account_id"
            + " VARCHAR(20) NOT NULL, service VARCHAR(20), created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + deliveries
            + " (activation_id BIGINT NOT NULL REFERENCES "
            + activations
            + " (id), attempt INT NOT NULL, url VARCHAR(100), status_code INT,"
            + " PRIMARY KEY (activation_id, attempt))");
    tables.execute(
        "INSERT INTO "
            + activations
            + " VALUES (1, 'acc-ada', 'telegram', TIMESTAMP"
            + " '2026-08-01 00:00:00'), (2, 'acc-bob', 'whatsapp', TIMESTAMP '2026-08-02 00:00:00')");
    tables.execute(
        "INSERT INTO "
            + deliveries
            + " VALUES (1, 1, 'https://hooks.ada.example/otp',"
            + " 500), (1, 2, 'https://hooks.ada.example/otp', 200), (2, 1,"
            + " 'https://hooks.bob.example/otp', 200)");
    List<JdbcStore> stores =
        JdbcStores.open(
            dataSource,
            clock,
            JdbcMapping.builder("activations")
                .table(activations, "id")
                .category("user.behavior.usage.activation_history")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .field("service", "user.behavior.usage.service_selection")
                .collectedAt("created_at")
                .build(),
            JdbcMapping.builder("webhook_deliveries")
                .table(deliveries, "activation_id", "attempt")
                .category("user.behavior.usage.webhook_configuration")
                .reference("activation_id", "activations", "id")
                .field("url", "user.behavior.usage.webhook_configuration")
                .field("status_code", "system.status")
                .build());
    // registered parents first: the erasure still deletes the deliveries before the activation
    PersonalDataStore[] registered = stores.toArray(PersonalDataStore[]::new);
    AuditLog audit = audit();
    SubjectRef ada = SubjectRef.account("acc-ada");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessExporter.builder(numberotp)
        .stores(registered)
        .audit(audit)
        .clock(clock)
        .build()
        .export(ada, out, ExportFormat.JSON);
    ErasureReceipt receipt =
        RetentionEngine.builder(numberotp)
            .stores(registered)
            .audit(audit)
            .clock(clock)
            .build()
            .erase(ada, "req-ada");

    List<String> exported = new ArrayList<>();
    for (JsonNode record : JSON.readTree(out.toByteArray()).get("records")) {
      exported.add(
          record.get("store").asText()
              + ":"
              + record.at("/fields/url").asText("")
              + record.at("/fields/status_code").asText(""));
    }
    assertThat(exported)
        .containsExactly(
            "activations:",
            "webhook_deliveries:https://hooks.ada.example/otp500",
            "webhook_deliveries:https://hooks.ada.example/otp200");
    assertThat(receipt.stores())
        .extracting(StoreErasure::store, StoreErasure::status, StoreErasure::deleted)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("activations", StoreErasure.Status.ERASED, 1L),
            org.assertj.core.groups.Tuple.tuple(
                "webhook_deliveries", StoreErasure.Status.ERASED, 2L));
    assertThat(tables.strings("SELECT CONCAT(activation_id, '/', attempt) FROM " + deliveries))
        .containsExactly("2/1");
    assertThat(tables.strings("SELECT account_id FROM " + activations)).containsExactly("acc-bob");
  }

  private static PrivacyPolicy seed(String file) {
    return PolicyFiles.read(
        Path.of("..", "examples", "src", "main", "resources", "policies", file));
  }

  private AuditLog audit() {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
        SubjectHasher.withSecret(
            "seed-children-secret-of-32-bytes".getBytes(StandardCharsets.UTF_8)),
        clock);
  }
}
