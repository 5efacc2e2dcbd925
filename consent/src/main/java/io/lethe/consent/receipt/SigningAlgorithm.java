package io.lethe.consent.receipt;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Optional;

/**
 * The signature algorithms of receipts, named as JOSE names them (RFC 7518, RFC 8037), and which
 * keys fit each: one job, choosing the JDK signature for a key and checking a key against an
 * algorithm.
 */
enum SigningAlgorithm {
  /** Ed25519 (RFC 8032), the JDK's {@code Ed25519}. */
  EDDSA("EdDSA", "Ed25519"),
  /**
   * ECDSA on P-256 with SHA-256; the signature is the 64 bytes R || S, as JOSE writes it, which is
   * the JDK's {@code SHA256withECDSA} in its IEEE P1363 format.
   */
  ES256("ES256", "SHA256withECDSAinP1363Format"),
  /** RSASSA-PKCS1-v1_5 with SHA-256, the JDK's {@code SHA256withRSA}. */
  RS256("RS256", "SHA256withRSA");

  /** The shortest RSA modulus accepted, in bits. */
  static final int MIN_RSA_BITS = 2048;

  private final String joseName;
  private final String jdkName;

  SigningAlgorithm(String joseName, String jdkName) {
    this.joseName = joseName;
    this.jdkName = jdkName;
  }

  /** {@return the JOSE name written in receipts, such as {@code EdDSA}} */
  String joseName() {
    return joseName;
  }

  /** The algorithm with a JOSE name, empty if receipts know none by that name. */
  static Optional<SigningAlgorithm> ofJoseName(String name) {
    for (SigningAlgorithm algorithm : values()) {
      if (algorithm.joseName.equals(name)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /**
   * The algorithm a private key signs with.
   *
   * @throws UnsupportedSigningKeyException if receipts are not signed with such keys
   */
  static SigningAlgorithm forSigningKey(PrivateKey key) {
    String name = String.valueOf(key.getAlgorithm());
    for (SigningAlgorithm algorithm : values()) {
      Optional<String> misfit = algorithm.misfit(key);
      if (misfit.isEmpty()) {
        return algorithm;
      }
      if (algorithm.family(key)) {
        throw UnsupportedSigningKeyException.of(curveOrName(key, name), misfit.get());
      }
    }
    throw UnsupportedSigningKeyException.of(name);
  }

  /**
   * Tells why a key does not fit this algorithm.
   *
   * @return empty if it fits; otherwise what is wrong with it, naming its algorithm only
   */
  Optional<String> misfit(Key key) {
    if (!family(key)) {
      return Optional.of("it is " + article(String.valueOf(key.getAlgorithm())) + " key");
    }
    switch (this) {
      case EDDSA -> {
        String curve = ((EdECKey) key).getParams().getName();
        return "Ed25519".equalsIgnoreCase(curve)
            ? Optional.empty()
            : Optional.of("it is an " + curve + " key, not Ed25519");
      }
      case ES256 -> {
        return isP256(((ECKey) key).getParams())
            ? Optional.empty()
            : Optional.of("its curve is not P-256");
      }
      case RS256 -> {
        int bits = ((RSAKey) key).getModulus().bitLength();
        return bits >= MIN_RSA_BITS
            ? Optional.empty()
            : Optional.of("its modulus has " + bits + " bits");
      }
      default -> throw new IllegalStateException("unknown algorithm " + this);
    }
  }

  /** Whether the key is of the kind this algorithm uses, whatever its size or curve. */
  private boolean family(Key key) {
    return switch (this) {
      case EDDSA -> key instanceof EdECKey;
      case ES256 -> key instanceof ECKey;
      case RS256 -> key instanceof RSAKey;
    };
  }

  /**
   * Signs bytes.
   *
   * @throws GeneralSecurityException if the provider fails
   */
  byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(jdkName);
    signature.initSign(key);
    signature.update(data);
    return signature.sign();
  }

  /** Checks a signature; false for a wrong or malformed one, never an exception. */
  boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(jdkName);
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(signatureBytes);
    } catch (SignatureException | InvalidKeyException e) {
      return false; // a signature not even well-formed for the key, or a key the provider refuses
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is not available in this JVM", e);
    }
  }

  private static String curveOrName(Key key, String name) {
    return key instanceof EdECKey edec ? edec.getParams().getName() : name;
  }

  private static String article(String name) {
    return ("AEIOU".indexOf(Character.toUpperCase(name.isEmpty() ? 'x' : name.charAt(0))) >= 0
            ? "an "
            : "a ")
        + name;
  }

  private static final ECParameterSpec P256 = p256();

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the P-256 curve is not available in this JVM", e);
    }
  }

  private static boolean isP256(ECParameterSpec params) {
    return params != null
        && params.getCurve().equals(P256.getCurve())
        && params.getGenerator().equals(P256.getGenerator())
        && params.getOrder().equals(P256.getOrder())
        && params.getCofactor() == P256.getCofactor();
  }
}
