package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.lethe.core.InvalidPolicyException;
import io.lethe.testsupport.ShippedSchemas;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the hand-written JSON Schema for policy files honest: everything Lethe writes validates,
 * wrong documents are rejected, and the schema declares exactly the model's properties.
 */
class PolicySchemaTest {

  static final String RESOURCE = "io/lethe/core/policy/lethe-policy.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  /** Value types written as one string, and the {@code $defs} entries that describe them. */
  private static final Map<Class<?>, Set<String>> VALUE_TYPES =
      Map.of(
          CategoryKey.class, Set.of("categoryKey"),
          Anchor.class, Set.of("anchor"),
          IdentifierType.class, Set.of("identifierType"),
          Location.class, Set.of("location"),
          FieldStrategy.class, Set.of("fieldStrategy"),
          RetentionPeriod.class, Set.of("retentionPeriod", "finiteRetentionPeriod"),
          Period.class, Set.of("period"),
          Duration.class, Set.of("duration"),
          LocalDate.class, Set.of("date"),
          ZoneId.class, Set.of("timeZone"));

  /** Properties the schema requires beyond the Jakarta constraints, for a cross-check's sake. */
  private static final Set<String> REQUIRED_BY_CROSS_CHECKS = Set.of("retention[].categories");

  private static JsonNode schemaNode;
  private static JsonSchema schema;
  private static PrivacyPolicy rich;

  @BeforeAll
  static void load() throws IOException {
    schemaNode = ShippedSchemas.read(RESOURCE);
    schema = ShippedSchemas.compile(schemaNode);
    rich = richPolicy();
  }

  private static PrivacyPolicy hiddenContact(PrivacyPolicy policy) {
    return PrivacyPolicy.from(policy).controller(Controller.withHiddenContact("Acme GmbH")).build();
  }

  /**
   * A policy that sets every property of every part of the model at least once, but for the
   * controller's {@code contactHidden}, which excludes its contact.
   */
  static PrivacyPolicy richPolicy() {
    return PrivacyPolicy.builder("acme-shop")
        .controller(
            new Controller(
                "Acme GmbH",
                "privacy@acme.example",
                "https://acme.example",
                "Acme EU Representative Ltd, Dublin",
                "dpo@acme.example"))
        .version("2.1")
        .effective(LocalDate.of(2025, 3, 1))
        .timeZone(ZoneId.of("Europe/Berlin"))
        .minimumAge(16)
        .changeNotice(Period.ofDays(30))
        .sellsPersonalData(true)
        .sharesForCrossContextAdvertising(true)
        .category(
            DataCategory.of("user.contact.fax", "Fax number")
                .describedAs("A fax number given for invoices")
                .withDpvTerm("FaxNumber"))
        .category(
            new DataCategory(
                CategoryKey.of("user.health_and_medical.allergies"),
                "Food allergies",
                "Allergies a customer tells us about",
                null,
                true,
                false))
        .category(DataCategory.anonymized("aggregate.sales", "Sales statistics"))
        .notCollected("user.biometric", "user.criminal_history")
        .subject(
            SubjectType.of(
                    "customer",
                    SubjectKind.CUSTOMER,
                    IdentifierType.ACCOUNT_ID,
                    IdentifierType.EMAIL,
                    IdentifierType.of("loyalty_card"))
                .describedAs("Registered buyers"))
        .subject(SubjectType.of("guest", SubjectKind.ANONYMOUS, IdentifierType.TRACKING_ID))
        .subject(SubjectType.of("visitor", SubjectKind.VISITOR))
        .subject(SubjectType.of("recipient", SubjectKind.THIRD_PARTY, IdentifierType.PHONE))
        .subject(SubjectType.of("staff", SubjectKind.EMPLOYEE, IdentifierType.WALLET_ADDRESS))
        .purpose(
            Purpose.builder("orders")
                .name("Process orders")
                .basis(LawfulBasis.CONTRACT)
                .categories(
                    "user.name",
                    "user.contact.email",
                    "user.contact.address",
                    "user.contact.fax",
                    "user.financial.transaction")
                .subjects("customer", "guest")
                .note("and for related services")
                .build())
        .purpose(
            Purpose.builder("newsletter")
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .notice("marketing")
                .categories("user.contact.email")
                .subjects("customer")
                .directMarketing(true)
                .objectionRoute("the unsubscribe link in every newsletter")
                .build())
        .purpose(
            Purpose.builder("fraud-prevention")
                .name("Prevent fraud")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("protecting the shop and its customers against fraud")
                .objectionRoute("privacy@acme.example")
                .categories("user.device.ip_address")
                .build())
        .purpose(
            Purpose.builder("allergy-warnings")
                .name("Warn about allergens")
                .basis(LawfulBasis.CONSENT)
                .notice("health")
                .specialCategoryCondition(Art9Condition.EXPLICIT_CONSENT)
                .categories("user.health_and_medical.allergies")
                .build())
        .purpose(
            Purpose.builder("bookkeeping")
                .name("Keep the books")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial.transaction")
                .build())
        .purpose(
            Purpose.builder("analytics")
                .name("Measure use of the shop")
                .basis(LawfulBasis.CONSENT)
                .notice("marketing")
                .categories("user.behavior.usage", "user.device", "user.demographic")
                .build())
        .purpose(
            Purpose.builder("personalised-ads")
                .name("Show personalised advertising")
                .basis(LawfulBasis.CONSENT)
                .notice("marketing")
                .categories("user.device.ip_address")
                .optOuts(OptOut.SALE, OptOut.SHARING, OptOut.TARGETED_ADVERTISING)
                .consentRefresh(Period.ofMonths(24))
                .build())
        .recipient(
            Recipient.builder("mail-provider")
                .name("Mailer GmbH")
                .role(RecipientRole.PROCESSOR)
                .categories("user.contact.email", "user.name")
                .purposes("newsletter", "orders")
                .location("DE")
                .dpa(DpaStatus.IN_PLACE)
                .note("and other service providers")
                .build())
        .recipient(
            Recipient.builder("payments")
                .name("PayCo Inc.")
                .role(RecipientRole.INDEPENDENT_CONTROLLER)
                .categories("user.financial.transaction")
                .purposes("orders")
                .location("US")
                .safeguards(TransferSafeguard.ADEQUACY_DECISION)
                .dpa(DpaStatus.NONE)
                .build())
        .recipient(
            Recipient.builder("ad-network")
                .name("AdCo Inc.")
                .role(RecipientRole.INDEPENDENT_CONTROLLER)
                .categories("user.device.ip_address")
                .location("US")
                .safeguards(TransferSafeguard.ADEQUACY_DECISION)
                .sale(true)
                .sharing(true)
                .build())
        .recipient(
            Recipient.builder("cdn")
                .name("a content delivery network")
                .role(RecipientRole.SUB_PROCESSOR)
                .categories("user.device.ip_address")
                .location("WORLDWIDE")
                .safeguards(
                    TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES,
                    TransferSafeguard.BINDING_CORPORATE_RULES)
                .build())
        .recipient(
            Recipient.builder("tax-office")
                .name("Tax authorities")
                .role(RecipientRole.PUBLIC_AUTHORITY)
                .purposes("bookkeeping")
                .location("EEA")
                .build())
        .recipient(
            Recipient.builder("partner")
                .name("Partner shops")
                .role(RecipientRole.JOINT_CONTROLLER)
                .location("OUTSIDE_EEA")
                .safeguards(
                    TransferSafeguard.CODE_OF_CONDUCT,
                    TransferSafeguard.CERTIFICATION,
                    TransferSafeguard.EXPLICIT_CONSENT,
                    TransferSafeguard.CONTRACT_NECESSITY)
                .build())
        .rule(
            RetentionRule.builder("transactions")
                .categories("user.financial.transaction")
                .anchoredOn("order.completed")
                .minimum("P10Y")
                .maximum("P11Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("§ 147 AO, § 257 HGB")
                .note("until the end of the statutory period")
                .build())
        .rule(
            RetentionRule.builder("contact")
                .categories("user.contact")
                .anchor(Anchor.ACCOUNT_CLOSED)
                .maximum("P30D")
                .build())
        .rule(
            RetentionRule.builder("devices")
                .categories("user.device")
                .anchor(Anchor.COLLECTED)
                .maximum("PT72H")
                .anonymize("user.device.ip_address", FieldStrategy.parse("generalize:ip/24"))
                .anonymize("user.device.user_agent", FieldStrategy.of(FieldStrategy.Kind.REDACT))
                .anonymize("user.device.device_id", FieldStrategy.of(FieldStrategy.Kind.HASH))
                .anonymize("user.device.cookie_id", FieldStrategy.of(FieldStrategy.Kind.NULL))
                .anonymize("user.device.fingerprint", FieldStrategy.parse("replace:removed"))
                .build())
        .rule(
            RetentionRule.builder("demographics")
                .categories("user.demographic")
                .maximum("P1Y")
                .anonymize(
                    "user.demographic.date_of_birth",
                    FieldStrategy.of(FieldStrategy.Kind.GENERALIZE))
                .build())
        .rule(
            RetentionRule.builder("usage")
                .categories("user.behavior.usage")
                .anchor(Anchor.LAST_ACTIVITY)
                .maximum("P12M")
                .aggregateWith("usageAggregator")
                .build())
        .rule(
            RetentionRule.builder("sales-statistics")
                .categories("aggregate.sales")
                .maximum("indefinite")
                .build())
        .rule(
            RetentionRule.builder("support")
                .categories("user.communication")
                .criteria("as long as the support case is open")
                .build())
        .rule(
            RetentionRule.builder("allergies")
                .categories("user.health_and_medical.allergies")
                .anchor(Anchor.DELETION_REQUESTED)
                .maximum(RetentionPeriod.NONE)
                .action(ExpiryAction.DELETE)
                .build())
        .rule(
            RetentionRule.builder("codes")
                .categories("user.authorization.credentials")
                .anchor(Anchor.DELIVERED)
                .maximum(RetentionPeriod.days(1))
                .build())
        .rights(
            RightsProfile.of(
                    Jurisdiction.GDPR,
                    DataSubjectRight.of(DataSubjectRight.Family.GDPR)
                        .toArray(DataSubjectRight[]::new))
                .promising(Period.ofDays(30), Period.ofMonths(2))
                .contactAt("privacy@acme.example")
                .withConsentAge(14)
                .withConsentRefresh(Period.ofMonths(12))
                .withNote("we answer within 30 days"))
        .rights(
            RightsProfile.of(
                Jurisdiction.UK_GDPR, DataSubjectRight.ACCESS, DataSubjectRight.ERASURE))
        .rights(
            RightsProfile.of(
                    Jurisdiction.CCPA,
                    DataSubjectRight.of(DataSubjectRight.Family.CCPA)
                        .toArray(DataSubjectRight[]::new))
                .promising(Period.ofDays(45), Period.ofDays(45)))
        .rights(
            RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS, DataSubjectRight.KNOW))
        .notice(
            new ConsentNotice(
                "marketing",
                "3",
                List.of("newsletter", "analytics", "personalised-ads"),
                LocalDate.of(2025, 1, 15),
                NoticeChange.MATERIAL,
                "https://acme.example/consent/marketing-v3",
                List.of(
                    new NoticeVersion(
                        "1",
                        LocalDate.of(2023, 5, 1),
                        null,
                        "https://acme.example/consent/marketing-v1"),
                    new NoticeVersion(
                        "2",
                        LocalDate.of(2024, 2, 1),
                        NoticeChange.EDITORIAL,
                        "https://acme.example/consent/marketing-v2"))))
        .notice(ConsentNotice.of("health", "1", "allergy-warnings"))
        .cookie(Cookie.firstParty("session", CookieClass.STRICTLY_NECESSARY))
        .cookie(
            new Cookie(
                "lang",
                CookieClass.FUNCTIONAL,
                "first-party",
                null,
                Duration.ofDays(365),
                "marketing",
                null))
        .cookie(
            new Cookie(
                "_pk_id",
                CookieClass.ANALYTICS,
                "Matomo (self-hosted)",
                "analytics",
                Duration.ofDays(395),
                "marketing",
                "for about 13 months"))
        .cookie(
            new Cookie(
                "ad_pixel",
                CookieClass.MARKETING,
                "AdNetwork Inc.",
                "newsletter",
                Duration.ofHours(36),
                "marketing",
                null))
        .breach(
            new BreachNotification(
                Duration.ofHours(48),
                true,
                Duration.ofHours(96),
                "email",
                "we tell subjects by email"))
        .note("We do not use automated decision-making.")
        .note("Children under 16 may not use the shop.")
        .build();
  }

  // ------------------------------------------------------------------ what Lethe writes is valid

  @Test
  void the_schema_is_a_valid_draft_2020_12_schema() {
    JsonSchema meta =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(schemaNode)).isEmpty();
    assertThat(schemaNode.path("$id").asText()).isEqualTo("urn:io-lethe:schema:policy:v1");
    assertThat(schemaNode.path("title").asText()).isNotBlank();
  }

  @Test
  void a_rich_policy_written_as_json_validates() throws IOException {
    String json = PolicyFiles.toJson(rich);

    assertThat(schema.validate(JSON.readTree(json))).isEmpty();
    assertThat(PolicyFiles.parse(json, PolicyFormat.JSON, "rich.json")).isEqualTo(rich);
  }

  @Test
  void a_rich_policy_written_as_yaml_validates() throws IOException {
    String yaml = PolicyFiles.toYaml(rich);

    assertThat(schema.validate(YAML.readTree(yaml))).isEmpty();
    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, "rich.yaml")).isEqualTo(rich);
  }

  @Test
  void a_policy_whose_notice_hides_its_contact_validates_and_round_trips() throws IOException {
    PrivacyPolicy hidden = hiddenContact(rich);
    String yaml = PolicyFiles.toYaml(hidden);

    assertThat(yaml).contains("contactHidden: true");
    assertThat(schema.validate(YAML.readTree(yaml))).isEmpty();
    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, "hidden.yaml")).isEqualTo(hidden);
  }

  @Test
  void the_rich_policy_sets_every_property_the_schema_declares() throws IOException {
    Set<String> written = new TreeSet<>();
    instancePaths(JSON.readTree(PolicyFiles.toJson(rich)), "", written);
    // a controller states its contact or says the notice hides it, never both
    instancePaths(JSON.readTree(PolicyFiles.toJson(hiddenContact(rich))), "", written);
    Set<String> declared = new TreeSet<>();
    schemaPaths(schemaNode, "", declared);

    assertThat(declared).isNotEmpty();
    assertThat(written).containsAll(declared);
  }

  // ------------------------------------------------------------------ wrong documents are rejected

  static Stream<Arguments> wrong_documents() {
    return Stream.of(
        wrong(
            "unknown top-level property",
            "additionalProperties",
            "colour",
            root -> root.put("colour", "blue")),
        wrong(
            "unknown property in a cookie",
            "additionalProperties",
            "maxAge",
            root -> element(root, "cookies", 0).put("maxAge", "P1D")),
        wrong(
            "misspelt lawful basis",
            "enum",
            "/purposes/0/basis",
            root -> element(root, "purposes", 0).put("basis", "legitimate_interest")),
        wrong(
            "unknown jurisdiction",
            "enum",
            "/rights/0/jurisdiction",
            root -> element(root, "rights", 0).put("jurisdiction", "eu")),
        wrong(
            "retention period in words",
            "pattern",
            "/retention/0/maximum",
            root -> element(root, "retention", 0).put("maximum", "90 days")),
        wrong(
            "negative deadline",
            "pattern",
            "/rights/0/deadline",
            root -> element(root, "rights", 0).put("deadline", "P-30D")),
        wrong(
            "breach deadline in words",
            "pattern",
            "/breach/authorityWithin",
            root -> ((ObjectNode) root.get("breach")).put("authorityWithin", "72 hours")),
        wrong(
            "upper-case category key",
            "pattern",
            "/notCollected/0",
            root -> ((ArrayNode) root.get("notCollected")).set(0, "User.Biometric")),
        wrong("missing id", "required", "id", root -> root.remove("id")),
        wrong(
            "controller without contact",
            "required",
            "contact",
            root -> ((ObjectNode) root.get("controller")).remove("contact")),
        wrong(
            "consent without a notice",
            "required",
            "notice",
            root -> element(root, "purposes", 1).remove("notice")),
        wrong(
            "minimum without a basis",
            "dependentRequired",
            "basis",
            root -> element(root, "retention", 0).remove("basis")),
        wrong(
            "indefinite minimum",
            "pattern",
            "/retention/0/minimum",
            root -> element(root, "retention", 0).put("minimum", "indefinite")),
        wrong(
            "CCPA right under the GDPR",
            "enum",
            "/rights/0/rights/0",
            root -> ((ArrayNode) element(root, "rights", 0).get("rights")).set(0, "know")),
        wrong(
            "transfer outside the EEA without safeguards",
            "required",
            "safeguards",
            root -> element(root, "recipients", 1).remove("safeguards")),
        wrong(
            "GDPR consent age of 17",
            "maximum",
            "/rights/0/consentAge",
            root -> element(root, "rights", 0).put("consentAge", 17)),
        wrong(
            "upper-case opt-out",
            "enum",
            "/purposes/6/optOuts/0",
            root -> ((ArrayNode) element(root, "purposes", 6).get("optOuts")).set(0, "SALE")),
        wrong(
            "opt-out listed twice",
            "uniqueItems",
            "/purposes/6/optOuts",
            root -> ((ArrayNode) element(root, "purposes", 6).get("optOuts")).set(1, "sale")),
        wrong(
            "consent refresh on a contract purpose",
            "const",
            "/purposes/0/basis",
            root -> element(root, "purposes", 0).put("consentRefresh", "P12M")),
        wrong(
            "earlier notice versions without a change",
            "required",
            "change",
            root -> element(root, "notices", 0).remove("change")),
        wrong(
            "upper-case notice change",
            "enum",
            "/notices/0/change",
            root -> element(root, "notices", 0).put("change", "MATERIAL")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrong_documents")
  void the_schema_rejects_what_the_model_rejects(
      String description, String keyword, String mention, Consumer<ObjectNode> change)
      throws IOException {
    ObjectNode document = (ObjectNode) JSON.readTree(PolicyFiles.toJson(rich));
    change.accept(document);

    Set<ValidationMessage> messages = schema.validate(document);

    assertThat(messages).as(description).isNotEmpty();
    assertThat(messages)
        .as(description + ": " + messages)
        .anySatisfy(
            m -> {
              assertThat(m.getType()).isEqualTo(keyword);
              assertThat(m.getInstanceLocation() + " " + m.getMessage()).contains(mention);
            });
    assertThatThrownBy(() -> PolicyFiles.parse(document.toString(), PolicyFormat.JSON, "wrong"))
        .as("Lethe itself rejects: " + description)
        .isInstanceOf(InvalidPolicyException.class);
  }

  private static Arguments wrong(
      String description, String keyword, String mention, Consumer<ObjectNode> change) {
    return Arguments.of(description, keyword, mention, change);
  }

  private static ObjectNode element(ObjectNode root, String list, int index) {
    return (ObjectNode) root.get(list).get(index);
  }

  // ------------------------------------------------------------------ the schema follows the model

  @Test
  void the_schema_declares_exactly_the_models_properties_in_the_models_order() {
    List<String> problems = new ArrayList<>();
    List<String> topLevel =
        List.of(PrivacyPolicy.class.getAnnotation(JsonPropertyOrder.class).value());

    compareObject("", schemaNode, PrivacyPolicy.class, topLevel, problems);

    assertThat(problems).isEmpty();
  }

  @Test
  void the_schema_requires_what_validation_requires() {
    List<String> problems = new ArrayList<>();

    compareRequired("", schemaNode, PrivacyPolicy.class, problems);

    assertThat(problems).isEmpty();
  }

  @Test
  void every_object_is_closed_and_every_property_described() {
    List<String> problems = new ArrayList<>();
    checkObjects("$", schemaNode, problems);
    schemaNode
        .path("$defs")
        .properties()
        .forEach(def -> checkObjects("$defs." + def.getKey(), def.getValue(), problems));

    assertThat(problems).isEmpty();
  }

  @Test
  void the_conditions_use_only_declared_properties() {
    List<String> problems = new ArrayList<>();
    schemaNode
        .path("$defs")
        .properties()
        .forEach(
            def -> {
              JsonNode object = def.getValue();
              if (object.has("properties")) {
                Set<String> declared = new LinkedHashSet<>(names(object.get("properties")));
                Set<String> mentioned = new LinkedHashSet<>();
                mentionedNames(object, true, mentioned);
                mentioned.removeAll(declared);
                if (!mentioned.isEmpty()) {
                  problems.add(def.getKey() + " mentions undeclared " + mentioned);
                }
              }
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void the_right_families_and_the_eea_list_follow_the_model() {
    assertThat(enumValues(def("gdprRight")))
        .containsExactlyInAnyOrderElementsOf(
            lowerCase(DataSubjectRight.of(DataSubjectRight.Family.GDPR)));
    assertThat(enumValues(def("ccpaRight")))
        .containsExactlyInAnyOrderElementsOf(
            lowerCase(DataSubjectRight.of(DataSubjectRight.Family.CCPA)));

    List<String> insideEea = enumValues(def("recipient").at("/if/properties/location/not"));
    assertThat(insideEea)
        .allSatisfy(code -> assertThat(Location.of(code).isInsideEea()).as(code).isTrue());
    Stream.concat(
            Stream.of("EEA", "EU", "OUTSIDE_EEA", "WORLDWIDE"),
            Arrays.stream(Locale.getISOCountries()))
        .filter(code -> Location.of(code).isInsideEea())
        .forEach(code -> assertThat(insideEea).as("EEA list").contains(code));
  }

  @Test
  void value_patterns_agree_with_the_models_parsers() {
    assertThat(def("key").path("pattern").asText()).isEqualTo("^" + PolicyKeys.REGEX + "$");
    assertThat(def("identifierType").path("pattern").asText())
        .isEqualTo("^" + PolicyKeys.REGEX + "$");
    for (String good : List.of("user", "user.contact.email", "aggregate.usage_analytics")) {
      assertThat(good).matches(def("categoryKey").path("pattern").asText());
    }
    for (String bad : List.of("User", "user..email", "user.", "1user", "user.Email")) {
      assertThat(bad).doesNotMatch(def("categoryKey").path("pattern").asText());
      assertThatThrownBy(() -> CategoryKey.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    for (String good :
        List.of(
            "P90D",
            "P12M",
            "P5Y",
            "P1Y6M",
            "P2W",
            "PT0S",
            "PT72H",
            "P1DT12H",
            "PT0.5S",
            "indefinite")) {
      assertThat(good).matches(def("retentionPeriod").path("pattern").asText());
      assertThat(RetentionPeriod.parse(good)).hasToString(good);
    }
    for (String bad : List.of("P", "PT", "P1YT2H", "90 days", "P-1D", "infinite", "P1.5Y")) {
      assertThat(
              java.util.regex.Pattern.compile(def("retentionPeriod").path("pattern").asText())
                  .matcher(bad)
                  .find())
          .as(bad)
          .isFalse();
    }
  }

  // ------------------------------------------------------------------ walking model and schema

  private static void compareObject(
      String path, JsonNode object, Class<?> type, List<String> modelNames, List<String> problems) {
    List<String> schemaNames = names(object.path("properties"));
    if (!schemaNames.equals(modelNames)) {
      problems.add(where(path) + ": the model has " + modelNames + ", the schema " + schemaNames);
    }
    if (!"object".equals(object.path("type").asText())) {
      problems.add(where(path) + ": not declared as an object");
    }
    for (String name : modelNames) {
      JsonNode property = object.path("properties").get(name);
      if (property != null) {
        compareValue(child(path, name), property, propertyType(type, name), problems);
      }
    }
  }

  private static void compareValue(
      String path, JsonNode declared, Type type, List<String> problems) {
    JsonNode node = resolve(declared);
    Class<?> raw = raw(type);
    if (List.class.isAssignableFrom(raw)) {
      expectType(path, node, "array", problems);
      compareValue(path + "[]", node.path("items"), argument(type, 0), problems);
    } else if (Map.class.isAssignableFrom(raw)) {
      expectType(path, node, "object", problems);
      compareValue(path + "{key}", node.path("propertyNames"), argument(type, 0), problems);
      compareValue(
          path + "{value}", node.path("additionalProperties"), argument(type, 1), problems);
    } else if (raw.isEnum()) {
      List<String> expected = lowerCase(Arrays.asList(raw.getEnumConstants()));
      if (!enumValues(node).equals(expected)) {
        problems.add(where(path) + ": enum " + enumValues(node) + ", the model has " + expected);
      }
    } else if (isObjectRecord(raw)) {
      List<String> components =
          Arrays.stream(raw.getRecordComponents()).map(RecordComponent::getName).toList();
      compareObject(path, node, raw, components, problems);
    } else if (VALUE_TYPES.containsKey(raw)) {
      String ref = declared.path("$ref").asText();
      String defName = ref.substring(ref.lastIndexOf('/') + 1);
      if (!VALUE_TYPES.get(raw).contains(defName)) {
        problems.add(
            where(path)
                + ": "
                + raw.getSimpleName()
                + " should refer to one of "
                + VALUE_TYPES.get(raw)
                + ", not '"
                + ref
                + "'");
      }
      expectType(path, node, "string", problems);
    } else if (raw == String.class) {
      if (!isType(node, "string")) {
        problems.add(where(path) + ": a String in the model, not a string in the schema");
      }
    } else if (raw == boolean.class || raw == Boolean.class) {
      expectType(path, node, "boolean", problems);
    } else if (raw == int.class || raw == Integer.class) {
      expectType(path, node, "integer", problems);
    } else {
      problems.add(
          where(path)
              + ": the test does not know how "
              + raw.getName()
              + " is written; add it to VALUE_TYPES or the schema walk");
    }
  }

  private static void compareRequired(
      String path, JsonNode object, Class<?> type, List<String> problems) {
    Set<String> required = new TreeSet<>(enumValues(object.path("required")));
    Set<String> expected = new TreeSet<>();
    for (String name : names(object.path("properties"))) {
      if (mustBePresent(type, name) || REQUIRED_BY_CROSS_CHECKS.contains(child(path, name))) {
        expected.add(name);
      }
    }
    if (!required.equals(expected)) {
      problems.add(where(path) + ": requires " + required + ", validation requires " + expected);
    }
    for (String name : names(object.path("properties"))) {
      Type propertyType = propertyType(type, name);
      Class<?> raw = raw(propertyType);
      String childPath = child(path, name);
      JsonNode property = resolve(object.path("properties").get(name));
      if (List.class.isAssignableFrom(raw)) {
        raw = raw(argument(propertyType, 0));
        property = resolve(property.path("items"));
        childPath = childPath + "[]";
      }
      if (isObjectRecord(raw)) {
        compareRequired(childPath, property, raw, problems);
      }
      Pattern pattern = annotated(type, name).getAnnotation(Pattern.class);
      if (pattern != null
          && !property.path("pattern").asText().equals("^" + pattern.regexp() + "$")) {
        problems.add(
            where(childPath)
                + ": pattern "
                + property.path("pattern")
                + ", validation uses "
                + pattern.regexp());
      }
    }
  }

  private static boolean mustBePresent(Class<?> type, String name) {
    AnnotatedElement element = annotated(type, name);
    return element.isAnnotationPresent(NotNull.class)
        || element.isAnnotationPresent(NotBlank.class);
  }

  private static AnnotatedElement annotated(Class<?> type, String name) {
    try {
      return type.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(type.getSimpleName() + " has no field " + name, e);
    }
  }

  private static Type propertyType(Class<?> type, String name) {
    return ((java.lang.reflect.Field) annotated(type, name)).getGenericType();
  }

  private static void checkObjects(String path, JsonNode node, List<String> problems) {
    if (node.has("properties")) {
      if (!node.path("additionalProperties").isBoolean()
          || node.path("additionalProperties").asBoolean()) {
        problems.add(path + ": additionalProperties must be false");
      }
      node.get("properties")
          .properties()
          .forEach(
              p -> {
                String description = p.getValue().path("description").asText();
                if (description.isBlank()) {
                  problems.add(path + "." + p.getKey() + ": no description");
                }
                JsonNode inline = p.getValue().path("items");
                if (inline.has("properties")) {
                  checkObjects(path + "." + p.getKey() + "[]", inline, problems);
                }
              });
    }
  }

  private static void mentionedNames(JsonNode node, boolean top, Set<String> out) {
    enumValues(node.path("required")).forEach(out::add);
    node.path("dependentRequired")
        .properties()
        .forEach(
            e -> {
              out.add(e.getKey());
              enumValues(e.getValue()).forEach(out::add);
            });
    if (!top) {
      out.addAll(names(node.path("properties")));
    }
    for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
      node.path(keyword).forEach(sub -> mentionedNames(sub, false, out));
    }
    for (String keyword : List.of("not", "if", "then", "else")) {
      if (node.has(keyword)) {
        mentionedNames(node.get(keyword), false, out);
      }
    }
  }

  /** Every property path the schema declares, lists written as {@code []}. */
  private static void schemaPaths(JsonNode declared, String path, Set<String> out) {
    JsonNode node = resolve(declared);
    if (node.has("properties")) {
      node.get("properties")
          .properties()
          .forEach(
              p -> {
                String child = child(path, p.getKey());
                out.add(child);
                schemaPaths(p.getValue(), child, out);
              });
    } else if (node.has("items")) {
      schemaPaths(node.get("items"), path + "[]", out);
    }
  }

  /** Every property path a document sets, lists written as {@code []}. */
  private static void instancePaths(JsonNode node, String path, Set<String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              p -> {
                String child = child(path, p.getKey());
                out.add(child);
                instancePaths(p.getValue(), child, out);
              });
    } else if (node.isArray()) {
      node.forEach(element -> instancePaths(element, path + "[]", out));
    }
  }

  private static void expectType(String path, JsonNode node, String type, List<String> problems) {
    if (!type.equals(node.path("type").asText())) {
      problems.add(
          where(path) + ": type '" + node.path("type").asText() + "', expected '" + type + "'");
    }
  }

  /** Whether a schema's {@code type} is the given one or a list of types containing it. */
  private static boolean isType(JsonNode node, String type) {
    JsonNode declared = node.path("type");
    if (declared.isArray()) {
      for (JsonNode each : declared) {
        if (each.asText().equals(type)) {
          return true;
        }
      }
      return false;
    }
    return declared.asText().equals(type);
  }

  private static boolean isObjectRecord(Class<?> raw) {
    return raw.isRecord()
        && Arrays.stream(raw.getMethods()).noneMatch(m -> m.isAnnotationPresent(JsonValue.class));
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/$defs/");
      current = schemaNode.path("$defs").path(ref.substring("#/$defs/".length()));
      assertThat(current.isMissingNode()).as("unresolved " + ref).isFalse();
    }
    return current;
  }

  private static JsonNode def(String name) {
    JsonNode node = schemaNode.path("$defs").path(name);
    assertThat(node.isMissingNode()).as("$defs." + name).isFalse();
    return node;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new AssertionError("unexpected type " + type);
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> enumValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.path("enum").forEach(v -> values.add(v.asText()));
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static List<String> lowerCase(java.util.Collection<?> values) {
    return values.stream().map(v -> ((Enum<?>) v).name().toLowerCase(Locale.ROOT)).toList();
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String where(String path) {
    return path.isEmpty() ? "(top level)" : path;
  }
}
