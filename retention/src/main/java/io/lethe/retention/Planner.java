package io.lethe.retention;

import io.lethe.core.policy.AnchorRange;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.AuditContext;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a sweep: per target, counts in the store what is due, what a legal hold keeps and what a
 * floor protects, and changes nothing.
 */
final class Planner {

  /** Keys read per page where a plan merges two targets' due keys. */
  private static final int PLAN_PAGE = 10_000;

  private final String policy;
  private final SweepTargets targets;
  private final HoldsInForce holds;
  private final String actor;

  /**
   * @param policy the policy's id
   * @param targets what a sweep handles
   * @param holds the legal holds
   * @param actor the actor named in audit entries
   */
  Planner(String policy, SweepTargets targets, HoldsInForce holds, String actor) {
    this.policy = policy;
    this.targets = targets;
    this.holds = holds;
    this.actor = actor;
  }

  /** {@return per store and category, what is due at an instant and what is held back, why} */
  RetentionPlan plan(Instant at) {
    List<LegalHold> active = holds.activeAt(at);
    Set<SubjectRef> held = holds.heldIdentities(active);
    List<PlanLine> lines = new ArrayList<>();
    for (Target target : targets.all()) {
      String store = target.store().name();
      List<AnchorRange> expiredRanges = targets.expiredRanges(target.rule(), at);
      if (expiredRanges.isEmpty()) {
        lines.add(
            new PlanLine(
                store,
                target.category(),
                target.rule().id(),
                target.action(),
                null,
                0,
                0,
                0,
                List.of(),
                notExpiring(target.rule())));
        continue;
      }
      List<AnchorRange> dueRanges = targets.dueRanges(target.rule(), at);
      AuditContext context = target.context(actor);
      long expired = count(target, expiredRanges, Set.of(), context);
      long unprotected =
          dueRanges.equals(expiredRanges) ? expired : count(target, dueRanges, Set.of(), context);
      Instant cutoff = dueRanges.isEmpty() ? null : dueRanges.get(0).to();
      List<String> reasons = new ArrayList<>();
      long due;
      Optional<LegalHold> blanket = HoldsInForce.blanket(active, target);
      if (blanket.isPresent()) {
        due = 0;
        reasons.add(
            blanket.get().scope().name().toLowerCase(Locale.ROOT)
                + " hold: "
                + blanket.get().reason());
      } else {
        due = held.isEmpty() ? unprotected : count(target, dueRanges, held, context);
        if (due < unprotected) {
          active.stream()
              .filter(h -> h.scope() == LegalHold.Scope.SUBJECT)
              .forEach(h -> reasons.add("subject hold: " + h.reason()));
        }
        due -= deletedFirst(target, dueRanges, held, active, at, context);
      }
      lines.add(
          new PlanLine(
              store,
              target.category(),
              target.rule().id(),
              target.action(),
              cutoff,
              due,
              unprotected - due,
              expired - unprotected,
              reasons,
              null));
    }
    return new RetentionPlan(policy, at, lines);
  }

  /**
   * Of a field target's due records, how many the sweep deletes first under their record's own
   * rule, so that a plan counts each record once, as the sweep processes it: the two targets' due
   * keys, both in ascending order, are merged a page at a time and the common ones counted.
   */
  private long deletedFirst(
      Target field,
      List<AnchorRange> fieldRanges,
      Set<SubjectRef> held,
      List<LegalHold> active,
      Instant at,
      AuditContext context) {
    if (field.wholeRecord()) {
      return 0;
    }
    Optional<Target> deleting = targets.deleting(field.store());
    if (deleting.isEmpty() || HoldsInForce.blanket(active, deleting.get()).isPresent()) {
      return 0;
    }
    long common = 0;
    for (AnchorRange fieldRange : fieldRanges) {
      for (AnchorRange recordRange : targets.dueRanges(deleting.get().rule(), at)) {
        common += commonKeys(field, fieldRange, deleting.get(), recordRange, held, context);
      }
    }
    return common;
  }

  private long commonKeys(
      Target a,
      AnchorRange aRange,
      Target b,
      AnchorRange bRange,
      Set<SubjectRef> held,
      AuditContext context) {
    ExpiryQuery aQuery = targets.query(a, aRange, held, PLAN_PAGE);
    ExpiryQuery bQuery = targets.query(b, bRange, held, PLAN_PAGE);
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

  private long count(
      Target target, List<AnchorRange> ranges, Set<SubjectRef> excluded, AuditContext context) {
    long count = 0;
    for (AnchorRange range : ranges) {
      count += target.store().countExpired(targets.query(target, range, excluded, 1), context);
    }
    return count;
  }

  private static String notExpiring(RetentionRule rule) {
    if (rule.maximum() == null) {
      return "no maximum stated" + (rule.criteria() == null ? "" : "; kept by its criteria");
    }
    return "kept indefinitely";
  }
}
