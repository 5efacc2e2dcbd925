package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.retention.RetentionEngine;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A normalized shop, as hosts have them: customers with a home address that Ada and Bob share,
 * orders shipping to addresses, order items keyed by order and line, payment cards, logins, visits
 * keyed by customer and time, service requests with an alternate email, lessons naming a tutor and
 * a student, and messages reached through their lesson. Ada's access export and her erasure are
 * compared, row by row, with a hand-written oracle; everyone else's rows stay as they were, and the
 * receipt is exact. On H2 and PostgreSQL, with and without foreign keys (cascades included), with
 * the stores registered in both orders.
 */
class NormalizedShopTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.email("ada@shop.example");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ada's records in her export, per store: each record's fields, name=value, by name. */
  private static final Map<String, List<String>> ADA_EXPORT =
      oracle(
          "customers", List.of("email=ada@shop.example;name=Ada"),
          "addresses", List.of("city=Lyon;street=1 Shared St", "city=Lyon;street=2 Ada Rd"),
          "orders", List.of("status=shipped", "status=open"),
          "order_items",
              List.of(
                  "gift_note=for mum;product_ref=SKU-1",
                  "gift_note=null;product_ref" + "=SKU-2",
                  "gift_note=happy birthday;product_ref=SKU-3"),
          "payment_cards", List.of("last4=4242"),
          "logins", List.of("ip=203.0.113.1", "ip=203.0.113.2"),
          "visits", List.of("page=/home", "page=/cart"),
          "service_requests",
              List.of("body=where is my order", "body=forgot password", "body=new email"),
          // her lesson as a student shows no tutor note; her lesson as a tutor shows hers
          "lessons", List.of("topic=algebra", "topic=french;tutor_note=bob is keen"),
          "messages", List.of("body=hi cy", "body=hi ada", "body=bonjour"));

  /** Every table after Ada's erasure, row by row, NULL as "null". */
  private static final Map<String, List<String>> AFTER_ERASURE =
      oracle(
          "addresses", List.of("1|1 Shared St", "3|3 Bob Ave", "4|4 Cy Ct"),
          "customers", List.of("bob|bob@shop.example|1", "cy|cy@shop.example|4"),
          "orders", List.of("20|bob|3"),
          "order_items", List.of("20|1|SKU-1|for bob"),
          "payment_cards", List.of("200|bob|1111"),
          "logins", List.of("2000|bob|198.51.100.1"),
          "visits", List.of("bob|2026-03-01 10:00:00.0|/home"),
          "service_requests", List.of("503|bob|null|refund"),
          "lessons", List.of("1|cy|null|algebra|needs practice", "2|null|bob|french|null"),
          "messages", List.of("1|1|null|hi cy", "2|1|cy|hi ada", "3|2|bob|bonjour"));

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;
  private final Map<String, String> names = new TreeMap<>();

  @ParameterizedTest(name = "{0}, foreign keys: {1}, reversed: {2}")
  @CsvSource({
    "h2, true, false",
    "h2, true, true",
    "h2, false, false",
    "h2, false, true",
    "postgresql, true, false",
    "postgresql, true, true",
    "postgresql, false, false",
    "postgresql, false, true"
  })
  void adas_export_and_erasure_match_the_oracle_row_by_row(
      String database, boolean foreignKeys, boolean reversed) throws Exception {
    List<JdbcStore> stores = new ArrayList<>(shop(database, foreignKeys));
    if (reversed) {
      Collections.reverse(stores);
    }
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
            SubjectHasher.withSecret(
                "normalized-shop-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
            clock);
    Map<String, List<String>> before = everyTable();

    // the access export: exactly Ada's records, with her identifiers only
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessExporter.builder(policy())
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(audit)
        .clock(clock)
        .build()
        .export(ADA, out, ExportFormat.JSON);
    JsonNode export = JSON.readTree(out.toByteArray());
    Map<String, List<String>> expected = new TreeMap<>();
    ADA_EXPORT.forEach(
        (store, records) -> expected.put(store, List.copyOf(new TreeSet<>(records))));
    assertThat(exported(export)).isEqualTo(expected);
    List<String> identifiers = new ArrayList<>();
    export
        .at("/subject/identifiers")
        .forEach(i -> identifiers.add(i.get("type").asText() + ":" + i.get("value").asText()));
    assertThat(identifiers)
        .containsExactlyInAnyOrder(
            "email:ada@shop.example", "account_id:ada", "email:ada.alt@mail.example");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .doesNotContain(
            "bob@shop.example", "cy@shop.example", "\"bob\"", "\"cy\"", "3 Bob Ave", "for bob");
    assertThat(everyTable()).isEqualTo(before);

    // the erasure: every table as the oracle says, and a receipt that says exactly that
    ErasureReceipt receipt =
        RetentionEngine.builder(policy())
            .stores(stores.toArray(PersonalDataStore[]::new))
            .audit(audit)
            .clock(clock)
            .build()
            .erase(ADA, "req-ada");

    assertThat(everyTable()).isEqualTo(AFTER_ERASURE);
    assertThat(receipt.stores())
        .extracting(
            StoreErasure::store,
            StoreErasure::status,
            StoreErasure::found,
            StoreErasure::deleted,
            StoreErasure::anonymized,
            StoreErasure::retainedCount)
        .containsExactlyInAnyOrder(
            tuple("customers", StoreErasure.Status.ERASED, 1L, 1L, 0L, 0L),
            tuple("addresses", StoreErasure.Status.PARTLY_RETAINED, 2L, 1L, 0L, 1L),
            tuple("orders", StoreErasure.Status.ERASED, 2L, 2L, 0L, 0L),
            tuple("order_items", StoreErasure.Status.ERASED, 3L, 3L, 0L, 0L),
            tuple("payment_cards", StoreErasure.Status.ERASED, 1L, 1L, 0L, 0L),
            tuple("logins", StoreErasure.Status.ERASED, 2L, 2L, 0L, 0L),
            tuple("visits", StoreErasure.Status.ERASED, 2L, 2L, 0L, 0L),
            tuple("service_requests", StoreErasure.Status.ERASED, 3L, 3L, 0L, 0L),
            tuple("lessons", StoreErasure.Status.ERASED, 2L, 0L, 2L, 0L),
            tuple("messages", StoreErasure.Status.PARTLY_RETAINED, 3L, 0L, 1L, 2L));
    assertThat(receipt.store("addresses").orElseThrow().retained())
        .singleElement()
        .extracting(RetainedRecords::ground)
        .isEqualTo(RetainedRecords.Ground.SHARED);
  }

  private List<JdbcStore> shop(String database, boolean foreignKeys) throws SQLException {
    tables = scratch.open(database, "normalized-shop");
    dataSource = tables.dataSource();
    for (String table :
        List.of(
            "addresses",
            "customers",
            "orders",
            "order_items",
            "payment_cards",
            "logins",
            "visits",
            "service_requests",
            "lessons",
            "messages")) {
      names.put(table, tables.name(table));
    }
    String ts = "TIMESTAMP";
    create("addresses", "id BIGINT PRIMARY KEY, street VARCHAR(40), city VARCHAR(20)");
    create(
        "customers",
        "id VARCHAR(10) PRIMARY KEY, email VARCHAR(40) UNIQUE, name VARCHAR(20),"
            + " address_id BIGINT"
            + fk(foreignKeys, "addresses", "id", ""));
    create(
        "orders",
        "id BIGINT PRIMARY KEY, customer_id VARCHAR(10) NOT NULL"
            + fk(foreignKeys, "customers", "id", "")
            + ", shipping_address_id BIGINT"
            + fk(foreignKeys, "addresses", "id", "")
            + ", status VARCHAR(10) NOT NULL, placed_at "
            + ts
            + " NOT NULL");
    create(
        "order_items",
        "order_id BIGINT NOT NULL"
            + fk(foreignKeys, "orders", "id", " ON DELETE CASCADE")
            + ", line_no INT NOT NULL, product_ref VARCHAR(10) NOT NULL,"
            + " gift_note VARCHAR(40), PRIMARY KEY (order_id, line_no)");
    create(
        "payment_cards",
        "id BIGINT PRIMARY KEY, customer_id VARCHAR(10) NOT NULL"
            + fk(foreignKeys, "customers", "id", "")
            + ", last4 VARCHAR(4)");
    create(
        "logins",
        "id BIGINT PRIMARY KEY, customer_id VARCHAR(10) NOT NULL"
            + fk(foreignKeys, "customers", "id", " ON DELETE CASCADE")
            + ", ip VARCHAR(40)");
    create(
        "visits",
        "customer_id VARCHAR(10) NOT NULL"
            + fk(foreignKeys, "customers", "id", "")
            + ", visited_at "
            + ts
            + " NOT NULL, page VARCHAR(20), PRIMARY KEY (customer_id,"
            + " visited_at)");
    create(
        "service_requests",
        "id BIGINT PRIMARY KEY, customer_id VARCHAR(10)"
            + fk(foreignKeys, "customers", "id", " ON DELETE SET NULL")
            + ", alt_email VARCHAR(40),"
            + " body VARCHAR(40)");
    create(
        "lessons",
        "id BIGINT PRIMARY KEY, tutor_id VARCHAR(10)"
            + fk(foreignKeys, "customers", "id", " ON DELETE SET NULL")
            + ", student_id VARCHAR(10)"
            + fk(foreignKeys, "customers", "id", " ON DELETE SET NULL")
            + ", topic VARCHAR(20) NOT"
            + " NULL, tutor_note VARCHAR(40)");
    create(
        "messages",
        "id BIGINT PRIMARY KEY, lesson_id BIGINT NOT NULL"
            + fk(foreignKeys, "lessons", "id", " ON DELETE CASCADE")
            + ", sender_id VARCHAR(10)"
            + fk(foreignKeys, "customers", "id", " ON DELETE SET NULL")
            + ", body VARCHAR(40)");
    insert(
        "addresses",
        "(1, '1 Shared St', 'Lyon'), (2, '2 Ada Rd', 'Lyon'), (3, '3 Bob Ave',"
            + " 'Nice'), (4, '4 Cy Ct', 'Metz')");
    insert(
        "customers",
        "('ada', 'ada@shop.example', 'Ada', 1), ('bob', 'bob@shop.example',"
            + " 'Bob', 1), ('cy', 'cy@shop.example', 'Cy', 4)");
    String placed = "TIMESTAMP '2026-02-01 00:00:00'";
    insert(
        "orders",
        "(10, 'ada', 2, 'shipped', "
            + placed
            + "), (11, 'ada', 1, 'open', "
            + placed
            + "), (20, 'bob', 3, 'shipped', "
            + placed
            + ")");
    insert(
        "order_items",
        "(10, 1, 'SKU-1', 'for mum'), (10, 2, 'SKU-2', NULL), (11, 1, 'SKU-3',"
            + " 'happy birthday'), (20, 1, 'SKU-1', 'for bob')");
    insert("payment_cards", "(100, 'ada', '4242'), (200, 'bob', '1111')");
    insert(
        "logins",
        "(1000, 'ada', '203.0.113.1'), (1001, 'ada', '203.0.113.2'), (2000, 'bob',"
            + " '198.51.100.1')");
    insert(
        "visits",
        "('ada', TIMESTAMP '2026-03-01 10:00:00', '/home'), ('ada', TIMESTAMP"
            + " '2026-03-02 11:00:00', '/cart'), ('bob', TIMESTAMP '2026-03-01 10:00:00', '/home')");
    // request 501 names only Ada's alternate email, which request 502 links to her account
    insert(
        "service_requests",
        "(500, 'ada', NULL, 'where is my order'), (501, NULL,"
            + " 'ada.alt@mail.example', 'forgot password'), (502, 'ada', 'ada.alt@mail.example',"
            + " 'new email'), (503, 'bob', NULL, 'refund')");
    insert(
        "lessons",
        "(1, 'cy', 'ada', 'algebra', 'needs practice'), (2, 'ada', 'bob',"
            + " 'french', 'bob is keen')");
    insert(
        "messages",
        "(1, 1, 'ada', 'hi cy'), (2, 1, 'cy', 'hi ada'), (3, 2, 'bob'," + " 'bonjour')");
    IdentifierType account = IdentifierType.ACCOUNT_ID;
    return JdbcStores.open(
        dataSource,
        clock,
        JdbcMapping.builder("addresses")
            .table(names.get("addresses"), "id")
            .category("user.contact.address")
            .field("city", "user.contact.address")
            .field("street", "user.contact.address")
            .reference("id", "customers", "address_id")
            .reference("id", "orders", "shipping_address_id")
            .build(),
        JdbcMapping.builder("customers")
            .table(names.get("customers"), "id")
            .category("user.account")
            .subject("id", account)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .field("name", "user.name")
            .build(),
        JdbcMapping.builder("orders")
            .table(names.get("orders"), "id")
            .category("user.financial.transaction")
            .subject("customer_id", account)
            .field("status", "system.status")
            .build(),
        JdbcMapping.builder("order_items")
            .table(names.get("order_items"), "order_id", "line_no")
            .category("user.financial.transaction")
            .reference("order_id", "orders", "id")
            .field("gift_note", "user.content.private")
            .field("product_ref", "system.catalog")
            .build(),
        JdbcMapping.builder("payment_cards")
            .table(names.get("payment_cards"), "id")
            .category("user.financial")
            .subject("customer_id", account)
            .field("last4", "user.financial")
            .build(),
        JdbcMapping.builder("logins")
            .table(names.get("logins"), "id")
            .category("user.behavior.usage")
            .subject("customer_id", account)
            .field("ip", "user.device.ip_address")
            .build(),
        JdbcMapping.builder("visits")
            .table(names.get("visits"), "customer_id", "visited_at")
            .category("user.behavior.browsing_history")
            .subject("customer_id", account)
            .field("page", "user.behavior.browsing_history")
            .build(),
        JdbcMapping.builder("service_requests")
            .table(names.get("service_requests"), "id")
            .category("user.content.private")
            .subject("customer_id", account)
            .subject("alt_email", IdentifierType.EMAIL)
            .field("body", "user.content.private")
            .build(),
        JdbcMapping.builder("lessons")
            .table(names.get("lessons"), "id")
            .category("user.content")
            .subjectInRole("tutor", "tutor_id", account)
            .subjectInRole("student", "student_id", account)
            .field("topic", "user.content")
            .fieldOfRole("tutor", "tutor_note", "user.content")
            .build(),
        JdbcMapping.builder("messages")
            .table(names.get("messages"), "id")
            .category("user.content.private")
            .reference("lesson_id", "lessons", "id")
            .subjectInRole("sender", "sender_id", account)
            .field("body", "user.content.private")
            .build());
  }

  private String fk(boolean foreignKeys, String table, String column, String action) {
    return foreignKeys ? " REFERENCES " + names.get(table) + " (" + column + ")" + action : "";
  }

  private void create(String table, String columns) throws SQLException {
    tables.execute("CREATE TABLE " + names.get(table) + " (" + columns + ")");
  }

  private void insert(String table, String rows) throws SQLException {
    tables.execute("INSERT INTO " + names.get(table) + " VALUES " + rows);
  }

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .purpose(
            Purpose.builder("service")
                .name("Running the shop and the school")
                .basis(LawfulBasis.CONTRACT)
                .categories("user")
                .build())
        // kept while the account is open: no sweep, so the stores need no time columns
        .rule(
            RetentionRule.builder("all")
                .categories("user")
                .anchor(Anchor.ACCOUNT_CLOSED)
                .criteria("kept while the account is open, then erased on request")
                .build())
        .build();
  }

  /** The export's records, per store: each record's fields as name=value, sorted by name. */
  private static Map<String, List<String>> exported(JsonNode export) {
    Map<String, List<String>> found = new TreeMap<>();
    for (JsonNode record : export.get("records")) {
      List<String> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> values = record.get("fields").fields();
      while (values.hasNext()) {
        Map.Entry<String, JsonNode> field = values.next();
        fields.add(
            field.getKey()
                + "="
                + (field.getValue().isNull() ? "null" : field.getValue().asText()));
      }
      Collections.sort(fields);
      found
          .computeIfAbsent(record.get("store").asText(), s -> new ArrayList<>())
          .add(String.join(";", fields));
    }
    found.replaceAll((store, records) -> new ArrayList<>(new TreeSet<>(records)));
    return found;
  }

  /** Every table's rows in key order, each row's columns joined with '|'. */
  private Map<String, List<String>> everyTable() throws SQLException {
    Map<String, List<String>> all = new TreeMap<>();
    Map<String, String> columns =
        Map.of(
            "addresses",
            "id, street",
            "customers",
            "id, email, address_id",
            "orders",
            "id, customer_id, shipping_address_id",
            "order_items",
            "order_id, line_no, product_ref, gift_note",
            "payment_cards",
            "id, customer_id, last4",
            "logins",
            "id, customer_id, ip",
            "visits",
            "customer_id, visited_at, page",
            "service_requests",
            "id, customer_id, alt_email, body",
            "lessons",
            "id, tutor_id, student_id, topic, tutor_note",
            "messages",
            "id, lesson_id, sender_id, body");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> table : columns.entrySet()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT "
                    + table.getValue()
                    + " FROM "
                    + names.get(table.getKey())
                    + " ORDER BY "
                    + table.getValue().split(",")[0]
                    + (table.getValue().startsWith("order_id")
                            || table.getValue().startsWith("customer_id")
                        ? ", 2"
                        : ""))) {
          int count = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
              values.add(String.valueOf(rs.getObject(i)));
            }
            rows.add(String.join("|", values));
          }
        }
        all.put(table.getKey(), rows);
      }
    }
    return all;
  }

  private static Map<String, List<String>> oracle(Object... storesAndRows) {
    Map<String, List<String>> oracle = new TreeMap<>();
    for (int i = 0; i < storesAndRows.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> rows = (List<String>) storesAndRows[i + 1];
      oracle.put((String) storesAndRows[i], rows);
    }
    return oracle;
  }
}
