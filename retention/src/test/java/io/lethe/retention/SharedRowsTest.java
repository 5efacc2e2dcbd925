package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Addresses reached from the rows that refer to them: a customer's home address and an order's
 * shipping address. Ada and Bob share home address 1; Ada's order ships to address 2. An address
 * belongs to whoever refers to it, so both are exported to each of them, and an erasure for one
 * never takes a shared address from the other. On H2 and PostgreSQL, in both registration orders.
 */
class SharedRowsTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");
  private static final SubjectRef BOB = SubjectRef.account("bob");

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;

  @ParameterizedTest(name = "{0}, addresses registered first: {1}")
  @CsvSource({"h2, true", "h2, false", "postgresql, true", "postgresql, false"})
  void an_erasure_keeps_the_address_another_customer_shares_and_says_so(
      String database, boolean addressesFirst) throws SQLException {
    List<JdbcStore> stores = shop(database);
    JdbcStore addresses = stores.get(2);
    assertThat(streets(addresses, ADA)).containsExactly("1 Shared Street", "2 Ada Road");
    assertThat(streets(addresses, BOB)).containsExactly("1 Shared Street");
    List<JdbcStore> registered = new ArrayList<>(stores);
    if (addressesFirst) {
      Collections.reverse(registered);
    }
    RetentionEngine engine = engine(registered);

    ErasureReceipt ada = engine.erase(ADA, "req-ada");

    StoreErasure line = ada.store("addresses").orElseThrow();
    assertThat(line.status()).isEqualTo(StoreErasure.Status.PARTLY_RETAINED);
    assertThat(line.found()).isEqualTo(2);
    assertThat(line.deleted()).isEqualTo(1);
    assertThat(line.retained())
        .singleElement()
        .satisfies(
            kept -> {
              assertThat(kept.ground()).isEqualTo(RetainedRecords.Ground.SHARED);
              assertThat(kept.records()).isEqualTo(1);
            });
    assertThat(column("addresses", "street")).containsExactly("1 Shared Street");
    assertThat(column("customers", "id")).containsExactly("bob");

    // once Bob goes too, nothing shares the address any more
    ErasureReceipt bob = engine.erase(BOB, "req-bob");

    assertThat(bob.store("addresses").orElseThrow())
        .extracting(StoreErasure::status, StoreErasure::deleted)
        .containsExactly(StoreErasure.Status.ERASED, 1L);
    assertThat(column("addresses", "street")).isEmpty();
  }

  private List<JdbcStore> shop(String database) throws SQLException {
    tables = scratch.open(database, "shared-rows");
    dataSource = tables.dataSource();
    String addresses = tables.name("addresses");
    String customers = tables.name("customers");
    String orders = tables.name("orders");
    tables.execute(
        "CREATE TABLE "
            + addresses
            + " (id BIGINT PRIMARY KEY, street VARCHAR(100),"
            + " created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + customers
            + " (id VARCHAR(20) PRIMARY KEY, address_id BIGINT,"
            + " created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + orders
            + " (id BIGINT PRIMARY KEY, customer_id VARCHAR(20),"
            + " shipping_address_id BIGINT, created_at TIMESTAMP NOT NULL)");
    String at = "TIMESTAMP '2026-01-01 00:00:00'";
    tables.execute(
        "INSERT INTO "
            + addresses
            + " VALUES (1, '1 Shared Street', "
            + at
            + "),"
            + " (2, '2 Ada Road', "
            + at
            + ")");
    tables.execute(
        "INSERT INTO " + customers + " VALUES ('ada', 1, " + at + "), ('bob', 1, " + at + ")");
    tables.execute("INSERT INTO " + orders + " VALUES (10, 'ada', 2, " + at + ")");
    return JdbcStores.open(
        dataSource,
        clock,
        JdbcMapping.builder("customers")
            .table(customers, "id")
            .category("user.account")
            .subject("id", IdentifierType.ACCOUNT_ID)
            .collectedAt("created_at")
            .build(),
        JdbcMapping.builder("orders")
            .table(orders, "id")
            .category("user.financial.transaction")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .collectedAt("created_at")
            .build(),
        JdbcMapping.builder("addresses")
            .table(addresses, "id")
            .category("user.contact.address")
            .field("street", "user.contact.address")
            .reference("id", "customers", "address_id")
            .reference("id", "orders", "shipping_address_id")
            .collectedAt("created_at")
            .build());
  }

  private RetentionEngine engine(List<JdbcStore> stores) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(RetentionRule.builder("all").categories("user").maximum("P5Y").build())
            .build();
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
            SubjectHasher.withSecret(
                "shared-rows-test-secret-32-byte!".getBytes(StandardCharsets.UTF_8)),
            clock);
    return RetentionEngine.builder(policy)
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(audit)
        .clock(clock)
        .build();
  }

  private static List<Object> streets(JdbcStore store, SubjectRef subject) {
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(subject))) {
      return records.map(r -> r.fields().get(0).value()).toList();
    }
  }

  private List<String> column(String table, String column) throws SQLException {
    return tables.strings("SELECT " + column + " FROM " + tables.name(table) + " ORDER BY id");
  }
}
