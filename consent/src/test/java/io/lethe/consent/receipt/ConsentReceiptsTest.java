package io.lethe.consent.receipt;

import static io.lethe.consent.receipt.ReceiptFixtures.ADA;
import static io.lethe.consent.receipt.ReceiptFixtures.EC_P256;
import static io.lethe.consent.receipt.ReceiptFixtures.ED25519;
import static io.lethe.consent.receipt.ReceiptFixtures.EMAIL;
import static io.lethe.consent.receipt.ReceiptFixtures.ISSUED;
import static io.lethe.consent.receipt.ReceiptFixtures.RSA_2048;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.receipt.ReceiptVerification.Outcome;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentReceiptsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECEIPT_PREFIX = "{\"receipt\":";

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of("Ed25519", ED25519, "EdDSA"),
        Arguments.of("EC P-256", EC_P256, "ES256"),
        Arguments.of("RSA 2048", RSA_2048, "RS256"));
  }

  static Stream<Arguments> keysAndEvents() {
    return keys()
        .flatMap(
            key ->
                Stream.of(
                    Arguments.of(
                        key.get()[0], key.get()[1], key.get()[2], "given", ReceiptFixtures.given()),
                    Arguments.of(
                        key.get()[0],
                        key.get()[1],
                        key.get()[2],
                        "withdrawn",
                        ReceiptFixtures.withdrawn()),
                    Arguments.of(
                        key.get()[0],
                        key.get()[1],
                        key.get()[2],
                        "signal",
                        ReceiptFixtures.signal())));
  }

  // ------------------------------------------------------------------ signing and verifying

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("keysAndEvents")
  void a_receipt_signed_with_each_kind_of_key_verifies_with_its_public_key(
      String name, KeyPair keys, String alg, String what, ConsentEvent event) throws Exception {
    // GIVEN receipts signed with the key
    ConsentReceipts receipts = ReceiptFixtures.receipts(keys, "receipts-2026");

    // WHEN a receipt is made and written
    ConsentReceipt receipt = receipts.receipt(event);
    String json = receipt.toJson();

    // THEN the algorithm follows from the key, the document is the body and its signature, and
    // the public key verifies it
    assertThat(receipt.algorithm()).isEqualTo(alg);
    assertThat(receipt.keyId()).isEqualTo("receipts-2026");
    JsonNode document = JSON.readTree(json);
    assertThat(document.get("receipt")).isEqualTo(JSON.readTree(receipt.body()));
    assertThat(document.at("/signature/alg").asText()).isEqualTo(alg);
    assertThat(document.at("/signature/kid").asText()).isEqualTo("receipts-2026");
    assertThat(document.at("/signature/value").asText()).isEqualTo(receipt.signature());
    assertThat(document.at("/receipt/header/signing_key/alg").asText()).isEqualTo(alg);
    assertThat(ConsentReceipts.verify(json, keys.getPublic()))
        .isEqualTo(new ReceiptVerification(Outcome.VALID, java.util.Optional.empty()));
    assertThat(ConsentReceipts.verify(json, keys.getPublic()).valid()).isTrue();
  }

  @Test
  void whitespace_and_member_order_do_not_matter_but_the_values_do() throws Exception {
    // GIVEN a receipt
    String json = ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given()).toJson();

    // WHEN it is re-read and written pretty, with the sections in reverse order
    ObjectNode document = (ObjectNode) JSON.readTree(json);
    ObjectNode body = (ObjectNode) document.get("receipt");
    ObjectNode reordered = JSON.createObjectNode();
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    for (int i = names.size() - 1; i >= 0; i--) {
      reordered.set(names.get(i), body.get(names.get(i)));
    }
    document.set("receipt", reordered);
    String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);

    // THEN it still verifies
    assertThat(pretty).isNotEqualTo(json).contains("\n");
    assertThat(ConsentReceipts.verify(pretty, ED25519.getPublic()).valid()).isTrue();
  }

  @Test
  void the_signature_covers_the_rfc_8785_canonical_body() throws Exception {
    // GIVEN a receipt
    ConsentReceipt receipt =
        ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given());

    // WHEN its body is read
    String body = receipt.body();

    // THEN it is canonical (members sorted, no whitespace), and the signature is Ed25519 over its
    // UTF-8 bytes, checkable without Lethe
    assertThat(body).startsWith("{\"events\":[{").doesNotContain(" \"").doesNotContain("\n");
    assertThat(body.indexOf("\"events\"")).isLessThan(body.indexOf("\"header\""));
    assertThat(body.indexOf("\"header\"")).isLessThan(body.indexOf("\"parties\""));
    assertThat(body.indexOf("\"parties\"")).isLessThan(body.indexOf("\"processing\""));
    assertThat(receipt.bodyBytes()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    java.security.Signature ed25519 = java.security.Signature.getInstance("Ed25519");
    ed25519.initVerify(ED25519.getPublic());
    ed25519.update(receipt.bodyBytes());
    assertThat(ed25519.verify(Base64.getUrlDecoder().decode(receipt.signature()))).isTrue();
  }

  // ------------------------------------------------------------------ what breaks a receipt

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void changing_any_character_of_the_body_fails_verification(
      String name, KeyPair keys, String alg) {
    // GIVEN a signed receipt, and where its body lies in the document
    String json = ReceiptFixtures.receipts(keys, "k1").receipt(ReceiptFixtures.given()).toJson();
    String body = json.substring(RECEIPT_PREFIX.length(), json.indexOf(",\"signature\":{"));
    boolean[] inValue = stringValues(body);
    int keyBlock = body.indexOf("\"signing_key\":{");
    int keyBlockEnd = body.indexOf('}', keyBlock);

    // WHEN each character is replaced in turn (every 7th for the slower algorithms)
    int step = alg.equals("EdDSA") ? 1 : 7;
    int tamperedSeen = 0;
    for (int i = 0; i < body.length(); i += step) {
      char c = body.charAt(i);
      String changed =
          json.substring(0, RECEIPT_PREFIX.length() + i)
              + (c == 'x' ? 'y' : 'x')
              + json.substring(RECEIPT_PREFIX.length() + i + 1);
      ReceiptVerification result = ConsentReceipts.verify(changed, keys.getPublic());

      // THEN no change goes unnoticed, and a changed value outside the signing key block is
      // reported as tampering
      assertThat(result.valid()).as("position %d of the body", i).isFalse();
      assertThat(result.problem()).isPresent();
      if (inValue[i] && (i < keyBlock || i > keyBlockEnd)) {
        assertThat(result.outcome()).as("value at position %d", i).isEqualTo(Outcome.TAMPERED);
        tamperedSeen++;
      }
    }
    assertThat(tamperedSeen).isGreaterThan(100 / step);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void changing_any_character_of_the_signature_fails_verification(
      String name, KeyPair keys, String alg) {
    // GIVEN a signed receipt
    ConsentReceipt receipt = ReceiptFixtures.receipts(keys, "k1").receipt(ReceiptFixtures.given());
    String json = receipt.toJson();
    int start = json.lastIndexOf(receipt.signature());

    // WHEN each character of the signature is replaced by another base64url character
    for (int i = 0; i < receipt.signature().length(); i++) {
      char c = json.charAt(start + i);
      String changed =
          json.substring(0, start + i) + (c == 'A' ? 'B' : 'A') + json.substring(start + i + 1);
      ReceiptVerification result = ConsentReceipts.verify(changed, keys.getPublic());

      // THEN it is tampering; only the last character, whose low bits are unused, may instead
      // spell the same bytes a second way, which is refused as malformed
      if (i < receipt.signature().length() - 1) {
        assertThat(result.outcome()).as("signature character %d", i).isEqualTo(Outcome.TAMPERED);
      } else {
        assertThat(result.outcome()).isIn(Outcome.TAMPERED, Outcome.MALFORMED);
      }
    }
  }

  @Test
  void changing_the_key_id_beside_the_signature_is_tampering() {
    // GIVEN a signed receipt under key id k1
    String json = ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given()).toJson();

    // WHEN the kid beside the signature is changed, or changed in both places
    String outer = json.replace("\"kid\":\"k1\",\"value\"", "\"kid\":\"k2\",\"value\"");
    String both = json.replace("\"kid\":\"k1\"", "\"kid\":\"k2\"");

    // THEN both are tampering: the signed key id differs, or the signature no longer matches
    assertThat(outer).isNotEqualTo(json);
    ReceiptVerification result = ConsentReceipts.verify(outer, ED25519.getPublic());
    assertThat(result.outcome()).isEqualTo(Outcome.TAMPERED);
    assertThat(result.problem()).get().asString().contains("signature.kid");
    assertThat(both).contains("\"signing_key\":{\"alg\":\"EdDSA\",\"key_check\"");
    assertThat(ConsentReceipts.verify(both, ED25519.getPublic()).outcome())
        .isEqualTo(Outcome.TAMPERED);
  }

  @Test
  void another_key_of_the_same_kind_is_the_wrong_key_not_tampering() {
    // GIVEN a receipt signed with one Ed25519 key, and another Ed25519 key
    String json = ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given()).toJson();
    PublicKey other = ReceiptFixtures.generate("Ed25519", null).getPublic();

    // WHEN it is verified with the other key
    ReceiptVerification result = ConsentReceipts.verify(json, other);

    // THEN the key is wrong
    assertThat(result.outcome()).isEqualTo(Outcome.WRONG_KEY);
    assertThat(result.problem()).get().asString().contains("key check");
  }

  @ParameterizedTest(name = "{0} receipt, {1} key")
  @CsvSource({"EdDSA, RSA", "ES256, Ed25519", "RS256, EC", "ES256, EC P-384"})
  void a_key_of_another_kind_is_the_wrong_key(String alg, String keyKind) {
    // GIVEN a receipt of one algorithm, and a public key of another kind
    KeyPair signer =
        switch (alg) {
          case "EdDSA" -> ED25519;
          case "ES256" -> EC_P256;
          default -> RSA_2048;
        };
    PublicKey key =
        switch (keyKind) {
          case "RSA" -> RSA_2048.getPublic();
          case "Ed25519" -> ED25519.getPublic();
          case "EC" -> EC_P256.getPublic();
          default -> ReceiptFixtures.generate("EC", "secp384r1").getPublic();
        };
    String json = ReceiptFixtures.receipts(signer, "k1").receipt(ReceiptFixtures.given()).toJson();

    // WHEN it is verified with that key
    ReceiptVerification result = ConsentReceipts.verify(json, key);

    // THEN the key is wrong
    assertThat(result.outcome()).isEqualTo(Outcome.WRONG_KEY);
    assertThat(result.problem()).get().asString().startsWith("the key cannot check an " + alg);
  }

  @Test
  void an_algorithm_receipts_are_not_signed_with_is_unknown() {
    // GIVEN a receipt whose signature names another algorithm
    String json = ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given()).toJson();
    String hs256 =
        json.replace("\"signature\":{\"alg\":\"EdDSA\"", "\"signature\":{\"alg\":\"HS256\"");
    String none =
        json.replace("\"signature\":{\"alg\":\"EdDSA\"", "\"signature\":{\"alg\":\"none\"");
    String otherKnown =
        json.replace("\"signature\":{\"alg\":\"EdDSA\"", "\"signature\":{\"alg\":\"RS256\"");

    // WHEN they are verified
    // THEN an unknown one is named as unknown, a known one that was not signed is tampering
    ReceiptVerification result = ConsentReceipts.verify(hs256, ED25519.getPublic());
    assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_ALGORITHM);
    assertThat(result.problem()).get().asString().contains("'HS256'");
    assertThat(ConsentReceipts.verify(none, ED25519.getPublic()).outcome())
        .isEqualTo(Outcome.UNKNOWN_ALGORITHM);
    assertThat(ConsentReceipts.verify(otherKnown, ED25519.getPublic()).outcome())
        .isEqualTo(Outcome.TAMPERED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON             | consent given",
        "cut short            | CUT",
        "an array             | []",
        "an empty object      | {}",
        "no signature         | NO_SIGNATURE",
        "a member besides     | EXTRA",
        "a repeated member    | DUPLICATE",
        "a padded signature   | PADDED",
        "a fraction           | FRACTION",
        "an unsigned key id   | NO_SIGNING_KEY"
      })
  void text_that_is_not_a_signed_receipt_is_malformed_and_never_throws(String what, String change)
      throws Exception {
    // GIVEN a receipt broken in one way
    ConsentReceipt receipt =
        ReceiptFixtures.receipts(ED25519, "k1").receipt(ReceiptFixtures.given());
    String json = receipt.toJson();
    ObjectNode document = (ObjectNode) JSON.readTree(json);
    String broken =
        switch (change) {
          case "CUT" -> json.substring(0, json.length() / 2);
          case "NO_SIGNATURE" -> json.substring(0, json.indexOf(",\"signature\"")) + "}";
          case "EXTRA" -> json.substring(0, json.length() - 1) + ",\"note\":\"hi\"}";
          case "DUPLICATE" -> json.replace("\"receipt\":{", "\"receipt\":{\"events\":[],");
          case "PADDED" -> json.replace(receipt.signature(), receipt.signature() + "==");
          case "FRACTION" -> json.replace("\"record_sequence\":1", "\"record_sequence\":1.0");
          case "NO_SIGNING_KEY" -> {
            ((ObjectNode) document.at("/receipt/header")).remove("signing_key");
            yield JSON.writeValueAsString(document);
          }
          default -> change;
        };
    assertThat(broken).isNotEqualTo(json);

    // WHEN it is verified
    ReceiptVerification result = ConsentReceipts.verify(broken, ED25519.getPublic());

    // THEN it is malformed, with a problem that repeats nothing of the receipt
    assertThat(result.outcome()).as(what).isEqualTo(Outcome.MALFORMED);
    assertThat(result.problem()).get().asString().doesNotContain(ADA).doesNotContain("Shop");
  }

  @Test
  void verify_refuses_only_null_arguments() {
    assertThatThrownBy(() -> ConsentReceipts.verify(null, ED25519.getPublic()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("json");
    assertThatThrownBy(() -> ConsentReceipts.verify("{}", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
  }

  // ------------------------------------------------------------------ what a receipt says

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void a_receipt_holds_no_identifier_only_the_keyed_hash_and_its_type(
      String what, ConsentEvent event) throws Exception {
    // GIVEN an event about Ada, whose hash came from her email
    assertThat(event.subject())
        .isEqualTo(ReceiptFixtures.HASHER.hash(io.lethe.core.subject.SubjectRef.email(EMAIL)));

    // WHEN a receipt is made
    String json = ReceiptFixtures.receipts(ED25519, "k1").receipt(event).toJson();

    // THEN the email is nowhere in it, in any case, while the hash and the type are
    assertThat(json.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain(EMAIL)
        .doesNotContain(EMAIL.substring(0, EMAIL.indexOf('@')));
    JsonNode subject = JSON.readTree(json).at("/receipt/parties/1");
    assertThat(subject.get("party_id").asText()).isEqualTo("data-subject");
    assertThat(subject.at("/pii_principal_id/keyed_hash").asText()).isEqualTo(ADA);
    assertThat(subject.at("/pii_principal_id/hash_algorithm").asText()).isEqualTo("HMAC-SHA-256");
    assertThat(subject.at("/pii_principal_id/identifier_type").asText()).isEqualTo("email");
  }

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("given", ReceiptFixtures.given()),
        Arguments.of("withdrawn", ReceiptFixtures.withdrawn()),
        Arguments.of("signal", ReceiptFixtures.signal()));
  }

  @ParameterizedTest(name = "{0} is dpv:{1}")
  @CsvSource({
    "CONSENT_REQUESTED, ConsentRequested",
    "CONSENT_REQUEST_DEFERRED, ConsentRequestDeferred",
    "CONSENT_REFUSED, ConsentRefused",
    "CONSENT_GIVEN, ConsentGiven",
    "RENEWED_CONSENT_GIVEN, RenewedConsentGiven",
    "CONSENT_WITHDRAWN, ConsentWithdrawn",
    "CONSENT_REVOKED, ConsentRevoked",
    "CONSENT_EXPIRED, ConsentExpired",
    "CONSENT_INVALIDATED, ConsentInvalidated",
    "CONSENT_UNKNOWN, ConsentUnknown"
  })
  void the_event_state_is_the_dpv_consent_status(ConsentStatus status, String term)
      throws Exception {
    // GIVEN a choice with the status
    ConsentEvent event = ReceiptFixtures.choice("newsletter", status);

    // WHEN a receipt is made
    JsonNode state =
        JSON.readTree(ReceiptFixtures.receipts(ED25519, "k1").receipt(event).body())
            .at("/events/0/event_state");

    // THEN its event state is the DPV term and IRI
    assertThat(state.get("term").asText()).isEqualTo(term);
    assertThat(state.get("iri").asText()).isEqualTo("https://w3id.org/dpv#" + term);
  }

  @Test
  void every_consent_status_has_a_row_in_the_dpv_table() {
    assertThat(ConsentStatus.values()).hasSize(10);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "newsletter, CONSENT, Consent, A6-1-a, Art. 6(1)(a)",
    "accounts, CONTRACT, Contract, A6-1-b, Art. 6(1)(b)",
    "tax, LEGAL_OBLIGATION, LegalObligation, A6-1-c, Art. 6(1)(c)",
    "emergency, VITAL_INTERESTS, VitalInterest, A6-1-d, Art. 6(1)(d)",
    "census, PUBLIC_TASK, PublicInterest, A6-1-e, Art. 6(1)(e)",
    "fraud, LEGITIMATE_INTERESTS, LegitimateInterest, A6-1-f, Art. 6(1)(f)"
  })
  void the_lawful_basis_is_the_dpv_legal_basis_and_its_gdpr_article(
      String purpose, LawfulBasis basis, String term, String article, String gdpr)
      throws Exception {
    // GIVEN a choice recorded for a purpose on the basis
    assertThat(ReceiptFixtures.policy().purpose(purpose).orElseThrow().basis()).isEqualTo(basis);
    ConsentEvent event = ReceiptFixtures.choice(purpose, ConsentStatus.CONSENT_GIVEN);

    // WHEN a receipt is made
    JsonNode lawfulBasis =
        JSON.readTree(ReceiptFixtures.receipts(ED25519, "k1").receipt(event).body())
            .at("/processing/purposes/0/lawful_basis");

    // THEN it names the DPV legal basis and the DPV EU GDPR extension's article
    assertThat(lawfulBasis.get("term").asText()).isEqualTo(term);
    assertThat(lawfulBasis.get("iri").asText()).isEqualTo("https://w3id.org/dpv#" + term);
    assertThat(lawfulBasis.get("gdpr_iri").asText())
        .isEqualTo("https://w3id.org/dpv/legal/eu/gdpr#" + article);
    assertThat(lawfulBasis.get("article").asText()).isEqualTo(gdpr);
  }

  @Test
  void a_choice_receipt_states_the_event_the_purpose_the_notice_and_the_parties() throws Exception {
    // GIVEN Ada's consent to the newsletter
    ConsentEvent event = ReceiptFixtures.given();

    // WHEN a receipt is made
    ConsentReceipt receipt = ReceiptFixtures.receipts(ED25519, "k1").receipt(event);
    JsonNode body = JSON.readTree(receipt.body());

    // THEN the header ties it to the ledger event and the policy
    JsonNode header = body.get("header");
    assertThat(header.get("schema_version").asText()).isEqualTo(ConsentReceipts.SCHEMA_ID);
    assertThat(header.get("receipt_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(header.get("receipt_timestamp").asText()).isEqualTo(ISSUED.toString());
    assertThat(header.get("record_id").asText()).isEqualTo(event.id());
    assertThat(header.get("record_kind").asText()).isEqualTo("CHOICE");
    assertThat(header.get("record_timestamp").asText()).isEqualTo("2026-03-01T10:15:30.123456Z");
    assertThat(header.get("record_sequence").asLong()).isEqualTo(1);
    assertThat(header.get("record_hash").asText()).isEqualTo(event.hash()).hasSize(64);
    assertThat(header.get("policy_id").asText()).isEqualTo("shop");
    assertThat(header.get("policy_version").asText()).isEqualTo("7");
    assertThat(header.at("/signing_key/kid").asText()).isEqualTo("k1");

    // AND processing states the notice shown and the purpose
    JsonNode processing = body.get("processing");
    assertThat(processing.at("/privacy_notice/notice_id").asText()).isEqualTo("marketing");
    assertThat(processing.at("/privacy_notice/notice_version").asText()).isEqualTo("3");
    assertThat(processing.at("/privacy_notice/notice_hash").asText())
        .isEqualTo(ReceiptFixtures.NOTICE_HASH);
    JsonNode purpose = processing.at("/purposes/0");
    assertThat(processing.get("purposes")).hasSize(1);
    assertThat(purpose.get("purpose_id").asText()).isEqualTo("newsletter");
    assertThat(purpose.get("purpose").asText()).isEqualTo("Sending the newsletter");
    assertThat(purpose.at("/purpose_type/iri").asText())
        .isEqualTo("https://w3id.org/dpv#DirectMarketing");
    assertThat(purpose.get("pii_information").findValuesAsText("pii_type"))
        .containsExactly("user.contact.email", "user.name");
    assertThat(purpose.get("pii_controllers").get(0).asText()).isEqualTo("controller");
    assertThat(purpose.get("recipient_third_parties").toString())
        .isEqualTo("[\"recipient:mailer\",\"recipient:bounces\"]");

    // AND the parties are the controller, Ada, and the purpose's recipients with their roles
    JsonNode parties = body.get("parties");
    assertThat(parties.findValuesAsText("party_id"))
        .containsExactly("controller", "data-subject", "recipient:mailer", "recipient:bounces");
    assertThat(parties.at("/0/party_name").asText()).isEqualTo("Shop GmbH");
    assertThat(parties.at("/0/party_contact").asText()).isEqualTo("privacy@shop.example");
    assertThat(parties.at("/0/party_url").asText()).isEqualTo("https://shop.example");
    assertThat(parties.at("/0/party_role/term").asText()).isEqualTo("DataController");
    assertThat(parties.at("/2/party_role/iri").asText())
        .isEqualTo("https://w3id.org/dpv#DataProcessor");
    assertThat(parties.at("/2/recipient_role").asText()).isEqualTo("PROCESSOR");
    assertThat(parties.at("/2/party_location").asText()).isEqualTo("US");
    assertThat(parties.at("/3/party_role/term").asText()).isEqualTo("DataSubProcessor");

    // AND the event is the choice as the ledger holds it
    JsonNode recorded = body.at("/events/0");
    assertThat(body.get("events")).hasSize(1);
    assertThat(recorded.get("event_time").asText()).isEqualTo(event.at().toString());
    assertThat(recorded.get("method").asText()).isEqualTo("BANNER");
    assertThat(recorded.get("expressed_by").asText()).isEqualTo("SUBJECT");
    assertThat(recorded.get("entity_id").asText()).isEqualTo("data-subject");
    assertThat(recorded.get("jurisdiction").asText()).isEqualTo("GDPR");
    assertThat(recorded.get("valid_until").asText()).isEqualTo("2027-03-01T10:15:30Z");
    assertThat(recorded.get("proof").asText()).isEqualTo("form-submission-4711");
    assertThat(recorded.get("acknowledges_signal").asBoolean()).isFalse();
    assertThat(recorded.has("signal")).isFalse();
  }

  @ParameterizedTest(name = "{0} is dpv:{1}")
  @CsvSource({
    "ads, ThirdParty, INDEPENDENT_CONTROLLER",
    "accounts, DataController," + " JOINT_CONTROLLER",
    "census, Authority, PUBLIC_AUTHORITY"
  })
  void each_recipient_role_has_its_dpv_role(String purpose, String term, String role)
      throws Exception {
    JsonNode recipient =
        JSON.readTree(
                ReceiptFixtures.receipts(ED25519, "k1")
                    .receipt(ReceiptFixtures.choice(purpose, ConsentStatus.CONSENT_GIVEN))
                    .body())
            .at("/parties/2");

    assertThat(recipient.at("/party_role/term").asText()).isEqualTo(term);
    assertThat(recipient.get("recipient_role").asText()).isEqualTo(role);
  }

  @Test
  void a_signal_receipt_states_the_signal_and_the_recipients_it_stops_disclosures_to()
      throws Exception {
    // GIVEN Ada's Global Privacy Control, honoured
    ConsentEvent event = ReceiptFixtures.signal();

    // WHEN a receipt is made
    JsonNode body = JSON.readTree(ReceiptFixtures.receipts(ED25519, "k1").receipt(event).body());

    // THEN it has no purpose, names the recipient sold to, and the signal
    assertThat(body.at("/header/record_kind").asText()).isEqualTo("SIGNAL");
    assertThat(body.at("/processing/purposes")).isEmpty();
    assertThat(body.at("/processing/privacy_notice").isMissingNode()).isTrue();
    assertThat(body.at("/processing/recipient_third_parties").toString())
        .isEqualTo("[\"recipient:adnet\"]");
    assertThat(body.get("parties").findValuesAsText("party_id"))
        .containsExactly("controller", "data-subject", "recipient:adnet");
    JsonNode recorded = body.at("/events/0");
    assertThat(recorded.get("signal").asText()).isEqualTo("gpc");
    assertThat(recorded.get("method").asText()).isEqualTo("OPT_OUT_SIGNAL");
    assertThat(recorded.get("jurisdiction").asText()).isEqualTo("CCPA");
    assertThat(recorded.has("event_state")).isFalse();
    assertThat(recorded.has("acknowledges_signal")).isFalse();
  }

  @Test
  void the_expressing_party_is_named_only_where_it_is_a_party_of_the_receipt() throws Exception {
    ConsentEvent revoked =
        new ConsentEvent(
                0,
                "evt-revoked",
                ReceiptFixtures.AT,
                ConsentEvent.Kind.CHOICE,
                ADA,
                IdentifierType.EMAIL,
                "newsletter",
                null,
                null,
                null,
                ConsentStatus.CONSENT_REVOKED,
                ConsentMethod.SYSTEM,
                ExpressedBy.CONTROLLER,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                ConsentEvent.GENESIS,
                null)
            .sealedAt(3, ConsentEvent.GENESIS);
    ConsentEvent byGuardian =
        new ConsentEvent(
                0,
                "evt-guardian",
                ReceiptFixtures.AT,
                ConsentEvent.Kind.CHOICE,
                ADA,
                IdentifierType.EMAIL,
                "newsletter",
                null,
                null,
                null,
                ConsentStatus.CONSENT_GIVEN,
                ConsentMethod.API,
                ExpressedBy.GUARDIAN,
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                ConsentEvent.GENESIS,
                null)
            .sealedAt(4, ConsentEvent.GENESIS);
    ConsentReceipts receipts = ReceiptFixtures.receipts(ED25519, "k1");

    JsonNode controller = JSON.readTree(receipts.receipt(revoked).body());
    JsonNode guardian = JSON.readTree(receipts.receipt(byGuardian).body());

    assertThat(controller.at("/events/0/entity_id").asText()).isEqualTo("controller");
    assertThat(controller.at("/processing/privacy_notice").isMissingNode()).isTrue();
    assertThat(controller.at("/header/record_sequence").asLong()).isEqualTo(3);
    assertThat(guardian.at("/events/0/entity_id").isMissingNode()).isTrue();
    assertThat(guardian.at("/events/0/expressed_by").asText()).isEqualTo("GUARDIAN");
    assertThat(guardian.at("/events/0/acknowledges_signal").asBoolean()).isTrue();
  }

  @Test
  void each_receipt_has_its_own_id() throws Exception {
    ConsentReceipts receipts = ReceiptFixtures.receipts(ED25519, "k1");

    String first =
        JSON.readTree(receipts.receipt(ReceiptFixtures.given()).body())
            .at("/header/receipt_id")
            .asText();
    String second =
        JSON.readTree(receipts.receipt(ReceiptFixtures.given()).body())
            .at("/header/receipt_id")
            .asText();

    assertThat(first).isNotEqualTo(second);
  }

  // ------------------------------------------------------------------ what has no receipt

  @Test
  void a_link_event_has_no_receipt() {
    ConsentEvent link =
        new ConsentEvent(
                0,
                "evt-link",
                ReceiptFixtures.AT,
                ConsentEvent.Kind.LINK,
                ADA,
                IdentifierType.EMAIL,
                null,
                null,
                null,
                null,
                null,
                ConsentMethod.API,
                ExpressedBy.SUBJECT,
                null,
                null,
                null,
                false,
                null,
                ReceiptFixtures.HASHER.hash("account_id:42"),
                IdentifierType.ACCOUNT_ID,
                ConsentEvent.GENESIS,
                null)
            .sealedAt(1, ConsentEvent.GENESIS);

    assertThatThrownBy(() -> ReceiptFixtures.receipts(ED25519, "k1").receipt(link))
        .isInstanceOf(ConsentReceiptException.class)
        .hasMessageContaining("'evt-link' is a LINK event")
        .hasMessageNotContaining(ADA)
        .satisfies(e -> assertThat(((ConsentReceiptException) e).eventId()).isEqualTo("evt-link"));
  }

  @Test
  void an_event_not_sealed_into_the_chain_or_changed_since_has_no_receipt() {
    ConsentEvent sealed = ReceiptFixtures.given();
    ConsentEvent unsealed =
        new ConsentEvent(
            0,
            sealed.id(),
            sealed.at(),
            sealed.kind(),
            sealed.subject(),
            sealed.subjectType(),
            sealed.purpose(),
            sealed.noticeId(),
            sealed.noticeVersion(),
            sealed.noticeHash(),
            sealed.status(),
            sealed.method(),
            sealed.expressedBy(),
            sealed.jurisdiction(),
            sealed.expires(),
            sealed.proof(),
            sealed.acknowledgesSignal(),
            null,
            null,
            null,
            ConsentEvent.GENESIS,
            null);
    ConsentEvent changed =
        new ConsentEvent(
            sealed.sequence(),
            sealed.id(),
            sealed.at(),
            sealed.kind(),
            sealed.subject(),
            sealed.subjectType(),
            sealed.purpose(),
            sealed.noticeId(),
            sealed.noticeVersion(),
            sealed.noticeHash(),
            ConsentStatus.CONSENT_GIVEN,
            sealed.method(),
            sealed.expressedBy(),
            sealed.jurisdiction(),
            null,
            sealed.proof(),
            sealed.acknowledgesSignal(),
            null,
            null,
            null,
            sealed.previousHash(),
            sealed.hash());
    ConsentReceipts receipts = ReceiptFixtures.receipts(ED25519, "k1");

    assertThatThrownBy(() -> receipts.receipt(unsealed))
        .isInstanceOf(ConsentReceiptException.class)
        .hasMessageContaining("not sealed");
    assertThatThrownBy(() -> receipts.receipt(changed))
        .isInstanceOf(ConsentReceiptException.class)
        .hasMessageContaining("not sealed");
  }

  @Test
  void a_choice_for_a_purpose_the_policy_does_not_define_has_no_receipt() {
    ConsentEvent event = ReceiptFixtures.choice("surveys", ConsentStatus.CONSENT_GIVEN);

    assertThatThrownBy(() -> ReceiptFixtures.receipts(ED25519, "k1").receipt(event))
        .isInstanceOf(ConsentReceiptException.class)
        .hasMessageContaining("purpose 'surveys', which policy 'shop' does not define");
  }

  // ------------------------------------------------------------------ keys

  @ParameterizedTest(name = "{0}")
  @CsvSource({"DSA, DSA", "Ed448, Ed448", "EC secp384r1, EC", "RSA 1024, RSA", "X25519, XDH"})
  void a_key_receipts_are_not_signed_with_is_refused_naming_its_algorithm(
      String what, String algorithm) {
    // GIVEN a key of an unsupported kind
    KeyPair keys =
        switch (what) {
          case "EC secp384r1" -> ReceiptFixtures.generate("EC", "secp384r1");
          case "RSA 1024" -> ReceiptFixtures.rsa(1024);
          default -> ReceiptFixtures.generate(what, null);
        };
    ConsentReceipts.Builder builder = ConsentReceipts.builder(ReceiptFixtures.policy());

    // WHEN it is given as the signing key
    // THEN it is refused with a typed error that names its algorithm
    assertThatThrownBy(() -> builder.signingKey(keys.getPrivate(), "k1"))
        .isInstanceOf(UnsupportedSigningKeyException.class)
        .hasMessageContaining(algorithm)
        .hasMessageContaining("use Ed25519, EC P-256 or RSA (at least 2048 bits)")
        .satisfies(
            e -> assertThat(((UnsupportedSigningKeyException) e).algorithm()).isEqualTo(algorithm));
  }

  @ParameterizedTest(name = "key id [{0}]")
  @ValueSource(strings = {"", "   ", "line\nbreak", "tab\there"})
  void a_key_id_must_be_printable_text(String keyId) {
    ConsentReceipts.Builder builder = ConsentReceipts.builder(ReceiptFixtures.policy());

    assertThatThrownBy(() -> builder.signingKey(ED25519.getPrivate(), keyId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key id");
  }

  @Test
  void receipts_need_a_signing_key() {
    assertThatThrownBy(() -> ConsentReceipts.builder(ReceiptFixtures.policy()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signingKey");
  }

  @Test
  void a_key_id_with_quotes_and_non_ascii_is_written_and_verified_as_given() throws Exception {
    String keyId = "kid \"2026\" \\ ünïcode ✓";
    ConsentReceipt receipt =
        ReceiptFixtures.receipts(ED25519, keyId).receipt(ReceiptFixtures.given());

    String json = receipt.toJson();

    assertThat(JSON.readTree(json).at("/signature/kid").asText()).isEqualTo(keyId);
    assertThat(ConsentReceipts.verify(json, ED25519.getPublic()).valid()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  /** For each character of a JSON text, whether it lies inside a string that is a value. */
  private static boolean[] stringValues(String json) {
    boolean[] inValue = new boolean[json.length()];
    int i = 0;
    while (i < json.length()) {
      if (json.charAt(i) != '"') {
        i++;
        continue;
      }
      int end = i + 1;
      while (json.charAt(end) != '"') {
        end += json.charAt(end) == '\\' ? 2 : 1;
      }
      boolean isName = end + 1 < json.length() && json.charAt(end + 1) == ':';
      for (int j = i + 1; j < end; j++) {
        inValue[j] = !isName;
      }
      i = end + 1;
    }
    return inValue;
  }
}
