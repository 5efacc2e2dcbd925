package io.lethe.benchmarks;

import io.lethe.consent.ConsentChoice;
import io.lethe.consent.ConsentEngine;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.Decision;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.Signals;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.SubjectKind;
import io.lethe.core.policy.SubjectType;
import io.lethe.core.restriction.InMemoryRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * JMH benchmarks of {@link ConsentEngine#decide(SubjectRef, String, Instant, Signals)}, run by
 * {@link ConsentBenchmark}: a decision found in the engine's cache ({@link #hit}, with one and with
 * two threads, {@link #hit2}), and one that must be read from the ledger ({@link #miss}): every
 * operation asks about the next of {@value #POPULATION} subjects, cycling, while the engine caches
 * {@value #CACHED} of them, so the subject asked about has always been evicted; the run fails if
 * fewer than 99 % of the operations read the ledger. The miss runs against the in-memory ledger
 * and, once {@link ConsentBenchmark#POSTGRESQL_LEDGER} is set, against PostgreSQL.
 */
public class ConsentDecideBenchmark {

  static final int HIT_SUBJECTS = 1024;
  static final int POPULATION = 50_000;
  static final int CACHED = 1_000;
  static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  static final String PURPOSE = "newsletter";
  static final SubjectHasher HASHER =
      SubjectHasher.withSecret("benchmark secret, 32 bytes long!".getBytes(StandardCharsets.UTF_8));

  /**
   * An engine whose cache holds a consent decision for each of {@value #HIT_SUBJECTS}. Its views
   * live ten minutes, as with a ledger that hears other instances' writes: with the in-memory
   * ledger's default staleness of five seconds every view would be read again every five seconds
   * (about two hundred ledger reads a second here), and those reads are what {@link #miss}
   * measures.
   */
  @State(Scope.Benchmark)
  public static class Cached {
    ConsentEngine engine;
    SubjectRef[] subjects;

    /** Records a consent for every subject and asks once for each, to fill the cache. */
    @Setup(Level.Trial)
    public void setUp() {
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
      PrivacyPolicy policy = policy();
      AuditLog audit = AuditLog.create(new MemoryAuditStorage(), HASHER, clock);
      engine =
          ConsentEngine.builder(policy)
              .ledger(new InMemoryConsentLedger())
              .audit(audit)
              .restrictions(
                  Restrictions.create(new InMemoryRestrictionRegistry(), policy, audit, clock))
              .clock(clock)
              .staleness(Duration.ofMinutes(10))
              .build();
      subjects = new SubjectRef[HIT_SUBJECTS];
      for (int i = 0; i < subjects.length; i++) {
        subjects[i] = SubjectRef.of(IdentifierType.TRACKING_ID, "visitor-" + i);
        engine.record(ConsentChoice.given(subjects[i], PURPOSE).withMethod(ConsentMethod.BANNER));
        Decision decision = engine.decide(subjects[i], PURPOSE, NOW, Signals.NONE);
        if (!decision.permitted()) {
          throw new IllegalStateException(
              "the benchmark's consent does not permit: " + decision.explain());
        }
      }
    }
  }

  /** Where one thread is in its walk over the subjects. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    /** Starts each thread at its own place. */
    @Setup(Level.Trial)
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 7919 % HIT_SUBJECTS);
    }
  }

  /**
   * A cached decision, one thread.
   *
   * @param cached the engine
   * @param cursor the thread's place
   * @return the decision
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public Decision hit(Cached cached, Cursor cursor) {
    return cached.engine.decide(
        cached.subjects[cursor.next++ & (HIT_SUBJECTS - 1)], PURPOSE, NOW, Signals.NONE);
  }

  /**
   * A cached decision, two threads on the one engine.
   *
   * @param cached the engine
   * @param cursor the thread's place
   * @return the decision
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public Decision hit2(Cached cached, Cursor cursor) {
    return cached.engine.decide(
        cached.subjects[cursor.next++ & (HIT_SUBJECTS - 1)], PURPOSE, NOW, Signals.NONE);
  }

  /** A ledger of {@value #POPULATION} subjects and an engine that caches {@value #CACHED}. */
  @State(Scope.Benchmark)
  public static class Population {
    /** Which ledger: {@code memory} or {@code postgresql}. */
    @Param({"memory"})
    public String ledger;

    /** How many subjects the ledger holds; more than the engine caches. */
    int size = POPULATION;

    /** How many subjects the engine caches. */
    int cached = CACHED;

    ConsentEngine engine;
    SubjectRef[] subjects;
    CountingLedger counting;
    final AtomicLong operations = new AtomicLong();
    private AutoCloseable database;

    /**
     * Fills the ledger: for every subject a consent to the newsletter and a refusal of ads; every
     * tenth also linked to an account.
     *
     * @throws Exception if the database cannot start
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      ConsentLedger target;
      if (ledger.equals("memory")) {
        target = new InMemoryConsentLedger();
      } else if (ledger.equals("postgresql") && ConsentBenchmark.POSTGRESQL_LEDGER != null) {
        BenchDatabase postgres = BenchDatabase.postgres();
        database = postgres;
        target = ConsentBenchmark.POSTGRESQL_LEDGER.apply(postgres.dataSource);
      } else {
        throw new IllegalArgumentException("no ledger '" + ledger + "' to benchmark");
      }
      subjects = populate(target, size);
      counting = new CountingLedger(target);
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
      PrivacyPolicy policy = policy();
      AuditLog audit = AuditLog.create(new MemoryAuditStorage(), HASHER, clock);
      engine =
          ConsentEngine.builder(policy)
              .ledger(counting)
              .audit(audit)
              .restrictions(
                  Restrictions.create(new InMemoryRestrictionRegistry(), policy, audit, clock))
              .clock(clock)
              .maximumSubjects(cached)
              .build();
    }

    /**
     * Checks that the operations measured missed the cache, then stops the database.
     *
     * @throws Exception if the database cannot stop
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        long ops = operations.get();
        long reads = counting.subjectsRead.get();
        System.out.printf("%nMISS ledger=%s operations=%d ledger_reads=%d%n", ledger, ops, reads);
        if (ops > 0 && reads < ops * 0.99) {
          throw new IllegalStateException(
              "only "
                  + reads
                  + " of "
                  + ops
                  + " decisions read"
                  + " the ledger: the benchmark measured cache hits, not misses");
        }
      } finally {
        engine.close();
        if (database != null) {
          database.close();
        }
      }
    }
  }

  /** Where one thread is in its walk over the population. */
  @State(Scope.Thread)
  public static class MissCursor {
    int next;

    /**
     * Starts each thread at its own place.
     *
     * @param population the subjects
     */
    @Setup(Level.Trial)
    public void setUp(Population population) {
      next = (int) (Thread.currentThread().getId() * 7919 % population.size);
    }
  }

  /**
   * A decision read from the ledger: the subject asked about was evicted from the cache.
   *
   * @param population the engine and subjects
   * @param cursor the thread's place
   * @return the decision
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public Decision miss(Population population, MissCursor cursor) {
    population.operations.incrementAndGet(); // a few nanoseconds against tens of microseconds
    int next = cursor.next;
    cursor.next = next + 1 == population.subjects.length ? 0 : next + 1;
    return population.engine.decide(population.subjects[next], PURPOSE, NOW, Signals.NONE);
  }

  // ---------------------------------------------------------------------------- fixtures

  /**
   * A shop's policy: orders on contract, a newsletter on consent, ads on legitimate interests that
   * opt-out signals cover.
   */
  static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("bench-shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .sellsPersonalData(false)
        .sharesForCrossContextAdvertising(true)
        .subject(
            SubjectType.of(
                "customer",
                SubjectKind.CUSTOMER,
                IdentifierType.EMAIL,
                IdentifierType.ACCOUNT_ID,
                IdentifierType.TRACKING_ID))
        .purpose(
            Purpose.builder("orders")
                .name("Take and deliver orders")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.contact.email")
                .build())
        .purpose(
            Purpose.builder(PURPOSE)
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice(PURPOSE)
                .directMarketing(true)
                .build())
        .purpose(
            Purpose.builder("ads")
                .name("Show ads that follow you")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.behavior.browsing_history")
                .legitimateInterest("funding the shop through advertising")
                .objectionRoute("the ads settings page")
                .optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING)
                .build())
        .notice(ConsentNotice.of(PURPOSE, "1", PURPOSE))
        .rule(
            RetentionRule.builder("contact")
                .categories("user.contact", "user.behavior")
                .anchoredOn("collected")
                .maximum("P2Y")
                .build())
        .rights(
            RightsProfile.of(
                Jurisdiction.GDPR,
                DataSubjectRight.ACCESS,
                DataSubjectRight.ERASURE,
                DataSubjectRight.OBJECTION,
                DataSubjectRight.WITHDRAW_CONSENT))
        .build();
  }

  /**
   * Appends, in batches, what an engine would have recorded for {@code count} visitors: a consent
   * to the newsletter and a refusal of ads each, and for every tenth a link to an account.
   *
   * @param ledger the ledger
   * @param count how many visitors
   * @return the visitors
   */
  static SubjectRef[] populate(ConsentLedger ledger, int count) {
    String noticeHash = policy().notice(PURPOSE).orElseThrow().contentHash("1");
    SubjectRef[] subjects = new SubjectRef[count];
    List<ConsentEvent> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SubjectRef visitor = SubjectRef.of(IdentifierType.TRACKING_ID, "visitor-" + i);
      subjects[i] = visitor;
      String hash = HASHER.hash(visitor);
      Instant at = NOW.minusSeconds(count - i);
      batch.add(choice(hash, at, PURPOSE, "1", noticeHash, ConsentStatus.CONSENT_GIVEN));
      batch.add(choice(hash, at, "ads", null, null, ConsentStatus.CONSENT_REFUSED));
      if (i % 10 == 0) {
        SubjectRef account = SubjectRef.account("account-" + i);
        batch.add(
            new ConsentEvent(
                0,
                UUID.randomUUID().toString(),
                at,
                ConsentEvent.Kind.LINK,
                hash,
                visitor.type(),
                null,
                null,
                null,
                null,
                null,
                ConsentMethod.API,
                ExpressedBy.CONTROLLER,
                null,
                null,
                null,
                false,
                null,
                HASHER.hash(account),
                account.type(),
                ConsentEvent.GENESIS,
                ""));
      }
      if (batch.size() >= 1000) {
        ledger.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      ledger.append(batch);
    }
    return subjects;
  }

  private static ConsentEvent choice(
      String subjectHash,
      Instant at,
      String purpose,
      String version,
      String noticeHash,
      ConsentStatus status) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        at,
        ConsentEvent.Kind.CHOICE,
        subjectHash,
        IdentifierType.TRACKING_ID,
        purpose,
        version == null ? null : purpose,
        version,
        noticeHash,
        status,
        ConsentMethod.BANNER,
        ExpressedBy.SUBJECT,
        Jurisdiction.GDPR,
        null,
        null,
        false,
        null,
        null,
        null,
        ConsentEvent.GENESIS,
        "");
  }

  /** A ledger that counts how often a subject's events are read (the first read of a load). */
  static final class CountingLedger implements ConsentLedger {
    private final ConsentLedger delegate;
    final AtomicLong subjectsRead = new AtomicLong();

    CountingLedger(ConsentLedger delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<ConsentEvent> append(List<ConsentEvent> events) {
      return delegate.append(events);
    }

    @Override
    public List<ConsentEvent> events(Collection<String> subjectHashes) {
      if (subjectHashes.size() == 1) {
        subjectsRead.incrementAndGet();
      }
      return delegate.events(subjectHashes);
    }

    @Override
    public Optional<ConsentEvent> last() {
      return delegate.last();
    }

    @Override
    public Stream<ConsentEvent> readAll() {
      return delegate.readAll();
    }

    @Override
    public void announce(Set<String> subjectHashes) {
      delegate.announce(subjectHashes);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Set<String>> listener) {
      return delegate.subscribe(listener);
    }

    @Override
    public boolean hearsOtherInstances() {
      return delegate.hearsOtherInstances();
    }
  }
}
