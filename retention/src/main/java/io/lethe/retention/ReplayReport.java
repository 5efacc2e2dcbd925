package io.lethe.retention;

import io.lethe.core.erasure.StoreErasure;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RetentionEngine#replayAfterRestore} found and did in a restored store.
 *
 * @param store the store's name
 * @param at when the replay ran
 * @param identifiersScanned how many distinct identifiers the store listed
 * @param identifiersErased how many of them had a tombstone
 * @param outcome what was erased, kept (with grounds) or failed, for all those subjects together
 */
public record ReplayReport(
    String store,
    Instant at,
    long identifiersScanned,
    long identifiersErased,
    StoreErasure outcome) {

  /** Checks the parts are present. */
  public ReplayReport {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }
}
