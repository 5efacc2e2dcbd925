package io.lethe.consent;

/**
 * An opt-out preference signal a browser or device sends with its requests, which a business must
 * treat as a request to opt out of sale, sharing and targeted advertising (CCPA regulations §7025;
 * Colorado CPA rule 5).
 */
public enum OptOutSignal {
  /**
   * Global Privacy Control: the {@code Sec-GPC: 1} request header (and {@code
   * navigator.globalPrivacyControl} in the browser).
   */
  GLOBAL_PRIVACY_CONTROL("gpc");

  private final String key;

  OptOutSignal(String key) {
    this.key = key;
  }

  /** {@return the short name kept in the ledger, such as {@code gpc}} */
  public String key() {
    return key;
  }

  /**
   * The signal with a short name.
   *
   * @param key such as {@code gpc}
   * @return the signal
   * @throws IllegalArgumentException if no signal has that name
   */
  public static OptOutSignal ofKey(String key) {
    for (OptOutSignal signal : values()) {
      if (signal.key.equals(key)) {
        return signal;
      }
    }
    throw new IllegalArgumentException("no opt-out preference signal is called '" + key + "'");
  }
}
