package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.store.jdbc.InvalidMappingException;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ObservedDataSource;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows reached through references, over two hops: customers, their orders (by customer id), the
 * orders' items (by order id) and the items' notes (by item id). Ada has 3 orders of 5 items with a
 * note each, Bob 1 order of 1 item with a note. On H2 and PostgreSQL.
 */
class ReferencesTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final SubjectRef BOB = SubjectRef.account("bob");

  private final MutableClock clock = MutableClock.at(NOW);
  private final AtomicInteger statements = new AtomicInteger();
  private DataSource dataSource;
  private ScratchTables tables;

  @AfterEach
  void dropTables() throws SQLException {
    if (tables != null) {
      tables.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_subjects_items_and_notes_are_read_with_as_many_statements_for_15_rows_as_for_1(
      String database) throws SQLException {
    List<JdbcStore> stores = shop(database);
    JdbcStore items = stores.get(2);
    JdbcStore notes = stores.get(3);

    int before = statements.get();
    List<PersonalRecord> adasItems = read(items, ADA);
    int forAda = statements.get() - before;
    before = statements.get();
    List<PersonalRecord> bobsItems = read(items, BOB);
    int forBob = statements.get() - before;

    assertThat(adasItems).extracting(r -> r.key().value()).containsExactlyElementsOf(range(1, 15));
    assertThat(bobsItems).extracting(r -> r.key().value()).containsExactly(16L);
    assertThat(forAda)
        .as("one statement per store and hop, whatever the rows")
        .isEqualTo(forBob)
        .isEqualTo(1);
    assertThat(read(notes, ADA))
        .extracting(r -> r.key().value())
        .containsExactlyElementsOf(range(101, 115));
    assertThat(adasItems)
        .allSatisfy(
            r -> assertThat(r.subjects()).as("a reference value is no" + " identifier").isEmpty());
    assertThat(items.descriptor().identifiers()).containsExactly(IdentifierType.ACCOUNT_ID);
    assertThat(items.supports(StoreOperation.LIST_SUBJECTS)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_held_subjects_rows_are_left_out_of_expiry_queries_two_hops_away(String database)
      throws SQLException {
    List<JdbcStore> stores = shop(database);

    List<RecordKey> expired =
        stores
            .get(3)
            .findExpired(
                new ExpiryQuery(
                    io.lethe.core.policy.CategoryKey.of("user.communication"),
                    Anchor.COLLECTED,
                    NOW,
                    Set.of(ADA),
                    null,
                    100,
                    false));

    assertThat(expired).extracting(RecordKey::value).containsExactly(116L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_sweep_deletes_expired_notes_but_those_of_a_held_customer_two_hops_away(String database)
      throws SQLException {
    List<JdbcStore> stores = shop(database);
    AuditLog log = auditLog();
    LegalHolds holds = LegalHolds.create(new InMemoryHoldRegistry(), log, clock);
    holds.holdSubject(ADA, "litigation", "legal", null);
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2025, 1, 1))
            .rule(
                RetentionRule.builder("notes")
                    .categories("user.communication")
                    .maximum("P30D")
                    .build())
            .build();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(stores.get(3))
            .audit(log)
            .holds(holds)
            .clock(clock)
            .build();

    SweepReport report = engine.sweep(NOW, SweepOptions.defaults().batchSize(4));

    assertThat(report.totalProcessed()).isEqualTo(1);
    assertThat(ids(table("item_notes")))
        .containsExactlyElementsOf(range(101, 115).stream().map(String::valueOf).toList());
  }

  @ParameterizedTest(name = "{0}, parents registered first: {1}")
  @CsvSource({"h2, true", "h2, false", "postgresql, true", "postgresql, false"})
  void an_erasure_reaches_every_row_through_the_references_whatever_the_registration_order(
      String database, boolean parentsFirst) throws SQLException {
    List<JdbcStore> stores = shop(database);
    List<JdbcStore> registered = new ArrayList<>(stores);
    if (!parentsFirst) {
      java.util.Collections.reverse(registered);
    }
    RetentionEngine engine = engine(registered);

    ErasureReceipt receipt = engine.erase(ADA, "req-ref");

    assertThat(receipt.stores())
        .extracting(
            StoreErasure::store, StoreErasure::status, StoreErasure::found, StoreErasure::deleted)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("customers", StoreErasure.Status.ERASED, 1L, 1L),
            org.assertj.core.groups.Tuple.tuple("orders", StoreErasure.Status.ERASED, 3L, 3L),
            org.assertj.core.groups.Tuple.tuple(
                "order_items", StoreErasure.Status.ERASED, 15L, 15L),
            org.assertj.core.groups.Tuple.tuple(
                "item_notes", StoreErasure.Status.ERASED, 15L, 15L));
    assertThat(ids(table("customers"))).containsExactly("bob");
    assertThat(ids(table("orders"))).containsExactly("4");
    assertThat(ids(table("order_items"))).containsExactly("16");
    assertThat(ids(table("item_notes"))).containsExactly("116");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void items_anonymized_under_orders_a_floor_keeps_no_longer_link_to_the_customer(String database)
      throws SQLException {
    // GIVEN orders kept five years for tax law, and items whose rule anonymizes them
    List<JdbcStore> opened = shop(database);
    JdbcStore items =
        JdbcStores.open(
                dataSource,
                clock,
                orders(),
                JdbcMapping.builder("order_items")
                    .table(table("order_items"), "id")
                    .category("user.behavior.usage")
                    .reference("order_id", "orders", "id")
                    .field("product", "user.behavior.usage")
                    .collectedAt("added_at")
                    .anonymizedAt("anonymized_at")
                    .build())
            .get(1);
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2025, 1, 1))
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .maximum("P5Y")
                    .build())
            .rule(
                RetentionRule.builder("orders")
                    .categories("user.financial.transaction")
                    .minimum("P5Y")
                    .basis(io.lethe.core.policy.LawfulBasis.LEGAL_OBLIGATION)
                    .legalReference("tax law")
                    .build())
            .rule(
                RetentionRule.builder("items")
                    .categories("user.behavior.usage")
                    .maximum("P5Y")
                    .action(io.lethe.core.policy.ExpiryAction.ANONYMIZE)
                    .anonymize(
                        "user.behavior.usage",
                        io.lethe.core.policy.FieldStrategy.of(
                            io.lethe.core.policy.FieldStrategy.Kind.NULL))
                    .build())
            .build();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(opened.get(0), opened.get(1), items)
            .audit(auditLog())
            .clock(clock)
            .build();

    // WHEN Ada's erasure runs
    ErasureReceipt receipt = engine.erase(ADA, "req-items");

    // THEN her items are anonymized, not failed, though the kept orders still reach them
    StoreErasure line = receipt.store("order_items").orElseThrow();
    assertThat(line.status()).isEqualTo(StoreErasure.Status.ERASED);
    assertThat(line.anonymized()).isEqualTo(15);
    assertThat(receipt.store("orders").orElseThrow().status())
        .isEqualTo(StoreErasure.Status.PARTLY_RETAINED);
    assertThat(ids(table("orders"))).containsExactly("1", "2", "3", "4");
    assertThat(read(items, ADA))
        .hasSize(15)
        .allSatisfy(r -> assertThat(r.fields().get(0).value()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2"})
  void references_are_checked_when_the_stores_open(String database) throws SQLException {
    shop(database);
    JdbcMapping orders = orders();

    assertThat(problems(() -> JdbcStore.open(dataSource, items())))
        .containsExactly(
            "references: the store reaches its rows through [orders]; open it together with them"
                + " with JdbcStores.open");
    assertThat(problems(() -> JdbcStores.open(dataSource, items())))
        .containsExactly("references[0].store: no store 'orders' is opened with it");
    assertThat(
            problems(
                () ->
                    JdbcStores.open(
                        dataSource,
                        orders,
                        JdbcMapping.builder("order_items")
                            .table(table("order_items"), "id")
                            .category("user.financial.transaction")
                            .reference("order_id", "orders", "order_no")
                            .collectedAt("added_at")
                            .build())))
        .singleElement()
        .asString()
        .startsWith("references[0].key: table 'orders_")
        .endsWith("' of store 'orders' has no" + " column 'order_no'");
    assertThat(
            problems(
                () ->
                    JdbcStores.open(
                        dataSource,
                        orders,
                        JdbcMapping.builder("order_items")
                            .table(table("order_items"), "id")
                            .category("user.financial.transaction")
                            .reference("order_no", "orders", "id")
                            .collectedAt("added_at")
                            .build())))
        .singleElement()
        .asString()
        .startsWith("references[0].column: table 'order_items_")
        .endsWith("' has no column" + " 'order_no'");
    assertThat(
            problems(
                () ->
                    JdbcStores.open(
                        dataSource,
                        JdbcMapping.builder("a")
                            .table(table("orders"), "id")
                            .category("user.account")
                            .reference("customer_id", "b", "id")
                            .build(),
                        JdbcMapping.builder("b")
                            .table(table("customers"), "id")
                            .category("user.account")
                            .reference("id", "a", "id")
                            .build())))
        .containsExactly("references: the references lead back to this store: a -> b -> a");
  }

  // ------------------------------------------------------------------ the shop

  private List<JdbcStore> shop(String database) throws SQLException {
    DataSource plain = TestDatabases.of(database, "references");
    dataSource = counting(plain);
    tables = new ScratchTables(dataSource);
    update(
        "CREATE TABLE "
            + table("customers")
            + " (id VARCHAR(20) PRIMARY KEY,"
            + " email VARCHAR(100), created_at TIMESTAMP NOT NULL)");
    update(
        "CREATE TABLE "
            + table("orders")
            + " (id BIGINT PRIMARY KEY, customer_id VARCHAR(20)"
            + " NOT NULL, placed_at TIMESTAMP NOT NULL)");
    update(
        "CREATE TABLE "
            + table("order_items")
            + " (id BIGINT PRIMARY KEY, order_id BIGINT"
            + " NOT NULL, product VARCHAR(40), added_at TIMESTAMP NOT NULL,"
            + " anonymized_at TIMESTAMP)");
    update(
        "CREATE TABLE "
            + table("item_notes")
            + " (id BIGINT PRIMARY KEY, item_id BIGINT,"
            + " note VARCHAR(100), created_at TIMESTAMP NOT NULL)");
    update(
        "INSERT INTO "
            + table("customers")
            + " VALUES ('ada', 'ada@example.com', TIMESTAMP"
            + " '2025-01-01 00:00:00'), ('bob', 'bob@example.com', TIMESTAMP '2025-01-01 00:00:00')");
    long item = 0;
    for (long order = 1; order <= 4; order++) {
      String customer = order <= 3 ? "ada" : "bob";
      update(
          "INSERT INTO "
              + table("orders")
              + " VALUES ("
              + order
              + ", '"
              + customer
              + "', TIMESTAMP '2025-02-01 00:00:00')");
      for (int i = 0; i < (order <= 3 ? 5 : 1); i++) {
        item++;
        update(
            "INSERT INTO "
                + table("order_items")
                + " VALUES ("
                + item
                + ", "
                + order
                + ", 'product "
                + item
                + "', TIMESTAMP '2025-02-01 00:00:00', NULL)");
        update(
            "INSERT INTO "
                + table("item_notes")
                + " VALUES ("
                + (100 + item)
                + ", "
                + item
                + ", 'note', TIMESTAMP '2025-02-01 00:00:00')");
      }
    }
    return JdbcStores.open(
        dataSource,
        clock,
        List.of(
            JdbcMapping.builder("customers")
                .table(table("customers"), "id")
                .category("user.account")
                .subject("id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .field("email", "user.contact.email")
                .collectedAt("created_at")
                .build(),
            orders(),
            items(),
            JdbcMapping.builder("item_notes")
                .table(table("item_notes"), "id")
                .category("user.communication")
                .reference("item_id", "order_items", "id")
                .field("note", "user.communication")
                .collectedAt("created_at")
                .build()));
  }

  private JdbcMapping orders() {
    return JdbcMapping.builder("orders")
        .table(table("orders"), "id")
        .category("user.financial.transaction")
        .subject("customer_id", IdentifierType.ACCOUNT_ID)
        .collectedAt("placed_at")
        .build();
  }

  private JdbcMapping items() {
    return JdbcMapping.builder("order_items")
        .table(table("order_items"), "id")
        .category("user.financial.transaction")
        .reference("order_id", "orders", "id")
        .field("product", "user.financial.transaction")
        .collectedAt("added_at")
        .build();
  }

  private RetentionEngine engine(List<JdbcStore> stores) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2025, 1, 1))
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .maximum("P5Y")
                    .build())
            .rule(
                RetentionRule.builder("orders")
                    .categories("user.financial.transaction")
                    .maximum("P5Y")
                    .build())
            .rule(
                RetentionRule.builder("notes")
                    .categories("user.communication")
                    .maximum("P5Y")
                    .build())
            .build();
    return RetentionEngine.builder(policy)
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(auditLog())
        .clock(clock)
        .build();
  }

  private AuditLog auditLog() {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource, table("audit")).createTableIfMissing(),
        SubjectHasher.withSecret(
            "references-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
        clock);
  }

  private static List<PersonalRecord> read(JdbcStore store, SubjectRef subject) {
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(subject))) {
      return records.toList();
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      values.add(v);
    }
    return values;
  }

  private static List<String> problems(Runnable open) {
    return catchThrowableOfType(InvalidMappingException.class, open::run).problems();
  }

  /** A table name of this test's own; dropped afterwards. */
  private String table(String name) {
    return tables.name(name);
  }

  private void update(String sql) throws SQLException {
    tables.execute(sql);
  }

  private List<String> ids(String table) throws SQLException {
    return tables.strings("SELECT id FROM " + table + " ORDER BY id");
  }

  /** The data source, counting every statement prepared on its connections. */
  private DataSource counting(DataSource plain) {
    return ObservedDataSource.of(plain, sql -> statements.incrementAndGet());
  }
}
