package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.policy.AnchorRange;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionPeriod;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreField;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.store.SubjectIdentities;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.Aggregator;
import io.lethe.retention.spi.CheckpointStore;
import io.lethe.retention.spi.ErasureLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a policy's retention rules against the host's stores.
 *
 * <p>For each store and each category it holds (the record category and its field categories),
 * the governing rule decides: a record category's rule deletes, anonymizes or aggregates whole
 * records; a field category's rule clears (or, if it anonymizes, anonymizes) just those fields.
 * Expired records are found by the store itself, a page at a time, with legal holds pushed into
 * the query; each batch is one store call, one transaction and one audit entry.
 *
 * <p>Legal holds are read when a sweep starts: a hold placed during a long sweep takes effect
 * from the next one. Aggregation hooks run at least once per batch: a sweep that dies between a
 * hook and the deletion gives the same records to the hook again, so hooks must be idempotent
 * (or tolerate a batch twice).
 *
 * <p>A sweep keeps a checkpoint per store and category. One that dies (exception or killed
 * process) leaves it behind; the next sweep records the batch that was in flight as interrupted,
 * resumes after the last finished batch, and then makes one more pass from the start for records
 * that expired meanwhile. Running the same sweep twice processes nothing the second time.
 *
 * <p>Nothing a legal hold or a minimum period protects is touched: the queries cover only anchors
 * whose maximum and floor have both run out (exactly, even where calendar periods clamp month
 * ends or meet a daylight-saving gap; see {@link RetentionPeriod#expiredAnchorRanges}), and held
 * subjects (with every identifier the stores link to them) are excluded in the store. A store
 * that fails is reported as failed and the others are swept.
 *
 * <p>The engine also erases data subjects on request ({@link #erase(SubjectRef, String,
 * Instant)}): the same rules, holds and floors decide what goes and what stays. A sweep finishes
 * the erasures a floor or hold deferred once it passes, and {@link #replayAfterRestore} erases
 * again from a store restored from backup, using the tombstones in the {@link ErasureLedger}.
 */
public final class RetentionEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionEngine.class);

  private final PrivacyPolicy policy;
  private final List<AuditedStore> stores;
  private final AuditLog audit;
  private final LegalHolds holds;
  private final CheckpointStore checkpoints;
  private final Map<String, Aggregator> aggregators;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String actor;
  private final List<Target> targets;
  private final ErasureLedger ledger;
  private final SubjectEraser eraser;

  /** Waits between batches; replaceable so tests never sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits.
     *
     * @param duration how long
     * @throws InterruptedException if interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What one sweep pass handles: a category in a store, under a rule. */
  /** Keys read per page where a plan merges two targets' due keys. */
  private static final int PLAN_PAGE = 10_000;

  private record Target(AuditedStore store, CategoryKey category, RetentionRule rule,
      boolean wholeRecord) {

    String action() {
      if (wholeRecord) {
        return rule.action().name().toLowerCase(Locale.ROOT);
      }
      return rule.action() == ExpiryAction.ANONYMIZE ? "anonymize_fields" : "clear_fields";
    }

  }

  private RetentionEngine(Builder builder) {
    this.policy = Objects.requireNonNull(builder.policy, "policy");
    this.audit = Objects.requireNonNull(builder.audit, "audit");
    this.clock = builder.clock;
    this.holds = builder.holds;
    this.checkpoints = builder.checkpoints;
    this.aggregators = Map.copyOf(builder.aggregators);
    this.sleeper = builder.sleeper;
    this.actor = builder.actor;
    this.stores = builder.stores.stream().map(s -> AuditedStore.of(s, audit)).toList();
    this.ledger = builder.ledger;
    this.eraser = new SubjectEraser(policy, audit, actor, ledger, this::recordAnonymization);
    List<String> problems = new ArrayList<>();
    this.targets = List.copyOf(targets(problems));
    if (!problems.isEmpty()) {
      throw RetentionConfigurationException.of(problems);
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

  private List<Target> targets(List<String> problems) {
    List<Target> found = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (AuditedStore store : stores) {
      StoreDescriptor descriptor = store.descriptor();
      if (!names.add(descriptor.name())) {
        problems.add("two stores are named '" + descriptor.name() + "'");
      }
      CategoryKey recordCategory = descriptor.recordCategory();
      Optional<RetentionRule> recordRule = ruleFor(recordCategory, descriptor, problems);
      recordRule.ifPresent(rule -> found.add(check(new Target(store, recordCategory, rule, true),
          problems)));
      Set<CategoryKey> fieldCategories = new LinkedHashSet<>();
      descriptor.fields().stream().map(StoreField::category)
          .filter(c -> !c.equals(recordCategory)).forEach(fieldCategories::add);
      for (CategoryKey category : fieldCategories) {
        Optional<RetentionRule> fieldRule = ruleFor(category, descriptor, problems);
        if (fieldRule.isEmpty() || fieldRule.equals(recordRule)) {
          continue;
        }
        RetentionRule rule = fieldRule.get();
        found.add(check(new Target(store, category, rule, false), problems));
        recordRule.ifPresent(whole -> checkFieldFloor(descriptor, category, rule, whole,
            problems));
      }
    }
    return found;
  }

  private Optional<RetentionRule> ruleFor(CategoryKey category, StoreDescriptor store,
      List<String> problems) {
    if (!policy.taxonomy().contains(category)) {
      problems.add("store '" + store.name() + "' holds category '" + category + "', which policy '"
          + policy.id() + "' does not define");
      return Optional.empty();
    }
    return policy.ruleFor(category);
  }

  private Target check(Target target, List<String> problems) {
    StoreDescriptor store = target.store().descriptor();
    RetentionRule rule = target.rule();
    // a rule that never expires anything and keeps no floor needs no clock
    boolean timed = rule.hasFiniteMaximum() || rule.minimum() != null;
    if (timed && !store.supports(rule.anchor())) {
      problems.add("store '" + store.name() + "' cannot filter by anchor '" + rule.anchor()
          + "', which rule '" + rule.id() + "' counts from for '" + target.category() + "'");
    }
    if (target.wholeRecord() && rule.action() == ExpiryAction.AGGREGATE_THEN_DELETE
        && !aggregators.containsKey(rule.aggregator())) {
      problems.add("rule '" + rule.id() + "' aggregates through hook '" + rule.aggregator()
          + "', which is not registered");
    }
    if (target.wholeRecord() && rule.action() == ExpiryAction.ANONYMIZE
        && !store.marksAnonymized() && !masksOnly(target)) {
      problems.add("rule '" + rule.id() + "' hashes, redacts or generalizes records of store '"
          + store.name() + "', which does not mark anonymized records, so every sweep would"
          + " anonymize them again: give its mapping an anonymizedAt column, or clear the"
          + " fields (null) instead");
    }
    if (target.wholeRecord() && rule.action() == ExpiryAction.ANONYMIZE) {
      List<String> linking = stillLinking(target);
      if (!linking.isEmpty()) {
        problems.add("rule '" + rule.id() + "' anonymizes records of store '" + store.name()
            + "' but leaves their subject " + (linking.size() == 1 ? "column " : "columns ")
            + String.join(", ", linking) + " in place, so they would stay linked to their"
            + " subjects (a keyed hash is still a pseudonym): map each as a field of a category"
            + " the rule clears, redacts, replaces or generalizes, or delete instead");
      }
    }
    Anonymization changes = target.wholeRecord()
        ? rule.action() == ExpiryAction.ANONYMIZE ? ruleAnonymization(target) : null
        : fieldAnonymization(target);
    List<String> unfit = changes == null ? List.of()
        : target.store().unwrap().problemsWith(changes);
    if (!unfit.isEmpty()) {
      problems.add("rule '" + rule.id() + "' would write NULL into store '" + store.name()
          + "' where it cannot be held: " + String.join("; ", unfit) + " (clear another"
          + " column, give the rule another strategy, or delete the record)");
    }
    if (!target.wholeRecord() && rule.action() == ExpiryAction.ANONYMIZE
        && !clearsOnly(target)) {
      problems.add("rule '" + rule.id() + "' hashes or generalizes field category '"
          + target.category() + "' of store '" + store.name() + "', whose records are governed"
          + " by another rule; a field's own rule can only clear it (null), since the store marks"
          + " whole records, not fields");
    }
    if (!target.wholeRecord() && rule.action() == ExpiryAction.AGGREGATE_THEN_DELETE) {
      problems.add("rule '" + rule.id() + "' aggregates whole records, but '" + target.category()
          + "' is only a field of store '" + store.name() + "'");
    }
    return target;
  }

  /** A record deleted by its own rule must not take a field whose floor is longer with it. */
  private void checkFieldFloor(StoreDescriptor store, CategoryKey field, RetentionRule fieldRule,
      RetentionRule recordRule, List<String> problems) {
    RetentionPeriod floor = fieldRule.minimum();
    if (floor == null || recordRule.action() == ExpiryAction.ANONYMIZE) {
      return;
    }
    RetentionPeriod recordMaximum = recordRule.maximum();
    boolean deletedSooner = recordMaximum != null && !recordMaximum.isIndefinite()
        && (floor.mayExceed(recordMaximum) || !recordRule.anchor().equals(fieldRule.anchor()));
    if (deletedSooner) {
      problems.add("store '" + store.name() + "': rule '" + recordRule.id() + "' deletes its"
          + " records after " + recordMaximum + " from " + recordRule.anchor() + ", but field"
          + " category '" + field + "' must be kept " + floor + " from " + fieldRule.anchor()
          + " (rule '" + fieldRule.id() + "')");
    }
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
    List<LegalHold> active = activeHolds(at);
    Set<SubjectRef> held = heldIdentities(active);
    List<PlanLine> lines = new ArrayList<>();
    for (Target target : targets) {
      String store = target.store().name();
      List<AnchorRange> expiredRanges = expiredRanges(target.rule(), at);
      if (expiredRanges.isEmpty()) {
        lines.add(new PlanLine(store, target.category(), target.rule().id(), target.action(),
            null, 0, 0, 0, List.of(), notExpiring(target.rule())));
        continue;
      }
      List<AnchorRange> dueRanges = dueRanges(target.rule(), at);
      AuditContext context = context(target);
      long expired = count(target, expiredRanges, Set.of(), context);
      long unprotected = dueRanges.equals(expiredRanges) ? expired
          : count(target, dueRanges, Set.of(), context);
      Instant cutoff = dueRanges.isEmpty() ? null : dueRanges.get(0).to();
      List<String> reasons = new ArrayList<>();
      long due;
      Optional<LegalHold> blanket = blanketHold(active, target);
      if (blanket.isPresent()) {
        due = 0;
        reasons.add(blanket.get().scope().name().toLowerCase(Locale.ROOT) + " hold: "
            + blanket.get().reason());
      } else {
        due = held.isEmpty() ? unprotected : count(target, dueRanges, held, context);
        if (due < unprotected) {
          active.stream().filter(h -> h.scope() == LegalHold.Scope.SUBJECT)
              .forEach(h -> reasons.add("subject hold: " + h.reason()));
        }
        due -= deletedFirst(target, dueRanges, held, active, at, context);
      }
      lines.add(new PlanLine(store, target.category(), target.rule().id(), target.action(),
          cutoff, due, unprotected - due, expired - unprotected, reasons, null));
    }
    return new RetentionPlan(policy.id(), at, lines);
  }

  /**
   * Of a field target's due records, how many the sweep deletes first under their record's own
   * rule, so that a plan counts each record once, as the sweep processes it: the two targets'
   * due keys, both in ascending order, are merged a page at a time and the common ones counted.
   */
  private long deletedFirst(Target field, List<AnchorRange> fieldRanges, Set<SubjectRef> held,
      List<LegalHold> active, Instant at, AuditContext context) {
    if (field.wholeRecord()) {
      return 0;
    }
    Optional<Target> deleting = targets.stream().filter(t -> t.store() == field.store()
        && t.wholeRecord() && t.rule().action() != ExpiryAction.ANONYMIZE).findFirst();
    if (deleting.isEmpty() || blanketHold(active, deleting.get()).isPresent()) {
      return 0;
    }
    long common = 0;
    for (AnchorRange fieldRange : fieldRanges) {
      for (AnchorRange recordRange : dueRanges(deleting.get().rule(), at)) {
        common += commonKeys(field, fieldRange, deleting.get(), recordRange, held, context);
      }
    }
    return common;
  }

  private long commonKeys(Target a, AnchorRange aRange, Target b, AnchorRange bRange,
      Set<SubjectRef> held, AuditContext context) {
    ExpiryQuery aQuery = query(a, aRange, held, PLAN_PAGE);
    ExpiryQuery bQuery = query(b, bRange, held, PLAN_PAGE);
    List<RecordKey> aKeys = a.store().findExpired(aQuery, context);
    List<RecordKey> bKeys = b.store().findExpired(bQuery, context);
    int i = 0;
    int j = 0;
    long common = 0;
    while (i < aKeys.size() && j < bKeys.size()) {
      int order = aKeys.get(i).compareTo(bKeys.get(j));
      if (order == 0) {
        common++;
      }
      if (order <= 0) {
        i++;
      }
      if (order >= 0) {
        j++;
      }
      // a page used up: read the next one after its last key, unless it was the last page
      if (i == aKeys.size() && aKeys.size() == PLAN_PAGE) {
        aQuery = aQuery.next(aKeys.get(aKeys.size() - 1));
        aKeys = a.store().findExpired(aQuery, context);
        i = 0;
      }
      if (j == bKeys.size() && bKeys.size() == PLAN_PAGE) {
        bQuery = bQuery.next(bKeys.get(bKeys.size() - 1));
        bKeys = b.store().findExpired(bQuery, context);
        j = 0;
      }
    }
    return common;
  }

  private long count(Target target, List<AnchorRange> ranges, Set<SubjectRef> excluded,
      AuditContext context) {
    long count = 0;
    for (AnchorRange range : ranges) {
      count += target.store().countExpired(query(target, range, excluded, 1), context);
    }
    return count;
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
    return sweep(at, options, name -> true);
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
    return sweep(at, options, store::equals);
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
   * anonymizes), unless a legal hold, a minimum retention period or a legal obligation protects
   * it (GDPR Art. 17(3)). Protected records are kept and listed in the receipt with their ground;
   * those a hold or floor protects are erased by a later sweep once the protection ends (a
   * deferral in the {@link ErasureLedger}). Every identifier gets a tombstone so {@link
   * #replayAfterRestore} can erase the subject again from a restored backup.
   *
   * <p>A store that fails is listed as failed with what went wrong, and the erasure goes on with
   * the others; afterwards every store is read again, and one that still holds unprotected
   * records of the subject is listed as failed too. Each batch and each store's outcome is
   * audited, and a final entry sums up; the erasure's entries are stored together when it ends
   * ({@link AuditLog#together}), in one transaction on a JDBC trail.
   *
   * <p>An erasure may take several attempts: the request retried after a store failed, a sweep
   * finishing what a floor or a hold kept, or a store that failed. With a reference, each attempt
   * is added to the receipt the ledger keeps for it ({@link ErasureLedger#addToReceipt}), and the
   * receipt returned tells what every attempt so far did: a store erased by the first attempt
   * stays erased on the retry's receipt, and its recipients stay listed (a retry folds into the
   * receipt when it starts from the same identifier, or from one that the first attempt's
   * pending work covers; {@code DsarService} always retries from the request's). {@link #receipt}
   * reads it later, after a sweep finished the rest.
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
    AuditContext context = new AuditContext(AuditAction.ERASURE, actor, reference, null,
        subject);
    // its audit entries (reads, deletes, each store's outcome, the sum) go to the trail together
    return audit.together(() -> {
      Set<SubjectRef> identities = SubjectIdentities.resolveOne(subject, stores, context);
      return eraser.erase(subject, identities, stores, reference, at,
          erasureHolds(activeHolds(at)));
    });
  }

  /**
   * Erases again, from a store restored from a backup, every subject erased since: lists the
   * store's identifiers, hashes them, and erases those with a tombstone, keeping what is
   * protected exactly as the original erasure did. Run it after every restore, before the store
   * serves traffic.
   *
   * @param store the restored store's name
   * @return what was found and done
   * @throws IllegalArgumentException if no store has that name
   * @throws io.lethe.core.spi.StoreException if the store cannot list its subjects
   */
  public ReplayReport replayAfterRestore(String store) {
    Instant at = clock.instant();
    AuditedStore restored = stores.stream().filter(s -> s.name().equals(store)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no store named '" + store + "'"));
    return eraser.replay(restored, at, erasureHolds(activeHolds(at)));
  }

  /**
   * Finds every identifier the stores link to a subject.
   *
   * @param subject one identifier
   * @return it and every identifier linked to it
   * @throws io.lethe.core.store.AmbiguousSubjectException if they reach more than one account
   */
  public Set<SubjectRef> identitiesOf(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    return SubjectIdentities.resolveOne(subject, stores,
        new AuditContext(AuditAction.RECTIFICATION, actor, null, null, subject));
  }

  /**
   * Corrects a subject's data (GDPR Art. 16): every record of the subject, in every store, that
   * has a field of a corrected category gets the new value. Values never reach the audit trail,
   * which records per store how many records were corrected.
   *
   * @param subject the identifier the request gives
   * @param corrections the new value per field category
   * @param reference the request's id
   * @return per store name, how many records were corrected (stores with none are left out)
   * @throws IllegalArgumentException if a category is not in the policy, no store has a field
   *     of it, or its value is null
   * @throws io.lethe.core.spi.StoreException if a store fails; stores before it were corrected
   */
  public Map<String, Long> rectify(SubjectRef subject, Map<CategoryKey, Object> corrections,
      String reference) {
    Objects.requireNonNull(corrections, "corrections");
    for (CategoryKey category : corrections.keySet()) {
      if (!policy.taxonomy().contains(category)) {
        throw new IllegalArgumentException("policy '" + policy.id() + "' has no category '"
            + category + "'");
      }
      if (corrections.get(category) == null) {
        throw new IllegalArgumentException("the correction of category '" + category + "' is"
            + " null; rectification replaces values (erasure removes them)");
      }
      boolean held = stores.stream().anyMatch(s -> s.descriptor().fields().stream()
          .anyMatch(f -> f.category().equals(category)));
      if (!held) {
        throw new IllegalArgumentException("no store has a field of category '" + category
            + "' to correct");
      }
    }
    Set<SubjectRef> identities = identitiesOf(subject);
    Map<String, Long> corrected = new LinkedHashMap<>();
    for (AuditedStore store : stores) {
      AuditContext context = new AuditContext(AuditAction.RECTIFICATION, actor, reference,
          store.descriptor().recordCategory(), subject);
      List<Map.Entry<RecordKey, Map<CategoryKey, Object>>> changes = new ArrayList<>();
      try (java.util.stream.Stream<PersonalRecord> records = store.recordsOf(identities,
          context)) {
        records.forEach(record -> {
          Map<CategoryKey, Object> values = new LinkedHashMap<>();
          record.fields().forEach(f -> {
            if (corrections.containsKey(f.category())) {
              values.put(f.category(), corrections.get(f.category()));
            }
          });
          if (!values.isEmpty()) {
            changes.add(Map.entry(record.key(), values));
          }
        });
      }
      long count = 0;
      for (Map.Entry<RecordKey, Map<CategoryKey, Object>> change : changes) {
        count += store.rectify(change.getKey(), change.getValue(), context);
      }
      if (count > 0) {
        corrected.put(store.name(), count);
      }
    }
    return corrected;
  }

  /**
   * The categories a store's records carry: its record category and every field category.
   *
   * @param store the store's name
   * @return the categories
   * @throws IllegalArgumentException if no store has that name
   */
  public Set<CategoryKey> categoriesOf(String store) {
    return stores.stream().filter(s -> s.name().equals(store)).findFirst()
        .map(s -> s.descriptor().categories())
        .orElseThrow(() -> new IllegalArgumentException("no store named '" + store + "'"));
  }

  /**
   * The receipt of an erasure as it stands: every attempt with this reference for this subject,
   * and what sweeps did since for the erasures it deferred or the stores that failed in it.
   *
   * @param reference the request's id
   * @param subject the identifier the erasure first started from, as given to {@link #erase}
   * @return the receipt, empty if no such erasure ran
   * @throws NullPointerException if an argument is null
   */
  public Optional<ErasureReceipt> receipt(String reference, SubjectRef subject) {
    Objects.requireNonNull(reference, "reference");
    String hash = audit.hasher().hash(Objects.requireNonNull(subject, "subject"));
    return ledger.receipts(reference).stream().filter(r -> r.subjectHash().equals(hash))
        .findFirst();
  }

  /**
   * Adds what participants outside the stores did for an erasure (such as the consent ledger
   * withdrawing every consent) to its receipt, and to the receipt the erasure ledger keeps for
   * its reference, so that {@link #receipt} tells it too. A participant that failed leaves the
   * receipt incomplete. If the ledger cannot keep the lines, they are still on the receipt
   * returned, and the audit trail records that the kept receipt lacks them.
   *
   * @param receipt the receipt {@link #erase} returned, or the one {@link #receipt} reads (or a
   *     new one without store lines) where the participants ran without the stores being erased
   * @param lines what the participants did, one line each
   * @return the receipt followed by the participants' attempt ({@link
   *     ErasureReceipt#followedBy}): its lines folded in, its time now
   */
  public ErasureReceipt addParticipants(ErasureReceipt receipt,
      List<ParticipantErasure> lines) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(lines, "lines");
    if (lines.isEmpty()) {
      return receipt;
    }
    ErasureReceipt attempt = new ErasureReceipt(receipt.reference(), policy.id(),
        clock.instant(), receipt.subjectHash(), receipt.identities(), List.of(), List.of(),
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
      audit.append(AuditEvent.of(AuditAction.ERASURE, actor).reference(receipt.reference())
          .outcome(AuditOutcome.FAILED)
          .detail("what " + lines.size() + " participants did could not be added to the receipt"
              + " kept in the erasure ledger (" + e.getClass().getSimpleName() + "): the receipt"
              + " returned has it, the kept one does not")
          .build());
      LOG.warn("An erasure receipt could not take its participants' lines: {}",
          e.getClass().getSimpleName());
      return withLines;
    }
  }

  /** {@return the erasures waiting for a floor or a hold to pass, oldest first} */
  public List<ErasureLedger.Deferral> deferredErasures() {
    return ledger.pending();
  }

  private SubjectEraser.Holds erasureHolds(List<LegalHold> active) {
    Map<String, Set<SubjectRef>> reach = new LinkedHashMap<>();
    AuditContext context = new AuditContext(AuditAction.ERASURE, actor, "legal-holds", null,
        null);
    for (LegalHold hold : active) {
      if (hold.scope() == LegalHold.Scope.SUBJECT) {
        reach.put(hold.id(), SubjectIdentities.resolve(List.of(hold.subject()), stores,
            context));
      }
    }
    return new SubjectEraser.Holds(active, reach);
  }

  /** The anonymization a store's own record rule applies, if that rule anonymizes. */
  private Optional<Anonymization> recordAnonymization(AuditedStore store) {
    return targets.stream()
        .filter(t -> t.store() == store && t.wholeRecord()
            && t.rule().action() == ExpiryAction.ANONYMIZE)
        .findFirst().map(this::ruleAnonymization);
  }

  private SweepReport sweep(Instant at, SweepOptions options,
      java.util.function.Predicate<String> storeFilter) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(options, "options");
    List<LegalHold> active = activeHolds(at);
    Set<SubjectRef> held = heldIdentities(active);
    List<SweepLine> lines = new ArrayList<>();
    boolean cancelled = false;
    for (Target target : targets) {
      if (!storeFilter.test(target.store().name())) {
        continue;
      }
      if (cancelled) {
        lines.add(line(target, 0, 0, SweepLine.Status.CANCELLED));
        continue;
      }
      if (expiredRanges(target.rule(), at).isEmpty()) {
        lines.add(line(target, 0, 0, SweepLine.Status.NOT_EXPIRING));
        continue;
      }
      if (blanketHold(active, target).isPresent()) {
        lines.add(line(target, 0, 0, SweepLine.Status.HELD));
        continue;
      }
      long processed = 0;
      int batches = 0;
      List<AnchorRange> ranges = dueRanges(target.rule(), at);
      String failure = null;
      for (int i = 0; i < ranges.size() && !cancelled && failure == null; i++) {
        SweepLine part = sweepTarget(target, ranges.get(i), i, held, options);
        processed += part.processed();
        batches += part.batches();
        cancelled = part.status() == SweepLine.Status.CANCELLED;
        failure = part.failure();
      }
      if (failure != null) {
        // the other stores are swept; the next sweep resumes this one from its checkpoint
        LOG.warn("Sweep of store '{}' for rule '{}' failed; the other stores are swept: {}",
            target.store().name(), target.rule().id(), failure);
        lines.add(new SweepLine(target.store().name(), target.category(), target.rule().id(),
            target.action(), processed, batches, SweepLine.Status.FAILED, failure));
        continue;
      }
      lines.add(line(target, processed, batches,
          cancelled ? SweepLine.Status.CANCELLED : SweepLine.Status.COMPLETED));
    }
    SubjectEraser.Holds erasureHolds = null;
    for (AuditedStore store : stores) {
      if (cancelled || !storeFilter.test(store.name())) {
        continue;
      }
      try {
        if (ledger.dueIn(store.name(), at).isEmpty()) {
          continue;
        }
        erasureHolds = erasureHolds == null ? erasureHolds(active) : erasureHolds;
        long erased = eraser.finishDeferred(store, at, erasureHolds);
        lines.add(new SweepLine(store.name(), store.descriptor().recordCategory(),
            "deferred-erasure", "erase", erased, erased > 0 ? 1 : 0,
            SweepLine.Status.COMPLETED));
      } catch (StoreException e) {
        LOG.warn("Deferred erasures in store '{}' failed; they stay due: {}", store.name(),
            e.getMessage());
        lines.add(new SweepLine(store.name(), store.descriptor().recordCategory(),
            "deferred-erasure", "erase", 0, 0, SweepLine.Status.FAILED, e.getMessage()));
      }
    }
    SweepReport report = new SweepReport(policy.id(), at, lines);
    LOG.info("Retention sweep of policy '{}' at {}: {} records processed{}", policy.id(), at,
        report.totalProcessed(), cancelled ? " (cancelled)" : "");
    return report;
  }

  /** Sweeps one range of expired anchors of a target; ranges after the first are small. */
  private SweepLine sweepTarget(Target target, AnchorRange range, int rangeIndex,
      Set<SubjectRef> held, SweepOptions options) {
    String sweepKey = policy.id() + ":" + target.store().name() + ":" + target.category() + ":"
        + target.rule().id() + (rangeIndex == 0 ? "" : "#" + rangeIndex);
    AuditContext context = context(target);
    Optional<SweepCheckpoint> resumed = checkpoints.load(sweepKey);
    RecordKey after = resumed.map(SweepCheckpoint::after).orElse(null);
    resumed.filter(c -> c.inFlight() > 0).ifPresent(c -> audit.append(
        AuditEvent.of(AuditAction.SWEEP_INTERRUPTED, actor).reference(target.rule().id())
            .store(target.store().name()).category(target.category())
            .count("in_flight", c.inFlight()).count("processed_before", c.processed())
            .outcome(AuditOutcome.INTERRUPTED)
            .detail("a batch of " + c.inFlight() + " records was interrupted; the resumed sweep"
                + " re-examines them").build()));
    long done = 0;
    int batches = 0;
    try {
      ExpiryQuery first = query(target, range, held, options.batchSize());
      boolean wantsTotal = options.listener() != SweepListener.NONE;
      long total = wantsTotal ? target.store().countExpired(first, context) : -1;
      boolean setBased = target.wholeRecord() && target.rule().action() == ExpiryAction.DELETE;
      boolean secondPass = resumed.isPresent();
      ExpiryQuery page = after == null ? first : first.next(after);
      while (true) {
        if (options.cancellation().isCancelled()) {
          checkpoints.save(new SweepCheckpoint(sweepKey, page.after(), 0, done, clock.instant()));
          return line(target, done, batches, SweepLine.Status.CANCELLED);
        }
        Step step = setBased ? deletePage(target, page, sweepKey, done, context)
            : processPage(target, page, sweepKey, done, context);
        if (step.processed() > 0 || step.lastKey() != null) {
          done += step.processed();
          batches++;
          checkpoints.save(new SweepCheckpoint(sweepKey, step.lastKey(), 0, done,
              clock.instant()));
          options.listener().onBatch(new SweepProgress(target.store().name(), target.category(),
              target.rule().id(), done, Math.max(total, done)));
        }
        if (step.lastKey() != null) {
          page = page.next(step.lastKey());
        } else {
          if (secondPass) {
            secondPass = false;
            page = first;
            continue;
          }
          break;
        }
        pause(options.pause());
      }
    } catch (StoreException e) {
      // audited where it happened; the checkpoint stays for the next sweep
      return new SweepLine(target.store().name(), target.category(), target.rule().id(),
          target.action(), done, batches, SweepLine.Status.FAILED, e.getMessage());
    }
    checkpoints.clear(sweepKey);
    return line(target, done, batches, SweepLine.Status.COMPLETED);
  }

  /** One page's outcome: where the next page starts (null: this was the last) and records done. */
  private record Step(RecordKey lastKey, long processed) {}

  /** Deletes a page in the store, set-based where the store can. */
  private Step deletePage(Target target, ExpiryQuery page, String sweepKey, long done,
      AuditContext context) {
    checkpoints.save(new SweepCheckpoint(sweepKey, page.after(), page.limit(), done,
        clock.instant()));
    DeletedPage deleted = target.store().deleteExpiredPage(page, context);
    return new Step(deleted.lastKey(), deleted.deleted());
  }

  /** Finds a page's keys, then anonymizes, aggregates or clears them. */
  private Step processPage(Target target, ExpiryQuery page, String sweepKey, long done,
      AuditContext context) {
    List<RecordKey> keys = target.store().findExpired(page, context);
    if (keys.isEmpty()) {
      return new Step(null, 0);
    }
    checkpoints.save(new SweepCheckpoint(sweepKey, page.after(), keys.size(), done,
        clock.instant()));
    int processed = process(target, keys, context);
    return new Step(keys.size() < page.limit() ? null : keys.get(keys.size() - 1), processed);
  }

  private int process(Target target, List<RecordKey> keys, AuditContext context) {
    AuditedStore store = target.store();
    RetentionRule rule = target.rule();
    if (!target.wholeRecord()) {
      return store.anonymize(keys, fieldAnonymization(target), context);
    }
    return switch (rule.action()) {
      case DELETE -> store.delete(keys, context);
      case ANONYMIZE -> store.anonymize(keys, ruleAnonymization(target), context);
      case AGGREGATE_THEN_DELETE -> {
        List<PersonalRecord> records = store.records(keys, context);
        try {
          aggregators.get(rule.aggregator()).aggregate(rule, store.name(), records);
        } catch (RuntimeException e) {
          audit.append(AuditEvent.of(AuditAction.SWEEP_BATCH, actor).reference(rule.id())
              .store(store.name()).category(target.category()).count("requested", keys.size())
              .count("deleted", 0).outcome(AuditOutcome.FAILED)
              .detail("aggregation hook '" + rule.aggregator() + "' failed: "
                  + e.getClass().getSimpleName() + "; nothing was deleted").build());
          throw new AggregationFailedException(rule.id(), rule.aggregator(), store.name(), e);
        }
        yield store.delete(keys, context);
      }
    };
  }

  /**
   * A field target changes only its fields and never marks the record anonymized, so the record
   * stays due for its own rule.
   */
  private Anonymization fieldAnonymization(Target target) {
    if (target.rule().action() == ExpiryAction.ANONYMIZE) {
      return ruleAnonymization(target).fieldsOnly();
    }
    return new Anonymization(Map.of(target.category(), FieldStrategy.of(FieldStrategy.Kind.NULL)),
        audit.hasher(), false);
  }

  /**
   * The rule's strategies for the store's fields that the rule governs. A field whose category
   * has a more specific rule of its own is left to that rule (which may keep it longer, or under
   * a floor), even where one of this rule's broader categories holds it.
   */
  private Anonymization ruleAnonymization(Target target) {
    Anonymization all = new Anonymization(target.rule().anonymize(), audit.hasher());
    Map<CategoryKey, FieldStrategy> strategies = new LinkedHashMap<>();
    for (StoreField field : target.store().descriptor().fields()) {
      if (policy.ruleFor(field.category()).filter(target.rule()::equals).isPresent()) {
        all.strategyFor(field.category()).ifPresent(s -> strategies.put(field.category(), s));
      }
    }
    return new Anonymization(strategies, audit.hasher());
  }

  /**
   * The subject fields of a store ({@link StoreDescriptor#subjectFields}) that a record-level
   * anonymization leaves identifying: not a field of a category the rule changes, or one it only
   * hashes, which keeps a stable pseudonym.
   */
  private List<String> stillLinking(Target target) {
    Anonymization anonymization = ruleAnonymization(target);
    List<String> linking = new ArrayList<>();
    for (String subjectField : target.store().descriptor().subjectFields()) {
      boolean destroyed = target.store().descriptor().fields().stream()
          .filter(field -> field.name().equals(subjectField))
          .map(field -> anonymization.strategyFor(field.category()))
          .anyMatch(strategy -> strategy.filter(s -> s.kind() != FieldStrategy.Kind.HASH)
              .isPresent());
      if (!destroyed) {
        linking.add(subjectField);
      }
    }
    return linking;
  }

  /**
   * Whether a field target only sets its fields to null: the query's "some field of the category
   * is not null" then makes it idempotent without any mark. Field targets that hash or generalize
   * would find their fields again every sweep, so configuration refuses them.
   */
  private boolean clearsOnly(Target target) {
    return fieldAnonymization(target).strategies().values().stream()
        .allMatch(s -> s.kind() == FieldStrategy.Kind.NULL);
  }

  private void pause(Duration pause) {
    if (pause.isZero()) {
      return;
    }
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ helpers

  private ExpiryQuery query(Target target, AnchorRange range, Set<SubjectRef> excluded,
      int limit) {
    ExpiryQuery query = new ExpiryQuery(target.category(), target.rule().anchor(), range.to(),
        excluded, null, limit, false).within(range);
    // Only whole records are marked anonymized; field targets are idempotent by "not null",
    // and so are whole records of a store without a mark whose anonymization only clears
    if (!target.wholeRecord() || target.rule().action() != ExpiryAction.ANONYMIZE) {
      return query;
    }
    return target.store().descriptor().marksAnonymized() ? query.withoutAnonymized()
        : query.stillHolding(ruleAnonymization(target).strategies().keySet());
  }

  /**
   * Whether a record-level anonymization only sets fields to null, and sets some: "some of those
   * fields is not null" then tells a record not yet anonymized without any mark.
   */
  private boolean masksOnly(Target target) {
    Anonymization anonymization = ruleAnonymization(target);
    return !anonymization.strategies().isEmpty() && anonymization.strategies().values().stream()
        .allMatch(s -> s.kind() == FieldStrategy.Kind.NULL);
  }

  /** The anchors whose maximum has run out; empty when the rule has no finite maximum. */
  private List<AnchorRange> expiredRanges(RetentionRule rule, Instant at) {
    if (!rule.hasFiniteMaximum()) {
      return List.of();
    }
    return rule.maximum().expiredAnchorRanges(at, policy.timeZone());
  }

  /** The expired anchors that no floor protects any more, so a floor is never crossed. */
  private List<AnchorRange> dueRanges(RetentionRule rule, Instant at) {
    List<AnchorRange> expired = expiredRanges(rule, at);
    if (expired.isEmpty() || rule.minimum() == null) {
      return expired;
    }
    return intersect(expired, rule.minimum().expiredAnchorRanges(at, policy.timeZone()));
  }

  private static List<AnchorRange> intersect(List<AnchorRange> a, List<AnchorRange> b) {
    List<AnchorRange> both = new ArrayList<>();
    for (AnchorRange x : a) {
      for (AnchorRange y : b) {
        Instant from = x.from() == null ? y.from() : y.from() == null ? x.from()
            : x.from().isAfter(y.from()) ? x.from() : y.from();
        Instant to = x.to().isBefore(y.to()) ? x.to() : y.to();
        if (from == null || !from.isAfter(to)) {
          both.add(new AnchorRange(from, to));
        }
      }
    }
    return both;
  }

  private static String notExpiring(RetentionRule rule) {
    if (rule.maximum() == null) {
      return "no maximum stated" + (rule.criteria() == null ? "" : "; kept by its criteria");
    }
    return "kept indefinitely";
  }

  private List<LegalHold> activeHolds(Instant at) {
    return holds == null ? List.of() : holds.activeAt(at);
  }

  private static Optional<LegalHold> blanketHold(List<LegalHold> active, Target target) {
    return active.stream()
        .filter(h -> h.coversAll(target.store().name(), target.category()))
        .findFirst();
  }

  /** Every identifier the stores link to a held subject. */
  private Set<SubjectRef> heldIdentities(List<LegalHold> active) {
    List<SubjectRef> subjects = active.stream().filter(h -> h.scope() == LegalHold.Scope.SUBJECT)
        .map(LegalHold::subject).toList();
    AuditContext context = new AuditContext(AuditAction.SWEEP_BATCH, actor, "legal-holds", null,
        null);
    return SubjectIdentities.resolve(subjects, stores, context);
  }

  private AuditContext context(Target target) {
    return new AuditContext(AuditAction.SWEEP_BATCH, actor, target.rule().id(),
        target.category(), null);
  }

  private static SweepLine line(Target target, long processed, int batches,
      SweepLine.Status status) {
    return new SweepLine(target.store().name(), target.category(), target.rule().id(),
        target.action(), processed, batches, status);
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
    private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
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
     * Sets where checkpoints are kept; default in memory. Use {@link JdbcCheckpointStore} to
     * resume after the process dies.
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
     * Sets how pauses between batches wait; default {@link Thread#sleep}.
     *
     * @param value the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper value) {
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
