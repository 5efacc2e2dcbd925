package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.crash.CrashWorld;
import io.lethe.retention.crash.KilledRun;
import io.lethe.retention.crash.TransactionMarks;
import io.lethe.retention.spi.ErasureLedger;
import io.lethe.testsupport.TestPostgres;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a sweep, or a run of erasures, in a separate JVM at a random instant ({@code SIGKILL}),
 * then retries the work here: whatever the instant, the retry must leave the tables exactly as an
 * oracle computed from the policy says, the audit trail must verify and account for every record no
 * more than once, and receipts must tell exactly what the attempts that reached the ledger did.
 *
 * <p>Each trial builds a database with 2,000 jobs and 400 accounts (about half of them due, one
 * account under a legal hold): an H2 file database under {@code target/crash-resume/}, or a
 * PostgreSQL database of its own on the test server. It then starts {@link KilledRun} in a new JVM,
 * which sweeps (batches of 40 to 150, or of 200 to 500, which on PostgreSQL delete ranges of heap
 * pages rather than of keys) or erases seven or eight account ids one after the other (the held one
 * in half the trials), and kills that JVM a random delay after it printed that the work starts: a
 * seeded fraction (0 to 1.2) of how long the work took when last not killed in this test run. So
 * the kill lands anywhere: inside a store's open transaction, between a delete and its audit entry,
 * between the audit entry and the checkpoint, between tombstones and deletes; now and then after
 * the work ended. The killed JVM prints a mark as each write opens and ends ({@link
 * TransactionMarks}); its last mark tells where the kill landed, and the test prints it.
 *
 * <p>The retry is the next sweep, or the same erasures again with the same references. A JVM that
 * neither finishes nor dies within the timeouts fails the trial as a HANG; one that exits on its
 * own with a failure fails it too.
 *
 * <ul>
 *   <li>Default: 20 trials from seed 20260601 (trial {@code i} uses seed {@code 20260601 + i}; the
 *       seed modulo 4 picks H2 or PostgreSQL, sweep or erasure).
 *   <li>Longer run: {@code ./mvnw test -pl retention -am -Dtest=CrashResumeTest
 *       -Dlethe.crash.trials=300}, optionally with {@code -Dlethe.crash.seed=<first seed>}.
 *   <li>Replay one trial: {@code -Dlethe.crash.seed=<its seed> -Dlethe.crash.trials=1} (each trial
 *       prints its seed), with {@code -Dlethe.crash.delayMs=<the delay it printed>}. The data,
 *       batch size, subjects and delay replay exactly; where in the work the kill lands depends on
 *       the machine's speed at the time.
 * </ul>
 */
class CrashResumeTest {

  private static final int JOBS = 2000;
  private static final int ACCOUNTS = 400;
  private static final long DEFAULT_SEED = 20260601L;
  private static final String JOBS_CATEGORY = "user.behavior.usage";
  private static final String IP_CATEGORY = "user.device.ip_address";
  private static final String ACCOUNTS_CATEGORY = "user.account";

  /** How long the killed JVM may take to start its work, and to die once killed or finished. */
  private static final long READY_TIMEOUT_SECONDS = 120;

  private static final long EXIT_TIMEOUT_SECONDS = 60;

  /** How much later than the work's expected length the kill may come, as a fraction of it. */
  private static final double KILL_WINDOW = 1.2;

  /** C1 only and the serial collector: the short-lived JVM starts in half the time. */
  private static final List<String> CHILD_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  /** The class path of the killed JVMs; see {@link #snapshotClassPath()}. */
  private static String classPath;

  /** The options of the killed JVMs; see {@link #archiveClasses()}. */
  private static List<String> childOptions = CHILD_OPTIONS;

  /** How long each kind of work took when last not killed, in nanoseconds; a guess until then. */
  private static final Map<Kind, Long> LENGTHS = new ConcurrentHashMap<>();

  /** Where the kills landed, by kind. */
  private static final Map<Kind, Map<Landing, Integer>> LANDINGS = new ConcurrentHashMap<>();

  /** Records a killed erasure changed that no audit entry, or no receipt, accounts for. */
  private static final Map<String, Long> UNACCOUNTED = new ConcurrentHashMap<>();

  /** The database and the work of a trial, picked by its seed modulo 4. */
  enum Kind {
    H2_SWEEP("h2", true),
    POSTGRESQL_SWEEP("postgresql", true),
    H2_ERASURE("h2", false),
    POSTGRESQL_ERASURE("postgresql", false);

    final String database;
    final boolean sweep;

    Kind(String database, boolean sweep) {
      this.database = database;
      this.sweep = sweep;
    }

    static Kind of(long seed) {
      return values()[(int) Math.floorMod(seed, 4L)];
    }
  }

  /** Where a kill landed, by the killed JVM's last mark. */
  enum Landing {
    /** Some connection had written and not committed: the database must roll that back. */
    INSIDE_OPEN_TRANSACTION,
    /** Every write so far was committed; between two of them (audit, checkpoint, next batch). */
    BETWEEN_WRITES,
    /** The work had not written anything yet. */
    BEFORE_ANY_WRITE,
    /** The work ended before the kill came. */
    FINISHED_FIRST
  }

  /** Prepares the class path and options of the killed JVMs. */
  @BeforeAll
  static void prepareKilledJvms() throws Exception {
    snapshotClassPath();
    archiveClasses();
  }

  /**
   * Copies the project's own class directories (as jars) and jars aside for the killed JVMs, which
   * load classes lazily: a build of the same tree running meanwhile must not swap them underneath.
   * Jars rather than directories, so that the classes can be archived for a faster start ({@link
   * #archiveClasses()}).
   */
  private static void snapshotClassPath() throws IOException {
    Path snapshot = Path.of("target", "crash-resume", "classpath").toAbsolutePath();
    deleteRecursively(snapshot);
    Files.createDirectories(snapshot);
    List<String> entries = new ArrayList<>();
    String[] original = System.getProperty("java.class.path").split(File.pathSeparator);
    for (int i = 0; i < original.length; i++) {
      Path entry = Path.of(original[i]);
      boolean ours =
          Files.isDirectory(entry) || entry.toString().replace('\\', '/').contains("/io/lethe/");
      if (!ours || !Files.exists(entry)) {
        entries.add(original[i]);
        continue;
      }
      Path copy =
          snapshot.resolve(
              i + "-" + entry.getFileName() + (Files.isDirectory(entry) ? ".jar" : ""));
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry);
            JarOutputStream jar = new JarOutputStream(Files.newOutputStream(copy))) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            jar.putNextEntry(
                new JarEntry(entry.relativize(file).toString().replace(File.separatorChar, '/')));
            Files.copy(file, jar);
            jar.closeEntry();
          }
        }
      } else {
        Files.copy(entry, copy);
      }
      entries.add(copy.toString());
    }
    classPath = String.join(File.pathSeparator, entries);
  }

  /**
   * Runs the work once, not killed, on a small H2 database, and keeps the classes it loaded in a
   * class data sharing archive that the killed JVMs map instead of loading them again: they start
   * in about two thirds of the time. Without the archive (the run failed) they start slower, and
   * nothing else changes.
   */
  private static void archiveClasses() throws Exception {
    Path dir = Path.of("target", "crash-resume", "warm-up").toAbsolutePath();
    Path archive = dir.getParent().resolve("classes.jsa");
    deleteRecursively(dir);
    Files.deleteIfExists(archive);
    Files.createDirectories(dir);
    String url = CrashWorld.url(dir);
    DataSource dataSource = CrashWorld.dataSource(url);
    CrashWorld.create(dataSource, new Random(1), 200, 40);
    CrashWorld.shutdown(dataSource);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"));
    command.addAll(CHILD_OPTIONS);
    command.addAll(
        List.of("-cp", classPath, KilledRun.class.getName(), url, "both", "50", "acct-1"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("warm-up.log").toFile())
            .start();
    long t0 = System.nanoTime();
    boolean ended = process.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    if (ended && process.exitValue() == 0 && Files.exists(archive)) {
      childOptions = new ArrayList<>(CHILD_OPTIONS);
      childOptions.add("-XX:SharedArchiveFile=" + archive);
      childOptions.add("-Xlog:cds=off");
    }
    System.out.printf(
        "CrashResumeTest: class archive for the killed JVMs %s in %d ms%n",
        childOptions.size() > CHILD_OPTIONS.size()
            ? "written"
            : "NOT written (see " + dir.resolve("warm-up.log") + ")",
        (System.nanoTime() - t0) / 1_000_000);
    deleteRecursively(dir);
  }

  /** Prints where the kills landed, and fails if too few landed inside the work. */
  @AfterAll
  static void summarize() {
    int trials = 0;
    int killed = 0;
    for (Kind kind : Kind.values()) {
      Map<Landing, Integer> landings = LANDINGS.getOrDefault(kind, Map.of());
      System.out.println("CrashResumeTest: " + kind + " " + landings);
      for (Map.Entry<Landing, Integer> e : landings.entrySet()) {
        trials += e.getValue();
        killed += e.getKey() == Landing.FINISHED_FIRST ? 0 : e.getValue();
      }
    }
    System.out.println(
        "CrashResumeTest: "
            + killed
            + " of "
            + trials
            + " trials killed during"
            + " the work; records a killed erasure changed that its receipt and audit trail do not"
            + " show: "
            + UNACCOUNTED);
    if (trials >= 8) {
      assertThat(killed)
          .as("trials whose kill landed during the work, of %d", trials)
          .isGreaterThanOrEqualTo(trials / 4);
    }
  }

  static Stream<Arguments> trials() {
    long seed = Long.getLong("lethe.crash.seed", DEFAULT_SEED);
    int count = Integer.getInteger("lethe.crash.trials", 20);
    System.out.println("CrashResumeTest: " + count + " trials from seed " + seed);
    return IntStream.range(0, count).mapToObj(i -> Arguments.of(i + 1, seed + i));
  }

  @ParameterizedTest(name = "trial {0}, seed {1}")
  @MethodSource("trials")
  void work_killed_at_a_random_instant_is_finished_by_a_retry_exactly_as_the_policy_says(
      int trial, long seed) throws Exception {
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      System.err.println(
          "CrashResumeTest trial "
              + trial
              + " failed for seed "
              + seed
              + "; replay with: ./mvnw test -pl retention -am -Dtest=CrashResumeTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -Dlethe.crash.trials=1 -Dlethe.crash.seed="
              + seed
              + " (add -Dlethe.crash.delayMs=<the delay it printed> to kill at the same"
              + " delay after ready)");
      throw e;
    }
  }

  private static void run(long seed) throws Exception {
    long t0 = System.nanoTime();
    Kind kind = Kind.of(seed);
    // mixed first: java.util.Random's first draws for neighbouring seeds are nearly the same
    Random random = new Random(new SplittableRandom(seed).nextLong());
    // from 185 rows a batch on PostgreSQL deletes ranges of heap pages rather than of keys
    int batchSize = random.nextBoolean() ? 40 + random.nextInt(111) : 200 + random.nextInt(301);
    List<String> subjects = subjects(random);
    double fraction = random.nextDouble() * KILL_WINDOW;
    try (TrialDatabase database = TrialDatabase.create(kind.database, seed)) {
      DataSource dataSource = CrashWorld.dataSource(database.url());
      CrashWorld.create(dataSource, random, JOBS, ACCOUNTS);
      Tables before = Tables.read(dataSource);
      CrashWorld.shutdown(dataSource);
      Tables expected = kind.sweep ? Oracle.swept(before) : Oracle.erased(before, subjects);
      Map<String, Long> due = Oracle.due(before, expected);
      // until a run of the kind finished, a generous guess: that run then tells the length
      long length = LENGTHS.getOrDefault(kind, TimeUnit.SECONDS.toNanos(3));
      Long replayed = Long.getLong("lethe.crash.delayMs");
      long delay =
          replayed != null ? TimeUnit.MILLISECONDS.toNanos(replayed) : (long) (fraction * length);
      String trial =
          String.format(
              "seed %d, %s (%s; kill %.2f of %d ms = %d ms after ready;" + " due %s)",
              seed,
              kind,
              kind.sweep ? "batch size " + batchSize : "erasing " + subjects,
              fraction,
              length / 1_000_000,
              delay / 1_000_000,
              due);
      System.out.println("CrashResumeTest: " + trial);

      long t1 = System.nanoTime();
      List<String> args =
          new ArrayList<>(
              List.of(database.url(), kind.sweep ? "sweep" : "erase", Integer.toString(batchSize)));
      if (!kind.sweep) {
        args.addAll(subjects);
      }
      Killed killed = Killed.run(args, delay, trial);
      LANDINGS
          .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
          .merge(killed.landing(), 1, Integer::sum);
      if (killed.landing() == Landing.FINISHED_FIRST) {
        LENGTHS.put(kind, killed.workNanos());
      }
      System.out.println("CrashResumeTest: seed " + seed + ": " + killed.describe());

      long t2 = System.nanoTime();
      DataSource reopened = CrashWorld.dataSource(database.url());
      try {
        AuditLog audit = CrashWorld.audit(reopened, Clock.fixed(CrashWorld.AT, ZoneOffset.UTC));
        RetentionEngine engine = CrashWorld.engine(reopened, audit);
        if (kind.sweep) {
          resumeSweep(reopened, audit, engine, batchSize, expected, due, killed, trial);
        } else {
          retryErasures(reopened, audit, engine, subjects, before, expected, killed, trial);
        }
      } finally {
        CrashWorld.shutdown(reopened);
      }
      System.out.printf(
          "CrashResumeTest: seed %d passed: set-up %d ms, killed JVM %d ms,"
              + " retried and checked %d ms%n",
          seed, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    }
  }

  /** Seven account ids to erase, and in half the trials the held one among them. */
  private static List<String> subjects(Random random) {
    List<String> subjects = new ArrayList<>();
    while (subjects.size() < 7) {
      String account = "acct-" + random.nextInt(CrashWorld.ACCOUNT_IDS);
      if (!account.equals(CrashWorld.HELD_ACCOUNT) && !subjects.contains(account)) {
        subjects.add(account);
      }
    }
    if (random.nextBoolean()) {
      subjects.add(random.nextInt(subjects.size() + 1), CrashWorld.HELD_ACCOUNT);
    }
    return subjects;
  }

  // ------------------------------------------------------------------ sweep

  private static void resumeSweep(
      DataSource dataSource,
      AuditLog audit,
      RetentionEngine engine,
      int batchSize,
      Tables expected,
      Map<String, Long> due,
      Killed killed,
      String trial)
      throws SQLException {
    SweepOptions options = SweepOptions.defaults().batchSize(batchSize);
    engine.sweep(CrashWorld.AT, options);

    assertThat(Tables.read(dataSource).differences(expected))
        .as("%s: tables after the resumed sweep", trial)
        .isEmpty();
    assertThat(audit.verify().intact()).as("%s: audit trail intact", trial).isTrue();
    List<AuditEntry> entries = entries(audit);
    List<AuditEntry> interrupted =
        entries.stream().filter(e -> e.action() == AuditAction.SWEEP_INTERRUPTED).toList();
    if (killed.landing() == Landing.FINISHED_FIRST) {
      assertThat(interrupted).as("%s: interruptions recorded", trial).isEmpty();
    }
    for (Map.Entry<String, Long> target : due.entrySet()) {
      long audited =
          entries.stream()
              .filter(
                  e ->
                      e.action() == AuditAction.SWEEP_BATCH
                          && e.outcome() == AuditOutcome.SUCCESS
                          && e.category() != null
                          && e.category().value().equals(target.getKey()))
              .mapToLong(
                  e ->
                      e.counts().getOrDefault("deleted", 0L)
                          + e.counts().getOrDefault("anonymized", 0L))
              .sum();
      List<AuditEntry> here =
          interrupted.stream().filter(e -> e.category().value().equals(target.getKey())).toList();
      assertThat(here).as("%s: interruptions of %s", trial, target.getKey()).hasSizeLessThan(2);
      here.forEach(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.INTERRUPTED));
      long inFlight = here.isEmpty() ? 0 : here.get(0).counts().get("in_flight");
      assertThat(inFlight)
          .as("%s: records in flight when %s was interrupted", trial, target.getKey())
          .isBetween(0L, (long) batchSize);
      // a batch that died after its commit and before its audit entry is accounted for by the
      // interruption entry alone; none is accounted for twice
      assertThat(target.getValue() - audited)
          .as(
              "%s: records of %s processed (%d) that the"
                  + " audit trail's batches (%d) do not account for, which at most the interruption"
                  + " entry's %d in flight may",
              trial, target.getKey(), target.getValue(), audited, inFlight)
          .isBetween(0L, inFlight);
    }
    assertThat(count(dataSource, "SELECT COUNT(*) FROM lethe_sweep_checkpoint"))
        .as("%s: checkpoints left", trial)
        .isZero();

    SweepReport again = engine.sweep(CrashWorld.AT, options);
    assertThat(again.totalProcessed())
        .as("%s: a further sweep processed records;%n%s", trial, again.toTable())
        .isZero();
    assertThat(Tables.read(dataSource).differences(expected))
        .as("%s: after a further sweep", trial)
        .isEmpty();
  }

  // ------------------------------------------------------------------ erasure

  /**
   * Erases the same subjects again, with the same references, and checks every count: per reference
   * and store, what the audit trail's store lines and the receipt say was changed must be what they
   * said after the kill plus exactly what the retry changed, never more than the subject's records
   * in that store; the receipt keeps exactly the records left.
   */
  private static void retryErasures(
      DataSource dataSource,
      AuditLog audit,
      RetentionEngine engine,
      List<String> subjects,
      Tables before,
      Tables expected,
      Killed killed,
      String trial)
      throws SQLException {
    Tables afterKill = Tables.read(dataSource);
    Map<String, Map<String, Long>> auditedAtKill = erasureLines(entries(audit));
    Map<String, Map<String, Long>> receiptAtKill = new HashMap<>();
    for (String subject : subjects) {
      engine
          .receipt(KilledRun.reference(subject), SubjectRef.account(subject))
          .ifPresent(r -> receiptAtKill.put(subject, changed(r)));
    }

    for (String subject : subjects) {
      ErasureReceipt receipt =
          engine.erase(SubjectRef.account(subject), KilledRun.reference(subject), CrashWorld.AT);
      assertThat(receipt.failed()).as("%s: stores failed erasing %s", trial, subject).isEmpty();
    }

    Tables after = Tables.read(dataSource);
    assertThat(after.differences(expected))
        .as("%s: tables after the erasures again", trial)
        .isEmpty();
    assertThat(audit.verify().intact()).as("%s: audit trail intact", trial).isTrue();
    Map<String, Map<String, Long>> audited = erasureLines(entries(audit));
    boolean heldErased = subjects.contains(CrashWorld.HELD_ACCOUNT);
    for (String subject : subjects) {
      String reference = KilledRun.reference(subject);
      ErasureReceipt receipt = engine.receipt(reference, SubjectRef.account(subject)).orElseThrow();
      assertThat(receipt.complete()).as("%s: receipt of %s complete", trial, subject).isTrue();
      for (String store : List.of("jobs", "accounts")) {
        long total = Oracle.changed(before, expected, store, subject);
        long changedAtKill = Oracle.changed(before, afterKill, store, subject);
        long left =
            Oracle.subjectRows(before, store, subject).size()
                - Oracle.changed(before, after, store, subject);
        long retry = total - changedAtKill;
        long auditedBefore =
            auditedAtKill.getOrDefault(reference, Map.of()).getOrDefault(store, 0L);
        long receiptBefore = receiptAtKill.getOrDefault(subject, Map.of()).getOrDefault(store, 0L);
        String what =
            String.format(
                "%s: %s of %s (%d to erase, %d changed by the killed"
                    + " attempt, of which its audit entries show %d and its receipt %d)",
                trial, store, subject, total, changedAtKill, auditedBefore, receiptBefore);
        assertThat(audited.getOrDefault(reference, Map.of()).getOrDefault(store, 0L))
            .as("%s: records the audit trail's store lines show erased", what)
            .isEqualTo(auditedBefore + retry)
            .isLessThanOrEqualTo(total);
        StoreErasure line = receipt.store(store).orElseThrow();
        assertThat(line.deleted() + line.anonymized())
            .as("%s: records the receipt shows erased", what)
            .isEqualTo(receiptBefore + retry)
            .isLessThanOrEqualTo(total);
        assertThat(line.retainedCount()).as("%s: records the receipt keeps", what).isEqualTo(left);
        if (left > 0) {
          assertThat(line.status()).as(what).isEqualTo(StoreErasure.Status.PARTLY_RETAINED);
        } else if (line.deleted() + line.anonymized() > 0) {
          assertThat(line.status()).as(what).isEqualTo(StoreErasure.Status.ERASED);
        }
        UNACCOUNTED.merge("audit", changedAtKill - auditedBefore, Long::sum);
        UNACCOUNTED.merge("receipt", changedAtKill - receiptBefore, Long::sum);
        if (line.status() == StoreErasure.Status.NOTHING_FOUND && changedAtKill > 0) {
          UNACCOUNTED.merge(
              "receipt lines NOTHING_FOUND where a killed attempt erased", 1L, Long::sum);
        }
      }
    }
    // The held subject's erasure waits for its hold: one deferral per store, however many
    // attempts wrote one.
    List<ErasureLedger.Deferral> deferred = engine.deferredErasures();
    assertThat(deferred.stream().map(d -> d.reference() + "/" + d.store()).sorted().toList())
        .as("%s: deferred erasures", trial)
        .isEqualTo(
            heldErased
                ? List.of(
                    KilledRun.reference(CrashWorld.HELD_ACCOUNT) + "/accounts",
                    KilledRun.reference(CrashWorld.HELD_ACCOUNT) + "/jobs")
                : List.of());
  }

  /**
   * Per reference and store, the records the erasure's store lines in the audit trail show deleted
   * or anonymized (the lines count what was found; the store's own batch entries do not).
   */
  private static Map<String, Map<String, Long>> erasureLines(List<AuditEntry> entries) {
    Map<String, Map<String, Long>> lines = new HashMap<>();
    for (AuditEntry e : entries) {
      if (e.action() == AuditAction.ERASURE
          && e.reference() != null
          && e.store() != null
          && e.counts().containsKey("found")) {
        lines
            .computeIfAbsent(e.reference(), r -> new HashMap<>())
            .merge(
                e.store(),
                e.counts().getOrDefault("deleted", 0L) + e.counts().getOrDefault("anonymized", 0L),
                Long::sum);
      }
    }
    return lines;
  }

  private static Map<String, Long> changed(ErasureReceipt receipt) {
    Map<String, Long> changed = new HashMap<>();
    receipt.stores().forEach(line -> changed.put(line.store(), line.deleted() + line.anonymized()));
    return changed;
  }

  // ------------------------------------------------------------------ helpers

  private static List<AuditEntry> entries(AuditLog audit) {
    try (Stream<AuditEntry> all = audit.entries()) {
      return all.toList();
    }
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

  /** A trial's own database: an H2 file under {@code target/}, or one on the test PostgreSQL. */
  private record TrialDatabase(String url, Path directory, String postgresName)
      implements AutoCloseable {

    static TrialDatabase create(String database, long seed) throws IOException, SQLException {
      if (database.equals("h2")) {
        Path dir = Path.of("target", "crash-resume", Long.toUnsignedString(seed)).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        return new TrialDatabase(CrashWorld.url(dir), dir, null);
      }
      String name = "crash_" + Long.toUnsignedString(seed, 36);
      try (Connection c = TestPostgres.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        s.execute("CREATE DATABASE " + name);
      }
      return new TrialDatabase(TestPostgres.jdbcUrl(name), null, name);
    }

    @Override
    public void close() throws IOException, SQLException {
      if (directory != null) {
        deleteRecursively(directory);
        return;
      }
      try (Connection c = TestPostgres.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
      }
    }
  }

  /**
   * The killed JVM: started, killed ({@code SIGKILL}) a delay after it printed {@value
   * KilledRun#READY}, and what it printed last.
   */
  private record Killed(
      Landing landing,
      long startNanos,
      long workNanos,
      String lastMark,
      int exitStatus,
      int marks) {

    String describe() {
      return landing
          + ", ready "
          + startNanos / 1_000_000
          + " ms after the start"
          + (landing == Landing.FINISHED_FIRST
              ? " (work took " + workNanos / 1_000_000 + " ms)"
              : " (last mark "
                  + lastMark
                  + " after "
                  + marks
                  + " marks, exit status "
                  + exitStatus
                  + ")");
    }

    static Killed run(List<String> args, long delayNanos, String trial) throws Exception {
      List<String> command =
          new ArrayList<>(
              List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      command.addAll(childOptions);
      command.addAll(List.of("-cp", classPath, KilledRun.class.getName()));
      command.addAll(args);
      long started = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CountDownLatch ready = new CountDownLatch(1);
      long[] readyAt = {0};
      long[] doneAt = {0};
      String[] lastMark = {null};
      int[] marks = {0};
      Deque<String> output = new ArrayDeque<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                      if (line.startsWith(TransactionMarks.PREFIX)) {
                        lastMark[0] = line;
                        marks[0]++;
                      } else {
                        output.addLast(line);
                        if (output.size() > 200) {
                          output.removeFirst();
                        }
                      }
                      if (line.equals(KilledRun.READY)) {
                        readyAt[0] = System.nanoTime();
                        ready.countDown();
                      } else if (line.equals(KilledRun.DONE)) {
                        doneAt[0] = System.nanoTime();
                      }
                    }
                  }
                } catch (IOException e) {
                  // the stream ends with the process
                }
              },
              "killed-run-output");
      reader.setDaemon(true);
      reader.start();
      try {
        if (!ready.await(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(
              "%s: HANG: the JVM did not start its work within %d s (alive: %s); its output:%n%s",
              trial, READY_TIMEOUT_SECONDS, process.isAlive(), text(output));
        }
        boolean exitedFirst = process.waitFor(delayNanos, TimeUnit.NANOSECONDS);
        if (!exitedFirst) {
          process.destroyForcibly();
        }
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          fail(
              "%s: HANG: the JVM neither finished nor died within %d s of %s; its output:%n%s",
              trial, EXIT_TIMEOUT_SECONDS, exitedFirst ? "starting" : "being killed", text(output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
        int status = process.exitValue();
        synchronized (output) {
          boolean done = doneAt[0] != 0;
          if (exitedFirst || done) {
            assertThat(done && (status == 0 || !exitedFirst))
                .as(
                    "%s: the JVM ended by itself with status %d before it was killed; its"
                        + " output:%n%s",
                    trial, status, text(output))
                .isTrue();
            return new Killed(
                Landing.FINISHED_FIRST,
                readyAt[0] - started,
                doneAt[0] - readyAt[0],
                lastMark[0],
                status,
                marks[0]);
          }
          assertThat(status)
              .as(
                  "%s: exit status of the killed JVM (SIGKILL); its output:%n%s",
                  trial, text(output))
              .isEqualTo(137);
          Landing landing =
              lastMark[0] == null
                  ? Landing.BEFORE_ANY_WRITE
                  : lastMark[0].endsWith("-0")
                      ? Landing.BETWEEN_WRITES
                      : Landing.INSIDE_OPEN_TRANSACTION;
          return new Killed(landing, readyAt[0] - started, 0, lastMark[0], status, marks[0]);
        }
      } finally {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
    }

    private static String text(Deque<String> output) {
      synchronized (output) {
        return String.join(System.lineSeparator(), output);
      }
    }
  }

  /** Both tables, row by row, column by column; timestamps as instants. */
  private record Tables(
      Map<Long, Map<String, Object>> jobs, Map<Long, Map<String, Object>> accounts) {

    static Tables read(DataSource dataSource) throws SQLException {
      return new Tables(table(dataSource, "jobs"), table(dataSource, "accounts"));
    }

    Map<Long, Map<String, Object>> table(String name) {
      return name.equals("jobs") ? jobs : accounts;
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
            row.put(
                rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT),
                value instanceof OffsetDateTime time
                    ? time.toInstant()
                    : value instanceof Timestamp time ? time.toInstant() : value);
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

    private static void compare(
        String table,
        Map<Long, Map<String, Object>> actual,
        Map<Long, Map<String, Object>> expected,
        List<String> differences) {
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
   * What the policy says the tables hold after a sweep or the erasures at {@link CrashWorld#AT},
   * from each row's timeline, the subjects' rows and the legal hold; never asks the engine.
   */
  private static final class Oracle {

    static Tables swept(Tables before) {
      PrivacyPolicy policy = CrashWorld.policy();
      Set<SubjectRef> held = held(before);
      Map<Long, Map<String, Object>> jobs = new TreeMap<>();
      before
          .jobs()
          .forEach(
              (id, row) -> {
                if (isHeld(row, held)) {
                  jobs.put(id, row);
                  return;
                }
                AnchorTimes times =
                    times(row, "created_at", Anchor.event("job.completed"), "completed_at");
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
      before
          .accounts()
          .forEach(
              (id, row) -> {
                AnchorTimes times = times(row, "created_at", Anchor.ACCOUNT_CLOSED, "closed_at");
                accounts.put(
                    id,
                    !isHeld(row, held)
                            && policy.timeline(ACCOUNTS_CATEGORY, times).isExpiredAt(CrashWorld.AT)
                        ? anonymized(row)
                        : row);
              });
      return new Tables(jobs, accounts);
    }

    /**
     * Erasure: every job of an erased account id is deleted and every account row of it anonymized,
     * unless the account is held.
     */
    static Tables erased(Tables before, List<String> subjects) {
      Set<String> erased = new LinkedHashSet<>(subjects);
      erased.remove(CrashWorld.HELD_ACCOUNT);
      Map<Long, Map<String, Object>> jobs = new TreeMap<>(before.jobs());
      jobs.values().removeIf(row -> erased.contains(row.get("account_id")));
      Map<Long, Map<String, Object>> accounts = new TreeMap<>();
      before
          .accounts()
          .forEach(
              (id, row) ->
                  accounts.put(id, erased.contains(row.get("account_id")) ? anonymized(row) : row));
      return new Tables(jobs, accounts);
    }

    /** An account row as the accounts rule anonymizes it. */
    private static Map<String, Object> anonymized(Map<String, Object> row) {
      Map<String, Object> after = new TreeMap<>(row);
      after.put("account_id", null);
      after.put("email", "*@example.com"); // every address is person<n>@example.com
      after.put("anonymized_at", CrashWorld.AT);
      return after;
    }

    /** How many records each category's rule (or the erasures) must process. */
    static Map<String, Long> due(Tables before, Tables expected) {
      Map<String, Long> due = new LinkedHashMap<>();
      due.put(JOBS_CATEGORY, (long) before.jobs().size() - expected.jobs().size());
      due.put(
          IP_CATEGORY,
          expected.jobs().entrySet().stream()
              .filter(
                  e ->
                      before.jobs().get(e.getKey()).get("ip") != null
                          && e.getValue().get("ip") == null)
              .count());
      due.put(
          ACCOUNTS_CATEGORY,
          expected.accounts().values().stream()
              .filter(row -> row.get("anonymized_at") != null)
              .count());
      return due;
    }

    /**
     * The ids of a subject's rows in a table as it was before any work: a job of the account id, an
     * account row of the account id (each carries the account's one e-mail address).
     */
    static List<Long> subjectRows(Tables tables, String table, String account) {
      return tables.table(table).entrySet().stream()
          .filter(e -> account.equals(e.getValue().get("account_id")))
          .map(Map.Entry::getKey)
          .toList();
    }

    /** How many of a subject's rows a table no longer holds as they were. */
    static long changed(Tables before, Tables now, String table, String account) {
      return subjectRows(before, table, account).stream()
          .filter(id -> !Objects.equals(before.table(table).get(id), now.table(table).get(id)))
          .count();
    }

    private static AnchorTimes times(
        Map<String, Object> row, String collected, Anchor event, String eventColumn) {
      AnchorTimes times = AnchorTimes.collectedAt((Instant) row.get(collected));
      Instant at = (Instant) row.get(eventColumn);
      return at == null ? times : times.with(event, at);
    }

    /** The held account and every identifier a row links to it, until nothing new appears. */
    private static Set<SubjectRef> held(Tables before) {
      Set<SubjectRef> held =
          new LinkedHashSet<>(List.of(SubjectRef.account(CrashWorld.HELD_ACCOUNT)));
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
      Set<SubjectRef> ids = new LinkedHashSet<>();
      if (row.get("account_id") != null) {
        ids.add(SubjectRef.account((String) row.get("account_id")));
      }
      if (row.get("email") != null) {
        ids.add(SubjectRef.email((String) row.get("email")));
      }
      return ids;
    }
  }
}
