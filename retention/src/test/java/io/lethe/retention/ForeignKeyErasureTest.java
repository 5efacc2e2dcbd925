package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An erasure over tables joined by foreign keys whose database cascades (ON DELETE CASCADE, ON
 * DELETE SET NULL) would change one store's rows when another's are deleted: whatever order the
 * host registered the stores in, on H2 and PostgreSQL, every row of the subject is erased, the
 * other user's rows stay, and the receipt counts exactly what each store held.
 */
class ForeignKeyErasureTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef ADA = SubjectRef.account("ada");

  private final MutableClock clock = MutableClock.at(NOW);
  private final String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private DataSource dataSource;
  private final List<String> tables = new ArrayList<>();

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String database : List.of("h2", "postgresql")) {
      for (String onDelete : List.of("CASCADE", "SET NULL", "NO ACTION")) {
        for (boolean usersFirst : List.of(true, false)) {
          cases.add(Arguments.of(database, onDelete, usersFirst));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, ON DELETE {1}, users registered first: {2}")
  @MethodSource("cases")
  void every_row_of_the_subject_goes_whatever_the_cascade_and_the_registration_order(
      String database, String onDelete, boolean usersFirst) throws SQLException {
    // GIVEN users and their messages, each message naming its sender by a foreign key
    dataSource = TestDatabases.of(database, "fk-erasure");
    String users = table("users");
    String messages = table("messages");
    update(
        "CREATE TABLE "
            + users
            + " (id VARCHAR(20) PRIMARY KEY, email VARCHAR(100),"
            + " created_at TIMESTAMP NOT NULL)");
    update(
        "CREATE TABLE "
            + messages
            + " (id BIGINT PRIMARY KEY, sender_id VARCHAR(20)"
            + " REFERENCES "
            + users
            + " (id) ON DELETE "
            + onDelete
            + ", body VARCHAR(200),"
            + " created_at TIMESTAMP NOT NULL)");
    update(
        "INSERT INTO "
            + users
            + " VALUES ('ada', 'ada@example.com', TIMESTAMP"
            + " '2026-01-01 00:00:00'), ('bob', 'bob@example.com', TIMESTAMP '2026-01-01 00:00:00')");
    for (int i = 1; i <= 6; i++) {
      update(
          "INSERT INTO "
              + messages
              + " VALUES ("
              + i
              + ", '"
              + (i <= 4 ? "ada" : "bob")
              + "', 'message "
              + i
              + "', TIMESTAMP '2026-02-01 00:00:00')");
    }
    PersonalDataStore userStore =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("users")
                .table(users, "id")
                .category("user.account")
                .subject("id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .field("email", "user.contact.email")
                .collectedAt("created_at")
                .build(),
            clock);
    PersonalDataStore messageStore =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("messages")
                .table(messages, "id")
                .category("user.communication")
                .subject("sender_id", IdentifierType.ACCOUNT_ID)
                .field("body", "user.communication")
                .collectedAt("created_at")
                .build(),
            clock);
    List<PersonalDataStore> stores =
        usersFirst ? List.of(userStore, messageStore) : List.of(messageStore, userStore);

    // WHEN Ada's erasure runs
    ErasureReceipt receipt = engine(stores).erase(ADA, "req-fk");

    // THEN both stores found and erased exactly Ada's rows, and Bob's rows are untouched
    assertThat(line(receipt, "users"))
        .extracting(StoreErasure::status, StoreErasure::found, StoreErasure::deleted)
        .containsExactly(StoreErasure.Status.ERASED, 1L, 1L);
    assertThat(line(receipt, "messages"))
        .extracting(StoreErasure::status, StoreErasure::found, StoreErasure::deleted)
        .containsExactly(StoreErasure.Status.ERASED, 4L, 4L);
    assertThat(receipt.complete()).isTrue();
    assertThat(ids("SELECT id FROM " + users)).containsExactly("bob");
    assertThat(ids("SELECT id FROM " + messages)).containsExactly("5", "6");
  }

  private RetentionEngine engine(List<PersonalDataStore> stores) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("chat")
            .controller("Chat", "privacy@chat.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .maximum("P2Y")
                    .build())
            .rule(
                RetentionRule.builder("messages")
                    .categories("user.communication")
                    .maximum("P1Y")
                    .build())
            .build();
    String audit = table("audit");
    tables.add(0, audit + "_head");
    AuditLog log =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource, audit).createTableIfMissing(),
            SubjectHasher.withSecret(
                "fk-erasure-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8)),
            clock);
    return RetentionEngine.builder(policy)
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(log)
        .clock(clock)
        .build();
  }

  private static StoreErasure line(ErasureReceipt receipt, String store) {
    return receipt.store(store).orElseThrow();
  }

  /** A table name of this test's own; dropped afterwards, children first. */
  private String table(String name) {
    String table = name + suffix;
    tables.add(0, table);
    return table;
  }

  @AfterEach
  void dropTables() throws SQLException {
    if (dataSource != null) {
      for (String table : tables) {
        update("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private void update(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> ids(String sql) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql + " ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
