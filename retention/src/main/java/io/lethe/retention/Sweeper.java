package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.policy.AnchorRange;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sweeps: each target's due records a page at a time, deleted in the store or anonymized,
 * aggregated or cleared batch by batch, with a checkpoint around every batch, pauses between
 * batches and cancellation between them; then the deferred erasures that have come due.
 */
final class Sweeper {

  /** Under the engine's name, which hosts set levels for. */
  private static final Logger LOG = LoggerFactory.getLogger(RetentionEngine.class);

  private final String policy;
  private final SweepTargets targets;
  private final HoldsInForce holds;
  private final CheckpointStore checkpoints;
  private final Map<String, Aggregator> aggregators;
  private final AuditLog audit;
  private final String actor;
  private final Clock clock;
  private final Consumer<Duration> sleeper;
  private final ErasureLedger ledger;
  private final SubjectEraser eraser;

  Sweeper(
      String policy,
      SweepTargets targets,
      HoldsInForce holds,
      CheckpointStore checkpoints,
      Map<String, Aggregator> aggregators,
      AuditLog audit,
      String actor,
      Clock clock,
      Consumer<Duration> sleeper,
      ErasureLedger ledger,
      SubjectEraser eraser) {
    this.policy = policy;
    this.targets = targets;
    this.holds = holds;
    this.checkpoints = checkpoints;
    this.aggregators = Map.copyOf(aggregators);
    this.audit = audit;
    this.actor = actor;
    this.clock = clock;
    this.sleeper = sleeper;
    this.ledger = ledger;
    this.eraser = eraser;
  }

  /**
   * Sweeps the stores a filter accepts at an instant.
   *
   * @param at the instant the rules are applied for
   * @param options batch size, pause, listener and cancellation
   * @param storeFilter accepts the names of the stores to sweep
   * @return what was done
   */
  SweepReport sweep(Instant at, SweepOptions options, Predicate<String> storeFilter) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(options, "options");
    List<LegalHold> active = holds.activeAt(at);
    Set<SubjectRef> held = holds.heldIdentities(active);
    List<SweepLine> lines = new ArrayList<>();
    boolean cancelled = false;
    for (Target target : targets.all()) {
      if (!storeFilter.test(target.store().name())) {
        continue;
      }
      if (cancelled) {
        lines.add(target.line(0, 0, SweepLine.Status.CANCELLED));
        continue;
      }
      if (targets.expiredRanges(target.rule(), at).isEmpty()) {
        lines.add(target.line(0, 0, SweepLine.Status.NOT_EXPIRING));
        continue;
      }
      if (HoldsInForce.blanket(active, target).isPresent()) {
        lines.add(target.line(0, 0, SweepLine.Status.HELD));
        continue;
      }
      long processed = 0;
      int batches = 0;
      List<AnchorRange> ranges = targets.dueRanges(target.rule(), at);
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
        LOG.warn(
            "Sweep of store '{}' for rule '{}' failed; the other stores are swept: {}",
            target.store().name(),
            target.rule().id(),
            failure);
        lines.add(target.failed(processed, batches, failure));
        continue;
      }
      lines.add(
          target.line(
              processed,
              batches,
              cancelled ? SweepLine.Status.CANCELLED : SweepLine.Status.COMPLETED));
    }
    if (!cancelled) {
      finishDeferred(at, active, storeFilter, lines);
    }
    SweepReport report = new SweepReport(policy, at, lines);
    LOG.info(
        "Retention sweep of policy '{}' at {}: {} records processed{}",
        policy,
        at,
        report.totalProcessed(),
        cancelled ? " (cancelled)" : "");
    return report;
  }

  /** Finishes the erasures a floor or hold deferred that are due, a line per store. */
  private void finishDeferred(
      Instant at, List<LegalHold> active, Predicate<String> storeFilter, List<SweepLine> lines) {
    SubjectEraser.Holds erasureHolds = null;
    for (AuditedStore store : targets.stores()) {
      if (!storeFilter.test(store.name())) {
        continue;
      }
      try {
        if (ledger.dueIn(store.name(), at).isEmpty()) {
          continue;
        }
        erasureHolds = erasureHolds == null ? holds.forErasure(active) : erasureHolds;
        long erased = eraser.finishDeferred(store, at, erasureHolds);
        lines.add(
            new SweepLine(
                store.name(),
                store.descriptor().recordCategory(),
                "deferred-erasure",
                "erase",
                erased,
                erased > 0 ? 1 : 0,
                SweepLine.Status.COMPLETED));
      } catch (StoreException e) {
        LOG.warn(
            "Deferred erasures in store '{}' failed; they stay due: {}",
            store.name(),
            e.getMessage());
        lines.add(
            new SweepLine(
                store.name(),
                store.descriptor().recordCategory(),
                "deferred-erasure",
                "erase",
                0,
                0,
                SweepLine.Status.FAILED,
                e.getMessage()));
      }
    }
  }

  /** Sweeps one range of expired anchors of a target; ranges after the first are small. */
  private SweepLine sweepTarget(
      Target target,
      AnchorRange range,
      int rangeIndex,
      Set<SubjectRef> held,
      SweepOptions options) {
    String sweepKey =
        policy
            + ":"
            + target.store().name()
            + ":"
            + target.category()
            + ":"
            + target.rule().id()
            + (rangeIndex == 0 ? "" : "#" + rangeIndex);
    AuditContext context = target.context(actor);
    Optional<SweepCheckpoint> resumed = checkpoints.load(sweepKey);
    RecordKey after = resumed.map(SweepCheckpoint::after).orElse(null);
    resumed
        .filter(c -> c.inFlight() > 0)
        .ifPresent(
            c ->
                audit.append(
                    AuditEvent.of(AuditAction.SWEEP_INTERRUPTED, actor)
                        .reference(target.rule().id())
                        .store(target.store().name())
                        .category(target.category())
                        .count("in_flight", c.inFlight())
                        .count("processed_before", c.processed())
                        .outcome(AuditOutcome.INTERRUPTED)
                        .detail(
                            "a batch of "
                                + c.inFlight()
                                + " records was interrupted; the resumed sweep"
                                + " re-examines them")
                        .build()));
    long done = 0;
    int batches = 0;
    try {
      ExpiryQuery first = targets.query(target, range, held, options.batchSize());
      boolean wantsTotal = options.listener() != SweepListener.NONE;
      long total = wantsTotal ? target.store().countExpired(first, context) : -1;
      boolean setBased = target.wholeRecord() && target.rule().action() == ExpiryAction.DELETE;
      boolean secondPass = resumed.isPresent();
      ExpiryQuery page = after == null ? first : first.next(after);
      while (true) {
        if (options.cancellation().isCancelled()) {
          checkpoints.save(new SweepCheckpoint(sweepKey, page.after(), 0, done, clock.instant()));
          return target.line(done, batches, SweepLine.Status.CANCELLED);
        }
        Step step =
            setBased
                ? deletePage(target, page, sweepKey, done, context)
                : processPage(target, page, sweepKey, done, context);
        if (step.processed() > 0 || step.lastKey() != null) {
          done += step.processed();
          batches++;
          checkpoints.save(new SweepCheckpoint(sweepKey, step.lastKey(), 0, done, clock.instant()));
          options
              .listener()
              .onBatch(
                  new SweepProgress(
                      target.store().name(),
                      target.category(),
                      target.rule().id(),
                      done,
                      Math.max(total, done)));
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
      return target.failed(done, batches, e.getMessage());
    }
    checkpoints.clear(sweepKey);
    return target.line(done, batches, SweepLine.Status.COMPLETED);
  }

  /** One page's outcome: where the next page starts (null: this was the last) and records done. */
  private record Step(RecordKey lastKey, long processed) {}

  /** Deletes a page in the store, set-based where the store can. */
  private Step deletePage(
      Target target, ExpiryQuery page, String sweepKey, long done, AuditContext context) {
    checkpoints.save(
        new SweepCheckpoint(sweepKey, page.after(), page.limit(), done, clock.instant()));
    DeletedPage deleted = target.store().deleteExpiredPage(page, context);
    return new Step(deleted.lastKey(), deleted.deleted());
  }

  /** Finds a page's keys, then anonymizes, aggregates or clears them. */
  private Step processPage(
      Target target, ExpiryQuery page, String sweepKey, long done, AuditContext context) {
    List<RecordKey> keys = target.store().findExpired(page, context);
    if (keys.isEmpty()) {
      return new Step(null, 0);
    }
    checkpoints.save(
        new SweepCheckpoint(sweepKey, page.after(), keys.size(), done, clock.instant()));
    int processed = process(target, keys, context);
    return new Step(keys.size() < page.limit() ? null : keys.get(keys.size() - 1), processed);
  }

  private int process(Target target, List<RecordKey> keys, AuditContext context) {
    AuditedStore store = target.store();
    RetentionRule rule = target.rule();
    TargetAnonymizations anonymizations = targets.anonymizations();
    if (!target.wholeRecord()) {
      return store.anonymize(keys, anonymizations.ofFields(target), context);
    }
    return switch (rule.action()) {
      case DELETE -> store.delete(keys, context);
      case ANONYMIZE -> store.anonymize(keys, anonymizations.ofRule(target), context);
      case AGGREGATE_THEN_DELETE -> {
        List<PersonalRecord> records = store.records(keys, context);
        try {
          aggregators.get(rule.aggregator()).aggregate(rule, store.name(), records);
        } catch (RuntimeException e) {
          audit.append(
              AuditEvent.of(AuditAction.SWEEP_BATCH, actor)
                  .reference(rule.id())
                  .store(store.name())
                  .category(target.category())
                  .count("requested", keys.size())
                  .count("deleted", 0)
                  .outcome(AuditOutcome.FAILED)
                  .detail(
                      "aggregation hook '"
                          + rule.aggregator()
                          + "' failed: "
                          + e.getClass().getSimpleName()
                          + "; nothing was deleted")
                  .build());
          throw new AggregationFailedException(rule.id(), rule.aggregator(), store.name(), e);
        }
        yield store.delete(keys, context);
      }
    };
  }

  private void pause(Duration pause) {
    if (!pause.isZero()) {
      sleeper.accept(pause);
    }
  }
}
