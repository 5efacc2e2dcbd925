package io.lethe.consent.receipt;

import io.lethe.core.LetheException;

/**
 * A key was given to sign receipts that receipts cannot be signed with. Receipts are signed with
 * Ed25519, ECDSA on the NIST P-256 curve or RSA of at least 2048 bits; every other key (DSA, Ed448,
 * another curve, a short RSA key) is refused.
 */
public final class UnsupportedSigningKeyException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String algorithm;

  private UnsupportedSigningKeyException(String algorithm, String message) {
    super(message);
    this.algorithm = algorithm;
  }

  static UnsupportedSigningKeyException of(String algorithm) {
    return new UnsupportedSigningKeyException(
        algorithm,
        "a consent receipt cannot be signed with"
            + " a "
            + algorithm
            + " key; use Ed25519, EC P-256 or RSA (at least "
            + SigningAlgorithm.MIN_RSA_BITS
            + " bits)");
  }

  static UnsupportedSigningKeyException of(String algorithm, String why) {
    return new UnsupportedSigningKeyException(
        algorithm,
        "a consent receipt cannot be signed with "
            + "this "
            + algorithm
            + " key: "
            + why
            + "; use Ed25519, EC P-256 or RSA (at least "
            + SigningAlgorithm.MIN_RSA_BITS
            + " bits)");
  }

  /**
   * {@return the algorithm of the refused key, as the key names it ({@code DSA}, {@code Ed448},
   * {@code EC}, {@code RSA}); never the key itself}
   */
  public String algorithm() {
    return algorithm;
  }
}
