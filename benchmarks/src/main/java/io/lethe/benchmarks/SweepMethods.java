package io.lethe.benchmarks;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.InMemoryHoldRegistry;
import io.lethe.retention.JdbcCheckpointStore;
import io.lethe.retention.LegalHolds;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The three ways of deleting expired rows that the benchmark compares. */
final class SweepMethods {

  /** The sweep runs on 1 January 2027 with a 365-day maximum: rows up to 1 January 2026 go. */
  static final Instant SWEEP_AT = Instant.parse("2027-01-01T00:00:00Z");
  static final LocalDateTime CUTOFF = LocalDateTime.of(2026, 1, 1, 0, 0);
  static final int BATCH = 10_000;
  /**
   * Lethe bounds each transaction to at most this many rows: by key ranges (H2) or heap-page
   * ranges sized for the fullest possible page (PostgreSQL, where this table fills its pages
   * to about 40% of that, so about 82,000 rows per transaction). {@code -Dlethe.bench.batch}
   * changes it.
   */
  static final int LETHE_BATCH = Integer.getInteger("lethe.bench.batch", 200_000);

  private SweepMethods() {}

  /** One statement: {@code DELETE ... WHERE created_at <= ?}. */
  static long sqlSingle(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement(
            "DELETE FROM " + BenchDatabase.TABLE + " WHERE created_at <= ?")) {
      delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
      return delete.executeUpdate();
    }
  }

  /** Batches of 10,000 selected ids: select, {@code DELETE ... WHERE id = ANY(?)}, commit. */
  static long sqlBatched(DataSource dataSource) throws SQLException {
    long deleted = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select = c.prepareStatement("SELECT id FROM " + BenchDatabase.TABLE
              + " WHERE created_at <= ? LIMIT " + BATCH);
          PreparedStatement delete = c.prepareStatement(
              "DELETE FROM " + BenchDatabase.TABLE + " WHERE id = ANY(?)")) {
        while (true) {
          select.setTimestamp(1, Timestamp.valueOf(CUTOFF));
          List<Long> ids = new ArrayList<>(BATCH);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          if (ids.isEmpty()) {
            break;
          }
          Array array = c.createArrayOf("BIGINT", ids.toArray());
          delete.setArray(1, array);
          deleted += delete.executeUpdate();
          c.commit();
          if (ids.size() < BATCH) {
            break;
          }
        }
      }
    }
    return deleted;
  }

  /**
   * Lethe's sweep with its audit trail on, a legal hold checked, and checkpoints in the database.
   * Building the engine (opening the store against the metadata, creating Lethe's tables) is what
   * a host does once at start-up, so it happens here; the returned action is the sweep alone.
   */
  static Sweep lethe(DataSource dataSource) {
    Clock clock = Clock.fixed(SWEEP_AT, ZoneOffset.UTC);
    PrivacyPolicy policy = PrivacyPolicy.builder("bench")
        .controller("Bench", "privacy@bench.example").version("1")
        .effective(LocalDate.of(2025, 1, 1))
        .rule(RetentionRule.builder("events").categories("user.device.ip_address")
            .maximum("P365D").build())
        .build();
    JdbcStore store = JdbcStore.open(dataSource, JdbcMapping.builder("events")
        .table(BenchDatabase.TABLE, "id").category("user.device.ip_address")
        .subject("subject_id", IdentifierType.ACCOUNT_ID).collectedAt("created_at").build());
    AuditLog audit = AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(),
        SubjectHasher.withSecret("benchmark-secret-of-at-least-32-bytes".getBytes(
            StandardCharsets.UTF_8)), clock);
    LegalHolds holds = LegalHolds.create(new InMemoryHoldRegistry(), audit, clock);
    holds.holdSubject(SubjectRef.account("subject-not-in-the-table"), "benchmark hold", "bench",
        null);
    RetentionEngine engine = RetentionEngine.builder(policy).stores(store).audit(audit)
        .holds(holds).clock(clock)
        .checkpoints(JdbcCheckpointStore.of(dataSource).createTableIfMissing()).build();
    return () -> engine.sweep(SWEEP_AT, SweepOptions.defaults().batchSize(LETHE_BATCH))
        .totalProcessed();
  }

  /** A prepared way of deleting the expired rows, timed on its own. */
  @FunctionalInterface
  interface Sweep {
    long run() throws Exception;
  }
}
