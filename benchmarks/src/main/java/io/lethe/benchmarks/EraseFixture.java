package io.lethe.benchmarks;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.store.jdbc.JdbcMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The erasure benchmark's shop: a normalized e-commerce schema with real foreign keys, loaded with
 * the same rows every time, and the digest that tells whether two erasures left the same database.
 *
 * <pre>
 * addresses        (id, street, city, created_at)
 * customers        (id, email UNIQUE, name, address_id -&gt; addresses, created_at)
 * orders           (id, customer_id -&gt; customers, shipping_address_id -&gt; addresses,
 *                   placed_at, completed_at)
 * order_items      ((order_id -&gt; orders, line_no), product, quantity, unit_price, gift_note)
 * payment_cards    (id, customer_id -&gt; customers, holder_name, last4, expires, created_at)
 * logins           (id, customer_id -&gt; customers, ip, user_agent, logged_in_at)
 * visits           ((customer_id -&gt; customers, visited_at), ip, page)
 * service_requests (id, customer_id -&gt; customers, email, body, created_at)
 * </pre>
 *
 * <p>Each customer has 3 to 7 orders (5 on average) of 1 to 5 items (3), 1 or 2 payment cards, 2 to
 * 6 logins and visits, 0 to 2 service requests (filed with an alternate email address of theirs),
 * and a home address; every twentieth customer lives at the previous customer's address, so one
 * customer in ten shares an address. One order in five ships to an address of its own (a gift), the
 * rest to the customer's home. Every foreign key column is indexed.
 *
 * <p>The tables' names carry a prefix, so that two copies of the shop can sit side by side, one for
 * each way of erasing.
 */
final class EraseFixture {

  /** The tables, those that refer to others first (the order to drop them in), unprefixed. */
  static final List<String> TABLES =
      List.of(
          "order_items",
          "orders",
          "payment_cards",
          "logins",
          "visits",
          "service_requests",
          "customers",
          "addresses");

  /** Lethe's own tables: the audit trail and the erasure ledger. */
  static final List<String> LETHE_TABLES =
      List.of(
          "lethe_audit_head",
          "lethe_audit",
          "lethe_tombstone",
          "lethe_deferred_erasure",
          "lethe_deferred_erasure_receipt");

  private static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);

  /** Gift shipping addresses are numbered from here; home addresses carry their customer's id. */
  private static final long GIFT_ADDRESSES = 10_000_000L;

  final int customers;

  /** The customers to erase, in the order their requests arrive. */
  final List<Long> toErase;

  /** Put before every table's name. */
  final String prefix;

  /**
   * @param prefix put before every table's and index's name, such as {@code le_}
   * @param customers how many customers the shop has
   * @param erased how many of them are erased, picked at random (the same every time)
   */
  EraseFixture(String prefix, int customers, int erased) {
    this.prefix = prefix;
    if (erased > customers) {
      throw new IllegalArgumentException(erased + " erasures of " + customers + " customers");
    }
    this.customers = customers;
    List<Long> all = new ArrayList<>();
    for (long c = 1; c <= customers; c++) {
      all.add(c);
    }
    Collections.shuffle(all, new Random(7));
    this.toErase = List.copyOf(all.subList(0, erased));
  }

  /** The Lethe mappings of the shop's tables. */
  List<JdbcMapping> mappings() {
    String p = prefix;
    return List.of(
        JdbcMapping.builder("addresses")
            .table(p + "addresses", "id")
            .category("user.contact.address")
            .field("street", "user.contact.address")
            .field("city", "user.contact.address")
            .collectedAt("created_at")
            .reference("id", "customers", "address_id")
            .reference("id", "orders", "shipping_address_id")
            .build(),
        JdbcMapping.builder("customers")
            .table(p + "customers", "id")
            .category("user.account")
            .subject("id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("name", "user.name")
            .collectedAt("created_at")
            .build(),
        JdbcMapping.builder("orders")
            .table(p + "orders", "id")
            .category("user.behavior.purchase_history")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .collectedAt("placed_at")
            .build(),
        JdbcMapping.builder("order_items")
            .table(p + "order_items", "order_id", "line_no")
            .category("user.behavior.purchase_history")
            .reference("order_id", "orders", "id")
            .field("gift_note", "user.content.private")
            .anchorThrough(Anchor.COLLECTED, "order_id", "placed_at")
            .build(),
        JdbcMapping.builder("payment_cards")
            .table(p + "payment_cards", "id")
            .category("user.financial.credit_card")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .field("holder_name", "user.name")
            .field("last4", "user.financial.credit_card")
            .collectedAt("created_at")
            .build(),
        JdbcMapping.builder("logins")
            .table(p + "logins", "id")
            .category("user.authorization.login_history")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .field("user_agent", "user.device.user_agent")
            .collectedAt("logged_in_at")
            .build(),
        JdbcMapping.builder("visits")
            .table(p + "visits", "customer_id", "visited_at")
            .category("user.behavior.browsing_history")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .collectedAt("visited_at")
            .build(),
        JdbcMapping.builder("service_requests")
            .table(p + "service_requests", "id")
            .category("user.communication")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("body", "user.communication")
            .collectedAt("created_at")
            .build());
  }

  /** Drops Lethe's own tables (audit trail and erasure ledger), for a fresh start. */
  static void dropLetheTables(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String table : LETHE_TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** Drops this copy's tables and loads the shop afresh. */
  void load(DataSource dataSource, boolean postgres) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        for (String table : TABLES) {
          s.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
        s.execute(
            sql(
                "CREATE TABLE addresses (id BIGINT PRIMARY KEY, street VARCHAR(100) NOT NULL,"
                    + " city VARCHAR(60) NOT NULL, created_at TIMESTAMP NOT NULL)"));
        s.execute(
            sql(
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(120) NOT NULL"
                    + " UNIQUE, name VARCHAR(100) NOT NULL, address_id BIGINT REFERENCES addresses (id),"
                    + " created_at TIMESTAMP NOT NULL)"));
        s.execute(
            sql(
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL"
                    + " REFERENCES customers (id), shipping_address_id BIGINT REFERENCES addresses (id),"
                    + " placed_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)"));
        s.execute(
            sql(
                "CREATE TABLE order_items (order_id BIGINT NOT NULL REFERENCES orders (id),"
                    + " line_no INT NOT NULL, product VARCHAR(40) NOT NULL, quantity INT NOT NULL,"
                    + " unit_price DECIMAL(10, 2) NOT NULL, gift_note VARCHAR(200),"
                    + " PRIMARY KEY (order_id, line_no))"));
        s.execute(
            sql(
                "CREATE TABLE payment_cards (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL"
                    + " REFERENCES customers (id), holder_name VARCHAR(100) NOT NULL, last4 CHAR(4) NOT"
                    + " NULL, expires DATE NOT NULL, created_at TIMESTAMP NOT NULL)"));
        s.execute(
            sql(
                "CREATE TABLE logins (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL"
                    + " REFERENCES customers (id), ip VARCHAR(45) NOT NULL, user_agent VARCHAR(200),"
                    + " logged_in_at TIMESTAMP NOT NULL)"));
        s.execute(
            sql(
                "CREATE TABLE visits (customer_id BIGINT NOT NULL REFERENCES customers (id),"
                    + " visited_at TIMESTAMP NOT NULL, ip VARCHAR(45) NOT NULL, page VARCHAR(200) NOT"
                    + " NULL, PRIMARY KEY (customer_id, visited_at))"));
        s.execute(
            sql(
                "CREATE TABLE service_requests (id BIGINT PRIMARY KEY, customer_id BIGINT"
                    + " REFERENCES customers (id), email VARCHAR(120), body VARCHAR(2000) NOT NULL,"
                    + " created_at TIMESTAMP NOT NULL)"));
        // every foreign key column indexed, as a careful schema has (H2 would add most itself)
        s.execute(sql("CREATE INDEX customers_address ON customers (address_id)"));
        s.execute(sql("CREATE INDEX orders_customer ON orders (customer_id)"));
        s.execute(sql("CREATE INDEX orders_shipping ON orders (shipping_address_id)"));
        s.execute(sql("CREATE INDEX payment_cards_customer ON payment_cards (customer_id)"));
        s.execute(sql("CREATE INDEX logins_customer ON logins (customer_id)"));
        s.execute(sql("CREATE INDEX service_requests_customer ON service_requests (customer_id)"));
        s.execute(sql("CREATE INDEX service_requests_email ON service_requests (email)"));
      }
      insertRows(c);
      if (postgres) {
        try (Statement s = c.createStatement()) {
          for (String table : TABLES) {
            s.execute("VACUUM ANALYZE " + prefix + table);
          }
          s.execute("CHECKPOINT");
        }
      }
    }
  }

  private void insertRows(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement address = c.prepareStatement(insert("addresses", 4));
        PreparedStatement customer = c.prepareStatement(insert("customers", 5));
        PreparedStatement order = c.prepareStatement(insert("orders", 5));
        PreparedStatement item = c.prepareStatement(insert("order_items", 6));
        PreparedStatement card = c.prepareStatement(insert("payment_cards", 6));
        PreparedStatement login = c.prepareStatement(insert("logins", 5));
        PreparedStatement visit = c.prepareStatement(insert("visits", 4));
        PreparedStatement request = c.prepareStatement(insert("service_requests", 5))) {
      long orderId = 0;
      long cardId = 0;
      long loginId = 0;
      long requestId = 0;
      long giftId = GIFT_ADDRESSES;
      // addresses first, for the foreign keys: every home address, then the customers
      for (long id = 1; id <= customers; id++) {
        if (!sharesPrevious(id)) {
          addAddress(address, id, id);
        }
      }
      address.executeBatch();
      for (long id = 1; id <= customers; id++) {
        customer.setLong(1, id);
        customer.setString(2, "c" + id + "@example.com");
        customer.setString(3, "Customer " + id);
        customer.setLong(4, home(id));
        customer.setTimestamp(5, at(id));
        customer.addBatch();
      }
      customer.executeBatch();
      for (long id = 1; id <= customers; id++) {
        Random random = new Random(id * 31);
        int orders = 3 + random.nextInt(5);
        for (int o = 0; o < orders; o++) {
          orderId++;
          long shipTo = home(id);
          if (random.nextInt(5) == 0) {
            shipTo = ++giftId;
            addAddress(address, giftId, id);
          }
          order.setLong(1, orderId);
          order.setLong(2, id);
          order.setLong(3, shipTo);
          order.setTimestamp(4, at(id * 10 + o));
          order.setTimestamp(5, at(id * 10 + o + 3));
          order.addBatch();
          int lines = 1 + random.nextInt(5);
          for (int line = 1; line <= lines; line++) {
            item.setLong(1, orderId);
            item.setInt(2, line);
            item.setString(3, "SKU-" + random.nextInt(10_000));
            item.setInt(4, 1 + random.nextInt(3));
            item.setBigDecimal(5, BigDecimal.valueOf(100 + random.nextInt(10_000), 2));
            item.setString(6, random.nextInt(4) == 0 ? "Happy birthday from " + id : null);
            item.addBatch();
          }
        }
        int cards = 1 + random.nextInt(2);
        for (int k = 0; k < cards; k++) {
          card.setLong(1, ++cardId);
          card.setLong(2, id);
          card.setString(3, "Customer " + id);
          card.setString(4, String.format("%04d", random.nextInt(10_000)));
          card.setDate(5, Date.valueOf(START.toLocalDate().plusYears(2).plusMonths(k)));
          card.setTimestamp(6, at(id + k));
          card.addBatch();
        }
        int logins = 2 + random.nextInt(5);
        for (int k = 0; k < logins; k++) {
          login.setLong(1, ++loginId);
          login.setLong(2, id);
          login.setString(3, "203.0." + (id % 256) + "." + k);
          login.setString(4, "Mozilla/5.0 (bench " + k + ")");
          login.setTimestamp(5, at(id * 7 + k));
          login.addBatch();
        }
        int visits = 2 + random.nextInt(5);
        for (int k = 0; k < visits; k++) {
          visit.setLong(1, id);
          visit.setTimestamp(2, at(id * 7 + k));
          visit.setString(3, "198.51." + (id % 256) + "." + k);
          visit.setString(4, "/product/" + random.nextInt(500));
          visit.addBatch();
        }
        int requests = random.nextInt(3);
        for (int k = 0; k < requests; k++) {
          request.setLong(1, ++requestId);
          request.setLong(2, id);
          request.setString(3, "c" + id + ".alt@example.net");
          request.setString(4, "Where is my parcel? Customer " + id + ", request " + k);
          request.setTimestamp(5, at(id * 5 + k));
          request.addBatch();
        }
        if (id % 200 == 0 || id == customers) {
          address.executeBatch(); // gift addresses before the orders that refer to them
          for (PreparedStatement batch : List.of(order, item, card, login, visit, request)) {
            batch.executeBatch();
          }
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private String insert(String table, int columns) {
    return "INSERT INTO "
        + prefix
        + table
        + " VALUES ("
        + String.join(", ", Collections.nCopies(columns, "?"))
        + ")";
  }

  private static final Pattern NAMES =
      Pattern.compile("\\b(" + String.join("|", TABLES) + ")\\b|(?<=CREATE INDEX )(\\w+)");

  /**
   * The SQL text with this copy's names: every table's name, and the name a {@code CREATE INDEX}
   * gives, prefixed.
   */
  String sql(String text) {
    return NAMES.matcher(text).replaceAll(m -> prefix + m.group());
  }

  /** Every twentieth customer lives at the previous customer's address. */
  private static boolean sharesPrevious(long customer) {
    return customer % 20 == 0;
  }

  private static long home(long customer) {
    return sharesPrevious(customer) ? customer - 1 : customer;
  }

  private static void addAddress(PreparedStatement address, long id, long customer)
      throws SQLException {
    address.setLong(1, id);
    address.setString(2, customer + " " + (id >= GIFT_ADDRESSES ? "Gift Lane" : "Home Street"));
    address.setString(3, "City " + customer % 97);
    address.setTimestamp(4, at(customer));
    address.addBatch();
  }

  private static Timestamp at(long minutes) {
    return Timestamp.valueOf(START.plusMinutes(minutes));
  }

  // ------------------------------------------------------------------ the state left

  /** Per table, the rows and a digest of their contents. */
  record State(Map<String, Long> rows, Map<String, String> digests) {

    long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * The state the database is in now, table by table, each digest taken over every column of every
   * row in key order.
   */
  State now(DataSource dataSource) throws SQLException {
    return read(dataSource, null);
  }

  /**
   * The state an erasure of {@link #toErase} must leave, read from the database before it: every
   * row of a customer not erased, and the addresses such a customer or their orders still refer to.
   */
  State expected(DataSource dataSource) throws SQLException {
    return read(dataSource, Set.copyOf(toErase));
  }

  /**
   * Reads every table; with {@code erased}, leaves out the rows an erasure of those customers
   * removes.
   */
  private State read(DataSource dataSource, Set<Long> erased) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, String> digests = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      Map<Long, Set<Long>> addressOwners = new HashMap<>();
      if (erased != null) {
        for (String sql :
            List.of(
                "SELECT address_id, id FROM customers",
                "SELECT shipping_address_id, customer_id FROM orders")) {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(sql(sql))) {
            while (rs.next()) {
              addressOwners.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
            }
          }
        }
      }
      for (String table : TABLES) {
        String sql =
            switch (table) {
              case "order_items" ->
                  "SELECT o.customer_id, i.* FROM order_items i JOIN orders o ON"
                      + " o.id = i.order_id ORDER BY i.order_id, i.line_no";
              case "visits" ->
                  "SELECT customer_id, v.* FROM visits v ORDER BY customer_id," + " visited_at";
              case "customers" -> "SELECT id, t.* FROM customers t ORDER BY id";
              case "addresses" -> "SELECT id, t.* FROM addresses t ORDER BY id";
              default -> "SELECT customer_id, t.* FROM " + table + " t ORDER BY id";
            };
        MessageDigest digest = sha256();
        long count = 0;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(sql(sql))) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            long owner = rs.getLong(1);
            boolean stays =
                erased == null
                    || (table.equals("addresses")
                        ? addressOwners.getOrDefault(owner, Set.of()).stream()
                            .anyMatch(o -> !erased.contains(o))
                        : !erased.contains(owner));
            if (!stays) {
              continue;
            }
            count++;
            StringBuilder row = new StringBuilder();
            for (int i = 2; i <= columns; i++) {
              row.append(rs.getString(i)).append('\u001f');
            }
            digest.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        rows.put(table, count);
        digests.put(table, HexFormat.of().formatHex(digest.digest(), 0, 8));
      }
    }
    return new State(rows, digests);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
