package io.lethe.consent;

/** Who expressed a consent choice. */
public enum ExpressedBy {
  /** The data subject. */
  SUBJECT,
  /** A holder of parental responsibility, for a child below the age of consent (GDPR Art. 8(1)). */
  GUARDIAN,
  /** Someone the subject authorized, such as a CCPA authorized agent. */
  AGENT,
  /** The controller, such as when it revokes a consent or records an erasure. */
  CONTROLLER
}
