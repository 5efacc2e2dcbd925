package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's store snippet, compiled and run on H2. */
class StoreQuickStartTest {

  @Test
  void store_quick_start() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40) NOT NULL,"
              + " created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO jobs VALUES (1, 'acct-1', TIMESTAMP '2026-01-01 00:00:00',"
              + " TIMESTAMP '2026-01-10 00:00:00')");
    }
    byte[] secret = "keep-this-32-byte-secret-elsewhere".getBytes(StandardCharsets.UTF_8);
    Clock clock = Clock.systemUTC();

    // readme:begin
    JdbcStore jobs =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("jobs")
                .table("jobs", "id")
                .category("user.behavior.usage")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .anchor(Anchor.event("job.completed"), "completed_at")
                .build()); // checks the table and every column against the database first

    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(secret),
            clock);
    AuditedStore store = AuditedStore.of(jobs, audit);

    AuditContext sweep =
        new AuditContext(
            AuditAction.SWEEP_BATCH,
            "sweeper",
            "jobs-rule",
            CategoryKey.of("user.behavior.usage"),
            null);
    List<RecordKey> expired =
        store.findExpired(
            ExpiryQuery.firstPage(
                CategoryKey.of("user.behavior.usage"),
                Anchor.event("job.completed"),
                Instant.parse("2026-01-10T00:00:00Z"),
                1_000),
            sweep);
    store.delete(expired, sweep); // one audit entry, with counts
    audit.verify().intact(); // true: the hash chain is unbroken
    // readme:end

    assertThat(expired).containsExactly(RecordKey.of(1L));
    assertThat(audit.verify().intact()).isTrue();
    assertThat(audit.verify().entriesChecked()).isEqualTo(1);
  }
}
