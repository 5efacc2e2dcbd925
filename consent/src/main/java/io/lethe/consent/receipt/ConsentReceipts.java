package io.lethe.consent.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.consent.ConsentEvent;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes signed consent receipts for the events of a consent ledger, and checks them.
 *
 * <p>A receipt is made for a {@link ConsentEvent.Kind#CHOICE} (a consent given, refused, withdrawn,
 * ...) or a {@link ConsentEvent.Kind#SIGNAL} (an opt-out preference signal honoured); it is the
 * controller's signed statement of that one ledger event, with what the policy says about it, for
 * the data subject to keep. Built once per policy and key; safe for use by several threads.
 *
 * <pre>{@code
 * ConsentReceipts receipts = ConsentReceipts.builder(policy)
 *     .signingKey(privateKey, "receipts-2026")
 *     .build();
 * String json = receipts.receipt(event).toJson();
 * ReceiptVerification check = ConsentReceipts.verify(json, publicKey);
 * }</pre>
 *
 * <h2>Structure</h2>
 *
 * <p>The body follows the four sections of ISO/IEC TS 27560:2023 (consent record information
 * structure), with the field names of 27560 in snake case where it has one, as the W3C DPV guide
 * "Consent Records and Receipts as per ISO/IEC TS 27560:2023 using DPV" (DPVCG, 2024) lists them
 * ({@code schema_version}, {@code receipt_id}, {@code record_id}, {@code privacy_notice}, {@code
 * purpose}, {@code lawful_basis}, {@code pii_information}/{@code pii_type}, {@code
 * pii_controllers}, {@code recipient_third_parties}, {@code party_id}/{@code party_name}/{@code
 * party_role}/{@code party_contact}, {@code event_time}, {@code event_state}, {@code entity_id}),
 * and W3C Data Privacy Vocabulary (DPV 2) terms, each with its IRI, for statuses, legal bases and
 * roles:
 *
 * <ul>
 *   <li><b>header</b>: {@code schema_version} ({@value #SCHEMA_ID}), {@code receipt_id} (a random
 *       UUID), {@code receipt_timestamp} (from the builder's clock), the ledger event as {@code
 *       record_id}, {@code record_kind}, {@code record_timestamp}, {@code record_sequence} and
 *       {@code record_hash} (its chain hash, to find and check it in the ledger), the policy's id
 *       and version, and {@code signing_key} (below);
 *   <li><b>processing</b>: the notice shown ({@code privacy_notice}: id, version, content hash),
 *       and for a choice its purpose: key, name, {@code purpose_type} {@code dpv:DirectMarketing}
 *       for direct marketing, {@code lawful_basis} as the DPV legal basis (such as {@code
 *       dpv:Consent}) with the GDPR extension's article IRI (such as {@code
 *       https://w3id.org/dpv/legal/eu/gdpr#A6-1-a}), the categories it uses as {@code pii_type}
 *       (the policy's category keys), and its recipients; for a signal, no purpose, and the
 *       recipients the signal stops disclosures to (those sold or shared to);
 *   <li><b>parties</b>: the controller (name, contact, website), the data subject, and the
 *       recipients with their DPV role ({@code dpv:DataProcessor}, {@code dpv:DataSubProcessor},
 *       {@code dpv:DataController} for a joint controller, {@code dpv:ThirdParty} for an
 *       independent one, {@code dpv:Authority}) and the policy's role;
 *   <li><b>events</b>: the one event: time, {@code event_state} (the DPV consent status, such as
 *       {@code dpv:ConsentWithdrawn}), method, who expressed it, jurisdiction, {@code valid_until},
 *       the proof reference, and whether it acknowledges an opt-out signal, or for a signal which
 *       signal it was.
 * </ul>
 *
 * <p>Where it deviates from 27560: the data subject is not an identifier but the ledger's keyed
 * hash (HMAC-SHA-256) with the identifier's type, so that a receipt holds no identifier, and it
 * sits among the parties rather than in the header; a receipt covers one ledger event, not a
 * record's whole history; {@code valid_until} (an instant) stands for {@code validity_duration};
 * the 27560 {@code event_type} (the kind of consent, such as explicit) is not known to the ledger
 * and is left out, and the ledger's {@code method} and {@code expressed_by} stand beside {@code
 * entity_id}; fields the policy model has no value for ({@code language}, {@code
 * storage_locations}, {@code withdrawal_method}, ...) are left out. The JSON Schema {@value
 * #SCHEMA_RESOURCE} on the class path describes the document exactly.
 *
 * <h2>Signature</h2>
 *
 * <p>The signature covers the UTF-8 bytes of the body's canonical form: the JSON Canonicalization
 * Scheme of RFC 8785 (members sorted by name in UTF-16 code units, no whitespace, minimal string
 * escapes, integers as plain digits; receipts hold no other numbers), so any RFC 8785
 * implementation can recompute it. The algorithm follows from the key: Ed25519 signs {@code EdDSA},
 * an EC key on P-256 {@code ES256} (JDK {@code SHA256withECDSA}, signature written as R || S) and
 * an RSA key of at least 2048 bits {@code RS256} (JDK {@code SHA256withRSA}); other keys are
 * refused with {@link UnsupportedSigningKeyException}.
 *
 * <p>The header's {@code signing_key} repeats the algorithm and key id, so that both are signed
 * too, and holds a key check: the signature, under the same key, of the fixed text {@code
 * lethe-consent-receipt key check v1}. {@link #verify} checks it before the body, which tells a
 * wrong key from a changed receipt. Use a key for receipts only.
 */
public final class ConsentReceipts {

  /** The receipt schema's id, written as every receipt's {@code schema_version}. */
  public static final String SCHEMA_ID = "urn:io-lethe:schema:consent-receipt:v1";

  /** Where the receipt's JSON Schema (draft 2020-12) lies on the class path. */
  public static final String SCHEMA_RESOURCE =
      "io/lethe/consent/receipt/lethe-consent-receipt.schema.json";

  /** The text every key check signs. */
  static final byte[] KEY_CHECK =
      "lethe-consent-receipt key check v1".getBytes(StandardCharsets.UTF_8);

  private static final int MAX_KEY_ID = 200;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final PrivacyPolicy policy;
  private final PrivateKey key;
  private final String keyId;
  private final SigningAlgorithm algorithm;
  private final String keyCheck;
  private final Clock clock;

  private ConsentReceipts(Builder builder) {
    this.policy = builder.policy;
    this.key = builder.key;
    this.keyId = builder.keyId;
    this.algorithm = builder.algorithm;
    this.clock = builder.clock;
    try {
      this.keyCheck = BASE64URL.encodeToString(algorithm.sign(key, KEY_CHECK));
    } catch (GeneralSecurityException e) {
      throw UnsupportedSigningKeyException.of(
          String.valueOf(key.getAlgorithm()),
          "it cannot sign (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Starts receipts for the events of a policy's consent ledger.
   *
   * @param policy the policy whose purposes, notices, controller and recipients receipts state
   * @return a builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Makes the signed receipt for a ledger event.
   *
   * @param event a {@link ConsentEvent.Kind#CHOICE} or {@link ConsentEvent.Kind#SIGNAL} event as
   *     the ledger stores it, sealed into its chain
   * @return the signed receipt
   * @throws ConsentReceiptException if the event is a {@link ConsentEvent.Kind#LINK}, is not sealed
   *     (no hash, or one that does not match its content), or is a choice for a purpose the policy
   *     does not define
   */
  public ConsentReceipt receipt(ConsentEvent event) {
    Objects.requireNonNull(event, "event");
    if (event.kind() == ConsentEvent.Kind.LINK) {
      throw ConsentReceiptException.notReceiptable(event.id(), event.kind());
    }
    if (event.hash() == null || !event.isIntact()) {
      throw ConsentReceiptException.notSealed(event.id());
    }
    Purpose purpose = null;
    List<Recipient> recipients = new ArrayList<>();
    if (event.kind() == ConsentEvent.Kind.CHOICE) {
      purpose =
          policy
              .purpose(event.purpose())
              .orElseThrow(
                  () ->
                      ConsentReceiptException.unknownPurpose(
                          event.id(), event.purpose(), policy.id()));
      for (Recipient recipient : policy.recipients()) {
        if (recipient.purposes().contains(purpose.key())) {
          recipients.add(recipient);
        }
      }
    } else {
      for (Recipient recipient : policy.recipients()) {
        if (recipient.soldOrShared()) {
          recipients.add(recipient);
        }
      }
    }
    ReceiptBody.Issue issue =
        new ReceiptBody.Issue(
            UUID.randomUUID().toString(), clock.instant(), algorithm, keyId, keyCheck);
    ObjectNode tree = ReceiptBody.of(event, policy, purpose, recipients, issue);
    String body;
    try {
      body = CanonicalJson.write(tree);
    } catch (CanonicalJson.NotCanonicalException e) {
      throw ConsentReceiptException.unwritable(event.id(), e.getMessage());
    }
    byte[] signature;
    try {
      signature = algorithm.sign(key, body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw ConsentReceiptException.signingFailed(event.id(), e);
    }
    return new ConsentReceipt(
        body, algorithm.joseName(), keyId, BASE64URL.encodeToString(signature));
  }

  /**
   * Checks a signed receipt, as {@link ConsentReceipt#toJson()} writes it, against the public key
   * of the key that signed it. Whitespace and member order do not matter; every value does.
   *
   * @param json the signed receipt
   * @param key the public key the receipt's {@code kid} names
   * @return valid, or the first problem found: {@link ReceiptVerification.Outcome#MALFORMED},
   *     {@link ReceiptVerification.Outcome#UNKNOWN_ALGORITHM}, {@link
   *     ReceiptVerification.Outcome#WRONG_KEY} or {@link ReceiptVerification.Outcome#TAMPERED}; a
   *     bad receipt never throws
   * @throws NullPointerException if an argument is null
   */
  public static ReceiptVerification verify(String json, PublicKey key) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(key, "key");
    return ReceiptVerifier.verify(json, key);
  }

  /** Fluent builder for {@link ConsentReceipts}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private PrivateKey key;
    private String keyId;
    private SigningAlgorithm algorithm;
    private Clock clock = Clock.systemUTC();

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * Sets the key receipts are signed with; its kind chooses the algorithm.
     *
     * @param key an Ed25519 key, an EC key on P-256, or an RSA key of at least 2048 bits
     * @param keyId the key's id, written beside each signature so that a verifier finds the public
     *     key: 1 to 200 characters, no control characters
     * @return this builder
     * @throws UnsupportedSigningKeyException if receipts cannot be signed with such a key; it names
     *     the key's algorithm
     * @throws IllegalArgumentException if the key id is blank, too long or holds control characters
     */
    public Builder signingKey(PrivateKey key, String keyId) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(keyId, "keyId");
      if (keyId.isBlank() || keyId.length() > MAX_KEY_ID || !plain(keyId)) {
        throw new IllegalArgumentException(
            "a receipt key id needs 1 to "
                + MAX_KEY_ID
                + " characters, not all blank, without control characters or unpaired surrogates");
      }
      this.algorithm = SigningAlgorithm.forSigningKey(key);
      this.key = key;
      this.keyId = keyId;
      return this;
    }

    /**
     * Sets the clock that stamps each receipt's {@code receipt_timestamp}.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the receipt maker.
     *
     * @return receipts for the policy, signed with the key
     * @throws IllegalStateException if no signing key was set
     */
    public ConsentReceipts build() {
      if (key == null) {
        throw new IllegalStateException("consent receipts need a signing key: call signingKey");
      }
      return new ConsentReceipts(this);
    }

    private static boolean plain(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isISOControl(c)) {
          return false;
        }
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return false;
        }
      }
      return true;
    }
  }
}
