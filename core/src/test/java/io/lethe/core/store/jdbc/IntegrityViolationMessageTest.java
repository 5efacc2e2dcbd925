package io.lethe.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A delete that a foreign key refuses fails with a message that names the constraint and the table
 * (schema names, which a host needs to see what stopped it) and never the row's values.
 */
class IntegrityViolationMessageTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_refused_delete_names_the_foreign_key_and_its_table_but_no_value(String database)
      throws SQLException {
    // GIVEN a user that a message still refers to
    DataSource dataSource = TestDatabases.of(database, "integrity");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String users = "iv_users_" + suffix;
    String messages = "iv_messages_" + suffix;
    String constraint = "fk_sender_" + suffix;
    execute(
        dataSource,
        "CREATE TABLE "
            + users
            + " (id VARCHAR(20) PRIMARY KEY,"
            + " created_at TIMESTAMP NOT NULL)");
    execute(
        dataSource,
        "CREATE TABLE "
            + messages
            + " (id BIGINT PRIMARY KEY, sender_id"
            + " VARCHAR(20), CONSTRAINT "
            + constraint
            + " FOREIGN KEY (sender_id) REFERENCES "
            + users
            + " (id))");
    execute(
        dataSource,
        "INSERT INTO " + users + " VALUES ('ada-secret', TIMESTAMP" + " '2026-01-01 00:00:00')");
    execute(dataSource, "INSERT INTO " + messages + " VALUES (1, 'ada-secret')");
    try {
      JdbcStore store =
          JdbcStore.open(
              dataSource,
              JdbcMapping.builder("users")
                  .table(users, "id")
                  .category("user.account")
                  .subject("id", IdentifierType.ACCOUNT_ID)
                  .collectedAt("created_at")
                  .build());

      // WHEN the user is deleted
      StoreException failure =
          catchThrowableOfType(
              StoreException.class, () -> store.delete(List.of(RecordKey.of("ada-secret"))));

      // THEN the message says which constraint of which table refused it, and no value
      assertThat(failure.getMessage().toLowerCase(Locale.ROOT))
          .contains("sql state 23503")
          .contains("constraint " + constraint)
          .contains(messages)
          .doesNotContain("ada-secret");
    } finally {
      execute(dataSource, "DROP TABLE " + messages);
      execute(dataSource, "DROP TABLE " + users);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
