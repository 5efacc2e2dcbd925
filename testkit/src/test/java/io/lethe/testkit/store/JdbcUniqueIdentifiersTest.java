package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.testsupport.TestDatabases;
import io.lethe.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JDBC store reads from the database's metadata which identifier types its records never share,
 * so that an access export need not look for a second record with the account id of the one it
 * found by email; and it says whether it can link identifiers at all.
 */
class JdbcUniqueIdentifiersTest {

  private static String table(String prefix) {
    return prefix + "_" + Math.abs(System.nanoTime() % 1_000_000_000L);
  }

  private static void execute(DataSource dataSource, String... statements) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** A store over a table's account id and email columns. */
  private static JdbcStore accounts(DataSource dataSource, String table) {
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("accounts")
            .table(table, "id")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .collectedAt("created_at")
            .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_column_a_unique_index_covers_alone_makes_its_type_unique(String database)
      throws Exception {
    DataSource dataSource = TestDatabases.of(database, "unique");
    String table = table("uniq_accounts");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40) UNIQUE, email VARCHAR(100), wallet VARCHAR(100),"
            + " phone VARCHAR(40), region VARCHAR(2), created_at TIMESTAMP NOT NULL,"
            + " UNIQUE (phone, region))",
        "CREATE UNIQUE INDEX " + table + "_email ON " + table + " (email)",
        "CREATE INDEX " + table + "_wallet ON " + table + " (wallet)");

    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("accounts")
                .table(table, "id")
                .category("user.account")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .subject("wallet", IdentifierType.WALLET_ADDRESS)
                .subject("phone", IdentifierType.PHONE)
                .collectedAt("created_at")
                .build());

    // a plain index, and a unique index over two columns, make nothing unique
    assertThat(store.uniqueIdentifiers())
        .containsExactlyInAnyOrder(IdentifierType.ACCOUNT_ID, IdentifierType.EMAIL);
    assertThat(store.linksIdentities()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void the_primary_key_as_an_identifier_is_unique_and_a_type_in_two_columns_is_not(String database)
      throws Exception {
    DataSource dataSource = TestDatabases.of(database, "unique");
    String table = table("uniq_members");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (member_no BIGINT PRIMARY KEY,"
            + " email VARCHAR(100) UNIQUE, backup_email VARCHAR(100) UNIQUE,"
            + " created_at TIMESTAMP NOT NULL)");

    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("members")
                .table(table, "member_no")
                .category("user.account")
                .subject("member_no", IdentifierType.ACCOUNT_ID)
                .subject("email", IdentifierType.EMAIL)
                .subject("backup_email", IdentifierType.EMAIL)
                .collectedAt("created_at")
                .build());

    // one member's email may be another's backup address
    assertThat(store.uniqueIdentifiers()).containsExactly(IdentifierType.ACCOUNT_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_store_with_one_identifier_column_links_nothing(String database) throws Exception {
    DataSource dataSource = TestDatabases.of(database, "unique");
    String table = table("uniq_orders");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40) NOT NULL, created_at TIMESTAMP NOT NULL)");

    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("orders")
                .table(table, "id")
                .category("user.financial.transaction")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build());

    assertThat(store.linksIdentities()).isFalse();
    assertThat(store.uniqueIdentifiers()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_view_has_no_unique_identifiers(String database) throws Exception {
    DataSource dataSource = TestDatabases.of(database, "unique");
    String table = table("uniq_base");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40) UNIQUE, email VARCHAR(100) UNIQUE,"
            + " created_at TIMESTAMP NOT NULL)",
        "CREATE VIEW " + table + "_v AS SELECT * FROM " + table);

    JdbcStore store = accounts(dataSource, table + "_v");

    assertThat(store.uniqueIdentifiers()).isEmpty();
  }

  @Test
  void on_postgresql_a_partial_or_expression_index_makes_nothing_unique() throws Exception {
    DataSource dataSource = TestPostgres.dataSource();
    String table = table("uniq_partial");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40), email VARCHAR(100), deleted_at TIMESTAMP,"
            + " created_at TIMESTAMP NOT NULL)",
        "CREATE UNIQUE INDEX "
            + table
            + "_live ON "
            + table
            + " (account_id) WHERE deleted_at IS NULL",
        "CREATE UNIQUE INDEX " + table + "_lower ON " + table + " (lower(email))");

    JdbcStore store = accounts(dataSource, table);

    // two deleted rows may share an account id; 'Ada@x' and 'ada@x' cannot both exist, but a
    // record carrying one does not rule out being asked about the other
    assertThat(store.uniqueIdentifiers()).isEmpty();
    assertThat(store.linksIdentities()).isTrue();
  }

  @Test
  void on_postgresql_an_index_that_failed_to_build_or_a_table_with_children_makes_nothing_unique()
      throws Exception {
    DataSource dataSource = TestPostgres.dataSource();
    String table = table("uniq_invalid");
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40), email VARCHAR(100) UNIQUE, created_at TIMESTAMP NOT NULL)",
        "INSERT INTO "
            + table
            + " VALUES (1, 'a-1', 'ada@example.com', now()),"
            + " (2, 'a-1', NULL, now())");
    // a concurrent build that meets a duplicate leaves an invalid index behind
    assertThatThrownBy(
            () ->
                execute(
                    dataSource,
                    "CREATE UNIQUE INDEX CONCURRENTLY "
                        + table
                        + "_account ON "
                        + table
                        + " (account_id)"))
        .isInstanceOf(SQLException.class);
    String parent = table("uniq_parent");
    execute(
        dataSource,
        "CREATE TABLE "
            + parent
            + " (id BIGINT PRIMARY KEY,"
            + " account_id VARCHAR(40) UNIQUE, email VARCHAR(100), created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE " + parent + "_child () INHERITS (" + parent + ")");

    JdbcStore invalid = accounts(dataSource, table);
    JdbcStore inherited = accounts(dataSource, parent);

    assertThat(invalid.uniqueIdentifiers()).containsExactly(IdentifierType.EMAIL);
    // a child's rows, which the parent's index does not cover, are read through the parent
    assertThat(inherited.uniqueIdentifiers()).isEmpty();
  }
}
