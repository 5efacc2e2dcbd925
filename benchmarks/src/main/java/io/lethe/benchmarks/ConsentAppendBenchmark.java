package io.lethe.benchmarks;

import io.lethe.consent.ConsentChain;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * JMH benchmark of {@link ConsentLedger#append}, one consent event per call, with 1 and with 8
 * writers on one ledger, run by {@link ConsentBenchmark}: each append reads the newest event and
 * seals the new one onto the hash chain while holding the ledger, so writers wait for each other.
 * The chain must be intact after the run, or the run fails. Meant for PostgreSQL once {@link
 * ConsentBenchmark#POSTGRESQL_LEDGER} is set; {@code memory} checks the harness.
 */
public class ConsentAppendBenchmark {

  /** The ledger written to. */
  @State(Scope.Benchmark)
  public static class Target {
    /** Which ledger: {@code memory} or {@code postgresql}. */
    @Param({"postgresql"})
    public String ledger;

    ConsentLedger target;
    private AutoCloseable database;

    /** Opens the ledger (starting an embedded PostgreSQL for {@code postgresql}). */
    @Setup(Level.Trial)
    public void setUp() {
      if (ledger.equals("memory")) {
        target = new InMemoryConsentLedger();
      } else if (ledger.equals("postgresql") && ConsentBenchmark.POSTGRESQL_LEDGER != null) {
        BenchDatabase postgres = BenchDatabase.postgres();
        database = postgres;
        target = ConsentBenchmark.POSTGRESQL_LEDGER.apply(postgres.dataSource);
      } else {
        throw new IllegalArgumentException("no ledger '" + ledger + "' to benchmark");
      }
    }

    /**
     * Checks the chain the writers built, then stops the database.
     *
     * @throws Exception if the database cannot stop
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        AuditVerification chain = ConsentChain.verify(target);
        System.out.printf(
            "%nAPPEND ledger=%s events=%d intact=%s%n",
            ledger, target.last().map(ConsentEvent::sequence).orElse(0L), chain.intact());
        if (!chain.intact()) {
          throw new IllegalStateException(
              "the ledger's chain is broken: " + chain.problem().orElse("?"));
        }
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  /** One writer: a subject of its own, whose consents it records. */
  @State(Scope.Thread)
  public static class Writer {
    String subjectHash;

    /** Picks the writer's subject. */
    @Setup(Level.Trial)
    public void setUp() {
      subjectHash =
          ConsentDecideBenchmark.HASHER.hash(
              SubjectRef.of(IdentifierType.TRACKING_ID, "writer-" + UUID.randomUUID()));
    }

    ConsentEvent next() {
      return new ConsentEvent(
          0,
          UUID.randomUUID().toString(),
          Instant.now().truncatedTo(ChronoUnit.MICROS),
          ConsentEvent.Kind.CHOICE,
          subjectHash,
          IdentifierType.TRACKING_ID,
          ConsentDecideBenchmark.PURPOSE,
          ConsentDecideBenchmark.PURPOSE,
          "1",
          null,
          ConsentStatus.CONSENT_GIVEN,
          ConsentMethod.BANNER,
          ExpressedBy.SUBJECT,
          null,
          null,
          null,
          false,
          null,
          null,
          null,
          ConsentEvent.GENESIS,
          "");
    }
  }

  /**
   * One writer appends.
   *
   * @param target the ledger
   * @param writer the writer
   * @return the stored event
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public List<ConsentEvent> append1(Target target, Writer writer) {
    return target.target.append(List.of(writer.next()));
  }

  /**
   * Eight writers append at once.
   *
   * @param target the ledger
   * @param writer the writer
   * @return the stored event
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public List<ConsentEvent> append8(Target target, Writer writer) {
    return target.target.append(List.of(writer.next()));
  }
}
