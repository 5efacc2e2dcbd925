package io.lethe.core.audit;

/** What an audit entry records. */
public enum AuditAction {
  /** One batch of a retention sweep: records deleted, anonymized or aggregated. */
  SWEEP_BATCH,
  /** A sweep was interrupted (crash, cancellation) with a batch in flight. */
  SWEEP_INTERRUPTED,
  /** A data-subject access or portability export. */
  EXPORT,
  /** Records erased (deleted or anonymized) for an erasure request. */
  ERASURE,
  /** Values corrected for a rectification request. */
  RECTIFICATION,
  /** Processing restricted (Art. 18). */
  RESTRICTION,
  /** An objection recorded (Art. 21). */
  OBJECTION,
  /** A data-subject request changed state. */
  REQUEST_STATE,
  /** Consent granted or withdrawn. */
  CONSENT_CHANGE,
  /** A legal hold placed. */
  HOLD_PLACED,
  /** A legal hold released. */
  HOLD_RELEASED,
  /** A store operation failed or answered against the store contract. */
  STORE_FAILURE
}
