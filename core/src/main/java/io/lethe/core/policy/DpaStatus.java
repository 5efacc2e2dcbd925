package io.lethe.core.policy;

/** Whether a data processing agreement (GDPR Art. 28(3)) binds a recipient. */
public enum DpaStatus {
  /** The policy says an agreement is in place. */
  IN_PLACE,
  /** The policy says there is none, for example an independent controller. */
  NONE,
  /** The policy does not say. */
  NOT_STATED
}
