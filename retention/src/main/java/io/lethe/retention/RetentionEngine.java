package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionPeriod;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.Aggregator;
import io.lethe.retention.spi.CheckpointStore;
import io.lethe.retention.spi.ErasureLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a policy's retention rules against the host's stores.
 *
 * <p>For each store and each category it holds (the record category and its field categories), the
 * governing rule decides: a record category's rule deletes, anonymizes or aggregates whole records;
 * a field category's rule clears (or, if it anonymizes, anonymizes) just those fields. Expired
 * records are found by the store itself, a page at a time, with legal holds pushed into the query;
 * each batch is one store call, one transaction and one audit entry.
 *
 * <p>Legal holds are read when a sweep starts: a hold placed during a long sweep takes effect from
 * the next one. Aggregation hooks run at least once per batch: a sweep that dies between a hook and
 * the deletion gives the same records to the hook again, so hooks must be idempotent (or tolerate a
 * batch twice).
 *
 * <p>A sweep keeps a checkpoint per store and category. One that dies (exception or killed process)
 * leaves it behind; the next sweep records the batch that was in flight as interrupted, resumes
 * after the last finished batch, and then makes one more pass from the start for records that
 * expired meanwhile. Running the same sweep twice processes nothing the second time.
 *
 * <p>Nothing a legal hold or a minimum period protects is touched: the queries cover only anchors
 * whose maximum and floor have both run out (exactly, even where calendar periods clamp month ends
 * or meet a daylight-saving gap; see {@link RetentionPeriod#expiredAnchorRanges}), and held
 * subjects (with every identifier the stores link to them) are excluded in the store. A store that
 * fails is reported as failed and the others are swept.
 *
 * <p>The engine also erases data subjects on request ({@link #erase(SubjectRef, String, Instant)}):
 * the same rules, holds and floors decide what goes and what stays. A sweep finishes the erasures a
 * floor or hold deferred once it passes, and {@link #replayAfterRestore} erases again from a store
 * restored from backup, using the tombstones in the {@link ErasureLedger}.
 */
public final class RetentionEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionEngine.class);

  private final PrivacyPolicy policy;
  private final List<AuditedStore> stores;
  private final AuditLog audit;
  private final Clock clock;
  private final String actor;
  private final ErasureLedger ledger;
  private final HoldsInForce holds;
  private final Planner planner;
  private final Sweeper sweeper;
  private final SubjectEraser eraser;
  private final Rectifier rectifier;

  private RetentionEngine(Builder builder) {
    this.policy = Objects.requireNonNull(builder.policy, "policy");
    this.audit = Objects.requireNonNull(builder.audit, "audit");
    this.clock = builder.clock;
    this.actor = builder.actor;
    this.stores = builder.stores.stream().map(s -> AuditedStore.of(s, audit)).toList();
    this.ledger = builder.ledger;
    TargetAnonymizations anonymizations = new TargetAnonymizations(policy, audit.hasher());
    SweepTargets targets =
        new SweepTargets(
            policy,
            stores,
            anonymizations,
            new TargetChecks(builder.aggregators.keySet(), anonymizations));
    this.holds = new HoldsInForce(builder.holds, stores, actor);
    this.eraser = new SubjectEraser(policy, audit, actor, ledger, targets::recordAnonymization);
    this.planner = new Planner(policy.id(), targets, holds, actor);
    this.sweeper =
        new Sweeper(
            policy.id(),
            targets,
            holds,
            builder.checkpoints,
            builder.aggregators,
            audit,
            actor,
            clock,
            builder.sleeper,
            ledger,
            eraser);
    this.rectifier = new Rectifier(policy, stores, actor);
  }

  /** Waits a pause out on this thread; an interrupt ends it and stays set on the thread. */
  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts an engine.
   *
   * @param policy the policy whose rules are executed
   * @return a builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(policy);
  }

  // ------------------------------------------------------------------ plan

  /**
   * Plans a sweep at the clock's current time without changing anything.
   *
   * @return the plan
   */
  public RetentionPlan plan() {
    return plan(clock.instant());
  }

  /**
   * Plans a sweep at an instant without changing anything.
   *
   * @param at the instant
   * @return per store and category, what is due and what is held back and why
   */
  public RetentionPlan plan(Instant at) {
    return planner.plan(at);
  }

  // ------------------------------------------------------------------ sweep

  /**
   * Sweeps at the clock's current time with default options.
   *
   * @return what was done
   */
  public SweepReport sweep() {
    return sweep(clock.instant(), SweepOptions.defaults());
  }

  /**
   * Sweeps at an instant: processes every due record, batch by batch.
   *
   * <p>A store that fails does not stop the sweep: its line in the report is {@link
   * SweepLine.Status#FAILED} with what went wrong, the audit trail records the failure, and the
   * other stores are swept; the next sweep (the scheduler's next run) resumes the failed one from
   * its checkpoint.
   *
   * @param at the instant the rules are applied for
   * @param options batch size, pause, listener and cancellation
   * @return what was done, store by store; {@link SweepReport#failures()} lists the stores that
   *     failed
   */
  public SweepReport sweep(Instant at, SweepOptions options) {
    return sweeper.sweep(at, options, name -> true);
  }

  /**
   * Sweeps one store at an instant, as {@link #sweep(Instant, SweepOptions)} does for all. A
   * scheduler uses this to lock and sweep store by store.
   *
   * @param store the store's name
   * @param at the instant the rules are applied for
   * @param options batch size, pause, listener and cancellation
   * @return what was done to that store
   * @throws IllegalArgumentException if no store has that name
   */
  public SweepReport sweepStore(String store, Instant at, SweepOptions options) {
    if (!storeNames().contains(store)) {
      throw new IllegalArgumentException("no store named '" + store + "'");
    }
    return sweeper.sweep(at, options, store::equals);
  }

  /** {@return the names of the stores this engine sweeps, in registration order} */
  public List<String> storeNames() {
    return stores.stream().map(AuditedStore::name).toList();
  }

  /** {@return the policy this engine executes} */
  public PrivacyPolicy policy() {
    return policy;
  }

  /** {@return the engine's clock} */
  public Clock clock() {
    return clock;
  }

  // ------------------------------------------------------------------ erasure

  /**
   * Erases a data subject at the clock's current time; see {@link #erase(SubjectRef, String,
   * Instant)}.
   *
   * @param subject the identifier the request gives
   * @param reference the request's id, for the audit trail and the ledger
   * @return the receipt
   */
  public ErasureReceipt erase(SubjectRef subject, String reference) {
    return erase(subject, reference, clock.instant());
  }

  /**
   * Erases a data subject from every store: resolves every identifier the stores link to the
   * subject, then, record by record, deletes it (or anonymizes it where its category's rule
   * anonymizes), unless a legal hold, a minimum retention period or a legal obligation protects it
   * (GDPR Art. 17(3)). Protected records are kept and listed in the receipt with their ground;
   * those a hold or floor protects are erased by a later sweep once the protection ends (a deferral
   * in the {@link ErasureLedger}). Every identifier gets a tombstone so {@link #replayAfterRestore}
   * can erase the subject again from a restored backup.
   *
   * <p>A store that fails is listed as failed with what went wrong, and the erasure goes on with
   * the others; afterwards every store is read again, and one that still holds unprotected records
   * of the subject is listed as failed too. Each batch and each store's outcome is audited, and a
   * final entry sums up; the erasure's entries are stored together when it ends ({@link
   * AuditLog#together}), in one transaction on a JDBC trail.
   *
   * <p>An erasure may take several attempts: the request retried after a store failed, a sweep
   * finishing what a floor or a hold kept, or a store that failed. With a reference, each attempt
   * is added to the receipt the ledger keeps for it ({@link ErasureLedger#addToReceipt}), and the
   * receipt returned tells what every attempt so far did: a store erased by the first attempt stays
   * erased on the retry's receipt, and its recipients stay listed (a retry folds into the receipt
   * when it starts from the same identifier, or from one that the first attempt's pending work
   * covers; {@code DsarService} always retries from the request's). {@link #receipt} reads it
   * later, after a sweep finished the rest.
   *
   * <p>This method does not check who asks: the DSAR service calls it only after identity
   * verification. If the identifiers reach more than one account id (a shared wallet or phone
   * number links two people), nothing is erased and {@link
   * io.lethe.core.store.AmbiguousSubjectException} says so.
   *
   * @param subject the identifier the request gives
   * @param reference the request's id, for the audit trail and the ledger
   * @param at the instant the floors and holds are judged at
   * @return the receipt of every attempt with this reference so far; this attempt's alone if the
   *     reference is null
   */
  public ErasureReceipt erase(SubjectRef subject, String reference, Instant at) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(at, "at");
    AuditContext context = new AuditContext(AuditAction.ERASURE, actor, reference, null, subject);
    // its audit entries (reads, deletes, each store's outcome, the sum) go to the trail together
    return audit.together(
        () -> {
          Set<SubjectRef> identities = SubjectIdentities.resolveOne(subject, stores, context);
          return eraser.erase(
              subject, identities, stores, reference, at, holds.forErasure(holds.activeAt(at)));
        });
  }

  /**
   * Erases again, from a store restored from a backup, every subject erased since: lists the
   * store's identifiers, hashes them, and erases those with a tombstone, keeping what is protected
   * exactly as the original erasure did. Run it after every restore, before the store serves
   * traffic.
   *
   * @param store the restored store's name
   * @return what was found and done
   * @throws IllegalArgumentException if no store has that name
   * @throws io.lethe.core.spi.StoreException if the store cannot list its subjects
   */
  public ReplayReport replayAfterRestore(String store) {
    Instant at = clock.instant();
    AuditedStore restored =
        stores.stream()
            .filter(s -> s.name().equals(store))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no store named '" + store + "'"));
    return eraser.replay(restored, at, holds.forErasure(holds.activeAt(at)));
  }

  /**
   * Finds every identifier the stores link to a subject.
   *
   * @param subject one identifier
   * @return it and every identifier linked to it
   * @throws io.lethe.core.store.AmbiguousSubjectException if they reach more than one account
   */
  public Set<SubjectRef> identitiesOf(SubjectRef subject) {
    return rectifier.identitiesOf(subject);
  }

  /**
   * Corrects a subject's data (GDPR Art. 16): every record of the subject, in every store, that has
   * a field of a corrected category gets the new value. Values never reach the audit trail, which
   * records per store how many records were corrected.
   *
   * @param subject the identifier the request gives
   * @param corrections the new value per field category
   * @param reference the request's id
   * @return per store name, how many records were corrected (stores with none are left out)
   * @throws IllegalArgumentException if a category is not in the policy, no store has a field of
   *     it, or its value is null
   * @throws io.lethe.core.spi.StoreException if a store fails; stores before it were corrected
   */
  public Map<String, Long> rectify(
      SubjectRef subject, Map<CategoryKey, Object> corrections, String reference) {
    return rectifier.rectify(subject, corrections, reference);
  }

  /**
   * The categories a store's records carry: its record category and every field category.
   *
   * @param store the store's name
   * @return the categories
   * @throws IllegalArgumentException if no store has that name
   */
  public Set<CategoryKey> categoriesOf(String store) {
    return stores.stream()
        .filter(s -> s.name().equals(store))
        .findFirst()
        .map(s -> s.descriptor().categories())
        .orElseThrow(() -> new IllegalArgumentException("no store named '" + store + "'"));
  }

  /**
   * The receipt of an erasure as it stands: every attempt with this reference for this subject, and
   * what sweeps did since for the erasures it deferred or the stores that failed in it.
   *
   * @param reference the request's id
   * @param subject the identifier the erasure first started from, as given to {@link #erase}
   * @return the receipt, empty if no such erasure ran
   * @throws NullPointerException if an argument is null
   */
  public Optional<ErasureReceipt> receipt(String reference, SubjectRef subject) {
    Objects.requireNonNull(reference, "reference");
    String hash = audit.hasher().hash(Objects.requireNonNull(subject, "subject"));
    return ledger.receipts(reference).stream()
        .filter(r -> r.subjectHash().equals(hash))
        .findFirst();
  }

  /**
   * Adds what participants outside the stores did for an erasure (such as the consent ledger
   * withdrawing every consent) to its receipt, and to the receipt the erasure ledger keeps for its
   * reference, so that {@link #receipt} tells it too. A participant that failed leaves the receipt
   * incomplete. If the ledger cannot keep the lines, they are still on the receipt returned, and
   * the audit trail records that the kept receipt lacks them.
   *
   * @param receipt the receipt {@link #erase} returned, or the one {@link #receipt} reads (or a new
   *     one without store lines) where the participants ran without the stores being erased
   * @param lines what the participants did, one line each
   * @return the receipt followed by the participants' attempt ({@link ErasureReceipt#followedBy}):
   *     its lines folded in, its time now
   */
  public ErasureReceipt addParticipants(ErasureReceipt receipt, List<ParticipantErasure> lines) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(lines, "lines");
    if (lines.isEmpty()) {
      return receipt;
    }
    ErasureReceipt attempt =
        new ErasureReceipt(
            receipt.reference(),
            policy.id(),
            clock.instant(),
            receipt.subjectHash(),
            receipt.identities(),
            List.of(),
            List.of(),
            lines);
    ErasureReceipt withLines = receipt.followedBy(attempt);
    if (receipt.reference() == null) {
      return withLines;
    }
    try {
      // the receipt given is the ledger's own as erase left it (or that attempt's alone, if the
      // ledger failed then): the lines go on it either way
      ledger.addToReceipt(attempt);
      return withLines;
    } catch (RuntimeException e) {
      audit.append(
          AuditEvent.of(AuditAction.ERASURE, actor)
              .reference(receipt.reference())
              .outcome(AuditOutcome.FAILED)
              .detail(
                  "what "
                      + lines.size()
                      + " participants did could not be added to the receipt"
                      + " kept in the erasure ledger ("
                      + e.getClass().getSimpleName()
                      + "): the receipt"
                      + " returned has it, the kept one does not")
              .build());
      LOG.warn(
          "An erasure receipt could not take its participants' lines: {}",
          e.getClass().getSimpleName());
      return withLines;
    }
  }

  /** {@return the erasures waiting for a floor or a hold to pass, oldest first} */
  public List<ErasureLedger.Deferral> deferredErasures() {
    return ledger.pending();
  }

  /** Fluent builder for {@link RetentionEngine}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private final List<PersonalDataStore> stores = new ArrayList<>();
    private AuditLog audit;
    private LegalHolds holds;
    private CheckpointStore checkpoints = new InMemoryCheckpointStore();
    private ErasureLedger ledger = new InMemoryErasureLedger();
    private final Map<String, Aggregator> aggregators = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Consumer<Duration> sleeper = RetentionEngine::sleep;
    private String actor = "retention-sweeper";

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * Adds stores to sweep.
     *
     * @param values the host's stores
     * @return this builder
     */
    public Builder stores(PersonalDataStore... values) {
      stores.addAll(List.of(values));
      return this;
    }

    /**
     * Sets where every batch is recorded. Required.
     *
     * @param value the audit log
     * @return this builder
     */
    public Builder audit(AuditLog value) {
      this.audit = value;
      return this;
    }

    /**
     * Sets the legal holds every sweep consults; without it, nothing is held.
     *
     * @param value the holds service
     * @return this builder
     */
    public Builder holds(LegalHolds value) {
      this.holds = value;
      return this;
    }

    /**
     * Sets where tombstones and deferred erasures are kept; default in memory, which forgets them
     * on restart. Use {@link JdbcErasureLedger} in production.
     *
     * @param value the ledger
     * @return this builder
     */
    public Builder erasureLedger(ErasureLedger value) {
      this.ledger = Objects.requireNonNull(value, "erasure ledger");
      return this;
    }

    /**
     * Sets where checkpoints are kept; default in memory. Use {@link JdbcCheckpointStore} to resume
     * after the process dies.
     *
     * @param value the checkpoint store
     * @return this builder
     */
    public Builder checkpoints(CheckpointStore value) {
      this.checkpoints = Objects.requireNonNull(value, "checkpoints");
      return this;
    }

    /**
     * Registers the hook an {@code aggregate_then_delete} rule names.
     *
     * @param name the name the rule uses
     * @param hook the hook
     * @return this builder
     */
    public Builder aggregator(String name, Aggregator hook) {
      aggregators.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Sets the clock for {@link #plan()}, {@link #sweep()} and checkpoints; default system UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how pauses between batches ({@link SweepOptions#pause()}) wait; default {@link
     * Thread#sleep}, where an interrupt ends the pause and stays set on the thread. Tests pass one
     * that records the pause instead of waiting.
     *
     * @param value waits for the duration it is given
     * @return this builder
     */
    public Builder sleeper(Consumer<Duration> value) {
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /**
     * Sets the actor named in audit entries; default {@code retention-sweeper}.
     *
     * @param value the actor
     * @return this builder
     */
    public Builder actor(String value) {
      this.actor = Objects.requireNonNull(value, "actor");
      return this;
    }

    /**
     * Builds the engine, checking the stores against the policy.
     *
     * @return the engine
     * @throws RetentionConfigurationException listing every mismatch
     */
    public RetentionEngine build() {
      return new RetentionEngine(this);
    }
  }
}
