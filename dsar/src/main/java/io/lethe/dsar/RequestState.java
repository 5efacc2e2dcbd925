package io.lethe.dsar;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a request stands. A request moves forward only: received → identity verified → in progress
 * → completed; it may be denied or cancelled from any open state. Completed, denied and cancelled
 * are final. An extension is not a state: it is recorded on the request and in its history.
 *
 * <p>Each state names its Data Rights Protocol (v0.9, §3.02) status in {@link #drpStatus()}.
 */
public enum RequestState {
  /** Received, identity not yet verified. DRP {@code open}. */
  RECEIVED("open"),
  /** The host's identity check passed. DRP {@code in_progress}. */
  IDENTITY_VERIFIED("in_progress"),
  /** Being worked on. DRP {@code in_progress}. */
  IN_PROGRESS("in_progress"),
  /** Answered. Final. DRP {@code fulfilled}. */
  COMPLETED("fulfilled"),
  /** Refused with a {@link DenialReason}. Final. DRP {@code denied}. */
  DENIED("denied"),
  /** Withdrawn by the requester. Final. DRP {@code revoked}. */
  CANCELLED("revoked");

  private final String drpStatus;

  RequestState(String drpStatus) {
    this.drpStatus = drpStatus;
  }

  /** {@return the Data Rights Protocol status} */
  public String drpStatus() {
    return drpStatus;
  }

  /** {@return the states this one may move to; empty for a final state} */
  public Set<RequestState> next() {
    switch (this) {
      case RECEIVED:
        return EnumSet.of(IDENTITY_VERIFIED, DENIED, CANCELLED);
      case IDENTITY_VERIFIED:
        return EnumSet.of(IN_PROGRESS, DENIED, CANCELLED);
      case IN_PROGRESS:
        return EnumSet.of(COMPLETED, DENIED, CANCELLED);
      default:
        return EnumSet.noneOf(RequestState.class);
    }
  }

  /** {@return whether the request may move to the state} @param target the state */
  public boolean canMoveTo(RequestState target) {
    return next().contains(target);
  }

  /** {@return whether the request is finished: completed, denied or cancelled} */
  public boolean isFinal() {
    return next().isEmpty();
  }
}
