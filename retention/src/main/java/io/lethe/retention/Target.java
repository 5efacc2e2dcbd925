package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import java.util.Locale;

/**
 * What one sweep pass handles: a category in a store, under the rule that governs it, for whole
 * records (the store's record category) or for some of their fields.
 *
 * @param store the store
 * @param category the category the rule governs there
 * @param rule the rule
 * @param wholeRecord whether the category is the store's record category, so the rule acts on whole
 *     records; otherwise it clears (or anonymizes) just the category's fields
 */
record Target(AuditedStore store, CategoryKey category, RetentionRule rule, boolean wholeRecord) {

  /** {@return the action as plans and reports name it} */
  String action() {
    if (wholeRecord) {
      return rule.action().name().toLowerCase(Locale.ROOT);
    }
    return rule.action() == ExpiryAction.ANONYMIZE ? "anonymize_fields" : "clear_fields";
  }

  /** {@return whether the target anonymizes whole records} */
  boolean anonymizesRecords() {
    return wholeRecord && rule.action() == ExpiryAction.ANONYMIZE;
  }

  /**
   * The audit context of the target's store calls.
   *
   * @param actor the actor named in audit entries
   * @return the context
   */
  AuditContext context(String actor) {
    return new AuditContext(AuditAction.SWEEP_BATCH, actor, rule.id(), category, null);
  }

  /**
   * A report line for this target.
   *
   * @param processed records processed
   * @param batches batches run
   * @param status how it ended
   * @return the line
   */
  SweepLine line(long processed, int batches, SweepLine.Status status) {
    return new SweepLine(store.name(), category, rule.id(), action(), processed, batches, status);
  }

  /**
   * A failed report line for this target.
   *
   * @param processed records processed before the failure
   * @param batches batches run before the failure
   * @param failure what went wrong
   * @return the line
   */
  SweepLine failed(long processed, int batches, String failure) {
    return new SweepLine(
        store.name(),
        category,
        rule.id(),
        action(),
        processed,
        batches,
        SweepLine.Status.FAILED,
        failure);
  }
}
