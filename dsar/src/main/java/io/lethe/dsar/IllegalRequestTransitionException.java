package io.lethe.dsar;

import io.lethe.core.LetheException;

/**
 * A request was asked to do what its state or its deadline forbids, such as starting before the
 * identity check passed, completing a denied request, or extending after the original due date. The
 * message names the request id, its state and the attempted transition, never the subject.
 */
public final class IllegalRequestTransitionException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String requestId;
  private final RequestState state;
  private final String attempted;

  private IllegalRequestTransitionException(
      String requestId, RequestState state, String attempted, String why) {
    super("Request " + requestId + " is " + state + ": cannot " + attempted + " (" + why + ")");
    this.requestId = requestId;
    this.state = state;
    this.attempted = attempted;
  }

  /**
   * A transition the state machine does not allow.
   *
   * @param requestId the request
   * @param state its current state
   * @param attempted the transition, such as {@code start} or {@code complete}
   * @param why a short explanation without personal data
   * @return the exception
   */
  public static IllegalRequestTransitionException of(
      String requestId, RequestState state, String attempted, String why) {
    return new IllegalRequestTransitionException(requestId, state, attempted, why);
  }

  /** {@return the request's id} */
  public String requestId() {
    return requestId;
  }

  /** {@return the state the request was in} */
  public RequestState state() {
    return state;
  }

  /** {@return the transition attempted, such as {@code start} or {@code extend}} */
  public String attempted() {
    return attempted;
  }
}
