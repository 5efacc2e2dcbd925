package io.lethe.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcStoreMappingTest {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  @BeforeEach
  void createTables() throws SQLException {
    dataSource.setURL("jdbc:h2:mem:mapping-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
              + " email VARCHAR(200), created_at TIMESTAMP NOT NULL, note VARCHAR(20))");
      s.execute(
          "CREATE TABLE \"MixedCase\" (\"Id\" BIGINT PRIMARY KEY, \"Owner\" VARCHAR(50),"
              + " \"CreatedAt\" TIMESTAMP WITH TIME ZONE NOT NULL)");
      s.execute(
          "INSERT INTO \"MixedCase\" VALUES (1, 'a', TIMESTAMP WITH TIME ZONE"
              + " '2026-01-01 00:00:00+00'), (2, 'b', TIMESTAMP WITH TIME ZONE"
              + " '2026-06-01 00:00:00+00')");
    }
  }

  private static JdbcMapping.Builder orders() {
    return JdbcMapping.builder("orders")
        .table("orders", "id")
        .category("user.financial.transaction")
        .subject("customer_id", IdentifierType.ACCOUNT_ID)
        .field("email", "user.contact.email")
        .collectedAt("created_at");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "orders; DROP TABLE orders",
        "orders--",
        "orders/*x*/",
        "\"orders\"",
        "o'rders",
        "orders x"
      })
  void hostile_table_names_are_rejected_before_any_sql_runs(String table) {
    JdbcMapping mapping = orders().table(table, "id").build();

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcStore.open(dataSource, mapping));

    assertThat(e.store()).isEqualTo("orders");
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("table: '")
        .endsWith(
            "' is not a plain SQL identifier (letters, digits and"
                + " '_', starting with a letter or '_')");
  }

  @Test
  void every_missing_column_and_wrong_anchor_type_is_listed_at_once() {
    JdbcMapping mapping =
        orders()
            .subject("wallet", IdentifierType.WALLET_ADDRESS)
            .field("phone", "user.contact.phone_number")
            .anchor(Anchor.ACCOUNT_CLOSED, "note")
            .build();

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcStore.open(dataSource, mapping));

    assertThat(e.problems())
        .containsExactly(
            "subjects[1].column: table 'orders' has no column 'wallet'",
            "fields[1].column: table 'orders' has no column 'phone'",
            "anchors.account.closed: column 'note' must be a TIMESTAMP, TIMESTAMP WITH TIME ZONE or"
                + " DATE");
    assertThat(e).hasMessageStartingWith("Invalid JDBC mapping for store 'orders' (3 problems):");
  }

  @Test
  void delete_counts_are_exact_on_a_table_and_not_on_a_view() throws SQLException {
    // GIVEN the orders table and a view over it (a view's trigger may count rows it keeps)
    execute("CREATE VIEW orders_view AS SELECT * FROM orders");

    // WHEN both are opened as stores
    JdbcStore table = JdbcStore.open(dataSource, orders().build());
    JdbcStore view = JdbcStore.open(dataSource, orders().table("orders_view", "id").build());

    // THEN an erasure may trust the table's counts, and reads the view's records again
    assertThat(table.deleteCountsAreExact()).isTrue();
    assertThat(view.deleteCountsAreExact()).isFalse();
  }

  @Test
  void a_missing_table_is_named() {
    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class,
            () -> JdbcStore.open(dataSource, orders().table("order_lines", "id").build()));

    assertThat(e.problems()).containsExactly("table: the database has no table 'order_lines'");
  }

  @Test
  void a_name_that_two_tables_differ_from_only_in_case_binds_to_neither() throws SQLException {
    execute(
        "CREATE TABLE \"dup\" (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
            + " created_at TIMESTAMP NOT NULL)");
    execute(
        "CREATE TABLE \"DUP\" (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
            + " created_at TIMESTAMP NOT NULL)");

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcStore.open(dataSource, dup("Dup")));

    assertThat(e.problems())
        .containsExactly(
            "table: the table name 'Dup' matches 2 tables in"
                + " the database: 'DUP', 'dup'; spell it exactly as one of them");
  }

  @Test
  void a_name_spelled_exactly_binds_to_that_table_and_a_delete_touches_no_other()
      throws SQLException {
    for (String table : List.of("dup", "DUP")) {
      execute(
          "CREATE TABLE \""
              + table
              + "\" (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
              + " created_at TIMESTAMP NOT NULL)");
      execute("INSERT INTO \"" + table + "\" VALUES (1, 'a', TIMESTAMP '2026-01-01 00:00:00')");
    }

    JdbcStore.open(dataSource, dup("dup")).delete(List.of(RecordKey.of(1L)));

    assertThat(count("\"dup\"")).isZero();
    assertThat(count("\"DUP\"")).isEqualTo(1);
  }

  @Test
  void a_table_that_matches_only_through_a_unicode_case_fold_is_not_bound() throws SQLException {
    // U+212A KELVIN SIGN lower-cases to 'k', but no database folds an unquoted name that way
    execute(
        "CREATE TABLE \"\u212Aelvin\" (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
            + " created_at TIMESTAMP NOT NULL)");

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcStore.open(dataSource, dup("kelvin")));

    assertThat(e.problems())
        .containsExactly(
            "table: the database has no table 'kelvin', only"
                + " '\\u212Aelvin', which differs from it by more than the case of letters a database"
                + " folds; spell it exactly");
  }

  @Test
  void a_column_name_that_two_columns_differ_from_only_in_case_binds_to_neither()
      throws SQLException {
    execute(
        "CREATE TABLE notes (id BIGINT PRIMARY KEY, customer_id VARCHAR(50),"
            + " created_at TIMESTAMP NOT NULL, \"note\" VARCHAR(20), \"NOTE\" VARCHAR(20))");

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class,
            () ->
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("dup")
                        .table("notes", "id")
                        .category("user.account")
                        .subject("customer_id", IdentifierType.ACCOUNT_ID)
                        .field("Note", "user.communication")
                        .collectedAt("created_at")
                        .build()));

    assertThat(e.problems())
        .containsExactly(
            "fields[0].column: the column name 'Note' matches"
                + " 2 columns in table 'notes': 'NOTE', 'note'; spell it exactly as one of them");
  }

  private static JdbcMapping dup(String table) {
    return JdbcMapping.builder("dup")
        .table(table, "id")
        .category("user.account")
        .subject("customer_id", IdentifierType.ACCOUNT_ID)
        .collectedAt("created_at")
        .build();
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void a_mapping_without_subjects_is_rejected_but_one_without_a_collection_anchor_is_not() {
    JdbcMapping mapping =
        JdbcMapping.builder("bare")
            .table("orders", "id")
            .category("user.financial.transaction")
            .build();

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcStore.open(dataSource, mapping));

    assertThat(e.problems())
        .containsExactly(
            "subjects: at least one column must link a row to its subject, or a reference to"
                + " another store's rows");
    assertThat(
            JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("uncollected")
                        .table("orders", "id")
                        .category("user.financial.transaction")
                        .subject("customer_id", IdentifierType.ACCOUNT_ID)
                        .build())
                .descriptor()
                .anchors())
        .isEmpty();
  }

  @Test
  void names_are_matched_as_the_database_spells_them_and_quoted() {
    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("mixed")
                .table("mixedcase", "id")
                .category("user.behavior.usage")
                .subject("owner", IdentifierType.ACCOUNT_ID)
                .collectedAt("createdat")
                .build());

    List<RecordKey> expired =
        store.findExpired(
            ExpiryQuery.firstPage(
                CategoryKey.of("user.behavior.usage"),
                Anchor.COLLECTED,
                Instant.parse("2026-03-01T00:00:00Z"),
                10));

    assertThat(expired).containsExactly(RecordKey.of(1L));
  }

  @Test
  void record_fields_are_named_as_the_mapping_spells_them_not_as_the_database_does() {
    JdbcStore store = JdbcStore.open(dataSource, orders().build());
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO orders (id, customer_id, email, created_at) VALUES (7, 'c7',"
              + " 'c7@example.com', TIMESTAMP '2026-01-01 00:00:00')");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }

    try (java.util.stream.Stream<io.lethe.core.spi.PersonalRecord> records =
        store.recordsOf(java.util.Set.of(io.lethe.core.subject.SubjectRef.account("c7")))) {
      assertThat(records.toList())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.fields())
                      .extracting(io.lethe.core.spi.FieldValue::name)
                      .containsExactly("email"));
    }
    assertThat(store.descriptor().fields()).extracting(f -> f.name()).containsExactly("email");
  }

  @Test
  void the_yaml_form_reads_to_the_same_mapping_as_the_builder() {
    String yaml = OrdersMapping.yaml();

    assertThat(JdbcMappings.parse(yaml, "stores.yaml")).containsExactly(orders().build());
  }

  @Test
  void the_yaml_form_of_a_reference_reads_to_the_same_mapping_as_the_builder() {
    String yaml =
        """
        stores:
          - store: order_items
            table: order_items
            key: id
            category: user.financial.transaction
            references:
              - {column: order_id, store: orders, key: id}
            anchors:
              collected: added_at
        """;

    assertThat(JdbcMappings.parse(yaml, "stores.yaml"))
        .containsExactly(
            JdbcMapping.builder("order_items")
                .table("order_items", "id")
                .category("user.financial.transaction")
                .reference("order_id", "orders", "id")
                .collectedAt("added_at")
                .build());
  }

  @Test
  void a_bad_yaml_mapping_names_the_path_and_problem() {
    String yaml =
        """
        stores:
          - store: orders
            table: "orders; --"
            key: id
            category: user.financial.transaction
            subjects:
              - {column: customer_id, type: account_id}
            anchors:
              collected: created_at
          - store: other
            tabel: x
        """;

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcMappings.parse(yaml, "stores.yaml"));

    assertThat(e.problems())
        .containsExactly(
            "store 'orders', stores[0].table: 'orders; --' is not a plain SQL identifier (letters,"
                + " digits and '_', starting with a letter or '_') (line 3, column 12)",
            "store 'other', stores[1].tabel: unknown property; did you mean 'table'?"
                + " (line 11, column 5)");
    assertThat(e.store()).isEqualTo("orders");
  }

  @Test
  void text_keys_are_deleted_page_by_page_over_key_ranges_found_in_the_index() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE sessions (token VARCHAR(20) PRIMARY KEY, owner VARCHAR(20),"
              + " created_at TIMESTAMP NOT NULL)");
      s.execute(
          "INSERT INTO sessions SELECT 'tok-' || LPAD(X, 4, '0'), 'o', CASE WHEN MOD(X, 2)"
              + " = 0 THEN TIMESTAMP '2026-01-01 00:00:00' ELSE TIMESTAMP '2026-12-01 00:00:00' END"
              + " FROM SYSTEM_RANGE(1, 25)");
    }
    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("sessions")
                .table("sessions", "token")
                .category("user.authorization")
                .subject("owner", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build());
    ExpiryQuery query =
        ExpiryQuery.firstPage(
            CategoryKey.of("user.authorization"),
            Anchor.COLLECTED,
            Instant.parse("2026-06-01T00:00:00Z"),
            10);

    List<io.lethe.core.spi.DeletedPage> pages = new java.util.ArrayList<>();
    io.lethe.core.spi.DeletedPage page;
    do {
      page = store.deleteExpiredPage(query);
      pages.add(page);
      if (!page.isLast()) {
        query = query.next(page.lastKey());
      }
    } while (!page.isLast());

    assertThat(pages).extracting(io.lethe.core.spi.DeletedPage::deleted).containsExactly(5, 5, 2);
    assertThat(pages.get(0).lastKey()).isEqualTo(RecordKey.of("tok-0010"));
    assertThat(
            store.countExpired(
                ExpiryQuery.firstPage(
                    CategoryKey.of("user.authorization"),
                    Anchor.COLLECTED,
                    Instant.parse("2027-01-01T00:00:00Z"),
                    10)))
        .isEqualTo(13);
  }

  @Test
  void sparse_whole_number_keys_are_swept_in_few_pages() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO orders (id, customer_id, created_at) VALUES (1, 'a', TIMESTAMP"
              + " '2026-01-01 00:00:00'), (2000000, 'b', TIMESTAMP '2026-01-01 00:00:00'),"
              + " (4000000000, 'c', TIMESTAMP '2026-01-01 00:00:00')");
    }
    JdbcStore store = JdbcStore.open(dataSource, orders().build());
    ExpiryQuery query =
        ExpiryQuery.firstPage(
            CategoryKey.of("user.financial.transaction"),
            Anchor.COLLECTED,
            Instant.parse("2026-06-01T00:00:00Z"),
            100);

    int pages = 0;
    int deleted = 0;
    io.lethe.core.spi.DeletedPage page;
    do {
      page = store.deleteExpiredPage(query);
      deleted += page.deleted();
      pages++;
      if (!page.isLast()) {
        query = query.next(page.lastKey());
      }
    } while (!page.isLast() && pages < 50);

    assertThat(deleted).isEqualTo(3);
    assertThat(pages).as("gaps between keys are skipped, not walked").isLessThanOrEqualTo(3);
  }
}
