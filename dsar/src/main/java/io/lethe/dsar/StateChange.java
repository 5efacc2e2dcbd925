package io.lethe.dsar;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry in a request's history. An extension is recorded with the same state before and after.
 *
 * @param at when it happened
 * @param from the state before; null for the receipt
 * @param to the state after
 * @param actor who or what made the change, such as {@code dsar-engine} or an operator's id
 * @param note a short explanation without personal data; may be null
 */
public record StateChange(
    Instant at, RequestState from, RequestState to, String actor, String note) {

  /** Rejects a missing time, target state or actor. */
  public StateChange {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(actor, "actor");
  }
}
