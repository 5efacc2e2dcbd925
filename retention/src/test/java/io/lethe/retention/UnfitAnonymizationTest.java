package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule that would write NULL where the table cannot hold it (a NOT NULL column, the key) is
 * refused when the engine is built, naming the rule, the store and the columns, instead of failing
 * at the first sweep or erasure with a constraint violation.
 */
class UnfitAnonymizationTest {

  private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T00:00:00Z"));

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_null_strategy_on_a_not_null_column_or_the_key_is_refused_at_build(String database)
      throws SQLException {
    // GIVEN a table whose e-mail column is NOT NULL and whose key is the e-mail address
    DataSource dataSource = TestDatabases.of(database, "unfit");
    String table = "unfit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    execute(
        dataSource,
        "CREATE TABLE "
            + table
            + " (email VARCHAR(100) PRIMARY KEY,"
            + " name VARCHAR(100) NOT NULL, phone VARCHAR(30), created_at TIMESTAMP NOT NULL,"
            + " anonymized_at TIMESTAMP)");
    try {
      JdbcStore store =
          JdbcStore.open(
              dataSource,
              JdbcMapping.builder("contacts")
                  .table(table, "email")
                  .category("user.contact")
                  .subject("email", IdentifierType.EMAIL)
                  .field("email", "user.contact.email")
                  .field("name", "user.name")
                  .field("phone", "user.contact.phone_number")
                  .collectedAt("created_at")
                  .anonymizedAt("anonymized_at")
                  .build(),
              clock);
      PrivacyPolicy policy =
          PrivacyPolicy.builder("unfit")
              .controller("Unfit", "privacy@unfit.example")
              .version("1")
              .effective(LocalDate.of(2026, 1, 1))
              .rule(
                  RetentionRule.builder("contacts")
                      .categories("user.contact", "user.name")
                      .maximum("P1Y")
                      .action(ExpiryAction.ANONYMIZE)
                      .anonymize("user.contact", FieldStrategy.of(FieldStrategy.Kind.NULL))
                      .anonymize("user.name", FieldStrategy.of(FieldStrategy.Kind.NULL))
                      .build())
              .build();
      AuditLog audit =
          AuditLog.create(
              JdbcAuditStorage.of(dataSource, table + "_a").createTableIfMissing(),
              SubjectHasher.withSecret(
                  "unfit-test-secret-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8)),
              clock);

      // WHEN the engine is built
      RetentionConfigurationException e =
          catchThrowableOfType(
              RetentionConfigurationException.class,
              () ->
                  RetentionEngine.builder(policy).stores(store).audit(audit).clock(clock).build());

      // THEN the key and the NOT NULL column are named; the nullable phone column is not
      assertThat(e.problems())
          .containsExactly(
              "rule 'contacts' would write NULL into store"
                  + " 'contacts' where it cannot be held: column 'email' is part of the store's key;"
                  + " column 'name' is NOT NULL (clear another column, give the rule another strategy, or"
                  + " delete the record)");
    } finally {
      execute(dataSource, "DROP TABLE IF EXISTS " + table + "_a_head");
      execute(dataSource, "DROP TABLE IF EXISTS " + table + "_a");
      execute(dataSource, "DROP TABLE IF EXISTS " + table);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
