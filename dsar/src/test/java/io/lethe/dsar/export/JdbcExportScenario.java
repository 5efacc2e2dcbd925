package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.csvRecords;
import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An access export over four {@link JdbcStore} tables, run on each database by a subclass that
 * supplies the {@link DataSource}: accounts (keyed by account id, email and wallet), orders (by
 * account id), crypto payments (by wallet address) and a login log (by email).
 *
 * <p>Ada is the subject. The others are built to catch an exporter or store that matches too
 * loosely: Bob shares her email domain, and her wallet address is a prefix of his; Carol's account
 * id {@code 420} starts with Ada's {@code 42}; Dave's email {@code dada@shop.example} ends with
 * hers; Bob's order, payment and login rows, and Carol's account row, have the key 42, which is
 * Ada's account id; and one login row was made with the email {@code 42}, the text of Ada's account
 * id but not an account id.
 */
abstract class JdbcExportScenario {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  static final SubjectRef ADA_EMAIL = SubjectRef.email("ada@shop.example");
  static final SubjectRef ADA_ACCOUNT = SubjectRef.account("42");
  static final SubjectRef ADA_WALLET = SubjectRef.of(IdentifierType.WALLET_ADDRESS, "0xada1");

  /** The field of each store whose value tells its rows apart. */
  static final Map<String, String> MARKER =
      Map.of(
          "accounts",
          "username",
          "orders",
          "address",
          "order_items",
          "product",
          "payments",
          "tx_hash",
          "login_log",
          "ip");

  /** Ada's rows, by store, as their marker values, in key order. */
  static final Map<String, List<String>> ADA_ROWS =
      ordered(
          "accounts", List.of("ada_lovelace"),
          "orders", List.of("1 Ada Street", "-1 Ada Street, Flat \"2\""),
          "order_items", List.of("ada-item-1", "ada-item-2", "ada-item-3"),
          "payments", List.of("tx-ada-200", "tx-ada-201"),
          "login_log", List.of("10.0.0.1", "10.0.0.2"));

  /** Everything of the others that could leak: markers and identifiers. */
  static final List<String> OTHERS =
      List.of(
          "bob_builder",
          "carol_c",
          "dave_d",
          "7 Bob Road",
          "420 Carol Court",
          "tx-bob-42",
          "tx-carol-300",
          "10.0.0.3",
          "10.0.0.4",
          "10.0.0.99",
          "bob@shop.example",
          "carol@shop.example",
          "dada@shop.example",
          "0xada1b0b",
          "0xc4r01",
          "13.37",
          "777.77",
          "bob-item",
          "carol-item");

  /** Every category Ada's records and fields have, each of which needs its Art. 15 context. */
  static final List<String> ADA_CATEGORIES =
      List.of(
          "user.account",
          "user.contact.email",
          "user.account.username",
          "user.financial.crypto_wallet",
          "user.financial.transaction",
          "user.contact.address",
          "user.behavior.usage",
          "user.device.ip_address");

  AccessExporter exporter;

  /** How {@link #exporter} was built, for a test that builds a variant. */
  AccessExporter.Builder exporterBuilder;

  AuditLog audit;

  /** {@return the database the tables are created in; each test recreates them} */
  protected abstract DataSource dataSource();

  static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("exchange")
        .controller("Exchange GmbH", "privacy@exchange.example")
        .version("2")
        .effective(LocalDate.of(2026, 1, 1))
        .timeZone(ZoneId.of("UTC"))
        .purpose(
            Purpose.builder("accounts")
                .name("Running your account")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.account", "user.contact.email")
                .build())
        .purpose(
            Purpose.builder("payments")
                .name("Payments")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial", "user.contact.address")
                .build())
        .purpose(
            Purpose.builder("security")
                .name("Keeping accounts safe")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("fraud prevention")
                .categories("user.behavior.usage", "user.device.ip_address")
                .build())
        .recipient(
            Recipient.builder("chainwatch")
                .name("Chainwatch Inc")
                .role(RecipientRole.PROCESSOR)
                .categories("user.financial.crypto_wallet")
                .purposes("payments")
                .location("US")
                .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact")
                .anchor(Anchor.ACCOUNT_CLOSED)
                .maximum("P1Y")
                .build())
        .rule(
            RetentionRule.builder("tax")
                .categories("user.financial")
                .maximum("P10Y")
                .minimum("P10Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("AO 147")
                .build())
        .rule(
            RetentionRule.builder("security")
                .categories("user.behavior", "user.device")
                .maximum("P90D")
                .build())
        .build();
  }

  @BeforeEach
  void loadTables() throws SQLException {
    DataSource db = dataSource();
    try (Connection connection = db.getConnection();
        Statement ddl = connection.createStatement()) {
      for (String table :
          List.of(
              "export_order_items",
              "export_accounts",
              "export_orders",
              "export_payments",
              "export_login_log")) {
        ddl.execute("DROP TABLE IF EXISTS " + table);
      }
      ddl.execute(
          "CREATE TABLE export_accounts (id BIGINT PRIMARY KEY, account_id VARCHAR(64)"
              + " NOT NULL, email VARCHAR(200), wallet VARCHAR(100), username VARCHAR(100),"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " closed_at TIMESTAMP WITH TIME ZONE)");
      ddl.execute(
          "CREATE TABLE export_orders (order_id BIGINT PRIMARY KEY, account_id"
              + " VARCHAR(64) NOT NULL, amount NUMERIC(12, 2), address VARCHAR(200),"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      ddl.execute(
          "CREATE TABLE export_order_items (id BIGINT PRIMARY KEY, order_id BIGINT"
              + " NOT NULL, product VARCHAR(100), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      ddl.execute(
          "CREATE TABLE export_payments (id BIGINT PRIMARY KEY, wallet VARCHAR(100)"
              + " NOT NULL, tx_hash VARCHAR(100), amount NUMERIC(12, 2),"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      ddl.execute(
          "CREATE TABLE export_login_log (id BIGINT PRIMARY KEY, email VARCHAR(200)"
              + " NOT NULL, ip VARCHAR(64), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      insert(
          connection,
          "INSERT INTO export_accounts (id, account_id, email, wallet, username,"
              + " created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          row(1L, "42", "ada@shop.example", "0xada1", "ada_lovelace", at(0), null),
          row(2L, "7", "bob@shop.example", "0xada1b0b", "bob_builder", at(1), at(500)),
          row(42L, "420", "carol@shop.example", "0xc4r01", "carol_c", at(2), null),
          row(3L, "4", "dada@shop.example", null, "dave_d", at(3), null));
      insert(
          connection,
          "INSERT INTO export_orders (order_id, account_id, amount, address,"
              + " created_at) VALUES (?, ?, ?, ?, ?)",
          row(42L, "7", new BigDecimal("13.37"), "7 Bob Road", at(10)),
          row(100L, "42", new BigDecimal("19.99"), "1 Ada Street", at(11)),
          row(101L, "42", new BigDecimal("-5.00"), "-1 Ada Street, Flat \"2\"", at(12)),
          row(102L, "420", new BigDecimal("777.77"), "420 Carol Court", at(13)));
      // reached through their orders: an item has no identifier of its own
      insert(
          connection,
          "INSERT INTO export_order_items (id, order_id, product, created_at)"
              + " VALUES (?, ?, ?, ?)",
          row(1L, 42L, "bob-item", at(14)),
          row(2L, 100L, "ada-item-1", at(15)),
          row(3L, 100L, "ada-item-2", at(16)),
          row(4L, 101L, "ada-item-3", at(17)),
          row(5L, 102L, "carol-item", at(18)));
      insert(
          connection,
          "INSERT INTO export_payments (id, wallet, tx_hash, amount, created_at)"
              + " VALUES (?, ?, ?, ?, ?)",
          row(42L, "0xada1b0b", "tx-bob-42", new BigDecimal("1.00"), at(20)),
          row(200L, "0xada1", "tx-ada-200", new BigDecimal("0.50"), at(21)),
          row(201L, "0xada1", "tx-ada-201", new BigDecimal("-0.25"), at(22)),
          row(300L, "0xc4r01", "tx-carol-300", new BigDecimal("2.00"), at(23)));
      insert(
          connection,
          "INSERT INTO export_login_log (id, email, ip, created_at)" + " VALUES (?, ?, ?, ?)",
          row(42L, "bob@shop.example", "10.0.0.4", at(30)),
          row(300L, "ada@shop.example", "10.0.0.1", at(31)),
          row(301L, "ada@shop.example", "10.0.0.2", at(32)),
          row(302L, "dada@shop.example", "10.0.0.3", at(33)),
          row(303L, "42", "10.0.0.99", at(34)));
    }
    loadStores();
  }

  /** Opens the five stores over the tables and builds {@link #exporter} over them. */
  void loadStores() {
    DataSource db = dataSource();
    JdbcStore accounts =
        JdbcStore.open(
            db,
            JdbcMapping.builder("accounts")
                .table("export_accounts", "id")
                .category("user.account")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .subject("wallet", IdentifierType.WALLET_ADDRESS)
                .field("email", "user.contact.email")
                .field("username", "user.account.username")
                .field("wallet", "user.financial.crypto_wallet")
                .collectedAt("created_at")
                .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
                .build());
    List<JdbcStore> orderStores =
        JdbcStores.open(
            db,
            JdbcMapping.builder("orders")
                .table("export_orders", "order_id")
                .category("user.financial.transaction")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .field("amount", "user.financial.transaction")
                .field("address", "user.contact.address")
                .collectedAt("created_at")
                .build(),
            JdbcMapping.builder("order_items")
                .table("export_order_items", "id")
                .category("user.financial.transaction")
                .reference("order_id", "orders", "order_id")
                .field("product", "user.financial.transaction")
                .collectedAt("created_at")
                .build());
    JdbcStore orders = orderStores.get(0);
    JdbcStore items = orderStores.get(1);
    JdbcStore payments =
        JdbcStore.open(
            db,
            JdbcMapping.builder("payments")
                .table("export_payments", "id")
                .category("user.financial.transaction")
                .subject("wallet", IdentifierType.WALLET_ADDRESS)
                .field("wallet", "user.financial.crypto_wallet")
                .field("tx_hash", "user.financial.transaction")
                .field("amount", "user.financial.transaction")
                .collectedAt("created_at")
                .build());
    JdbcStore logins =
        JdbcStore.open(
            db,
            JdbcMapping.builder("login_log")
                .table("export_login_log", "id")
                .category("user.behavior.usage")
                .subject("email", IdentifierType.EMAIL)
                .field("ip", "user.device.ip_address")
                .collectedAt("created_at")
                .build());

    DataSource auditDb = TestDatabases.h2("jdbc-export-audit");
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    audit =
        AuditLog.create(
            JdbcAuditStorage.of(auditDb).createTableIfMissing(), AccessExporterTest.HASHER, clock);
    exporterBuilder =
        AccessExporter.builder(policy())
            .stores(accounts, orders, items, payments, logins)
            .audit(audit)
            .clock(clock);
    exporter = exporterBuilder.build();
  }

  static Stream<SubjectRef> adasIdentifiers() {
    return Stream.of(ADA_EMAIL, ADA_ACCOUNT, ADA_WALLET);
  }

  @ParameterizedTest
  @MethodSource("adasIdentifiers")
  void resolves_exactly_adas_identifiers_from_any_one_of_them(SubjectRef start) {
    assertThat(exporter.resolveIdentities(start))
        .containsExactlyInAnyOrder(ADA_EMAIL, ADA_ACCOUNT, ADA_WALLET);
  }

  @ParameterizedTest
  @MethodSource("adasIdentifiers")
  void json_export_holds_exactly_adas_records_whichever_identifier_the_request_names(
      SubjectRef start) throws Exception {
    // GIVEN Ada's rows in four tables, among look-alike rows of others
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // WHEN her access request is exported as JSON
    ExportSummary summary = exporter.export(start, out, ExportFormat.JSON);

    // THEN it holds her records, all of them, and nothing else
    String text = out.toString(StandardCharsets.UTF_8);
    JsonNode doc = JSON.readTree(text);
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (JsonNode record : doc.get("records")) {
      String store = record.get("store").asText();
      found
          .computeIfAbsent(store, s -> new ArrayList<>())
          .add(record.at("/fields/" + MARKER.get(store)).asText());
    }
    assertThat(found).isEqualTo(ADA_ROWS);
    // AND fields carry the names the mapping declares, on every database
    assertThat(fieldNames(doc.at("/records/0/fields")))
        .containsExactly("email", "username", "wallet");
    assertThat(identifiers(doc))
        .containsExactlyInAnyOrder(
            "email:ada@shop.example", "account_id:42", "wallet_address:0xada1");
    assertThat(text).doesNotContain(OTHERS);
    // AND values keep their types: a refund stays a negative number
    assertThat(doc.at("/records/2/fields/amount").decimalValue()).isEqualByComparingTo("-5.00");
    assertThat(doc.at("/records/0/anchors/collected").asText()).isEqualTo(T0.toString());
    assertThat(doc.at("/records/0/anchors").has("account.closed")).isFalse();
    // AND the summary and the counts agree with the records
    assertThat(summary.total()).isEqualTo(10);
    assertThat(summary.identities()).isEqualTo(3);
    assertThat(doc.at("/summary/records").asLong()).isEqualTo(10);
    assertThat(doc.at("/summary/stores/payments/user.financial.transaction").asLong()).isEqualTo(2);
  }

  @Test
  void every_category_found_carries_its_art15_context() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    exporter.export(ADA_EMAIL, out, ExportFormat.JSON);

    JsonNode categories = JSON.readTree(out.toByteArray()).get("categories");
    assertThat(fieldNames(categories)).containsExactlyInAnyOrderElementsOf(ADA_CATEGORIES);
    for (String category : ADA_CATEGORIES) {
      JsonNode context = categories.get(category);
      assertThat(context.get("name").isTextual()).as(category).isTrue();
      assertThat(context.get("purposes")).as(category).isNotEmpty();
      assertThat(context.get("retention").isObject()).as(category).isTrue();
      assertThat(context.get("source").asText()).isEqualTo(AccessExporter.SOURCE);
    }
    JsonNode wallet = categories.get("user.financial.crypto_wallet");
    assertThat(wallet.at("/purposes/0/key").asText()).isEqualTo("payments");
    assertThat(wallet.at("/recipients/0/name").asText()).isEqualTo("Chainwatch Inc");
    assertThat(wallet.at("/recipients/0/outsideEea").asBoolean()).isTrue();
    assertThat(wallet.at("/retention/legalReference").asText()).isEqualTo("AO 147");
    assertThat(categories.at("/user.device.ip_address/purposes/0/legitimateInterest").asText())
        .isEqualTo("fraud prevention");
    assertThat(categories.at("/user.contact.email/retention/anchor").asText())
        .isEqualTo("account.closed");
  }

  @Test
  void csv_zip_export_holds_exactly_adas_rows_and_the_context() throws Exception {
    // GIVEN Ada's rows in four tables, among look-alike rows of others
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // WHEN her access request is exported as CSV files
    ExportSummary summary = exporter.export(ADA_EMAIL, out, ExportFormat.CSV_ZIP);

    // THEN there is one CSV per store, each with exactly her rows
    Map<String, String> entries = unzip(out.toByteArray());
    Map<String, String> files =
        ordered(
            "accounts", "csv/user.account/accounts.csv",
            "orders", "csv/user.financial.transaction/orders.csv",
            "order_items", "csv/user.financial.transaction/order_items.csv",
            "payments", "csv/user.financial.transaction/payments.csv",
            "login_log", "csv/user.behavior.usage/login_log.csv");
    List<String> names = new ArrayList<>(files.values());
    names.add("context.json");
    assertThat(entries.keySet()).containsExactlyElementsOf(names);
    Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
    files.forEach((store, file) -> rows.put(store, csvRecords(entries.get(file))));
    Map<String, List<String>> found = new LinkedHashMap<>();
    rows.forEach(
        (store, records) ->
            found.put(
                store, records.stream().map(r -> unguarded(r.get(MARKER.get(store)))).toList()));
    assertThat(found).isEqualTo(ADA_ROWS);
    assertThat(String.join("\n", entries.values())).doesNotContain(OTHERS);
    // AND the columns are the declared fields and anchors, values as stored or guarded
    assertThat(rows.get("accounts").get(0))
        .containsExactly(
            Map.entry("email", "ada@shop.example"), Map.entry("username", "ada_lovelace"),
            Map.entry("wallet", "0xada1"), Map.entry("anchor:collected", T0.toString()),
            Map.entry("anchor:account.closed", ""), Map.entry("other_fields", ""));
    assertThat(rows.get("orders"))
        .extracting(r -> r.get("amount"))
        .containsExactly("19.99", "-5.00");
    assertThat(rows.get("orders").get(1).get("address")).isEqualTo("'-1 Ada Street, Flat \"2\"");
    assertThat(rows.get("payments"))
        .extracting(r -> r.get("amount"))
        .containsExactly("0.50", "-0.25");
    // AND context.json gives the subject, every category's Art. 15 context and the counts
    JsonNode context = JSON.readTree(entries.get("context.json"));
    assertThat(identifiers(context))
        .containsExactlyInAnyOrder(
            "email:ada@shop.example", "account_id:42", "wallet_address:0xada1");
    assertThat(fieldNames(context.get("categories")))
        .containsExactlyInAnyOrderElementsOf(ADA_CATEGORIES);
    for (String category : ADA_CATEGORIES) {
      assertThat(context.at("/categories/" + category + "/purposes")).as(category).isNotEmpty();
    }
    assertThat(context.get("files"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(files.values());
    assertThat(context.at("/summary/records").asLong()).isEqualTo(10);
    assertThat(summary.count("login_log", CategoryKey.of("user.behavior.usage"))).isEqualTo(2);
  }

  // ------------------------------------------------------------------ helpers

  private static Object[] row(Object... values) {
    return values;
  }

  private static OffsetDateTime at(int hours) {
    return T0.plusSeconds(3600L * hours).atOffset(ZoneOffset.UTC);
  }

  private static void insert(Connection connection, String sql, Object[]... rows)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          if (row[i] == null) {
            insert.setNull(i + 1, Types.NULL);
          } else {
            insert.setObject(i + 1, row[i]);
          }
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The guard the CSV puts before text that starts like a formula, taken off again. */
  private static String unguarded(String cell) {
    return cell.matches("(?s)'+[=+\\-@\t\r].*") ? cell.substring(1) : cell;
  }

  private static List<String> identifiers(JsonNode doc) {
    List<String> found = new ArrayList<>();
    doc.at("/subject/identifiers")
        .forEach(id -> found.add(id.get("type").asText() + ":" + id.get("value").asText()));
    return found;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... keysAndValues) {
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return map;
  }
}
