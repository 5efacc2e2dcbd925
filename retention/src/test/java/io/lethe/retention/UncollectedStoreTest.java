package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table with no creation time: its mapping needs no {@code collected} column unless a rule
 * counting from collection governs it, and the engine names that rule when one does.
 */
class UncollectedStoreTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private final MutableClock clock = MutableClock.at(NOW);
  private final DataSource dataSource = TestDatabases.h2("uncollected");
  private JdbcStore preferences;

  @BeforeEach
  void createTable() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE preferences (account_id VARCHAR(20) PRIMARY KEY,"
              + " language VARCHAR(10), closed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO preferences VALUES ('ada', 'de', TIMESTAMP '2026-04-01 00:00:00'),"
              + " ('bob', 'fr', NULL)");
    }
    preferences =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("preferences")
                .table("preferences", "account_id")
                .category("user.account.settings")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
                .build(),
            clock);
  }

  @Test
  void a_rule_counting_from_the_accounts_closing_sweeps_a_store_without_a_collected_column() {
    RetentionEngine engine =
        engine(
            RetentionRule.builder("settings")
                .categories("user.account.settings")
                .anchoredOn("account.closed")
                .maximum("P30D")
                .build());

    SweepReport report = engine.sweep(NOW, SweepOptions.defaults());

    assertThat(report.totalProcessed()).isEqualTo(1);
    assertThat(accounts()).isEqualTo("bob");
  }

  @Test
  void a_rule_counting_from_collection_is_refused_and_named() {
    RetentionConfigurationException e =
        catchThrowableOfType(
            RetentionConfigurationException.class,
            () ->
                engine(
                    RetentionRule.builder("settings")
                        .categories("user.account.settings")
                        .maximum("P1Y")
                        .build()));

    assertThat(e.problems())
        .containsExactly(
            "store 'preferences' cannot filter by anchor"
                + " 'collected', which rule 'settings' counts from for 'user.account.settings'");
  }

  private RetentionEngine engine(RetentionRule rule) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("prefs")
            .controller("Prefs", "privacy@prefs.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(rule)
            .build();
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "uncollected-test-secret-32-byte!".getBytes(StandardCharsets.UTF_8)),
            clock);
    return RetentionEngine.builder(policy).stores(preferences).audit(audit).clock(clock).build();
  }

  private String accounts() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT account_id FROM preferences ORDER BY 1")) {
      StringBuilder ids = new StringBuilder();
      while (rs.next()) {
        ids.append(ids.length() == 0 ? "" : ",").append(rs.getString(1));
      }
      return ids.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
