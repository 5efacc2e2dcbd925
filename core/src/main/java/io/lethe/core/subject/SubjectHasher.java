package io.lethe.core.subject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns subject identifiers into keyed hashes (HMAC-SHA-256 with a secret the host keeps), so that
 * audit entries and tombstones can name a subject without holding the identifier. Without the
 * secret, a hash cannot be tested against guessed emails or phone numbers.
 */
public final class SubjectHasher {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_SECRET_BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  /** Initialised once; each hash works on a clone, which is much cheaper than a lookup. */
  private final Mac keyed;

  private SubjectHasher(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.keyed = newMac();
  }

  /**
   * A hasher keyed with the host's secret.
   *
   * @param secret at least 32 random bytes, kept outside the database the audit trail lives in
   * @return the hasher
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public static SubjectHasher withSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the subject-hashing secret needs at least "
              + MIN_SECRET_BYTES
              + " bytes, got "
              + secret.length);
    }
    return new SubjectHasher(secret);
  }

  /**
   * Hashes a subject identifier; equal identifiers give equal hashes.
   *
   * @param subject the identifier
   * @return 64 lower-case hex digits
   */
  public String hash(SubjectRef subject) {
    return hash(subject.type().name() + ":" + subject.value());
  }

  /**
   * Hashes any personal value, such as a field being anonymized with the {@code hash} strategy.
   *
   * @param value the value
   * @return 64 lower-case hex digits
   */
  public String hash(String value) {
    Mac mac;
    try {
      mac = (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      mac = newMac(); // a provider whose MAC cannot be cloned
    }
    return HEX.formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SubjectHasher[HMAC-SHA-256]";
  }
}
