package io.lethe.core.audit;

/** How the recorded step ended. */
public enum AuditOutcome {
  /** Everything asked was done. */
  SUCCESS,
  /** Part of what was asked was done; the counts say how much. */
  PARTIAL,
  /** Nothing was done, or what was done is unknown. */
  FAILED,
  /** The step was cut off (crash, cancellation) and will be resumed. */
  INTERRUPTED
}
