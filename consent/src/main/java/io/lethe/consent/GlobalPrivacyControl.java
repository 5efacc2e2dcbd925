package io.lethe.consent;

import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import java.util.Objects;

/**
 * What a site publishes about Global Privacy Control: the resource at {@code /.well-known/gpc.json}
 * (GPC specification, "Website support"), {@code {"gpc": true, "lastUpdate": "2026-01-01"}},
 * telling user agents that the site honours the signal. Reading the signal from a request is {@link
 * Signals#fromHeaders}.
 */
public final class GlobalPrivacyControl {

  private GlobalPrivacyControl() {}

  /**
   * Tells whether a policy honours the signal: it marks some purpose as one an opt-out covers
   * (sale, sharing, targeted advertising), or it says it neither sells personal data nor shares it
   * for cross-context advertising, so there is nothing the signal could ask to stop.
   *
   * @param policy the policy
   * @return true if the site can say it honours GPC
   */
  public static boolean honoured(PrivacyPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (policy.purposes().stream().anyMatch(Purpose::honoursOptOutSignals)) {
      return true;
    }
    return policy.sellsPersonalData().equals(java.util.Optional.of(false))
        && policy.sharesForCrossContextAdvertising().equals(java.util.Optional.of(false));
  }

  /**
   * The body of {@code /.well-known/gpc.json} for a policy, with the policy's effective date as the
   * date of the last change to the site's GPC support. Serve it as {@code application/json}.
   *
   * @param policy the policy
   * @return the JSON document
   */
  public static String wellKnownJson(PrivacyPolicy policy) {
    return "{\"gpc\": "
        + honoured(policy)
        + ", \"lastUpdate\": \""
        + policy.effectiveDate()
        + "\"}";
  }
}
