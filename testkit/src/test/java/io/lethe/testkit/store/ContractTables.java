package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/** Loads contract rows into a fresh table and maps it, on any database. */
final class ContractTables {

  static final String TABLE = "contract_records";

  private ContractTables() {}

  static JdbcMapping mapping() {
    return JdbcMapping.builder("contract")
        .table(TABLE, "id")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .subject("email", IdentifierType.EMAIL)
        .field("email", "user.contact.email")
        .field("ip", "user.device.ip_address")
        .collectedAt("created_at")
        .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
        .anonymizedAt("anonymized_at")
        .build();
  }

  static JdbcStore load(DataSource dataSource, List<ContractRow> rows) {
    return load(dataSource, rows, false);
  }

  /** Loads the rows into a contract table whose {@code ip} column is NOT NULL if required. */
  static JdbcStore load(DataSource dataSource, List<ContractRow> rows, boolean ipRequired) {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + TABLE);
      ddl.execute(
          "CREATE TABLE "
              + TABLE
              + " (id BIGINT PRIMARY KEY, account_id VARCHAR(200)"
              + " NOT NULL, email VARCHAR(200), ip VARCHAR(64)"
              + (ipRequired ? " NOT NULL" : "")
              + ", created_at TIMESTAMP WITH TIME ZONE"
              + " NOT NULL, closed_at TIMESTAMP WITH TIME ZONE, anonymized_at TIMESTAMP WITH TIME"
              + " ZONE)");
      ddl.execute("CREATE INDEX contract_created_at ON " + TABLE + " (created_at)");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + TABLE
                  + " (id, account_id, email, ip, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (ContractRow row : rows) {
          insert.setLong(1, row.id());
          insert.setString(2, row.accountId());
          insert.setString(3, row.email());
          insert.setString(4, row.ip());
          insert.setObject(5, row.createdAt().atOffset(ZoneOffset.UTC));
          insert.setObject(
              6, row.closedAt() == null ? null : row.closedAt().atOffset(ZoneOffset.UTC));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the contract table", e);
    }
    return JdbcStore.open(dataSource, mapping());
  }

  /**
   * Loads the reference rows into four fresh tables, as {@link ContractReferences} describes, and
   * opens their stores together.
   */
  static ContractReferences.Stores loadReferences(DataSource dataSource, ContractReferences rows) {
    String timestamp = " TIMESTAMP WITH TIME ZONE NOT NULL";
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      for (String table : List.of("customers", "orders", "order_items", "addresses")) {
        ddl.execute("DROP TABLE IF EXISTS contract_" + table);
      }
      ddl.execute(
          "CREATE TABLE contract_customers (id BIGINT PRIMARY KEY, account_id"
              + " VARCHAR(200) NOT NULL, email VARCHAR(200), address_id BIGINT, created_at"
              + timestamp
              + ")");
      ddl.execute(
          "CREATE TABLE contract_orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT"
              + " NULL, note VARCHAR(200), created_at"
              + timestamp
              + ")");
      ddl.execute(
          "CREATE TABLE contract_order_items (id BIGINT PRIMARY KEY, order_id BIGINT NOT"
              + " NULL, product VARCHAR(200), created_at"
              + timestamp
              + ")");
      ddl.execute(
          "CREATE TABLE contract_addresses (id BIGINT PRIMARY KEY, street VARCHAR(200),"
              + " created_at"
              + timestamp
              + ")");
      ddl.execute("CREATE INDEX contract_customers_address ON contract_customers (address_id)");
      ddl.execute("CREATE INDEX contract_orders_customer ON contract_orders (customer_id)");
      ddl.execute("CREATE INDEX contract_items_order ON contract_order_items (order_id)");
      insert(
          connection,
          "contract_customers",
          rows.customers(),
          c -> Arrays.asList(c.id(), c.accountId(), c.email(), c.addressId(), utc(c.createdAt())));
      insert(
          connection,
          "contract_orders",
          rows.orders(),
          o -> Arrays.asList(o.id(), o.customerId(), o.note(), utc(o.createdAt())));
      insert(
          connection,
          "contract_order_items",
          rows.items(),
          i -> Arrays.asList(i.id(), i.orderId(), i.product(), utc(i.createdAt())));
      insert(
          connection,
          "contract_addresses",
          rows.addresses(),
          a -> Arrays.asList(a.id(), a.street(), utc(a.createdAt())));
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the contract's reference tables", e);
    }
    List<JdbcStore> stores =
        JdbcStores.open(
            dataSource,
            JdbcMapping.builder("customers")
                .table("contract_customers", "id")
                .category("user.account")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .collectedAt("created_at")
                .build(),
            JdbcMapping.builder("orders")
                .table("contract_orders", "id")
                .category("user.financial.transaction")
                .reference("customer_id", "customers", "id")
                .field("note", "user.communication")
                .collectedAt("created_at")
                .build(),
            JdbcMapping.builder("order_items")
                .table("contract_order_items", "id")
                .category("user.financial.transaction")
                .reference("order_id", "orders", "id")
                .field("product", "user.behavior.usage")
                .collectedAt("created_at")
                .build(),
            JdbcMapping.builder("addresses")
                .table("contract_addresses", "id")
                .category("user.contact.address")
                .reference("id", "customers", "address_id")
                .field("street", "user.contact.address")
                .collectedAt("created_at")
                .build());
    return new ContractReferences.Stores(
        stores.get(0), stores.get(1), stores.get(2), stores.get(3));
  }

  /**
   * Loads order lines into a fresh table keyed by {@code (order_id, line_no)}, as {@link
   * ContractLine} describes, and maps it; {@code line_no} is an INT, read back as a Long part.
   */
  static JdbcStore loadLines(DataSource dataSource, List<ContractLine> rows) {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS contract_lines");
      ddl.execute(
          "CREATE TABLE contract_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL,"
              + " account_id VARCHAR(200) NOT NULL, email VARCHAR(200), created_at TIMESTAMP WITH"
              + " TIME ZONE NOT NULL, PRIMARY KEY (order_id, line_no))");
      ddl.execute("CREATE INDEX contract_lines_account ON contract_lines (account_id)");
      insert(
          connection,
          "contract_lines",
          rows,
          l ->
              Arrays.asList(
                  l.orderId(),
                  Math.toIntExact(l.lineNo()),
                  l.accountId(),
                  l.email(),
                  utc(l.createdAt())));
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the contract's order lines", e);
    }
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("contract_lines")
            .table("contract_lines", "order_id", "line_no")
            .category("user.behavior.purchase_history")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("email", "user.contact.email")
            .collectedAt("created_at")
            .build());
  }

  /**
   * Loads lessons into a fresh table whose rows name a tutor and a student, as {@link
   * ContractLesson} describes, and maps each in a role.
   */
  static JdbcStore loadLessons(DataSource dataSource, List<ContractLesson> rows) {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS contract_lessons");
      ddl.execute(
          "CREATE TABLE contract_lessons (id BIGINT PRIMARY KEY, tutor_id VARCHAR(200),"
              + " tutor_email VARCHAR(200), student_id VARCHAR(200), student_email VARCHAR(200),"
              + " topic VARCHAR(200), tutor_note VARCHAR(200), student_rating VARCHAR(20),"
              + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      insert(
          connection,
          "contract_lessons",
          rows,
          l ->
              Arrays.asList(
                  l.id(),
                  l.tutorId(),
                  l.tutorEmail(),
                  l.studentId(),
                  l.studentEmail(),
                  l.topic(),
                  l.tutorNote(),
                  l.studentRating(),
                  utc(l.createdAt())));
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the contract's lessons", e);
    }
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("contract_lessons")
            .table("contract_lessons", "id")
            .category("user.content")
            .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("tutor", "tutor_email", IdentifierType.EMAIL)
            .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("student", "student_email", IdentifierType.EMAIL)
            .field("topic", "user.content")
            .fieldOfRole("tutor", "tutor_note", "user.content.private")
            .fieldOfRole("student", "student_rating", "user.content.rating")
            .collectedAt("created_at")
            .build());
  }

  /** Inserts rows, each as the values of the table's columns in order. */
  private static <T> void insert(
      Connection connection, String table, List<T> rows, Function<T, List<Object>> values)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int columns = values.apply(rows.get(0)).size();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " VALUES ("
                + String.join(", ", Collections.nCopies(columns, "?"))
                + ")")) {
      for (T row : rows) {
        List<Object> bound = values.apply(row);
        for (int i = 0; i < bound.size(); i++) {
          insert.setObject(i + 1, bound.get(i));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
