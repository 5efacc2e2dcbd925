package io.lethe.dsar;

import io.lethe.core.LetheException;

/** No request with the id is in the repository. */
public final class RequestNotFoundException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String requestId;

  /**
   * @param requestId the id looked for
   */
  public RequestNotFoundException(String requestId) {
    super("No data-subject request with id " + requestId);
    this.requestId = requestId;
  }

  /** {@return the id looked for} */
  public String requestId() {
    return requestId;
  }
}
