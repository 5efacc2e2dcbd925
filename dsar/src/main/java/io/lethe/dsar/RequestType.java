package io.lethe.dsar;

import java.util.Optional;

/**
 * What a data subject asks for. Where the Data Rights Protocol (v0.9, §3.01) encodes the request,
 * {@link #drpAction()} names its action; the protocol encodes CCPA rights only.
 */
public enum RequestType {
  /** GDPR Art. 15: access to the personal data and its context. DRP action: none (GDPR). */
  ACCESS(null),
  /** GDPR Art. 20: the data the subject provided, machine-readable. DRP action: none. */
  PORTABILITY(null),
  /** GDPR Art. 17: erasure. DRP action: none (GDPR). */
  ERASURE(null),
  /** GDPR Art. 16: rectification. DRP action: none. */
  RECTIFICATION(null),
  /** GDPR Art. 18: restriction of processing. DRP action: none. */
  RESTRICTION(null),
  /** GDPR Art. 21: objection. DRP action: none. */
  OBJECTION(null),
  /** CCPA §1798.100/110 right to know. DRP action {@code access}. */
  CCPA_KNOW("access"),
  /** CCPA §1798.105 right to delete. DRP action {@code deletion}. */
  CCPA_DELETE("deletion"),
  /** CCPA §1798.120 opt-out of sale or sharing. DRP action {@code sale:opt_out}. */
  CCPA_OPT_OUT("sale:opt_out");

  private final String drpAction;

  RequestType(String drpAction) {
    this.drpAction = drpAction;
  }

  /** {@return the Data Rights Protocol action, empty where the protocol has none} */
  public Optional<String> drpAction() {
    return Optional.ofNullable(drpAction);
  }
}
