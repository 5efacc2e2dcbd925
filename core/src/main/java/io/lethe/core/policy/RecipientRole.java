package io.lethe.core.policy;

/** What a recipient of personal data is to the controller. */
public enum RecipientRole {
  /** Processes on the controller's behalf (Art. 28). */
  PROCESSOR,
  /** Engaged by a processor (Art. 28(4)). */
  SUB_PROCESSOR,
  /** Decides its own purposes and means, under its own policy. */
  INDEPENDENT_CONTROLLER,
  /** Decides purposes and means together with the controller (Art. 26). */
  JOINT_CONTROLLER,
  /** A public authority receiving data under a legal obligation. */
  PUBLIC_AUTHORITY
}
