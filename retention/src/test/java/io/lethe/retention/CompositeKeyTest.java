package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.InvalidMappingException;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcMappings;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tables keyed by several columns: order items by their order and line number, visits by their
 * customer and time. A subject's records page through the key, sweeps page and resume through it,
 * and erasure, masking and rectification find each row by the whole key. On H2 and PostgreSQL.
 */
class CompositeKeyTest {

  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final SubjectRef BOB = SubjectRef.account("bob");

  /** Ada's order items: 401 orders of 3 lines, more than two pages of a subject's records. */
  private static final int ADA_ORDERS = 401;

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;
  private String items;
  private String visits;

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_subjects_records_page_through_a_composite_key_in_key_order(String database)
      throws SQLException {
    JdbcStore store = itemStore(database);

    List<RecordKey> keys;
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(ADA))) {
      keys = records.map(PersonalRecord::key).toList();
    }

    assertThat(keys).hasSize(ADA_ORDERS * 3).doesNotHaveDuplicates().isSorted();
    assertThat(keys.get(0).parts()).containsExactly(1L, 1L);
    assertThat(keys.get(keys.size() - 1).parts()).containsExactly((long) ADA_ORDERS, 3L);
    List<RecordKey> some =
        List.of(RecordKey.composite(List.of(7L, 2L)), RecordKey.composite(List.of(1000L, 1L)));
    try (Stream<PersonalRecord> records = store.records(some)) {
      assertThat(records.map(r -> r.fields().get(0).value()))
          .containsExactly("ada-7-2@example.com", "bob@example.com");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_sweep_deletes_expired_rows_page_by_page_and_keeps_the_rest(String database)
      throws SQLException {
    JdbcStore store = itemStore(database);
    // Ada's first 200 orders were placed in 2020, the rest and Bob's in 2026
    RetentionEngine engine = engine(store, "user.behavior", "P3Y");

    SweepReport report = engine.sweep(NOW, SweepOptions.defaults().batchSize(64));

    assertThat(report.totalProcessed()).isEqualTo(600);
    assertThat(tables.strings("SELECT COUNT(*) FROM " + items))
        .containsExactly(String.valueOf((ADA_ORDERS - 200) * 3 + 2));
    assertThat(
            tables.strings(
                "SELECT COUNT(*) FROM "
                    + items
                    + " WHERE created_at < TIMESTAMP"
                    + " '2024-01-01 00:00:00'"))
        .containsExactly("0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void expiry_queries_resume_after_a_composite_key(String database) throws SQLException {
    JdbcStore store = itemStore(database);
    ExpiryQuery first =
        new ExpiryQuery(
            CategoryKey.of("user.behavior"),
            Anchor.COLLECTED,
            Instant.parse("2024-01-01T00:00:00Z"),
            Set.of(),
            null,
            250,
            false,
            null);

    List<RecordKey> page = store.findExpired(first);
    List<RecordKey> next =
        store.findExpired(
            new ExpiryQuery(
                first.category(),
                first.anchor(),
                first.cutoff(),
                Set.of(),
                page.get(page.size() - 1),
                500,
                false,
                null));

    assertThat(page).hasSize(250);
    assertThat(next).hasSize(350).isSorted();
    assertThat(next.get(0)).isGreaterThan(page.get(page.size() - 1));
    assertThat(next.get(next.size() - 1).parts()).containsExactly(200L, 3L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_checkpoint_keeps_a_composite_key_with_its_types(String database) throws SQLException {
    tables = scratch.open(database, "composite-keys");
    dataSource = tables.dataSource();
    JdbcCheckpointStore checkpoints =
        JdbcCheckpointStore.of(dataSource, tables.name("checkpoints")).createTableIfMissing();
    RecordKey after =
        RecordKey.composite(
            List.of("ada", LocalDateTime.of(2026, 3, 1, 12, 30, 5), 42L, LocalDate.of(2026, 3, 1)));

    checkpoints.save(new SweepCheckpoint("visits/rule", after, 64, 1000, NOW));

    assertThat(checkpoints.load("visits/rule"))
        .hasValueSatisfying(
            saved -> {
              assertThat(saved.after()).isEqualTo(after);
              assertThat(saved.after().parts())
                  .extracting(Object::getClass)
                  .containsExactly(String.class, LocalDateTime.class, Long.class, LocalDate.class);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void erasure_masking_and_rectification_find_each_row_by_its_whole_key(String database)
      throws SQLException {
    JdbcStore store = visitStore(database);
    RetentionEngine engine = engine(store, "user", "P5Y");
    RecordKey adasFirst = RecordKey.composite(List.of("ada", LocalDateTime.of(2026, 5, 1, 10, 0)));

    assertThat(
            store.rectify(
                adasFirst, Map.of(CategoryKey.of("user.device.ip_address"), "198.51.100.9")))
        .isEqualTo(1);
    assertThat(tables.strings("SELECT ip FROM " + visits + " ORDER BY customer_id, visited_at"))
        .containsExactly("198.51.100.9", "203.0.113.2", "203.0.113.3");

    ErasureReceipt receipt = engine.erase(ADA, "req-ada");

    assertThat(receipt.store("visits").orElseThrow())
        .extracting(StoreErasure::status, StoreErasure::found, StoreErasure::deleted)
        .containsExactly(StoreErasure.Status.ERASED, 2L, 2L);
    assertThat(tables.strings("SELECT customer_id FROM " + visits)).containsExactly("bob");
  }

  @Test
  void a_yaml_mapping_names_its_key_columns_in_a_list() {
    List<JdbcMapping> mappings =
        JdbcMappings.parse(
            """
        stores:
          - store: order_items
            table: order_items
            key: [order_id, line_no]
            category: user.behavior.purchase_history
            subjects:
              - {column: customer_id, type: account_id}
          - store: orders
            table: orders
            key: id
            category: user.behavior.purchase_history
            subjects:
              - {column: customer_id, type: account_id}
        """,
            "mappings.yaml");

    assertThat(mappings.get(0).key()).containsExactly("order_id", "line_no");
    assertThat(mappings.get(1).key()).containsExactly("id");
  }

  @Test
  void a_key_column_named_twice_or_missing_is_a_mapping_error_naming_it() throws SQLException {
    tables = scratch.open("h2", "composite-key-errors");
    dataSource = tables.dataSource();
    String table = tables.name("order_items");
    tables.execute(
        "CREATE TABLE "
            + table
            + " (order_id BIGINT, line_no INT, customer_id"
            + " VARCHAR(20), PRIMARY KEY (order_id, line_no))");

    assertThatThrownBy(
            () ->
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("order_items")
                        .table(table, "order_id", "order_id")
                        .category("user.behavior")
                        .subject("customer_id", IdentifierType.ACCOUNT_ID)
                        .build()))
        .isInstanceOf(InvalidMappingException.class)
        .hasMessageContaining("key[1]: column 'order_id' is named twice in the key");
    assertThatThrownBy(
            () ->
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("order_items")
                        .table(table, "order_id", "line")
                        .category("user.behavior")
                        .subject("customer_id", IdentifierType.ACCOUNT_ID)
                        .build()))
        .isInstanceOf(InvalidMappingException.class)
        .hasMessageContaining("key[1]:")
        .hasMessageContaining("'line'");
  }

  /**
   * Ada's order items 1..401 × lines 1..3 (orders 1..200 placed in 2020, the rest in 2026) and
   * Bob's order 1000 of 2 lines, placed in 2026.
   */
  private JdbcStore itemStore(String database) throws SQLException {
    tables = scratch.open(database, "composite-keys");
    dataSource = tables.dataSource();
    items = tables.name("order_items");
    tables.execute(
        "CREATE TABLE "
            + items
            + " (order_id BIGINT NOT NULL, line_no INT NOT NULL,"
            + " customer_id VARCHAR(20) NOT NULL, email VARCHAR(100), created_at TIMESTAMP NOT NULL,"
            + " PRIMARY KEY (order_id, line_no))");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO " + items + " VALUES (?, ?, ?, ?, ?)")) {
      connection.setAutoCommit(false);
      // inserted out of key order, so that key order is the store's doing
      for (long order = ADA_ORDERS; order >= 1; order--) {
        for (int line = 3; line >= 1; line--) {
          insert(
              insert,
              order,
              line,
              "ada",
              "ada-" + order + "-" + line + "@example.com",
              order <= 200 ? "2020-06-01T00:00:00" : "2026-06-01T00:00:00");
        }
      }
      insert(insert, 1000, 1, "bob", "bob@example.com", "2026-06-01T00:00:00");
      insert(insert, 1000, 2, "bob", "bob@example.com", "2026-06-01T00:00:00");
      insert.executeBatch();
      connection.commit();
    }
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("order_items")
            .table(items, "order_id", "line_no")
            .category("user.behavior.purchase_history")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .field("email", "user.contact.email")
            .collectedAt("created_at")
            .build(),
        clock);
  }

  private static void insert(
      PreparedStatement insert,
      long order,
      int line,
      String customer,
      String email,
      String createdAt)
      throws SQLException {
    insert.setLong(1, order);
    insert.setInt(2, line);
    insert.setString(3, customer);
    insert.setString(4, email);
    insert.setTimestamp(5, Timestamp.valueOf(LocalDateTime.parse(createdAt)));
    insert.addBatch();
  }

  /** Visits keyed by customer and time: two of Ada's, one of Bob's. */
  private JdbcStore visitStore(String database) throws SQLException {
    tables = scratch.open(database, "composite-keys");
    dataSource = tables.dataSource();
    visits = tables.name("visits");
    tables.execute(
        "CREATE TABLE "
            + visits
            + " (customer_id VARCHAR(20) NOT NULL, visited_at"
            + " TIMESTAMP NOT NULL, ip VARCHAR(40), PRIMARY KEY (customer_id, visited_at))");
    tables.execute(
        "INSERT INTO "
            + visits
            + " VALUES ('ada', TIMESTAMP '2026-05-01 10:00:00',"
            + " '203.0.113.1'), ('ada', TIMESTAMP '2026-05-02 11:00:00', '203.0.113.2'),"
            + " ('bob', TIMESTAMP '2026-05-01 10:00:00', '203.0.113.3')");
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("visits")
            .table(visits, "customer_id", "visited_at")
            .category("user.behavior.browsing_history")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .collectedAt("visited_at")
            .build(),
        clock);
  }

  private RetentionEngine engine(JdbcStore store, String category, String maximum) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(RetentionRule.builder("rule").categories(category).maximum(maximum).build())
            .build();
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
            SubjectHasher.withSecret(
                "composite-key-test-secret-32-by!".getBytes(StandardCharsets.UTF_8)),
            clock);
    return RetentionEngine.builder(policy)
        .stores(store)
        .audit(audit)
        .clock(clock)
        .checkpoints(
            JdbcCheckpointStore.of(dataSource, tables.name("checkpoints")).createTableIfMissing())
        .build();
  }
}
