package io.lethe.consent;

import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.PrivacyPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What a policy's cookie classes mean for a banner (ePrivacy Directive Art. 5(3)): a cookie that is
 * strictly necessary for a service the user asked for needs no consent; every other one needs it
 * before it is set. A site whose cookies are all strictly necessary needs no consent banner. Which
 * cookies may be set for a visitor now is {@link ConsentEngine#cookiesAllowed}.
 */
public final class CookieRules {

  private final PrivacyPolicy policy;

  private CookieRules(PrivacyPolicy policy) {
    this.policy = policy;
  }

  /**
   * The rules of a policy's cookies.
   *
   * @param policy the policy
   * @return the rules
   */
  public static CookieRules of(PrivacyPolicy policy) {
    return new CookieRules(Objects.requireNonNull(policy, "policy"));
  }

  /** {@return the cookies that need consent before they are set, in policy order} */
  public List<Cookie> needingConsent() {
    return policy.cookies().stream().filter(c -> c.cookieClass().requiresConsent()).toList();
  }

  /** {@return the cookies that may always be set, in policy order} */
  public List<Cookie> strictlyNecessary() {
    return policy.cookies().stream().filter(c -> !c.cookieClass().requiresConsent()).toList();
  }

  /** {@return whether the site must ask for consent to cookies at all} */
  public boolean bannerRequired() {
    return !needingConsent().isEmpty();
  }
}
