package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC audit storage on a real PostgreSQL server (see {@link TestPostgres}): the chain, the
 * hashed subjects, and tampering with rows by plain SQL caught and named.
 */
class PostgresAuditStorageTest {

  private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(
      StandardCharsets.UTF_8);
  private static final String ALICE = "alice@example.com";
  private static final String CHANGED = "entry %d was changed: its hash does not match its content";

  private final DataSource dataSource = TestPostgres.dataSource();
  private final String table = "audit_" + UUID.randomUUID().toString().replace("-", "");
  private final MutableClock clock = MutableClock.at(Instant.parse(
      "2026-01-10T10:00:00.123456789Z"));

  @AfterEach
  void dropTable() {
    update("DROP TABLE IF EXISTS " + table);
  }

  @Test
  void appended_entries_are_numbered_stamped_and_chained_and_every_field_survives() {
    // GIVEN an empty table
    AuditLog log = log();
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.verify().entriesChecked()).isZero();

    // WHEN a full and a minimal event are appended
    AuditEntry full = log.append(AuditEvent.of(AuditAction.ERASURE, "dsar-engine")
        .reference("req-42").store("crm_postgres").category(CategoryKey.of("user.contact.email"))
        .subject(SubjectRef.email(ALICE)).count("requested", 12).count("deleted", 9)
        .count("huge", Long.MAX_VALUE).outcome(AuditOutcome.PARTIAL)
        .detail("3 held: \"hold-7\"; ünïcödé\nnew line").build());
    clock.advance(Duration.ofSeconds(1));
    AuditEntry minimal = log.append(AuditEvent.of(AuditAction.SWEEP_INTERRUPTED,
        "retention-sweeper").outcome(AuditOutcome.INTERRUPTED).build());

    // THEN they are numbered, stamped to the microsecond, chained and read back exactly
    assertThat(full.sequence()).isEqualTo(1);
    assertThat(minimal.sequence()).isEqualTo(2);
    assertThat(full.at()).isEqualTo(Instant.parse("2026-01-10T10:00:00.123456Z"));
    assertThat(minimal.at()).isEqualTo(Instant.parse("2026-01-10T10:00:01.123456Z"));
    assertThat(full.previousHash()).isEqualTo(AuditEntry.GENESIS);
    assertThat(minimal.previousHash()).isEqualTo(full.hash());
    List<AuditEntry> read = entries(log());
    assertThat(read).containsExactly(full, minimal);
    assertThat(read.get(0).counts()).isEqualTo(Map.of("requested", 12L, "deleted", 9L, "huge",
        Long.MAX_VALUE));
    assertThat(read.get(0).detail()).isEqualTo("3 held: \"hold-7\"; ünïcödé\nnew line");
    assertThat(read.get(1).reference()).isNull();
    assertThat(read.get(1).counts()).isEmpty();
    AuditVerification verification = log.verify(log.head());
    assertThat(verification.intact()).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(2);
  }

  @Test
  void a_subject_is_stored_only_as_its_keyed_hash() {
    // GIVEN a log keyed with the host's secret
    AuditLog log = log();

    // WHEN Alice is named twice
    String first = log.append(erasure(SubjectRef.email(ALICE))).subjectHash();
    String second = log.append(erasure(SubjectRef.email(ALICE))).subjectHash();

    // THEN the rows hold only the HMAC, the same each time, never the email or its local part
    String expected = SubjectHasher.withSecret(SECRET).hash(SubjectRef.email(ALICE));
    assertThat(first).isEqualTo(expected).isEqualTo(second);
    assertThat(dump()).contains(expected).doesNotContain(ALICE)
        .doesNotContainIgnoringCase("alice");
  }

  @Test
  void a_changed_count_is_caught_and_named() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN the counts of row 2 are rewritten
    String counts = text("SELECT counts FROM " + table + " WHERE seq = 2");
    String changed = counts.replace("\"deleted\":2", "\"deleted\":99");
    assertThat(changed).isNotEqualTo(counts);
    update("UPDATE " + table + " SET counts = '" + changed + "' WHERE seq = 2");

    // THEN verify names entry 2
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @Test
  void a_changed_actor_is_caught_and_named() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN the actor of row 4 is rewritten
    update("UPDATE " + table + " SET actor = 'someone-else' WHERE seq = 4");

    // THEN verify names entry 4
    assertBroken(log.verify(), 4, 4, CHANGED.formatted(4));
  }

  @Test
  void a_removed_row_in_the_middle_is_caught_and_named() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN row 3 is deleted
    update("DELETE FROM " + table + " WHERE seq = 3");

    // THEN verify names entry 3 as missing
    assertBroken(log.verify(), 3, 3, "entry 3 is missing: entry 4 follows entry 2");
  }

  @Test
  void swapped_sequence_numbers_are_caught() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN rows 2 and 3 exchange sequence numbers
    update("UPDATE " + table + " SET seq = -1 WHERE seq = 2");
    update("UPDATE " + table + " SET seq = 2 WHERE seq = 3");
    update("UPDATE " + table + " SET seq = 3 WHERE seq = -1");

    // THEN the row now at 2 does not match its hash
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @Test
  void swapped_row_contents_are_caught() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN rows 2 and 3 exchange every column but the sequence number
    String columns = "recorded_at, actor, action, reference, store, category, subject_hash,"
        + " counts, outcome, detail, previous_hash, entry_hash";
    update("UPDATE " + table + " t SET (" + columns + ") = (SELECT " + columns + " FROM "
        + table + " o WHERE o.seq = 5 - t.seq) WHERE t.seq IN (2, 3)");

    // THEN the row at 2 does not match its hash
    assertThat(text("SELECT actor FROM " + table + " WHERE seq = 2")).isNotNull();
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @Test
  void rows_cut_off_the_end_are_caught_only_against_a_kept_head() {
    // GIVEN five entries and their head kept elsewhere
    AuditLog log = logWithFive();
    String keptHead = log.head();

    // WHEN rows 4 and 5 are deleted
    update("DELETE FROM " + table + " WHERE seq > 3");

    // THEN the chain alone looks intact, the kept head shows the cut
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.verify().entriesChecked()).isEqualTo(3);
    assertBroken(log.verify(keptHead), 3, 4,
        "the trail does not end at the expected head: entries after 3 were removed");
  }

  @Test
  void a_malformed_row_is_reported_not_thrown() {
    // GIVEN five entries
    AuditLog log = logWithFive();

    // WHEN row 3's action is not an action any more
    update("UPDATE " + table + " SET action = 'NO_SUCH_ACTION' WHERE seq = 3");

    // THEN verify reports the row
    assertBroken(log.verify(), 2, 3, "Audit entry 3 in table " + table + " is malformed");
  }

  @Test
  void two_hosts_appending_at_once_keep_one_chain_without_duplicate_numbers() throws Exception {
    // GIVEN two host instances, each with its own storage object over the table
    List<AuditLog> hosts = List.of(log(), log());
    int perHost = 30;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
    List<AuditEntry> appended = new ArrayList<>();
    try {
      // WHEN both append at once
      List<Future<List<AuditEntry>>> results = new ArrayList<>();
      for (AuditLog host : hosts) {
        Callable<List<AuditEntry>> task = () -> {
          start.await();
          List<AuditEntry> mine = new ArrayList<>();
          for (int i = 0; i < perHost; i++) {
            mine.add(host.append(sweep(i)));
          }
          return mine;
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<List<AuditEntry>> result : results) {
        appended.addAll(result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    // THEN the numbers are 1..n without duplicates and the chain is intact
    int total = perHost * hosts.size();
    List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
    assertThat(appended).extracting(AuditEntry::sequence).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(entries(hosts.get(1))).containsExactlyInAnyOrderElementsOf(appended);
    AuditVerification verification = hosts.get(1).verify(hosts.get(0).head());
    assertThat(verification.problem()).isEmpty();
    assertThat(verification.entriesChecked()).isEqualTo(total);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private AuditLog log() {
    return AuditLog.create(JdbcAuditStorage.of(dataSource, table).createTableIfMissing(),
        SubjectHasher.withSecret(SECRET), clock);
  }

  private AuditLog logWithFive() {
    AuditLog log = log();
    for (int i = 1; i <= 5; i++) {
      log.append(sweep(i));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(log.verify().intact()).as("the untouched trail is intact").isTrue();
    return log;
  }

  private static AuditEvent sweep(int batch) {
    return AuditEvent.of(AuditAction.SWEEP_BATCH, "retention-sweeper").reference("rule-" + batch)
        .store("crm").category(CategoryKey.of("user.contact")).count("deleted", batch)
        .count("requested", batch + 10L).build();
  }

  private static AuditEvent erasure(SubjectRef subject) {
    return AuditEvent.of(AuditAction.ERASURE, "dsar-engine").reference("req-1").store("crm")
        .subject(subject).count("deleted", 1).build();
  }

  private static List<AuditEntry> entries(AuditLog log) {
    try (Stream<AuditEntry> entries = log.entries()) {
      return entries.toList();
    }
  }

  private static void assertBroken(AuditVerification verification, long entriesChecked,
      long brokenAt, String problem) {
    assertThat(verification.problem()).contains(problem);
    assertThat(verification.intact()).isFalse();
    assertThat(verification.brokenAt()).as("brokenAt").isEqualTo(brokenAt);
    assertThat(verification.entriesChecked()).as("entriesChecked").isEqualTo(entriesChecked);
  }

  private void update(String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private String text(String sql) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Every column of every row as text, read with plain JDBC. */
  private String dump() {
    StringBuilder out = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY seq")) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          out.append(meta.getColumnName(column)).append('=').append(rs.getString(column))
              .append('|');
        }
        out.append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
