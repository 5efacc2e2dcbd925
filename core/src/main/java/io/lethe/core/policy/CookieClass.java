package io.lethe.core.policy;

/** ePrivacy classes of cookies and similar technologies. */
public enum CookieClass {
  /** Needed for a service the user asked for; no consent required. */
  STRICTLY_NECESSARY,
  /** Remembers choices such as language; consent required. */
  FUNCTIONAL,
  /** Measures use of the service; consent required. */
  ANALYTICS,
  /** Advertising and tracking; consent required. */
  MARKETING;

  /** {@return whether setting such a cookie requires prior consent} */
  public boolean requiresConsent() {
    return this != STRICTLY_NECESSARY;
  }
}
