package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * A cookie or similar technology the service sets or loads.
 *
 * @param name the cookie's name, or the technology's name where it sets several
 * @param cookieClass its ePrivacy class; only strictly necessary ones need no consent
 * @param provider who sets it: {@code first-party} or the third party's name
 * @param purpose the key of the purpose it serves; may be null
 * @param lifetime how long it lives; null for a session cookie
 * @param notice for a cookie that needs consent, the consent notice that asks for it
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Cookie(
    @NotBlank(message = "every cookie needs a name") String name,
    @NotNull(message = "every cookie needs a class") CookieClass cookieClass,
    String provider,
    String purpose,
    Duration lifetime,
    String notice,
    String note) {

  /**
   * A first-party cookie.
   *
   * @param name its name
   * @param cookieClass its class
   * @return the cookie
   */
  public static Cookie firstParty(String name, CookieClass cookieClass) {
    return new Cookie(name, cookieClass, "first-party", null, null, null, null);
  }

  /** {@return whether it lives only for the browser session} */
  @JsonIgnore
  public boolean isSessionCookie() {
    return lifetime == null;
  }
}
