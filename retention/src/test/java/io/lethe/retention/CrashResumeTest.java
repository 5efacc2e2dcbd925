package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.crash.CrashWorld;
import io.lethe.retention.crash.CrashingSweep;
import io.lethe.retention.crash.HaltingStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a sweep in a separate JVM at random points and resumes it here: whatever the kill point,
 * the resumed sweep must leave the tables exactly as an oracle computed from the policy says, the
 * audit trail must verify and account for every record (a batch that died after its commit shows
 * as a {@code SWEEP_INTERRUPTED} entry), and a further sweep must process nothing.
 *
 * <p>Each trial builds an H2 file database under {@code target/crash-resume/} with 3,000 jobs and
 * 500 accounts (about half of them due, one account under a legal hold), then starts {@link
 * CrashingSweep} in a new JVM with a random batch size (40 to 150) and a random kill point: after
 * a finished batch, or inside a batch just before or just after its transaction commits. The JVM
 * dies by {@code Runtime.halt(137)}: no shutdown hook, no connection closed.
 *
 * <ul>
 *   <li>Default: 20 trials from seed 20260601 (about a second and a half each).
 *   <li>Longer run: {@code ./mvnw test -pl retention -Dtest=CrashResumeTest
 *       -Dlethe.crash.trials=300}, optionally with {@code -Dlethe.crash.seed=<seed>}.
 *   <li>Replay one trial: {@code ./mvnw test -pl retention -Dtest=CrashResumeTest
 *       -Dlethe.crash.trial=<trial seed>} (each trial prints its seed).
 * </ul>
 */
class CrashResumeTest {

  private static final int JOBS = 3000;
  private static final int ACCOUNTS = 500;
  private static final long DEFAULT_SEED = 20260601L;
  private static final String[] MOMENTS = {CrashingSweep.BETWEEN_BATCHES,
      HaltingStore.When.BEFORE_COMMIT.name(), HaltingStore.When.AFTER_COMMIT.name()};
  private static final String JOBS_CATEGORY = "user.behavior.usage";
  private static final String IP_CATEGORY = "user.device.ip_address";
  private static final String ACCOUNTS_CATEGORY = "user.account";

  /** The class path of the killed JVMs; see {@link #snapshotClassPath()}. */
  private static String classPath;

  /**
   * Copies the project's own class directories and jars aside for the killed JVMs, which load
   * classes lazily: a build of the same tree running meanwhile must not swap them underneath.
   */
  @BeforeAll
  static void snapshotClassPath() throws IOException {
    Path snapshot = Path.of("target", "crash-resume", "classpath").toAbsolutePath();
    deleteRecursively(snapshot);
    Files.createDirectories(snapshot);
    List<String> entries = new ArrayList<>();
    String[] original = System.getProperty("java.class.path").split(File.pathSeparator);
    for (int i = 0; i < original.length; i++) {
      Path entry = Path.of(original[i]);
      boolean ours = Files.isDirectory(entry)
          || entry.toString().replace('\\', '/').contains("/io/lethe/");
      if (!ours || !Files.exists(entry)) {
        entries.add(original[i]);
        continue;
      }
      Path copy = snapshot.resolve(i + "-" + entry.getFileName());
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path file : files.toList()) {
            Path target = copy.resolve(entry.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else if (Files.exists(file)) {
              Files.copy(file, target);
            }
          }
        }
      } else {
        Files.copy(entry, copy);
      }
      entries.add(copy.toString());
    }
    classPath = String.join(File.pathSeparator, entries);
  }

  static Stream<Arguments> trials() {
    Long single = Long.getLong("lethe.crash.trial");
    if (single != null) {
      return Stream.of(Arguments.of(0, single));
    }
    long seed = Long.getLong("lethe.crash.seed", DEFAULT_SEED);
    int count = Integer.getInteger("lethe.crash.trials", 20);
    Random seeds = new Random(seed);
    System.out.println("CrashResumeTest: " + count + " trials from seed " + seed);
    List<Arguments> trials = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      trials.add(Arguments.of(i, seeds.nextLong()));
    }
    return trials.stream();
  }

  @ParameterizedTest(name = "trial {0}, seed {1}")
  @MethodSource("trials")
  void a_sweep_killed_anywhere_resumes_to_exactly_the_policys_state(int trial, long seed)
      throws Exception {
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      System.err.println("CrashResumeTest trial " + trial + " failed for seed " + seed
          + "; replay with: ./mvnw test -pl retention -Dtest=CrashResumeTest -Dlethe.crash.trial="
          + seed);
      throw e;
    }
  }

  private static void run(long seed) throws Exception {
    long t0 = System.nanoTime();
    Path dir = Path.of("target", "crash-resume", Long.toUnsignedString(seed)).toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    String url = CrashWorld.url(dir);
    DataSource dataSource = CrashWorld.dataSource(url);
    Random random = new Random(seed);
    CrashWorld.create(dataSource, random, JOBS, ACCOUNTS);
    Tables before = Tables.read(dataSource);
    Tables expected = Oracle.expected(before);
    Map<String, Long> due = Oracle.due(before, expected);
    int batchSize = 40 + random.nextInt(111);
    int batches = due.values().stream().mapToInt(n -> (int) ((n + batchSize - 1) / batchSize))
        .sum();
    String moment = MOMENTS[random.nextInt(MOMENTS.length)];
    int killAt = 1 + random.nextInt(batches);
    String trial = String.format("seed %d (batch size %d, killed %s batch %d of %d; due %s)",
        seed, batchSize, moment, killAt, batches, due);
    System.out.println("CrashResumeTest: " + trial);
    CrashWorld.shutdown(dataSource);

    long t1 = System.nanoTime();
    Path log = dir.resolve("killed-sweep.log");
    // C1 only and the serial collector: the short-lived JVM starts in less than half the time.
    Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classPath,
        CrashingSweep.class.getName(), url, Integer.toString(batchSize),
        Integer.toString(killAt), moment)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!killed.waitFor(120, TimeUnit.SECONDS)) {
      killed.destroyForcibly().waitFor();
    }
    assertThat(killed.exitValue()).as("%s: exit status of the killed sweep; its output:%n%s",
        trial, Files.readString(log)).isEqualTo(HaltingStore.KILLED);

    long t2 = System.nanoTime();
    DataSource reopened = CrashWorld.dataSource(url);
    AuditLog audit = CrashWorld.audit(reopened, Clock.fixed(CrashWorld.AT, ZoneOffset.UTC));
    RetentionEngine engine = CrashWorld.engine(reopened, audit, UnaryOperator.identity());
    SweepOptions options = SweepOptions.defaults().batchSize(batchSize);
    engine.sweep(CrashWorld.AT, options);

    Tables after = Tables.read(reopened);
    assertThat(after.differences(expected)).as("%s: tables after the resumed sweep", trial)
        .isEmpty();
    assertThat(audit.verify().intact()).as("%s: audit trail intact", trial).isTrue();
    List<AuditEntry> entries;
    try (Stream<AuditEntry> all = audit.entries()) {
      entries = all.toList();
    }
    List<AuditEntry> interrupted = entries.stream()
        .filter(e -> e.action() == AuditAction.SWEEP_INTERRUPTED).toList();
    if (moment.equals(CrashingSweep.BETWEEN_BATCHES)) {
      assertThat(interrupted).as("%s: interruptions recorded", trial).isEmpty();
    } else {
      assertThat(interrupted).as("%s: interruptions recorded", trial).singleElement()
          .satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.INTERRUPTED);
            assertThat(e.counts().get("in_flight")).isBetween(1L, (long) batchSize);
          });
    }
    for (Map.Entry<String, Long> target : due.entrySet()) {
      long audited = entries.stream()
          .filter(e -> e.action() == AuditAction.SWEEP_BATCH
              && e.outcome() == AuditOutcome.SUCCESS && e.category() != null
              && e.category().value().equals(target.getKey()))
          .mapToLong(e -> e.counts().getOrDefault("deleted", 0L)
              + e.counts().getOrDefault("anonymized", 0L))
          .sum();
      boolean lostHere = moment.equals(HaltingStore.When.AFTER_COMMIT.name())
          && interrupted.get(0).category().value().equals(target.getKey());
      if (lostHere) {
        assertThat(target.getValue() - audited)
            .as("%s: records of %s changed by the batch that died after its commit, which only"
                + " the interruption entry accounts for", trial, target.getKey())
            .isBetween(0L, interrupted.get(0).counts().get("in_flight"));
      } else {
        assertThat(audited).as("%s: records of %s the audit trail accounts for", trial,
            target.getKey()).isEqualTo(target.getValue());
      }
    }
    assertThat(count(reopened, "SELECT COUNT(*) FROM lethe_sweep_checkpoint"))
        .as("%s: checkpoints left", trial).isZero();

    SweepReport again = engine.sweep(CrashWorld.AT, options);
    assertThat(again.totalProcessed()).as("%s: a further sweep processed records;%n%s", trial,
        again.toTable()).isZero();
    assertThat(Tables.read(reopened).differences(expected)).as("%s: after a further sweep", trial)
        .isEmpty();
    CrashWorld.shutdown(reopened);
    deleteRecursively(dir);
    System.out.printf("CrashResumeTest: seed %d passed: set-up %d ms, killed JVM %d ms, resumed"
        + " and checked %d ms%n", seed, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
        (System.nanoTime() - t2) / 1_000_000);
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Both tables, row by row, column by column; timestamps as instants. */
  private record Tables(Map<Long, Map<String, Object>> jobs,
      Map<Long, Map<String, Object>> accounts) {

    static Tables read(DataSource dataSource) throws SQLException {
      return new Tables(table(dataSource, "jobs"), table(dataSource, "accounts"));
    }

    private static Map<Long, Map<String, Object>> table(DataSource dataSource, String table)
        throws SQLException {
      Map<Long, Map<String, Object>> rows = new TreeMap<>();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                value instanceof OffsetDateTime time ? time.toInstant() : value);
          }
          rows.put(((Number) row.get("id")).longValue(), row);
        }
      }
      return rows;
    }

    List<String> differences(Tables expected) {
      List<String> differences = new ArrayList<>();
      compare("jobs", jobs, expected.jobs(), differences);
      compare("accounts", accounts, expected.accounts(), differences);
      return differences.size() > 20 ? differences.subList(0, 20) : differences;
    }

    private static void compare(String table, Map<Long, Map<String, Object>> actual,
        Map<Long, Map<String, Object>> expected, List<String> differences) {
      Set<Long> ids = new java.util.TreeSet<>(actual.keySet());
      ids.addAll(expected.keySet());
      for (Long id : ids) {
        Map<String, Object> a = actual.get(id);
        Map<String, Object> e = expected.get(id);
        if (a == null) {
          differences.add(table + " " + id + ": deleted, the oracle keeps " + e);
        } else if (e == null) {
          differences.add(table + " " + id + ": kept " + a + ", the oracle deletes it");
        } else if (!a.equals(e)) {
          differences.add(table + " " + id + ": is " + a + ", the oracle says " + e);
        }
      }
    }
  }

  /**
   * What the policy says the tables hold after a sweep at {@link CrashWorld#AT}, from each row's
   * timeline and the legal hold; never asks the engine.
   */
  private static final class Oracle {

    static Tables expected(Tables before) {
      PrivacyPolicy policy = CrashWorld.policy();
      Set<SubjectRef> held = held(before);
      Map<Long, Map<String, Object>> jobs = new TreeMap<>();
      before.jobs().forEach((id, row) -> {
        if (isHeld(row, held)) {
          jobs.put(id, row);
          return;
        }
        AnchorTimes times = times(row, "created_at", Anchor.event("job.completed"),
            "completed_at");
        if (policy.timeline(JOBS_CATEGORY, times).isExpiredAt(CrashWorld.AT)) {
          return;
        }
        Map<String, Object> after = new TreeMap<>(row);
        if (policy.timeline(IP_CATEGORY, times).isExpiredAt(CrashWorld.AT)) {
          after.put("ip", null);
        }
        jobs.put(id, after);
      });
      Map<Long, Map<String, Object>> accounts = new TreeMap<>();
      before.accounts().forEach((id, row) -> {
        AnchorTimes times = times(row, "created_at", Anchor.ACCOUNT_CLOSED, "closed_at");
        Map<String, Object> after = new TreeMap<>(row);
        if (!isHeld(row, held)
            && policy.timeline(ACCOUNTS_CATEGORY, times).isExpiredAt(CrashWorld.AT)) {
          after.put("account_id", null);
          after.put("email", "*@example.com"); // every address is person<n>@example.com
          after.put("anonymized_at", CrashWorld.AT);
        }
        accounts.put(id, after);
      });
      return new Tables(jobs, accounts);
    }

    /** How many records each category's rule must process, by comparing before and after. */
    static Map<String, Long> due(Tables before, Tables expected) {
      Map<String, Long> due = new LinkedHashMap<>();
      due.put(JOBS_CATEGORY, (long) before.jobs().size() - expected.jobs().size());
      due.put(IP_CATEGORY, expected.jobs().entrySet().stream()
          .filter(e -> before.jobs().get(e.getKey()).get("ip") != null
              && e.getValue().get("ip") == null).count());
      due.put(ACCOUNTS_CATEGORY, expected.accounts().values().stream()
          .filter(row -> row.get("anonymized_at") != null).count());
      return due;
    }

    private static AnchorTimes times(Map<String, Object> row, String collected, Anchor event,
        String eventColumn) {
      AnchorTimes times = AnchorTimes.collectedAt((Instant) row.get(collected));
      Instant at = (Instant) row.get(eventColumn);
      return at == null ? times : times.with(event, at);
    }

    /** The held account and every identifier a row links to it, until nothing new appears. */
    private static Set<SubjectRef> held(Tables before) {
      Set<SubjectRef> held = new LinkedHashSet<>(List.of(
          SubjectRef.account(CrashWorld.HELD_ACCOUNT)));
      boolean grew = true;
      while (grew) {
        grew = false;
        for (Map<String, Object> row : before.accounts().values()) {
          Set<SubjectRef> ids = identities(row);
          if (ids.stream().anyMatch(held::contains)) {
            grew |= held.addAll(ids);
          }
        }
      }
      return held;
    }

    private static boolean isHeld(Map<String, Object> row, Set<SubjectRef> held) {
      return identities(row).stream().anyMatch(held::contains);
    }

    private static Set<SubjectRef> identities(Map<String, Object> row) {
      Map<String, Object> copy = new HashMap<>(row);
      Set<SubjectRef> ids = new LinkedHashSet<>();
      if (copy.get("account_id") != null) {
        ids.add(SubjectRef.account((String) copy.get("account_id")));
      }
      if (copy.get("email") != null) {
        ids.add(SubjectRef.email((String) copy.get("email")));
      }
      return ids;
    }
  }
}
