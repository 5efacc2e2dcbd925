package io.lethe.consent.receipt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A signed consent receipt, as {@link ConsentReceipts#receipt} makes it.
 *
 * <p>The body is the receipt's content in its canonical JSON form (RFC 8785, see {@link
 * ConsentReceipts}); the signature covers exactly the UTF-8 bytes of that text. {@link #toJson()}
 * writes the document given to the data subject:
 *
 * <pre>{@code
 * {"receipt":{...the body...},"signature":{"alg":"EdDSA","kid":"receipts-2026","value":"..."}}
 * }</pre>
 *
 * @param body the receipt's body, canonical JSON
 * @param algorithm the signature algorithm, as JOSE names it: {@code EdDSA} (Ed25519), {@code
 *     ES256} (ECDSA on P-256 with SHA-256, signature R || S) or {@code RS256} (RSASSA-PKCS1-v1_5
 *     with SHA-256)
 * @param keyId the id of the signing key, by which a verifier finds the public key
 * @param signature the signature of the body's UTF-8 bytes, unpadded base64url
 */
public record ConsentReceipt(String body, String algorithm, String keyId, String signature) {

  /** Rejects missing parts. */
  public ConsentReceipt {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
  }

  /** {@return the bytes the signature covers: the body in UTF-8} */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the signed receipt as one JSON document, {@code {"receipt": body, "signature": {"alg",
   * "kid", "value"}}}, without whitespace. {@link ConsentReceipts#verify} reads it back.
   *
   * @return the document
   * @throws IllegalStateException if the key id holds an unpaired surrogate, which a receipt made
   *     by {@link ConsentReceipts} never does
   */
  public String toJson() {
    ObjectNode signed =
        JsonNodeFactory.instance
            .objectNode()
            .put("alg", algorithm)
            .put("kid", keyId)
            .put("value", signature);
    String block;
    try {
      block = CanonicalJson.write(signed);
    } catch (CanonicalJson.NotCanonicalException e) {
      throw new IllegalStateException("the key id has no canonical JSON form", e);
    }
    return "{\"receipt\":" + body + ",\"signature\":" + block + "}";
  }
}
