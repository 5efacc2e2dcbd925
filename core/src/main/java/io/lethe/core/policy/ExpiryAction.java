package io.lethe.core.policy;

/** What happens to a record when its retention maximum passes. */
public enum ExpiryAction {
  /** Delete the record. */
  DELETE,
  /** Keep the record, replacing personal fields by the rule's per-category strategies. */
  ANONYMIZE,
  /** Hand the expiring records to a named host hook that aggregates them, then delete them. */
  AGGREGATE_THEN_DELETE
}
