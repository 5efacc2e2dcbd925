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

/** The ways of deleting expired rows that the sweep benchmark compares. */
final class SweepMethods {

  /** The sweep runs on 1 January 2027 with a 365-day maximum: rows up to 1 January 2026 go. */
  static final Instant SWEEP_AT = Instant.parse("2027-01-01T00:00:00Z");

  static final LocalDateTime CUTOFF = LocalDateTime.of(2026, 1, 1, 0, 0);

  /** Rows per transaction of the hand-written batched sweep. */
  static final int BATCH = 10_000;

  /**
   * Lethe bounds each transaction to at most this many rows: by key ranges (H2) or heap-page ranges
   * sized for the fullest page this table's smallest possible row allows (PostgreSQL: 157 rows of
   * 52 bytes to a page, where the loaded rows fill about half of that, so about 100,000 rows per
   * transaction). {@code -Dlethe.bench.batch} changes it. The hand-written ranged sweep uses the
   * same bound.
   */
  static final int LETHE_BATCH = Integer.getInteger("lethe.bench.batch", 200_000);

  /** The batch size a sweep has when the host sets none ({@link SweepOptions#defaults}). */
  static final int DEFAULT_BATCH = SweepOptions.defaults().batchSize();

  private static final String DUE = "created_at <= ?";

  private SweepMethods() {}

  /** One statement: {@code DELETE ... WHERE created_at <= ?}. */
  static long sqlSingle(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM " + BenchDatabase.TABLE + " WHERE " + DUE)) {
      delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
      return delete.executeUpdate();
    }
  }

  /**
   * Batches of {@value #BATCH} ids, paged by key: {@code SELECT id ... WHERE created_at <= ? AND id
   * > <last id of the batch before> ORDER BY id LIMIT 10000}, then {@code DELETE ... WHERE id =
   * ANY(?)}, and a commit per batch. Each select starts where the last ended and reads the primary
   * key's index in order, so the whole sweep reads it once.
   *
   * @param dataSource the database
   * @param hint what follows the table's name in the select: H2 would read the {@code created_at}
   *     index and sort every due row for each batch unless told to use the primary key's ({@link
   *     #primaryKeyHint}); PostgreSQL reads the primary key by itself
   */
  static long sqlBatched(DataSource dataSource, String hint) throws SQLException {
    long deleted = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT id FROM "
                      + BenchDatabase.TABLE
                      + hint
                      + " WHERE "
                      + DUE
                      + " AND id > ? ORDER BY id LIMIT "
                      + BATCH);
          PreparedStatement delete =
              c.prepareStatement("DELETE FROM " + BenchDatabase.TABLE + " WHERE id = ANY(?)")) {
        long after = Long.MIN_VALUE;
        while (true) {
          select.setTimestamp(1, Timestamp.valueOf(CUTOFF));
          select.setLong(2, after);
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
          array.free();
          after = ids.get(ids.size() - 1);
          if (ids.size() < BATCH) {
            break;
          }
        }
      } finally {
        c.setAutoCommit(true);
      }
    }
    return deleted;
  }

  /**
   * {@return {@code " USE INDEX (<the primary key's index>)"} on H2, {@code ""} elsewhere}
   *
   * @param db the database, its table loaded
   */
  static String primaryKeyHint(BenchDatabase db) throws SQLException {
    if (!db.name.equals("h2")) {
      return "";
    }
    try (Connection c = db.dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT INDEX_NAME FROM"
                    + " INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = ? AND INDEX_TYPE_NAME ="
                    + " 'PRIMARY KEY'")) {
      s.setString(1, BenchDatabase.TABLE.toUpperCase(java.util.Locale.ROOT));
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no primary key on " + BenchDatabase.TABLE);
        }
        return " USE INDEX (" + rs.getString(1) + ")";
      }
    }
  }

  /**
   * The statements Lethe sends, written by hand: the keys' bounds read once, then {@code DELETE ...
   * WHERE created_at <= ? AND id > ? AND id <= ?} over consecutive ranges of {@code bound} keys,
   * each statement its own transaction (autocommit), as Lethe bounds its pages.
   */
  static long sqlRanged(DataSource dataSource, int bound) throws SQLException {
    long deleted = 0;
    try (Connection c = dataSource.getConnection()) {
      long low;
      long high;
      try (PreparedStatement range =
              c.prepareStatement("SELECT MIN(id), MAX(id) FROM " + BenchDatabase.TABLE);
          ResultSet rs = range.executeQuery()) {
        rs.next();
        if (rs.getObject(1) == null) {
          return 0;
        }
        low = rs.getLong(1) - 1;
        high = rs.getLong(2);
      }
      try (PreparedStatement delete =
          c.prepareStatement(
              "DELETE FROM " + BenchDatabase.TABLE + " WHERE " + DUE + " AND id > ? AND id <= ?")) {
        for (long from = low; from < high; from += bound) {
          delete.setTimestamp(1, Timestamp.valueOf(CUTOFF));
          delete.setLong(2, from);
          delete.setLong(3, Math.min(high, from + bound));
          deleted += delete.executeUpdate();
        }
      }
    }
    return deleted;
  }

  /**
   * Lethe's sweep with its audit trail on, a legal hold checked, and checkpoints in the database.
   * Building the engine (opening the store against the metadata, creating Lethe's tables) is what a
   * host does once at start-up, so it happens here; the returned action is the sweep alone, in
   * batches of {@code batchSize}.
   */
  static Sweep lethe(DataSource dataSource, int batchSize) {
    Clock clock = Clock.fixed(SWEEP_AT, ZoneOffset.UTC);
    PrivacyPolicy policy =
        PrivacyPolicy.builder("bench")
            .controller("Bench", "privacy@bench.example")
            .version("1")
            .effective(LocalDate.of(2025, 1, 1))
            .rule(
                RetentionRule.builder("events")
                    .categories("user.device.ip_address")
                    .maximum("P365D")
                    .build())
            .build();
    JdbcStore store =
        JdbcStore.open(
            dataSource,
            JdbcMapping.builder("events")
                .table(BenchDatabase.TABLE, "id")
                .category("user.device.ip_address")
                .subject("subject_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build());
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)),
            clock);
    LegalHolds holds = LegalHolds.create(new InMemoryHoldRegistry(), audit, clock);
    holds.holdSubject(
        SubjectRef.account("subject-not-in-the-table"), "benchmark hold", "bench", null);
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(store)
            .audit(audit)
            .holds(holds)
            .clock(clock)
            .checkpoints(JdbcCheckpointStore.of(dataSource).createTableIfMissing())
            .build();
    return () ->
        engine.sweep(SWEEP_AT, SweepOptions.defaults().batchSize(batchSize)).totalProcessed();
  }

  /** A prepared way of deleting the expired rows, timed on its own. */
  @FunctionalInterface
  interface Sweep {
    long run() throws Exception;
  }
}
