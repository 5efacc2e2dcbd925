package io.lethe.retention;

import io.lethe.core.LetheException;
import io.lethe.core.RedactedCause;

/** An aggregation hook failed; the batch it was given was not deleted. */
public final class AggregationFailedException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String rule;
  private final String hook;

  AggregationFailedException(String rule, String hook, String store, Throwable cause) {
    super(
        "Aggregation hook '"
            + hook
            + "' of rule '"
            + rule
            + "' failed on a batch from store '"
            + store
            + "'; the batch was not deleted",
        RedactedCause.copyOf(cause));
    this.rule = rule;
    this.hook = hook;
  }

  /** {@return the rule whose batch failed} */
  public String rule() {
    return rule;
  }

  /** {@return the hook that failed} */
  public String hook() {
    return hook;
  }
}
