package io.lethe.consent.receipt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lethe.consent.receipt.ReceiptVerification.Outcome;
import io.lethe.core.internal.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a signed receipt against a public key, reporting the first problem instead of throwing:
 * one job, {@link ConsentReceipts#verify}. Problems name the receipt's fields, never their values.
 */
final class ReceiptVerifier {

  /** Strict reading: a repeated member name would let two readers see two different receipts. */
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  private static final Base64.Encoder BASE64URL_OUT = Base64.getUrlEncoder().withoutPadding();
  private static final Set<String> SIGNATURE_MEMBERS = Set.of("alg", "kid", "value");

  /** An algorithm name short and plain enough to repeat in a problem. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,20}");

  private ReceiptVerifier() {}

  static ReceiptVerification verify(String json, PublicKey key) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      return malformed("the text is not one JSON document" + at(e.getLocation()));
    }
    if (root == null || !root.isObject()) {
      return malformed("the document is not a JSON object");
    }
    JsonNode body = root.get("receipt");
    JsonNode signature = root.get("signature");
    if (body == null || !body.isObject() || signature == null || !signature.isObject()) {
      return malformed("the document needs the objects 'receipt' and 'signature'");
    }
    if (root.size() != 2) {
      return malformed("the document has members besides 'receipt' and 'signature'");
    }
    if (!onlyTextMembers(signature, SIGNATURE_MEMBERS)) {
      return malformed("'signature' needs exactly the text members 'alg', 'kid' and 'value'");
    }
    String alg = signature.get("alg").textValue();
    Optional<SigningAlgorithm> algorithm = SigningAlgorithm.ofJoseName(alg);
    if (algorithm.isEmpty()) {
      return ReceiptVerification.failed(
          Outcome.UNKNOWN_ALGORITHM,
          "'signature.alg' names "
              + (PLAIN_NAME.matcher(alg).matches() ? "'" + alg + "', " : "")
              + "an algorithm receipts are not signed with (EdDSA, ES256, RS256)");
    }
    Optional<byte[]> value = base64url(signature.get("value").textValue());
    if (value.isEmpty()) {
      return malformed("'signature.value' is not unpadded base64url");
    }
    String canonical;
    try {
      canonical = CanonicalJson.write(body);
    } catch (CanonicalJson.NotCanonicalException e) {
      return malformed(
          "the receipt has no canonical form: "
              + SafeText.escape(
                  e.getMessage().length() > 120
                      ? e.getMessage().substring(0, 120) + "…"
                      : e.getMessage()));
    }
    JsonNode signedKey = body.path("header").path("signing_key");
    if (!signedKey.isObject() || !onlyTextMembers(signedKey, Set.of("alg", "kid", "key_check"))) {
      return malformed(
          "'receipt.header.signing_key' needs exactly the text members 'alg', 'kid'"
              + " and 'key_check'");
    }
    if (!signedKey.get("alg").textValue().equals(alg)) {
      return ReceiptVerification.failed(
          Outcome.TAMPERED,
          "'signature.alg' is not the algorithm"
              + " the receipt was signed with ('receipt.header.signing_key.alg')");
    }
    if (!signedKey.get("kid").textValue().equals(signature.get("kid").textValue())) {
      return ReceiptVerification.failed(
          Outcome.TAMPERED,
          "'signature.kid' is not the key id the"
              + " receipt was signed under ('receipt.header.signing_key.kid')");
    }
    Optional<byte[]> keyCheck = base64url(signedKey.get("key_check").textValue());
    if (keyCheck.isEmpty()) {
      return malformed("'receipt.header.signing_key.key_check' is not unpadded base64url");
    }
    Optional<String> misfit = algorithm.get().misfit(key);
    if (misfit.isPresent()) {
      return ReceiptVerification.failed(
          Outcome.WRONG_KEY, "the key cannot check an " + alg + " signature: " + misfit.get());
    }
    if (!algorithm.get().verify(key, ConsentReceipts.KEY_CHECK, keyCheck.get())) {
      return ReceiptVerification.failed(
          Outcome.WRONG_KEY,
          "the key is not the one the receipt"
              + " was signed with: the receipt's key check fails under it");
    }
    if (!algorithm.get().verify(key, canonical.getBytes(StandardCharsets.UTF_8), value.get())) {
      return ReceiptVerification.failed(
          Outcome.TAMPERED,
          "the signature does not match the"
              + " receipt: its content or its signature was changed");
    }
    return ReceiptVerification.ok();
  }

  private static ReceiptVerification malformed(String problem) {
    return ReceiptVerification.failed(Outcome.MALFORMED, problem);
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** Whether an object has exactly the given members, each a string. */
  private static boolean onlyTextMembers(JsonNode object, Set<String> names) {
    if (object.size() != names.size()) {
      return false;
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name) || !object.get(name).isTextual()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes unpadded base64url, refusing every other spelling of the same bytes (padding, unused
   * bits set in the last character), so that no character of a signature can change unnoticed.
   */
  private static Optional<byte[]> base64url(String text) {
    try {
      byte[] bytes = BASE64URL.decode(text);
      return BASE64URL_OUT.encodeToString(bytes).equals(text) && bytes.length > 0
          ? Optional.of(bytes)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
