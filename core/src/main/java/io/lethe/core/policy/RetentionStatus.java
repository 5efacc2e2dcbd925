package io.lethe.core.policy;

/** Where a record stands against its retention rule at one instant. */
public enum RetentionStatus {
  /** No rule governs the record's category. */
  NO_RULE,
  /** The rule's anchor has not happened yet (the account is still open): keep. */
  AWAITING_ANCHOR,
  /** A minimum period still protects the record: nothing may remove it. */
  PROTECTED,
  /** Past any floor and inside the maximum (or no maximum): keep, erasure may remove it. */
  RETAINED,
  /** Past the maximum: the rule's action is due. */
  EXPIRED
}
