package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.RetentionPeriod;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.StoreDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds what would make a target misbehave, when the engine is built: an anchor the store cannot
 * filter by, a missing aggregation hook, an anonymization that a sweep would repeat forever, that
 * leaves records linked to their subjects or writes NULL where the store cannot hold it, and a
 * record rule that would delete a field before its floor.
 */
final class TargetChecks {

  private final Set<String> aggregators;
  private final TargetAnonymizations anonymizations;

  /**
   * @param aggregators the names of the registered aggregation hooks
   * @param anonymizations how targets change records
   */
  TargetChecks(Set<String> aggregators, TargetAnonymizations anonymizations) {
    this.aggregators = Set.copyOf(aggregators);
    this.anonymizations = anonymizations;
  }

  /** Adds the target's problems to {@code problems}; returns the target. */
  Target check(Target target, List<String> problems) {
    StoreDescriptor store = target.store().descriptor();
    RetentionRule rule = target.rule();
    // a rule that never expires anything and keeps no floor needs no clock
    boolean timed = rule.hasFiniteMaximum() || rule.minimum() != null;
    if (timed && !store.supports(rule.anchor())) {
      problems.add(
          "store '"
              + store.name()
              + "' cannot filter by anchor '"
              + rule.anchor()
              + "', which rule '"
              + rule.id()
              + "' counts from for '"
              + target.category()
              + "'");
    }
    if (target.wholeRecord()
        && rule.action() == ExpiryAction.AGGREGATE_THEN_DELETE
        && !aggregators.contains(rule.aggregator())) {
      problems.add(
          "rule '"
              + rule.id()
              + "' aggregates through hook '"
              + rule.aggregator()
              + "', which is not registered");
    }
    if (target.wholeRecord()
        && rule.action() == ExpiryAction.ANONYMIZE
        && !store.marksAnonymized()
        && !masksOnly(target)) {
      problems.add(
          "rule '"
              + rule.id()
              + "' hashes, redacts or generalizes records of store '"
              + store.name()
              + "', which does not mark anonymized records, so every sweep would"
              + " anonymize them again: give its mapping an anonymizedAt column, or clear the"
              + " fields (null) instead");
    }
    if (target.wholeRecord() && rule.action() == ExpiryAction.ANONYMIZE) {
      List<String> linking = stillLinking(target);
      if (!linking.isEmpty()) {
        problems.add(
            "rule '"
                + rule.id()
                + "' anonymizes records of store '"
                + store.name()
                + "' but leaves their subject "
                + (linking.size() == 1 ? "column " : "columns ")
                + String.join(", ", linking)
                + " in place, so they would stay linked to their"
                + " subjects (a keyed hash is still a pseudonym): map each as a field of a category"
                + " the rule clears, redacts, replaces or generalizes, or delete instead");
      }
    }
    Anonymization changes =
        target.wholeRecord()
            ? rule.action() == ExpiryAction.ANONYMIZE ? anonymizations.ofRule(target) : null
            : anonymizations.ofFields(target);
    List<String> unfit =
        changes == null ? List.of() : target.store().unwrap().problemsWith(changes);
    if (!unfit.isEmpty()) {
      problems.add(
          "rule '"
              + rule.id()
              + "' would write NULL into store '"
              + store.name()
              + "' where it cannot be held: "
              + String.join("; ", unfit)
              + " (clear another"
              + " column, give the rule another strategy, or delete the record)");
    }
    if (!target.wholeRecord() && rule.action() == ExpiryAction.ANONYMIZE && !clearsOnly(target)) {
      problems.add(
          "rule '"
              + rule.id()
              + "' hashes or generalizes field category '"
              + target.category()
              + "' of store '"
              + store.name()
              + "', whose records are governed"
              + " by another rule; a field's own rule can only clear it (null), since the store marks"
              + " whole records, not fields");
    }
    if (!target.wholeRecord() && rule.action() == ExpiryAction.AGGREGATE_THEN_DELETE) {
      problems.add(
          "rule '"
              + rule.id()
              + "' aggregates whole records, but '"
              + target.category()
              + "' is only a field of store '"
              + store.name()
              + "'");
    }
    return target;
  }

  /** A record deleted by its own rule must not take a field whose floor is longer with it. */
  static void checkFieldFloor(
      StoreDescriptor store,
      CategoryKey field,
      RetentionRule fieldRule,
      RetentionRule recordRule,
      List<String> problems) {
    RetentionPeriod floor = fieldRule.minimum();
    if (floor == null || recordRule.action() == ExpiryAction.ANONYMIZE) {
      return;
    }
    RetentionPeriod recordMaximum = recordRule.maximum();
    boolean deletedSooner =
        recordMaximum != null
            && !recordMaximum.isIndefinite()
            && (floor.mayExceed(recordMaximum) || !recordRule.anchor().equals(fieldRule.anchor()));
    if (deletedSooner) {
      problems.add(
          "store '"
              + store.name()
              + "': rule '"
              + recordRule.id()
              + "' deletes its"
              + " records after "
              + recordMaximum
              + " from "
              + recordRule.anchor()
              + ", but field"
              + " category '"
              + field
              + "' must be kept "
              + floor
              + " from "
              + fieldRule.anchor()
              + " (rule '"
              + fieldRule.id()
              + "')");
    }
  }

  /**
   * The subject fields of a store ({@link StoreDescriptor#subjectFields}) that a record-level
   * anonymization leaves identifying: not a field of a category the rule changes, or one it only
   * hashes, which keeps a stable pseudonym.
   */
  private List<String> stillLinking(Target target) {
    Anonymization anonymization = anonymizations.ofRule(target);
    List<String> linking = new ArrayList<>();
    for (String subjectField : target.store().descriptor().subjectFields()) {
      boolean destroyed =
          target.store().descriptor().fields().stream()
              .filter(field -> field.name().equals(subjectField))
              .map(field -> anonymization.strategyFor(field.category()))
              .anyMatch(
                  strategy ->
                      strategy.filter(s -> s.kind() != FieldStrategy.Kind.HASH).isPresent());
      if (!destroyed) {
        linking.add(subjectField);
      }
    }
    return linking;
  }

  /**
   * Whether a field target only sets its fields to null: the query's "some field of the category is
   * not null" then makes it idempotent without any mark. Field targets that hash or generalize
   * would find their fields again every sweep, so configuration refuses them.
   */
  private boolean clearsOnly(Target target) {
    return anonymizations.ofFields(target).strategies().values().stream()
        .allMatch(s -> s.kind() == FieldStrategy.Kind.NULL);
  }

  /**
   * Whether a record-level anonymization only sets fields to null, and sets some: "some of those
   * fields is not null" then tells a record not yet anonymized without any mark.
   */
  private boolean masksOnly(Target target) {
    Anonymization anonymization = anonymizations.ofRule(target);
    return !anonymization.strategies().isEmpty()
        && anonymization.strategies().values().stream()
            .allMatch(s -> s.kind() == FieldStrategy.Kind.NULL);
  }
}
