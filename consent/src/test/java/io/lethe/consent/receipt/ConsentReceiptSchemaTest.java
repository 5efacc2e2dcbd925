package io.lethe.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.ExpressedBy;
import io.lethe.core.policy.Controller;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RecipientRole;
import io.lethe.testsupport.ShippedSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the receipt's JSON Schema ({@link ConsentReceipts#SCHEMA_RESOURCE}) honest: every receipt
 * Lethe writes validates, broken receipts fail where they break, and the schema declares exactly
 * the properties receipts have.
 */
class ConsentReceiptSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The writer of the body, read by the drift guard; tests run in the module's directory. */
  private static final Path WRITER =
      Path.of("src/main/java/io/lethe/consent/receipt/ReceiptBody.java");

  private static JsonNode schemaNode;
  private static JsonSchema schema;

  /** Every receipt of the scenario, by name, such as {@code EdDSA given}. */
  private static Map<String, JsonNode> receipts;

  @BeforeAll
  static void load() throws IOException {
    schemaNode = ShippedSchemas.read(ConsentReceipts.SCHEMA_RESOURCE);
    schema = ShippedSchemas.compile(schemaNode);
    receipts = receiptsOfTheScenario();
  }

  /**
   * Receipts with each key for a consent given, a withdrawal, a signal, every status, every purpose
   * (so every lawful basis and recipient role), a choice without a notice by the controller, one by
   * a guardian, and one under a controller whose contact is hidden.
   */
  private static Map<String, JsonNode> receiptsOfTheScenario() throws IOException {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (KeyPair keys :
        List.of(ReceiptFixtures.ED25519, ReceiptFixtures.EC_P256, ReceiptFixtures.RSA_2048)) {
      ConsentReceipts maker = ReceiptFixtures.receipts(keys, "receipts-2026");
      String alg = maker.receipt(ReceiptFixtures.given()).algorithm();
      all.put(alg + " given", JSON.readTree(maker.receipt(ReceiptFixtures.given()).toJson()));
      all.put(
          alg + " withdrawn", JSON.readTree(maker.receipt(ReceiptFixtures.withdrawn()).toJson()));
      all.put(alg + " signal", JSON.readTree(maker.receipt(ReceiptFixtures.signal()).toJson()));
    }
    ConsentReceipts maker = ReceiptFixtures.receipts(ReceiptFixtures.ED25519, "k1");
    for (ConsentStatus status : ConsentStatus.values()) {
      all.put(
          status.name(),
          JSON.readTree(maker.receipt(ReceiptFixtures.choice("newsletter", status)).toJson()));
    }
    for (var purpose : ReceiptFixtures.policy().purposes()) {
      all.put(
          "purpose " + purpose.key(),
          JSON.readTree(
              maker
                  .receipt(ReceiptFixtures.choice(purpose.key(), ConsentStatus.CONSENT_GIVEN))
                  .toJson()));
    }
    all.put(
        "revoked by the controller",
        JSON.readTree(
            maker
                .receipt(
                    new ConsentEvent(
                            0,
                            "evt-revoked",
                            ReceiptFixtures.AT,
                            ConsentEvent.Kind.CHOICE,
                            ReceiptFixtures.ADA,
                            IdentifierType.ACCOUNT_ID,
                            "ads",
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
                        .sealedAt(9, ConsentEvent.GENESIS))
                .toJson()));
    all.put(
        "given by a guardian",
        JSON.readTree(
            maker
                .receipt(
                    new ConsentEvent(
                            0,
                            "evt-guardian",
                            ReceiptFixtures.AT,
                            ConsentEvent.Kind.CHOICE,
                            ReceiptFixtures.ADA,
                            IdentifierType.EMAIL,
                            "newsletter",
                            "marketing",
                            null,
                            null,
                            ConsentStatus.CONSENT_GIVEN,
                            ConsentMethod.API,
                            ExpressedBy.GUARDIAN,
                            Jurisdiction.UK_GDPR,
                            null,
                            null,
                            true,
                            null,
                            null,
                            null,
                            ConsentEvent.GENESIS,
                            null)
                        .sealedAt(2, ConsentEvent.GENESIS))
                .toJson()));
    PrivacyPolicy hidden =
        PrivacyPolicy.from(ReceiptFixtures.policy())
            .controller(Controller.withHiddenContact("Shop GmbH"))
            .build();
    all.put(
        "hidden contact",
        JSON.readTree(
            ConsentReceipts.builder(hidden)
                .signingKey(ReceiptFixtures.ED25519.getPrivate(), "k1")
                .build()
                .receipt(ReceiptFixtures.given())
                .toJson()));
    return all;
  }

  static Stream<String> receiptNames() throws IOException {
    if (receipts == null) {
      load();
    }
    return receipts.keySet().stream();
  }

  @Test
  void the_schema_is_the_receipts_schema_version() {
    assertThat(schemaNode.get("$id").asText()).isEqualTo(ConsentReceipts.SCHEMA_ID);
    assertThat(schemaNode.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schemaNode.at("/$defs/header/properties/schema_version/const").asText())
        .isEqualTo(ConsentReceipts.SCHEMA_ID);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("receiptNames")
  void every_receipt_lethe_writes_validates(String name) {
    // GIVEN a receipt Lethe wrote
    JsonNode receipt = receipts.get(name);

    // WHEN it is validated
    Set<ValidationMessage> messages = schema.validate(receipt);

    // THEN the schema accepts it
    assertThat(messages).as(name).isEmpty();
  }

  // ------------------------------------------------------------------ broken receipts fail

  static Stream<Arguments> brokenReceipts() {
    return Stream.of(
        broken(
            "no signature",
            "EdDSA given",
            "required",
            "",
            "'signature'",
            doc -> doc.remove("signature")),
        broken(
            "another schema version",
            "EdDSA given",
            "const",
            "/receipt/header/schema_version",
            ConsentReceipts.SCHEMA_ID,
            doc -> header(doc).put("schema_version", "urn:io-lethe:schema:consent-receipt:v2")),
        broken(
            "an unknown algorithm",
            "EdDSA given",
            "enum",
            "/signature/alg",
            "EdDSA",
            doc -> ((ObjectNode) doc.get("signature")).put("alg", "HS256")),
        broken(
            "a padded signature",
            "EdDSA given",
            "pattern",
            "/signature/value",
            "pattern",
            doc -> ((ObjectNode) doc.get("signature")).put("value", "AAAA==")),
        broken(
            "a record hash that is no SHA-256",
            "EdDSA given",
            "pattern",
            "/receipt/header/record_hash",
            "pattern",
            doc -> header(doc).put("record_hash", "ab")),
        broken(
            "a sequence of zero",
            "EdDSA given",
            "minimum",
            "/receipt/header/record_sequence",
            "1",
            doc -> header(doc).put("record_sequence", 0)),
        broken(
            "a timestamp with an offset",
            "EdDSA given",
            "pattern",
            "/receipt/header/record_timestamp",
            "pattern",
            doc -> header(doc).put("record_timestamp", "2026-03-01T11:15:30+01:00")),
        broken(
            "a property receipts do not have",
            "EdDSA given",
            "additionalProperties",
            "/receipt/events/0",
            "'ip_address'",
            doc -> event(doc).put("ip_address", "192.0.2.1")),
        broken(
            "the subject's identifier in place of its hash",
            "EdDSA given",
            "pattern",
            "/receipt/parties/1/pii_principal_id/keyed_hash",
            "pattern",
            doc ->
                ((ObjectNode) doc.at("/receipt/parties/1/pii_principal_id"))
                    .put("keyed_hash", ReceiptFixtures.EMAIL)),
        broken(
            "a consent status DPV does not have",
            "EdDSA given",
            "enum",
            "/receipt/events/0/event_state/term",
            "ConsentGiven",
            doc -> ((ObjectNode) event(doc).get("event_state")).put("term", "ConsentAccepted")),
        broken(
            "a choice without its state",
            "EdDSA given",
            "required",
            "/receipt/events/0",
            "'event_state'",
            doc -> event(doc).remove("event_state")),
        broken(
            "a choice with two purposes",
            "EdDSA given",
            "maxItems",
            "/receipt/processing/purposes",
            "at most 1",
            doc ->
                ((ArrayNode) doc.at("/receipt/processing/purposes"))
                    .add(doc.at("/receipt/processing/purposes/0").deepCopy())),
        broken(
            "a signal without its signal",
            "EdDSA signal",
            "required",
            "/receipt/events/0",
            "'signal'",
            doc -> event(doc).remove("signal")),
        broken(
            "a signal with a purpose",
            "EdDSA signal",
            "maxItems",
            "/receipt/processing/purposes",
            "at most 0",
            doc ->
                ((ArrayNode) doc.at("/receipt/processing/purposes"))
                    .add(
                        receipts
                            .get("EdDSA given")
                            .at("/receipt/processing/purposes/0")
                            .deepCopy())),
        broken(
            "a gdpr IRI of another regulation",
            "EdDSA given",
            "pattern",
            "/receipt/processing/purposes/0/lawful_basis/gdpr_iri",
            "pattern",
            doc ->
                ((ObjectNode) doc.at("/receipt/processing/purposes/0/lawful_basis"))
                    .put("gdpr_iri", "https://w3id.org/dpv/legal/eu/gdpr#A9-2-a")),
        broken(
            "the subject first among the parties",
            "EdDSA given",
            "const",
            "/receipt/parties/0/party_id",
            "controller",
            doc ->
                ((ArrayNode) doc.at("/receipt/parties"))
                    .insert(0, doc.at("/receipt/parties/1").deepCopy())),
        broken(
            "two events",
            "EdDSA given",
            "maxItems",
            "/receipt/events",
            "at most 1",
            doc -> ((ArrayNode) doc.at("/receipt/events")).add(event(doc).deepCopy())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenReceipts")
  void the_schema_rejects_a_broken_receipt_where_it_breaks(
      String description,
      String original,
      String keyword,
      String location,
      String mention,
      Consumer<ObjectNode> breakIt) {
    // GIVEN a valid receipt, broken in one place
    ObjectNode receipt = receipts.get(original).deepCopy();
    assertThat(schema.validate(receipt)).as("before breaking it").isEmpty();
    breakIt.accept(receipt);

    // WHEN it is validated
    Set<ValidationMessage> messages = schema.validate(receipt);

    // THEN it fails with the expected keyword at that place
    assertThat(messages).as(description).isNotEmpty();
    assertThat(messages)
        .as(description + ": " + messages)
        .anySatisfy(
            m -> {
              assertThat(m.getType()).isEqualTo(keyword);
              assertThat(m.getInstanceLocation().toString()).isEqualTo(location);
              assertThat(m.getMessage()).contains(mention);
            });
  }

  private static Arguments broken(
      String description,
      String original,
      String keyword,
      String location,
      String mention,
      Consumer<ObjectNode> breakIt) {
    return Arguments.of(description, original, keyword, location, mention, breakIt);
  }

  private static ObjectNode header(ObjectNode receipt) {
    return (ObjectNode) receipt.at("/receipt/header");
  }

  private static ObjectNode event(ObjectNode receipt) {
    return (ObjectNode) receipt.at("/receipt/events/0");
  }

  // ------------------------------------------------------------------ the schema follows the code

  @Test
  void every_property_of_a_receipt_is_declared_at_its_place_and_every_declared_one_occurs() {
    // GIVEN the property paths the schema declares
    Set<String> declared = new TreeSet<>();
    schemaPaths(schemaNode, "$", declared);

    // WHEN every receipt of the scenario is walked along the schema
    Set<String> written = new TreeSet<>();
    List<String> undeclared = new ArrayList<>();
    receipts.forEach(
        (name, receipt) -> instancePaths(receipt, schemaNode, "$", written, undeclared, name));

    // THEN nothing is written that the schema does not declare where it is written, and the
    // scenario writes every property the schema declares
    assertThat(undeclared).isEmpty();
    assertThat(written).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void every_name_the_writer_writes_is_declared_and_every_declared_name_is_written()
      throws IOException {
    // GIVEN the literal names the body's writer writes, and those ConsentReceipt adds
    String source = Files.readString(WRITER, StandardCharsets.UTF_8);
    Set<String> written = new TreeSet<>(List.of("receipt", "signature", "value"));
    Matcher matcher =
        java.util.regex.Pattern.compile("\\.(?:put|set|putObject|putArray)\\(\\s*\"([a-z_]+)\"")
            .matcher(source);
    while (matcher.find()) {
      written.add(matcher.group(1));
    }
    matcher = java.util.regex.Pattern.compile("putIfPresent\\(\\w+, \"([a-z_]+)\"").matcher(source);
    while (matcher.find()) {
      written.add(matcher.group(1));
    }

    // WHEN the schema's property names are collected
    Set<String> declared = new TreeSet<>();
    declaredNames(schemaNode, declared);

    // THEN they are the same names
    assertThat(written).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void the_schemas_enums_follow_the_code() {
    assertThat(enumValues(schemaNode.at("/$defs/event/properties/event_state/properties/term")))
        .containsExactlyElementsOf(
            Arrays.stream(ConsentStatus.values()).map(ConsentStatus::dpvTerm).toList());
    assertThat(enumValues(schemaNode.at("/$defs/event/properties/method")))
        .containsExactlyElementsOf(names(ConsentMethod.values()));
    assertThat(enumValues(schemaNode.at("/$defs/event/properties/expressed_by")))
        .containsExactlyElementsOf(names(ExpressedBy.values()));
    assertThat(enumValues(schemaNode.at("/$defs/event/properties/jurisdiction")))
        .containsExactlyElementsOf(names(Jurisdiction.values()));
    assertThat(enumValues(schemaNode.at("/$defs/recipientParty/properties/recipient_role")))
        .containsExactlyElementsOf(names(RecipientRole.values()));
    assertThat(
            enumValues(
                schemaNode.at("/$defs/recipientParty/properties/party_role/properties/term")))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(RecipientRole.values()).map(Dpv::recipientRole).distinct().toList());
    assertThat(enumValues(schemaNode.at("/$defs/purpose/properties/lawful_basis/properties/term")))
        .containsExactlyElementsOf(
            Arrays.stream(LawfulBasis.values()).map(LawfulBasis::dpvTerm).toList());
    assertThat(
            enumValues(schemaNode.at("/$defs/purpose/properties/lawful_basis/properties/article")))
        .containsExactlyElementsOf(
            Arrays.stream(LawfulBasis.values()).map(LawfulBasis::article).toList());
    assertThat(enumValues(schemaNode.at("/$defs/algorithm")))
        .containsExactlyElementsOf(
            Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::joseName).toList());
  }

  // ------------------------------------------------------------------ walking schema and receipts

  private static void declaredNames(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              entry -> {
                if (entry.getKey().equals("properties") && entry.getValue().isObject()) {
                  entry.getValue().fieldNames().forEachRemaining(out::add);
                }
                declaredNames(entry.getValue(), out);
              });
    } else if (node.isArray()) {
      node.forEach(element -> declaredNames(element, out));
    }
  }

  /**
   * Every property path the schema declares, lists as {@code []}; only the properties of an
   * object's own schema (after {@code $ref}) count, not those that {@code if}/{@code then} or a
   * sibling of {@code $ref} restrict.
   */
  private static void schemaPaths(JsonNode declared, String path, Set<String> out) {
    JsonNode node = resolve(declared);
    node.path("properties")
        .properties()
        .forEach(
            p -> {
              out.add(path + "." + p.getKey());
              schemaPaths(p.getValue(), path + "." + p.getKey(), out);
            });
    node.path("prefixItems").forEach(item -> schemaPaths(item, path + "[]", out));
    if (node.has("items")) {
      schemaPaths(node.get("items"), path + "[]", out);
    }
  }

  private static void instancePaths(
      JsonNode value,
      JsonNode declared,
      String path,
      Set<String> out,
      List<String> undeclared,
      String receipt) {
    JsonNode node = resolve(declared);
    if (value.isObject()) {
      JsonNode properties = node.path("properties");
      for (Map.Entry<String, JsonNode> p : value.properties()) {
        if (properties.has(p.getKey())) {
          out.add(path + "." + p.getKey());
          instancePaths(
              p.getValue(),
              properties.get(p.getKey()),
              path + "." + p.getKey(),
              out,
              undeclared,
              receipt);
        } else {
          undeclared.add(receipt + ": " + path + "." + p.getKey());
        }
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        JsonNode item =
            i < node.path("prefixItems").size()
                ? node.get("prefixItems").get(i)
                : node.path("items");
        instancePaths(value.get(i), item, path + "[]", out, undeclared, receipt);
      }
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/$defs/");
      current = schemaNode.path("$defs").path(ref.substring("#/$defs/".length()));
      assertThat(current.isMissingNode()).as(ref).isFalse();
    }
    return current;
  }

  private static List<String> enumValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }
}
