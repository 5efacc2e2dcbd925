package io.lethe.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.lethe.core.audit.TamperableTrail.FileTrail;
import io.lethe.core.audit.TamperableTrail.JdbcTrail;
import io.lethe.core.audit.TamperableTrail.Kind;
import io.lethe.core.audit.TamperableTrail.Opener;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit trail on both shipped storages: numbering, clock and chaining; subjects only as keyed
 * hashes; tampering with the stored form caught and named; several host instances sharing one
 * trail; every field surviving storage.
 *
 * <p>The trails come from {@link #trails()}, {@link #files()} and {@link #tables()}; the testkit
 * runs every test again on PostgreSQL by overriding them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {

  private static final byte[] SECRET = bytes(32, 7);
  private static final byte[] OTHER_SECRET = bytes(32, 8);

  /** Nanoseconds on purpose: entries keep microseconds. */
  private static final Instant T0 = Instant.parse("2026-01-10T10:00:00.123456789Z");

  private static final String ALICE = "alice@example.com";
  private static final String CHANGED = "entry %d was changed: its hash does not match its content";

  @TempDir Path folder;

  private SettableClock clock;
  private final List<TamperableTrail> opened = new ArrayList<>();

  /** {@return every kind of trail the parameterized tests run on} */
  Stream<Opener> trails() {
    return Stream.of(Kind.values());
  }

  /** {@return the file trails, for what only a file allows (moving lines)} */
  Stream<Opener> files() {
    return Stream.of(Kind.JSON_LINES);
  }

  /** {@return the table trails, for what only a table allows (swapping columns)} */
  Stream<Opener> tables() {
    return Stream.of(Kind.JDBC_H2);
  }

  @BeforeEach
  void resetClock() {
    clock = SettableClock.at(T0);
  }

  @AfterEach
  void closeTrails() {
    opened.forEach(TamperableTrail::close);
    opened.clear();
  }

  // ---- numbering, time and chaining -------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void appended_entries_are_numbered_stamped_by_the_clock_and_chained(Opener kind) {
    // GIVEN an empty trail and a clock with nanoseconds
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);

    // WHEN three events are appended a second apart
    List<AuditEntry> appended = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      appended.add(log.append(sweep(i)));
      clock.advance(Duration.ofSeconds(1));
    }

    // THEN they are numbered 1..3, stamped by the clock to the microsecond, and chained
    Instant micros = Instant.parse("2026-01-10T10:00:00.123456Z");
    assertThat(appended).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L);
    assertThat(appended)
        .extracting(AuditEntry::at)
        .containsExactly(micros, micros.plusSeconds(1), micros.plusSeconds(2));
    assertThat(appended)
        .extracting(AuditEntry::previousHash)
        .containsExactly(AuditEntry.GENESIS, appended.get(0).hash(), appended.get(1).hash());
    assertThat(appended)
        .allSatisfy(
            entry -> {
              assertThat(entry.hash()).matches("[0-9a-f]{64}").isEqualTo(entry.computeHash());
              assertThat(entry.isIntact()).isTrue();
            });
    assertThat(entries(log)).containsExactlyElementsOf(appended);
    assertThat(log.head()).isEqualTo(appended.get(2).hash());
    AuditVerification verification = log.verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(3);
    assertThat(verification.brokenAt()).isZero();
    assertThat(verification.problem()).isEmpty();
    assertThat(log.verify(log.head()).intact()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("trails")
  void an_empty_trail_verifies_as_intact(Opener kind) {
    // GIVEN a trail nothing was appended to
    AuditLog log = log(open(kind));

    // WHEN it is verified, alone and against the genesis head
    AuditVerification alone = log.verify();
    AuditVerification againstHead = log.verify(log.head());

    // THEN it is intact, with nothing checked
    assertThat(log.head()).isEqualTo(AuditEntry.GENESIS);
    assertThat(alone).isEqualTo(new AuditVerification(true, 0, 0, Optional.empty()));
    assertThat(againstHead.intact()).isTrue();
    assertThat(entries(log)).isEmpty();
  }

  // ---- subjects only as keyed hashes ------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void a_subject_is_stored_only_as_its_keyed_hash(Opener kind) {
    // GIVEN a trail
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);

    // WHEN two events name Alice by email and one names Bob
    AuditEntry first = log.append(erasure(SubjectRef.email(ALICE)));
    AuditEntry second =
        log.append(
            AuditEvent.of(AuditAction.EXPORT, "dsar-engine")
                .reference("req-2")
                .subject(SubjectRef.email(ALICE))
                .build());
    AuditEntry bob = log.append(erasure(SubjectRef.email("bob@example.com")));

    // THEN the stored form never holds the email or its local part, only the HMAC of it
    String expected = SubjectHasher.withSecret(SECRET).hash(SubjectRef.email(ALICE));
    String raw = trail.raw();
    assertThat(raw)
        .isNotBlank()
        .doesNotContain(ALICE)
        .doesNotContainIgnoringCase("alice")
        .doesNotContain("bob")
        .contains(expected);
    assertThat(first.subjectHash()).matches("[0-9a-f]{64}").isEqualTo(expected);
    assertThat(second.subjectHash()).isEqualTo(expected);
    assertThat(bob.subjectHash()).isNotEqualTo(expected);
    assertThat(entries(log))
        .extracting(AuditEntry::subjectHash)
        .containsExactly(expected, expected, bob.subjectHash());
    assertThat(log.verify().intact()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("trails")
  void the_same_subject_gets_the_same_hash_and_another_secret_gives_another(Opener kind) {
    // GIVEN two hosts with the same secret and one with another, each on its own trail
    AuditLog host = log(open(kind));
    AuditLog sameSecret =
        AuditLog.create(open(kind).storage(), SubjectHasher.withSecret(SECRET.clone()), clock);
    AuditLog otherSecret =
        AuditLog.create(open(kind).storage(), SubjectHasher.withSecret(OTHER_SECRET), clock);

    // WHEN each records Alice
    String hash = host.append(erasure(SubjectRef.email(ALICE))).subjectHash();
    String again = sameSecret.append(erasure(SubjectRef.email(ALICE))).subjectHash();
    String other = otherSecret.append(erasure(SubjectRef.email(ALICE))).subjectHash();

    // THEN the same secret gives the same hash, another secret another one
    assertThat(again).isEqualTo(hash);
    assertThat(other).matches("[0-9a-f]{64}").isNotEqualTo(hash);
  }

  @Test
  void the_subject_hasher_rejects_secrets_shorter_than_32_bytes() {
    // GIVEN secrets of 31, 0 and 32 bytes
    // WHEN hashers are made with them
    // THEN the short ones are rejected without showing the secret, 32 bytes are enough
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SubjectHasher.withSecret(bytes(31, 1)))
        .withMessage("the subject-hashing secret needs at least 32 bytes, got 31");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SubjectHasher.withSecret(new byte[0]))
        .withMessage("the subject-hashing secret needs at least 32 bytes, got 0");
    assertThatNullPointerException().isThrownBy(() -> SubjectHasher.withSecret(null));
    assertThat(SubjectHasher.withSecret(bytes(32, 1)).hash(SubjectRef.email(ALICE)))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void the_hasher_keeps_its_own_copy_of_the_secret() {
    // GIVEN a hasher made from a secret array
    byte[] secret = SECRET.clone();
    SubjectHasher hasher = SubjectHasher.withSecret(secret);
    String before = hasher.hash(SubjectRef.email(ALICE));

    // WHEN the caller wipes its array
    Arrays.fill(secret, (byte) 0);

    // THEN the hasher still hashes with the original secret
    assertThat(hasher.hash(SubjectRef.email(ALICE))).isEqualTo(before);
  }

  // ---- tampering --------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void a_changed_count_is_caught_and_named(Opener kind) {
    // GIVEN five entries
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN the deleted count of entry 2 is raised in the stored form
    trail.changeCount(2, "deleted", 99);

    // THEN verify names entry 2 as changed
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @ParameterizedTest
  @MethodSource("trails")
  void a_changed_actor_is_caught_and_named(Opener kind) {
    // GIVEN five entries
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN the actor of entry 4 is rewritten in the stored form
    trail.changeActor(4, "someone-else");

    // THEN verify names entry 4 as changed, having checked four entries
    assertBroken(log.verify(), 4, 4, CHANGED.formatted(4));
  }

  @ParameterizedTest
  @MethodSource("trails")
  void a_changed_entry_with_a_recomputed_hash_breaks_the_link_of_the_next(Opener kind) {
    // GIVEN five entries
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);
    AuditEntry original = entries(log).get(2);

    // WHEN entry 3's actor is changed and its own hash recomputed to match
    AuditEntry forged = withActor(original, "someone-else");
    assertThat(forged.isIntact()).isTrue();
    trail.replace(3, forged);

    // THEN entry 3 passes on its own, but entry 4 no longer links to it
    assertBroken(
        log.verify(),
        4,
        4,
        "entry 4 does not link to the entry before it: entries"
            + " were removed, replaced or reordered");
  }

  @ParameterizedTest
  @MethodSource("trails")
  void a_removed_entry_in_the_middle_is_caught_and_named(Opener kind) {
    // GIVEN five entries
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN entry 3 is removed
    trail.remove(3);

    // THEN verify names entry 3 as missing
    assertBroken(log.verify(), 3, 3, "entry 3 is missing: entry 4 follows entry 2");
  }

  @ParameterizedTest
  @MethodSource("trails")
  void removed_entries_at_the_start_are_caught_and_named(Opener kind) {
    // GIVEN five entries
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN entries 1 and 2 are removed
    trail.remove(2);
    trail.remove(1);

    // THEN verify names both as missing
    assertBroken(log.verify(), 1, 1, "entries 1 to 2 are missing: entry 3 follows entry 0");
  }

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("files")
  void swapped_lines_in_the_file_are_caught_as_out_of_place(Opener kind) {
    // GIVEN five entries in a file
    FileTrail trail = (FileTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN lines 2 and 3 are swapped
    trail.swap(2, 3);

    // THEN verify says entry 3 is out of place at position 2 (not that entry 2 is missing)
    assertBroken(log.verify(), 2, 2, "entry 3 is out of place: found at position 2");
  }

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("files")
  void an_entry_moved_to_the_end_of_the_file_is_caught_as_out_of_place(Opener kind) {
    // GIVEN five entries in a file
    FileTrail trail = (FileTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN line 2 is moved to the end
    List<String> lines = trail.lines();
    lines.add(lines.remove(1));
    trail.writeLines(lines);

    // THEN verify says entry 3 is out of place at position 2
    assertBroken(log.verify(), 2, 2, "entry 3 is out of place: found at position 2");
  }

  @ParameterizedTest
  @MethodSource("tables")
  void swapped_sequence_numbers_in_the_table_are_caught_as_changed(Opener kind) {
    // GIVEN five entries in a table
    JdbcTrail trail = (JdbcTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN rows 2 and 3 swap sequence numbers (which reorders them)
    trail.swap(2, 3);

    // THEN the row now read at sequence 2 no longer matches its hash
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @ParameterizedTest
  @MethodSource("tables")
  void swapped_row_contents_in_the_table_are_caught_as_changed(Opener kind) {
    // GIVEN five entries in a table
    JdbcTrail trail = (JdbcTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN rows 2 and 3 swap every column but the sequence number
    trail.swapContent(2, 3);

    // THEN the row at sequence 2 no longer matches its hash
    assertThat(trail.raw()).isNotBlank();
    assertBroken(log.verify(), 2, 2, CHANGED.formatted(2));
  }

  @ParameterizedTest
  @MethodSource("trails")
  void entries_cut_off_the_end_are_caught_only_against_a_kept_head(Opener kind) {
    // GIVEN five entries and their head kept elsewhere
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);
    String keptHead = log.head();

    // WHEN entries 4 and 5 are cut off
    trail.cutAfter(3);

    // THEN the chain alone still looks intact, but not against the kept head
    AuditVerification alone = log.verify();
    assertThat(alone.intact()).isTrue();
    assertThat(alone.entriesChecked()).isEqualTo(3);
    assertBroken(
        log.verify(keptHead),
        3,
        4,
        "the trail does not end at the expected head: entries after 3 were removed");
  }

  @ParameterizedTest
  @MethodSource("trails")
  void a_trail_cut_to_nothing_is_caught_against_a_kept_head(Opener kind) {
    // GIVEN five entries and their head kept elsewhere
    TamperableTrail trail = open(kind);
    AuditLog log = logWithFive(trail);
    String keptHead = log.head();

    // WHEN every entry is removed
    trail.cutAfter(0);

    // THEN only the kept head shows it
    assertThat(log.verify().intact()).isTrue();
    assertBroken(
        log.verify(keptHead),
        0,
        1,
        "the trail does not end at the expected head: entries after 0 were removed");
  }

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("files")
  void a_garbled_line_in_the_file_is_reported_not_thrown(Opener kind) {
    // GIVEN five entries in a file
    FileTrail trail = (FileTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN line 3 is overwritten with something that is not JSON
    trail.garble(3, "{\"sequence\":3, this is not json");

    // THEN verify reports the line instead of throwing
    assertBroken(
        log.verify(), 2, 3, "Line 3 of audit file " + trail.file + " is not an audit entry");
  }

  @ParameterizedTest
  @MethodSource("tables")
  void a_malformed_row_in_the_table_is_reported_not_thrown(Opener kind) {
    // GIVEN five entries in a table
    JdbcTrail trail = (JdbcTrail) open(kind);
    AuditLog log = logWithFive(trail);

    // WHEN the counts of row 3 are overwritten with something that is not JSON
    trail.setColumn(3, "counts", "not json");

    // THEN verify reports the row instead of throwing
    assertBroken(log.verify(), 2, 3, "Audit entry 3 in table " + trail.table + " is malformed");
  }

  // ---- entries stored together ----------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void entries_recorded_together_are_stored_when_the_work_ends_in_order_and_chained(Opener kind) {
    // GIVEN a trail with one entry, and another host appending to it
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);
    AuditLog otherHost = log(trail);
    log.append(sweep(1));

    // WHEN three events are recorded together a second apart, with a nested call among them
    List<Long> storedDuringWork = new ArrayList<>();
    String result =
        log.together(
            () -> {
              log.record(sweep(2));
              clock.advance(Duration.ofSeconds(1));
              log.together(
                  () -> {
                    log.record(sweep(3));
                    return null;
                  });
              clock.advance(Duration.ofSeconds(1));
              log.record(sweep(4));
              try (Stream<AuditEntry> stored = otherHost.entries()) {
                storedDuringWork.add(stored.count());
              }
              return "done";
            });

    // THEN nothing was stored until the work ended; then all three, after the first, chained,
    // each stamped when it was recorded
    assertThat(result).isEqualTo("done");
    assertThat(storedDuringWork).containsExactly(1L);
    List<AuditEntry> entries = entries(log);
    assertThat(entries).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(entries).extracting(e -> e.counts().get("deleted")).containsExactly(1L, 2L, 3L, 4L);
    Instant micros = Instant.parse("2026-01-10T10:00:00.123456Z");
    assertThat(entries)
        .extracting(AuditEntry::at)
        .containsExactly(micros, micros, micros.plusSeconds(1), micros.plusSeconds(2));
    assertThat(log.verify(otherHost.head()).intact()).isTrue();
    assertThat(log.verify().entriesChecked()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("trails")
  void an_entry_appended_inside_together_is_stored_at_once_after_those_held(Opener kind) {
    // GIVEN work that records one event, then appends one and reads the stored entry
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);

    // WHEN it runs together
    AuditEntry appended =
        log.together(
            () -> {
              log.record(sweep(1));
              return log.append(sweep(2));
            });

    // THEN the held entry was stored before the appended one, which comes back as stored
    assertThat(appended.sequence()).isEqualTo(2);
    assertThat(entries(log)).extracting(e -> e.counts().get("deleted")).containsExactly(1L, 2L);
    assertThat(entries(log).get(1)).isEqualTo(appended);
    assertThat(log.verify().intact()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("trails")
  void entries_of_work_that_fails_are_stored_and_the_failure_goes_on(Opener kind) {
    // GIVEN work that records two events and then fails
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);
    IllegalStateException failure = new IllegalStateException("store down");

    // WHEN it runs together
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                log.together(
                    () -> {
                      log.record(sweep(1));
                      log.record(sweep(2));
                      throw failure;
                    }));

    // THEN the failure reaches the caller, and what the work did before it is in the trail
    assertThat(thrown).isSameAs(failure);
    assertThat(entries(log)).extracting(AuditEntry::sequence).containsExactly(1L, 2L);
    assertThat(log.verify().intact()).isTrue();
    // and the thread records one at a time again afterwards
    log.record(sweep(3));
    assertThat(entries(log)).hasSize(3);
  }

  // ---- several host instances ------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void two_hosts_appending_in_turn_keep_one_chain(Opener kind) {
    // GIVEN two host instances, each with its own log and storage object over one trail
    TamperableTrail trail = open(kind);
    AuditLog hostA = log(trail);
    AuditLog hostB = log(trail);

    // WHEN they append in turn
    List<AuditEntry> appended = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      appended.add((i % 2 == 0 ? hostB : hostA).append(sweep(i)));
      clock.advance(Duration.ofMillis(1));
    }

    // THEN there is one chain numbered 1..10, verified intact from either host
    assertThat(appended)
        .extracting(AuditEntry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    assertThat(entries(hostA)).containsExactlyElementsOf(appended);
    assertThat(hostA.verify().intact()).isTrue();
    assertThat(hostB.verify(hostA.head()).entriesChecked()).isEqualTo(10);
    assertThat(hostB.verify(hostA.head()).intact()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("trails")
  void two_hosts_appending_at_once_keep_one_chain_without_duplicate_numbers(Opener kind)
      throws Exception {
    // GIVEN two host instances over one trail, two threads each, released at the same moment
    TamperableTrail trail = open(kind);

    // WHEN each thread appends 20 entries
    appendAtOnceAndCheck(trail, 2, 80);
  }

  @ParameterizedTest
  @MethodSource("tables")
  void eight_threads_on_each_of_two_hosts_append_5000_entries_without_one_failure(Opener kind)
      throws Exception {
    // GIVEN two host instances over one table, eight threads each, released at the same moment
    TamperableTrail trail = open(kind);

    // WHEN they append 5,000 entries in all, as fast as they can
    appendAtOnceAndCheck(trail, 8, 5_000);
  }

  /**
   * Two hosts with their own log over one trail append {@code total} entries from {@code
   * threadsPerHost} threads each, all started at once; then checks that every append succeeded with
   * a number of its own and that the trail is one intact chain of them all.
   */
  private void appendAtOnceAndCheck(TamperableTrail trail, int threadsPerHost, int total)
      throws Exception {
    List<AuditLog> hosts = List.of(log(trail), log(trail));
    int threads = hosts.size() * threadsPerHost;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<AuditEntry> appended = new ArrayList<>();
    try {
      List<Future<List<AuditEntry>>> results = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        AuditLog host = hosts.get(thread % hosts.size());
        int count = total / threads + (thread < total % threads ? 1 : 0);
        Callable<List<AuditEntry>> task =
            () -> {
              start.await();
              List<AuditEntry> mine = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                mine.add(host.append(sweep(i)));
              }
              return mine;
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<List<AuditEntry>> result : results) {
        appended.addAll(result.get(5, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    // THEN every append got its own number, and the trail is one intact chain of all of them
    List<Long> dense = LongStream.rangeClosed(1, total).boxed().toList();
    assertThat(appended)
        .extracting(AuditEntry::sequence)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(dense);
    assertThat(entries(hosts.get(0)))
        .extracting(AuditEntry::sequence)
        .containsExactlyElementsOf(dense);
    assertThat(entries(hosts.get(0))).containsExactlyInAnyOrderElementsOf(appended);
    AuditVerification verification = hosts.get(1).verify(hosts.get(0).head());
    assertThat(verification.problem()).isEmpty();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(total);
  }

  // ---- round trip -------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("trails")
  void every_field_survives_a_round_trip_exactly(Opener kind) {
    // GIVEN a trail
    TamperableTrail trail = open(kind);
    AuditLog log = log(trail);

    // WHEN a fully filled event and a minimal one are appended
    AuditEntry full =
        log.append(
            AuditEvent.of(AuditAction.ERASURE, "dsar-engine")
                .reference("req-2026-0042")
                .store("crm_postgres")
                .category(CategoryKey.of("user.contact.email"))
                .subject(SubjectRef.account("acct-981"))
                .count("requested", 12)
                .count("deleted", 9)
                .count("anonymized", 0)
                .count("skipped_held", 3)
                .count("huge", Long.MAX_VALUE)
                .count("negative", -1)
                .outcome(AuditOutcome.PARTIAL)
                .detail("3 records held: \"hold-7\"; ünïcödé, tab\tand\nnew line")
                .build());
    clock.advance(Duration.ofNanos(1_500));
    AuditEntry minimal =
        log.append(
            AuditEvent.of(AuditAction.SWEEP_INTERRUPTED, "retention-sweeper")
                .outcome(AuditOutcome.INTERRUPTED)
                .build());

    // THEN reading back through a fresh storage object gives the same entries, field by field
    AuditLog reader = log(trail);
    List<AuditEntry> read = entries(reader);
    assertThat(read).containsExactly(full, minimal);
    AuditEntry back = read.get(0);
    assertThat(back.sequence()).isEqualTo(1);
    assertThat(back.at()).isEqualTo(Instant.parse("2026-01-10T10:00:00.123456Z"));
    assertThat(back.actor()).isEqualTo("dsar-engine");
    assertThat(back.action()).isEqualTo(AuditAction.ERASURE);
    assertThat(back.reference()).isEqualTo("req-2026-0042");
    assertThat(back.store()).isEqualTo("crm_postgres");
    assertThat(back.category()).isEqualTo(CategoryKey.of("user.contact.email"));
    assertThat(back.subjectHash())
        .isEqualTo(SubjectHasher.withSecret(SECRET).hash(SubjectRef.account("acct-981")));
    assertThat(back.counts())
        .isEqualTo(
            Map.of(
                "requested",
                12L,
                "deleted",
                9L,
                "anonymized",
                0L,
                "skipped_held",
                3L,
                "huge",
                Long.MAX_VALUE,
                "negative",
                -1L));
    assertThat(back.outcome()).isEqualTo(AuditOutcome.PARTIAL);
    assertThat(back.detail()).isEqualTo("3 records held: \"hold-7\"; ünïcödé, tab\tand\nnew line");
    assertThat(back.isIntact()).isTrue();
    AuditEntry none = read.get(1);
    assertThat(none.at()).isEqualTo(Instant.parse("2026-01-10T10:00:00.123458Z"));
    assertThat(none.reference()).isNull();
    assertThat(none.store()).isNull();
    assertThat(none.category()).isNull();
    assertThat(none.subjectHash()).isNull();
    assertThat(none.counts()).isEmpty();
    assertThat(none.detail()).isNull();
    assertThat(none.outcome()).isEqualTo(AuditOutcome.INTERRUPTED);
    assertThat(reader.verify(log.head()).intact()).isTrue();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private TamperableTrail open(Opener kind) {
    TamperableTrail trail = kind.open(folder);
    opened.add(trail);
    return trail;
  }

  private AuditLog log(TamperableTrail trail) {
    return AuditLog.create(trail.storage(), SubjectHasher.withSecret(SECRET), clock);
  }

  private AuditLog logWithFive(TamperableTrail trail) {
    AuditLog log = log(trail);
    for (int i = 1; i <= 5; i++) {
      log.append(sweep(i));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(log.verify().intact()).as("the untouched trail is intact").isTrue();
    return log;
  }

  private static AuditEvent sweep(int batch) {
    return AuditEvent.of(AuditAction.SWEEP_BATCH, "retention-sweeper")
        .reference("rule-" + batch)
        .store("crm")
        .category(CategoryKey.of("user.contact"))
        .count("deleted", batch)
        .count("requested", batch + 10L)
        .build();
  }

  private static AuditEvent erasure(SubjectRef subject) {
    return AuditEvent.of(AuditAction.ERASURE, "dsar-engine")
        .reference("req-1")
        .store("crm")
        .subject(subject)
        .count("deleted", 1)
        .build();
  }

  private static AuditEntry withActor(AuditEntry e, String actor) {
    AuditEntry unsealed =
        new AuditEntry(
            e.sequence(),
            e.at(),
            actor,
            e.action(),
            e.reference(),
            e.store(),
            e.category(),
            e.subjectHash(),
            e.counts(),
            e.outcome(),
            e.detail(),
            e.previousHash(),
            "");
    return new AuditEntry(
        e.sequence(),
        e.at(),
        actor,
        e.action(),
        e.reference(),
        e.store(),
        e.category(),
        e.subjectHash(),
        e.counts(),
        e.outcome(),
        e.detail(),
        e.previousHash(),
        unsealed.computeHash());
  }

  private static List<AuditEntry> entries(AuditLog log) {
    try (Stream<AuditEntry> entries = log.entries()) {
      return entries.toList();
    }
  }

  private static void assertBroken(
      AuditVerification verification, long entriesChecked, long brokenAt, String problem) {
    assertThat(verification.problem()).contains(problem);
    assertThat(verification.intact()).isFalse();
    assertThat(verification.brokenAt()).as("brokenAt").isEqualTo(brokenAt);
    assertThat(verification.entriesChecked()).as("entriesChecked").isEqualTo(entriesChecked);
  }

  private static byte[] bytes(int length, int seed) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (seed * 31 + i);
    }
    return out;
  }
}
