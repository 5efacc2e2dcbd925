package io.lethe.core.lint;

/** How serious a {@link LintFinding} is, most serious first. */
public enum Severity {
  /** The policy breaks a rule of law or one of its own promises. */
  ERROR,
  /** The policy is probably incomplete; a reader or a regulator would ask. */
  WARNING,
  /** Worth knowing; not a defect by itself. */
  INFO
}
