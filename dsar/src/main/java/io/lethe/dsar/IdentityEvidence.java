package io.lethe.dsar;

import io.lethe.dsar.spi.IdentityVerifier;
import java.util.Map;
import java.util.Objects;

/**
 * What the requester offered to prove who they are, passed unchanged to the host's {@link
 * IdentityVerifier}. Never stored or audited by Lethe. {@link #toString()} hides the attributes.
 *
 * @param method how identity is proven, such as {@code email-link}, {@code signed-in-session}
 * @param attributes the method's data, such as a one-time code or a session token
 */
public record IdentityEvidence(String method, Map<String, String> attributes) {

  /** Rejects a missing method and copies the attributes. */
  public IdentityEvidence {
    Objects.requireNonNull(method, "method");
    attributes = Map.copyOf(attributes);
  }

  /**
   * Evidence of one method with attributes given as name/value pairs.
   *
   * @param method how identity is proven
   * @param attributes the method's data
   * @return the evidence
   */
  public static IdentityEvidence of(String method, Map<String, String> attributes) {
    return new IdentityEvidence(method, attributes);
  }

  /** Shows the method and the attribute names only. */
  @Override
  public String toString() {
    return "IdentityEvidence[" + method + ", attributes=" + attributes.keySet() + "]";
  }
}
