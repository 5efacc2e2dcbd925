package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service requests whose personal columns are masked (set to NULL) rather than the rows deleted,
 * with no column marking masked rows, beside context columns (a status code, a product reference)
 * that are no personal data: exports show them, and neither sweeps nor erasures touch them. On H2
 * and PostgreSQL.
 */
class ContextAndMaskingTest {

  private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;
  private String requests;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void an_access_read_shows_context_columns_beside_the_personal_ones(String database)
      throws SQLException {
    JdbcStore store = requestStore(database);

    List<PersonalRecord> adas;
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(ADA))) {
      adas = records.toList();
    }

    assertThat(adas)
        .hasSize(2)
        .first()
        .satisfies(
            record ->
                assertThat(record.fields())
                    .extracting(FieldValue::name, FieldValue::value)
                    .contains(
                        org.assertj.core.groups.Tuple.tuple("status", "closed"),
                        org.assertj.core.groups.Tuple.tuple("product_ref", "SKU-1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_sweep_masks_expired_rows_once_without_a_marker_and_leaves_context_alone(String database)
      throws SQLException {
    RetentionEngine engine = engine(requestStore(database));

    SweepReport first = engine.sweep(NOW, SweepOptions.defaults());

    // rows 1 and 3 were opened in 2025, more than a year ago; row 2 and Bob's row 4 in 2027
    assertThat(first.totalProcessed()).isEqualTo(2);
    assertThat(
            tables.strings(
                "SELECT CONCAT(id, '|', COALESCE(customer_id, '-'), '|',"
                    + " COALESCE(alt_email, '-'), '|', COALESCE(body, '-'), '|', status, '|', product_ref)"
                    + " FROM "
                    + requests
                    + " ORDER BY id"))
        .containsExactly(
            "1|-|-|-|closed|SKU-1", "2|ada|ada@alt.example|refund please|open|SKU-2",
            "3|-|-|-|closed|SKU-3", "4|bob|-|hello|open|SKU-1");
    // masked rows are not found again, so nothing is due and a second sweep does nothing
    assertThat(engine.plan(NOW).totalDue()).isZero();
    assertThat(engine.sweep(NOW, SweepOptions.defaults()).totalProcessed()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void an_erasure_masks_the_subjects_rows_keeps_the_context_and_finds_no_link_left(String database)
      throws SQLException {
    JdbcStore store = requestStore(database);
    RetentionEngine engine = engine(store);

    ErasureReceipt receipt = engine.erase(ADA, "req-ada");

    assertThat(receipt.store("requests").orElseThrow())
        .extracting(
            StoreErasure::status,
            StoreErasure::found,
            StoreErasure::deleted,
            StoreErasure::anonymized)
        .containsExactly(StoreErasure.Status.ERASED, 2L, 0L, 2L);
    assertThat(
            tables.strings(
                "SELECT CONCAT(id, '|', COALESCE(customer_id, '-'), '|', status,"
                    + " '|', product_ref) FROM "
                    + requests
                    + " WHERE id <= 2 ORDER BY id"))
        .containsExactly("1|-|closed|SKU-1", "2|-|open|SKU-2");
    try (Stream<PersonalRecord> left =
        store.recordsOf(Set.of(ADA, SubjectRef.email("ada@alt.example")))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void a_rule_over_a_context_category_is_refused() {
    assertThatThrownBy(
            () ->
                PrivacyPolicy.builder("shop")
                    .controller("Shop", "privacy@shop.example")
                    .version("1")
                    .effective(LocalDate.of(2026, 1, 1))
                    .rule(
                        RetentionRule.builder("statuses")
                            .categories("system.status")
                            .maximum("P1Y")
                            .build())
                    .build())
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("'system.status' is context, not personal data");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void a_hashing_anonymization_still_needs_a_marker(String database) throws SQLException {
    JdbcStore store = requestStore(database);
    PrivacyPolicy policy = policy(FieldStrategy.Kind.HASH);

    assertThatThrownBy(
            () -> RetentionEngine.builder(policy).stores(store).audit(audit()).clock(clock).build())
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("does not mark anonymized records")
        .hasMessageContaining("clear the fields (null) instead");
  }

  /** Ada's requests 1 (2025) and 2 (2027), Bob's 3 (2025, no email) and 4 (2027). */
  private JdbcStore requestStore(String database) throws SQLException {
    tables = scratch.open(database, "context-masking");
    dataSource = tables.dataSource();
    requests = tables.name("requests");
    tables.execute(
        "CREATE TABLE "
            + requests
            + " (id BIGINT PRIMARY KEY, customer_id"
            + " VARCHAR(20), alt_email VARCHAR(100), body VARCHAR(200), status VARCHAR(10) NOT NULL,"
            + " product_ref VARCHAR(20) NOT NULL, opened_at TIMESTAMP NOT NULL)");
    tables.execute(
        "INSERT INTO "
            + requests
            + " VALUES"
            + " (1, 'ada', 'ada@alt.example', 'where is my order', 'closed', 'SKU-1',"
            + " TIMESTAMP '2025-03-01 00:00:00'),"
            + " (2, 'ada', 'ada@alt.example', 'refund please', 'open', 'SKU-2',"
            + " TIMESTAMP '2027-05-01 00:00:00'),"
            + " (3, 'bob', NULL, 'broken lamp', 'closed', 'SKU-3', TIMESTAMP '2025-04-01 00:00:00'),"
            + " (4, 'bob', NULL, 'hello', 'open', 'SKU-1', TIMESTAMP '2027-05-02 00:00:00')");
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("requests")
            .table(requests, "id")
            .category("user.content.private")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .subject("alt_email", IdentifierType.EMAIL)
            .field("customer_id", "user.unique_id")
            .field("alt_email", "user.contact.email")
            .field("body", "user.content.private")
            .field("status", "system.status")
            .field("product_ref", "system.catalog")
            .collectedAt("opened_at")
            .build(),
        clock);
  }

  private PrivacyPolicy policy(FieldStrategy.Kind kind) {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .rule(
            RetentionRule.builder("requests")
                .categories("user.content", "user.contact", "user.unique_id")
                .maximum("P1Y")
                .action(ExpiryAction.ANONYMIZE)
                .anonymize("user.content", FieldStrategy.of(FieldStrategy.Kind.NULL))
                .anonymize("user.contact", FieldStrategy.of(kind))
                .anonymize("user.unique_id", FieldStrategy.of(FieldStrategy.Kind.NULL))
                .build())
        .build();
  }

  private AuditLog audit() {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
        SubjectHasher.withSecret(
            "context-masking-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
        clock);
  }

  private RetentionEngine engine(JdbcStore store) {
    return RetentionEngine.builder(policy(FieldStrategy.Kind.NULL))
        .stores(store)
        .audit(audit())
        .clock(clock)
        .build();
  }
}
