package io.lethe.retention;

import io.lethe.core.policy.AnchorRange;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The targets of an engine, worked out once when it is built: for each store, the rule of its
 * record category and of each field category with a rule of its own, every configuration problem
 * collected before the engine refuses to start; and, per target, when records are due and the query
 * that finds them.
 */
final class SweepTargets {

  private final PrivacyPolicy policy;
  private final List<AuditedStore> stores;
  private final TargetAnonymizations anonymizations;
  private final List<Target> all;

  /**
   * Works out the targets and checks them.
   *
   * @throws RetentionConfigurationException listing every problem
   */
  SweepTargets(
      PrivacyPolicy policy,
      List<AuditedStore> stores,
      TargetAnonymizations anonymizations,
      TargetChecks checks) {
    this.policy = policy;
    this.stores = List.copyOf(stores);
    this.anonymizations = anonymizations;
    List<String> problems = new ArrayList<>();
    this.all = List.copyOf(targets(checks, problems));
    if (!problems.isEmpty()) {
      throw RetentionConfigurationException.of(problems);
    }
  }

  /** {@return every target, store by store in registration order} */
  List<Target> all() {
    return all;
  }

  /** {@return the stores, in registration order} */
  List<AuditedStore> stores() {
    return stores;
  }

  /** {@return how targets change the records they keep} */
  TargetAnonymizations anonymizations() {
    return anonymizations;
  }

  private List<Target> targets(TargetChecks checks, List<String> problems) {
    List<Target> found = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (AuditedStore store : stores) {
      StoreDescriptor descriptor = store.descriptor();
      if (!names.add(descriptor.name())) {
        problems.add("two stores are named '" + descriptor.name() + "'");
      }
      CategoryKey recordCategory = descriptor.recordCategory();
      Optional<RetentionRule> recordRule = ruleFor(recordCategory, descriptor, problems);
      recordRule.ifPresent(
          rule -> found.add(checks.check(new Target(store, recordCategory, rule, true), problems)));
      Set<CategoryKey> fieldCategories = new LinkedHashSet<>();
      descriptor.fields().stream()
          .map(StoreField::category)
          .filter(c -> !c.equals(recordCategory))
          .forEach(fieldCategories::add);
      for (CategoryKey category : fieldCategories) {
        Optional<RetentionRule> fieldRule = ruleFor(category, descriptor, problems);
        if (fieldRule.isEmpty() || fieldRule.equals(recordRule)) {
          continue;
        }
        RetentionRule rule = fieldRule.get();
        found.add(checks.check(new Target(store, category, rule, false), problems));
        recordRule.ifPresent(
            whole -> TargetChecks.checkFieldFloor(descriptor, category, rule, whole, problems));
      }
    }
    return found;
  }

  private Optional<RetentionRule> ruleFor(
      CategoryKey category, StoreDescriptor store, List<String> problems) {
    if (!policy.taxonomy().contains(category)) {
      problems.add(
          "store '"
              + store.name()
              + "' holds category '"
              + category
              + "', which policy '"
              + policy.id()
              + "' does not define");
      return Optional.empty();
    }
    return policy.ruleFor(category);
  }

  /** The anonymization a store's own record rule applies, if that rule anonymizes. */
  Optional<Anonymization> recordAnonymization(AuditedStore store) {
    return all.stream()
        .filter(t -> t.store() == store && t.anonymizesRecords())
        .findFirst()
        .map(anonymizations::ofRule);
  }

  /** The target that deletes a store's whole records (deletes or aggregates), if any. */
  Optional<Target> deleting(AuditedStore store) {
    return all.stream()
        .filter(
            t ->
                t.store() == store
                    && t.wholeRecord()
                    && t.rule().action() != ExpiryAction.ANONYMIZE)
        .findFirst();
  }

  /**
   * The query for a target's expired records in a range of anchors.
   *
   * @param excluded subjects whose records the store leaves out (those a hold reaches)
   * @param limit the page size
   */
  ExpiryQuery query(Target target, AnchorRange range, Set<SubjectRef> excluded, int limit) {
    ExpiryQuery query =
        new ExpiryQuery(
                target.category(), target.rule().anchor(), range.to(), excluded, null, limit, false)
            .within(range);
    // Only whole records are marked anonymized; field targets are idempotent by "not null",
    // and so are whole records of a store without a mark whose anonymization only clears
    if (!target.anonymizesRecords()) {
      return query;
    }
    return target.store().descriptor().marksAnonymized()
        ? query.withoutAnonymized()
        : query.stillHolding(anonymizations.ofRule(target).strategies().keySet());
  }

  /** The anchors whose maximum has run out; empty when the rule has no finite maximum. */
  List<AnchorRange> expiredRanges(RetentionRule rule, Instant at) {
    if (!rule.hasFiniteMaximum()) {
      return List.of();
    }
    return rule.maximum().expiredAnchorRanges(at, policy.timeZone());
  }

  /** The expired anchors that no floor protects any more, so a floor is never crossed. */
  List<AnchorRange> dueRanges(RetentionRule rule, Instant at) {
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
        Instant from =
            x.from() == null
                ? y.from()
                : y.from() == null ? x.from() : x.from().isAfter(y.from()) ? x.from() : y.from();
        Instant to = x.to().isBefore(y.to()) ? x.to() : y.to();
        if (from == null || !from.isAfter(to)) {
          both.add(new AnchorRange(from, to));
        }
      }
    }
    return both;
  }
}
