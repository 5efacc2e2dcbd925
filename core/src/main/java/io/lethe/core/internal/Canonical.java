package io.lethe.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A canonical text of several fields and its SHA-256, for hash chains and content hashes: each
 * field is length-prefixed (a missing one is {@code -;}), so no choice of field contents can
 * collide with another.
 *
 * <p>Not API: may change in any release.
 */
public final class Canonical {

  private static final HexFormat HEX = HexFormat.of();

  private final StringBuilder text = new StringBuilder(256);

  /**
   * Adds a field.
   *
   * @param value the field, or null
   * @return this
   */
  public Canonical field(String value) {
    if (value == null) {
      text.append("-;");
    } else {
      text.append(value.length()).append(':').append(value).append(';');
    }
    return this;
  }

  /**
   * Adds a field written as text, null as missing.
   *
   * @param value the field, or null
   * @return this
   */
  public Canonical field(Object value) {
    return field(value == null ? null : value.toString());
  }

  /** {@return the lower-case hex SHA-256 of the fields added so far} */
  public String sha256() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
