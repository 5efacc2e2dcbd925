package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.Location;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.ShippedSchemas;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the JSON Schema of the export document ({@link AccessExporter#JSON_SCHEMA_RESOURCE})
 * honest: every document the exporter writes validates, broken documents fail at the place they
 * break, and the schema declares exactly the properties the writer writes.
 */
class ExportSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SubjectRef ADA = SubjectRef.email("ada@example.com");

  /**
   * The package whose sources make up the writer, read by the drift guard; tests run in the
   * module's directory.
   */
  private static final Path WRITER = Path.of("src/main/java/io/lethe/dsar/export");

  private static JsonNode schemaNode;
  private static JsonSchema schema;

  /** Every JSON document of both kinds and all formats, by name, e.g. {@code access JSON}. */
  private static Map<String, JsonNode> documents;

  @BeforeAll
  static void load() throws IOException {
    schemaNode = ShippedSchemas.read(AccessExporter.JSON_SCHEMA_RESOURCE);
    schema = ShippedSchemas.compile(schemaNode);
    documents = exportEverything();
  }

  // ------------------------------------------------------------------ the scenario

  /**
   * The policy of {@link AccessExporterTest}, plus what it lacks for full coverage: a recipient
   * without a location, one inside the EEA, and a rule that gives criteria instead of a period.
   */
  static PrivacyPolicy policy() {
    return PrivacyPolicy.from(AccessExporterTest.policy())
        .recipient(
            Recipient.builder("helpdesk")
                .name("Helpdesk Ltd")
                .role(RecipientRole.SUB_PROCESSOR)
                .categories("user.contact.email")
                .purposes("accounts")
                .build())
        .recipient(
            Recipient.builder("bank")
                .name("Bank AG")
                .role(RecipientRole.INDEPENDENT_CONTROLLER)
                .categories("user.financial.transaction")
                .purposes("billing")
                .location("DE")
                .build())
        .rule(
            RetentionRule.builder("content")
                .categories("user.content")
                .criteria("as long as the profile is online")
                .build())
        .build();
  }

  /**
   * Four stores: Ada's account (text, boolean, Base64, a null, and a category the taxonomy does not
   * know), her orders (decimal and floating-point amounts, a date, two anchors, one with
   * milliseconds), her page views (not provided, so absent from portability), and a newsletter
   * store with nothing of hers; Bob's rows are there to be left out.
   */
  private static Map<String, JsonNode> exportEverything() throws IOException {
    DataSource dataSource = TestDatabases.h2("export-schema");
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            AccessExporterTest.HASHER,
            clock);
    Anchor delivered = Anchor.event("delivered");
    InMemoryStore accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .field("username", "user.account.username")
            .field("verified", "user.account.verified")
            .field("photo", "user.content.public")
            .field("pager", "user.contact.pager")
            .build();
    InMemoryStore orders =
        InMemoryStore.builder("orders")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("amount", "user.financial.transaction")
            .field("fee", "user.financial.transaction")
            .field("placed", "user.financial.transaction")
            .field("address", "user.contact.address")
            .anchor(delivered, "delivered")
            .build();
    InMemoryStore events =
        InMemoryStore.builder("events")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("page", "user.behavior.browsing_history")
            .build();
    InMemoryStore newsletter =
        InMemoryStore.builder("newsletter")
            .category("user.contact.email")
            .subject("email", IdentifierType.EMAIL)
            .field("address", "user.contact.email")
            .build();

    Map<String, Object> ada = new HashMap<>();
    ada.put("account_id", "a-1");
    ada.put("email", ADA.value());
    ada.put("username", "ada");
    ada.put("verified", true);
    ada.put("photo", new byte[] {1, 2, 3});
    ada.put("pager", null);
    ada.put("collected", AccessExporterTest.T0);
    accounts.insert(RecordKey.of(1L), ada);
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id",
            "b-2",
            "email",
            "bob@example.com",
            "username",
            "bob",
            "verified",
            false,
            "collected",
            AccessExporterTest.T0));
    orders.insert(
        RecordKey.of(10L),
        Map.of(
            "account_id",
            "a-1",
            "amount",
            new BigDecimal("42.50"),
            "fee",
            0.25,
            "placed",
            Date.from(AccessExporterTest.T0),
            "address",
            "1 Ada Street",
            "collected",
            AccessExporterTest.T0,
            "delivered",
            Instant.parse("2025-06-03T12:30:00.250Z")));
    orders.insert(
        RecordKey.of(11L),
        Map.of(
            "account_id",
            "a-1",
            "amount",
            7L,
            "address",
            "1 Ada Street",
            "collected",
            AccessExporterTest.T0));
    events.insert(
        RecordKey.of(20L),
        Map.of("account_id", "a-1", "page", "/ada-page", "collected", AccessExporterTest.T0));
    newsletter.insert(
        RecordKey.of(30L),
        Map.of(
            "email",
            "bob@example.com",
            "address",
            "bob@example.com",
            "collected",
            AccessExporterTest.T0));

    AccessExporter exporter =
        AccessExporter.builder(policy())
            .stores(accounts, orders, events, newsletter)
            .audit(audit)
            .clock(clock)
            .section(section())
            .build();
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (String kind : List.of("access", "portability")) {
      for (ExportFormat format : ExportFormat.values()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (kind.equals("access")) {
          exporter.export(ADA, out, format);
        } else {
          exporter.portability(ADA, out, format);
        }
        if (format == ExportFormat.JSON) {
          all.put(kind + " JSON", JSON.readTree(out.toByteArray()));
        } else {
          Map<String, String> entries = unzip(out.toByteArray());
          for (String name : List.of("export.json", "context.json")) {
            if (entries.containsKey(name)) {
              all.put(kind + " " + format + " " + name, JSON.readTree(entries.get(name)));
            }
          }
        }
      }
    }
    return all;
  }

  /**
   * A section as another module contributes one: values of every kind an entry may hold except
   * nested maps (which the schema allows but does not describe further).
   */
  private static ExportSection section() {
    return new ExportSection() {
      @Override
      public String name() {
        return "consent";
      }

      @Override
      public String description() {
        return "Consent history; the ledger keeps identifiers only as keyed hashes.";
      }

      @Override
      public List<String> columns() {
        return List.of("time", "purpose", "status");
      }

      @Override
      public List<Map<String, Object>> entries(Set<SubjectRef> identities) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", AccessExporterTest.T0);
        entry.put("purpose", "newsletter");
        entry.put("status", "dpv:ConsentGiven");
        entry.put("acknowledgesSignal", false);
        entry.put("noticeVersion", 3);
        entry.put("proof", null);
        entry.put("purposes", List.of("newsletter", "analytics"));
        return List.of(entry);
      }
    };
  }

  // ------------------------------------------------------------------ real exports validate

  static Stream<String> documentNames() {
    return Stream.of(
        "access JSON",
        "access ZIP export.json",
        "access ZIP context.json",
        "access CSV_ZIP context.json",
        "portability JSON",
        "portability ZIP export.json",
        "portability ZIP context.json",
        "portability CSV_ZIP context.json");
  }

  @Test
  void the_scenario_writes_every_json_document_there_is() {
    assertThat(documents.keySet()).containsExactlyInAnyOrderElementsOf(documentNames().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentNames")
  void every_document_the_exporter_writes_validates(String name) {
    // GIVEN a document the exporter wrote
    JsonNode document = documents.get(name);

    // WHEN it is validated
    Set<ValidationMessage> messages = schema.validate(document);

    // THEN the schema accepts it, and it is not trivially small
    assertThat(messages).as(name).isEmpty();
    assertThat(document.get("kind").asText()).isEqualTo(name.substring(0, name.indexOf(' ')));
    assertThat(document.get("categories").size()).isGreaterThanOrEqualTo(4);
    assertThat(document.at("/summary/stores").size()).isEqualTo(4);
    if (document.has("records")) {
      assertThat(document.get("records").size())
          .isEqualTo(document.at("/summary/records").asInt())
          .isGreaterThanOrEqualTo(3);
    } else {
      assertThat(document.get("files")).isNotEmpty();
    }
  }

  @Test
  void the_scenario_exercises_the_parts_of_the_schema_that_depend_on_the_data() {
    JsonNode access = documents.get("access JSON");
    JsonNode categories = access.get("categories");

    assertThat(categories.at("/user.contact.pager/name").isNull()).as("unknown category").isTrue();
    assertThat(categories.at("/user.contact.pager/retention").isNull()).isTrue();
    assertThat(categories.at("/user.content.public/retention/criteria").asText()).isNotBlank();
    assertThat(categories.at("/user.content.public/retention/maximum").isNull()).isTrue();
    assertThat(categories.at("/user.contact.email/recipients").findValues("location"))
        .anyMatch(JsonNode::isNull)
        .anyMatch(JsonNode::isTextual);
    assertThat(categories.at("/user.financial.transaction/recipients").findValues("outsideEea"))
        .anyMatch(v -> !v.asBoolean());
    assertThat(access.at("/records/0/fields/photo").asText()).isEqualTo("AQID");
    assertThat(access.at("/records/0/fields/pager").isNull()).isTrue();
    assertThat(access.at("/records/0/fields/verified").isBoolean()).isTrue();
    assertThat(access.at("/records/1/anchors/delivered").asText())
        .isEqualTo("2025-06-03T12:30:00.250Z");
    assertThat(access.at("/summary/stores/newsletter").isEmpty())
        .as("store without records")
        .isTrue();
    assertThat(documents.get("portability JSON").get("records"))
        .allSatisfy(r -> assertThat(r.has("anchors")).isFalse());
  }

  // ------------------------------------------------------------------ broken documents fail

  /** Broken documents: what is broken, in which document, the keyword, where, and a mention. */
  static Stream<Arguments> brokenDocuments() {
    return Stream.of(
        broken(
            "no schema identifier",
            "access JSON",
            "required",
            "",
            "'schema'",
            doc -> doc.remove("schema")),
        broken(
            "another schema identifier",
            "access JSON",
            "const",
            "/schema",
            "lethe-export/1",
            doc -> doc.put("schema", "lethe-export/2")),
        broken(
            "a kind that is neither access nor portability",
            "access JSON",
            "enum",
            "/kind",
            "[\"access\", \"portability\"]",
            doc -> doc.put("kind", "erasure")),
        broken(
            "a record without its store",
            "access JSON",
            "required",
            "/records/1",
            "'store'",
            doc -> record(doc, 1).remove("store")),
        broken(
            "a category context without purposes",
            "access JSON",
            "required",
            "/categories/user.contact.email",
            "'purposes'",
            doc -> context(doc, "user.contact.email").remove("purposes")),
        broken(
            "a record property the writer does not write",
            "access JSON",
            "additionalProperties",
            "/records/0",
            "'note'",
            doc -> record(doc, 0).put("note", "hello")),
        broken(
            "generatedAt with an offset instead of UTC",
            "access JSON",
            "pattern",
            "/generatedAt",
            "regex",
            doc -> doc.put("generatedAt", "2026-03-01T11:00:00+01:00")),
        broken(
            "generatedAt that is no date",
            "access JSON",
            "format",
            "/generatedAt",
            "date-time",
            doc -> doc.put("generatedAt", "2026-02-30T10:00:00Z")),
        broken(
            "an anchor as epoch milliseconds",
            "access JSON",
            "type",
            "/records/0/anchors/collected",
            "string expected",
            doc -> ((ObjectNode) record(doc, 0).get("anchors")).put("collected", 1748764800000L)),
        broken(
            "an access record without anchors",
            "access JSON",
            "required",
            "/records/0",
            "'anchors'",
            doc -> record(doc, 0).remove("anchors")),
        broken(
            "a portability record with anchors",
            "portability JSON",
            "false",
            "/records/0/anchors",
            "'anchors' is false",
            doc -> record(doc, 0).putObject("anchors").put("collected", "2025-06-01T08:00:00Z")),
        broken(
            "a portability record without fields",
            "portability JSON",
            "minProperties",
            "/records/0/fields",
            "at least 1",
            doc -> record(doc, 0).putObject("fields")),
        broken(
            "a field holding an object",
            "access JSON",
            "type",
            "/records/0/fields/username",
            "object found",
            doc -> ((ObjectNode) record(doc, 0).get("fields")).putObject("username")),
        broken(
            "both records and files",
            "access JSON",
            "oneOf",
            "",
            "one and only one",
            doc -> doc.putArray("files")),
        broken(
            "neither records nor files",
            "access JSON",
            "oneOf",
            "",
            "one and only one",
            doc -> doc.remove("records")),
        broken(
            "a lawful basis with another basis' article",
            "access JSON",
            "const",
            "/categories/user.contact.email/purposes/0/article",
            "Art. 6(1)(b)",
            doc -> purpose(doc, "user.contact.email").put("article", "Art. 6(1)(f)")),
        broken(
            "a recipient in the US said to stay inside the EEA",
            "access JSON",
            "const",
            "/categories/user.contact.email/recipients/0/outsideEea",
            "'true'",
            doc -> recipient(doc, "user.contact.email", "US").put("outsideEea", false)),
        broken(
            "a recipient without a location said to be outside the EEA",
            "access JSON",
            "const",
            "/categories/user.contact.email/recipients/1/outsideEea",
            "'false'",
            doc -> recipient(doc, "user.contact.email", null).put("outsideEea", true)),
        broken(
            "an unknown category with purposes",
            "access JSON",
            "maxItems",
            "/categories/user.contact.pager/purposes",
            "at most 0",
            doc ->
                ((ArrayNode) context(doc, "user.contact.pager").get("purposes"))
                    .add(purpose(doc, "user.contact.email").deepCopy())),
        broken(
            "a retention rule without an action",
            "access JSON",
            "required",
            "/categories/user.contact.email/retention",
            "'action'",
            doc ->
                ((ObjectNode) context(doc, "user.contact.email").get("retention"))
                    .remove("action")),
        broken(
            "another source",
            "access JSON",
            "const",
            "/categories/user.contact.email/source",
            AccessExporter.SOURCE,
            doc -> context(doc, "user.contact.email").put("source", "bought from a broker")),
        broken(
            "a count of zero",
            "access JSON",
            "minimum",
            "/summary/stores/orders/user.financial.transaction",
            "minimum value of 1",
            doc ->
                ((ObjectNode) doc.at("/summary/stores/orders"))
                    .put("user.financial.transaction", 0)),
        broken(
            "no identifiers",
            "access JSON",
            "minItems",
            "/subject/identifiers",
            "at least 1",
            doc -> ((ArrayNode) doc.at("/subject/identifiers")).removeAll()),
        broken(
            "a CSV entry outside csv/",
            "access ZIP context.json",
            "pattern",
            "/files/0",
            "regex",
            doc -> ((ArrayNode) doc.get("files")).set(0, "orders.csv")),
        broken(
            "a section without its description",
            "access JSON",
            "required",
            "/sections/consent",
            "'description'",
            doc -> ((ObjectNode) doc.at("/sections/consent")).remove("description")),
        broken(
            "a section with both entries and its file",
            "access ZIP export.json",
            "oneOf",
            "/sections/consent",
            "one and only one",
            doc -> ((ObjectNode) doc.at("/sections/consent")).put("file", "sections/consent.csv")),
        broken(
            "a section's file outside sections/",
            "access ZIP context.json",
            "pattern",
            "/sections/consent/file",
            "regex",
            doc -> ((ObjectNode) doc.at("/sections/consent")).put("file", "consent.csv")),
        broken(
            "a section in a portability export",
            "portability JSON",
            "false",
            "/sections",
            "'sections' is false",
            doc -> doc.putObject("sections")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDocuments")
  void the_schema_rejects_a_broken_document_where_it_breaks(
      String description,
      String original,
      String keyword,
      String location,
      String mention,
      Consumer<ObjectNode> breakIt) {
    // GIVEN a valid document, broken in one place
    ObjectNode document = documents.get(original).deepCopy();
    assertThat(schema.validate(document)).as("before breaking it").isEmpty();
    breakIt.accept(document);

    // WHEN it is validated
    Set<ValidationMessage> messages = schema.validate(document);

    // THEN it fails with the expected keyword at that place (a JSON pointer), and nowhere else
    assertThat(messages).as(description).isNotEmpty();
    assertThat(messages)
        .as(description + ": " + messages)
        .anySatisfy(
            m -> {
              assertThat(m.getType()).isEqualTo(keyword);
              assertThat(m.getInstanceLocation().toString()).isEqualTo(location);
              assertThat(m.getMessage()).contains(mention);
            })
        .allSatisfy(
            m ->
                assertThat(within(m.getInstanceLocation().toString(), location))
                    .as(m.getMessage())
                    .isTrue());
  }

  /** Whether a JSON pointer is the given one or points inside it. */
  private static boolean within(String pointer, String place) {
    return pointer.equals(place) || (!place.isEmpty() && pointer.startsWith(place + "/"));
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

  private static ObjectNode record(ObjectNode document, int index) {
    return (ObjectNode) document.get("records").get(index);
  }

  private static ObjectNode context(ObjectNode document, String category) {
    return (ObjectNode) document.get("categories").get(category);
  }

  private static ObjectNode purpose(ObjectNode document, String category) {
    return (ObjectNode) context(document, category).get("purposes").get(0);
  }

  private static ObjectNode recipient(ObjectNode document, String category, String location) {
    for (JsonNode recipient : document.get("categories").get(category).get("recipients")) {
      if (location == null
          ? recipient.get("location").isNull()
          : location.equals(recipient.get("location").asText())) {
        return (ObjectNode) recipient;
      }
    }
    throw new AssertionError("no recipient of " + category + " at " + location);
  }

  // ---------------------------------------------------------------- the schema follows the writer

  /**
   * The parts of the document each writer method writes, as the schema objects that declare them. A
   * property the writer writes under a literal name, in any method, must be declared by the schema
   * object of that method's part, so adding a field to the writer without the schema fails here
   * even if no scenario ever writes it.
   */
  private static final Map<String, List<String>> WRITER_PARTS =
      Map.of(
          "writeDocument",
              List.of(
                  "",
                  "/properties/subject",
                  "/$defs/identifier",
                  "/properties/policy",
                  "/properties/summary"),
          "writeRecord", List.of("/$defs/record"),
          "writeSection", List.of("/$defs/section"),
          "writeContext",
              List.of(
                  "/$defs/categoryContext",
                  "/$defs/purpose",
                  "/$defs/recipient",
                  "/$defs/retention"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("writerMethods")
  void each_writer_method_writes_exactly_the_properties_the_schema_declares_for_its_part(
      String method) throws IOException {
    // GIVEN the literal property names the method writes: json.write...Field("name"
    String source = writerSource();
    Set<String> written = writtenNames(body(source, method), source);
    assertThat(written).as(method + " in " + WRITER).isNotEmpty();

    // WHEN the schema objects of its part are read
    Set<String> declared = new TreeSet<>();
    for (String pointer : WRITER_PARTS.get(method)) {
      JsonNode object = schemaNode.at(pointer);
      assertThat(object.path("properties").isObject()).as(pointer).isTrue();
      assertThat(object.path("additionalProperties").asBoolean(true))
          .as(pointer + " closed")
          .isFalse();
      object.get("properties").fieldNames().forEachRemaining(declared::add);
    }

    // THEN they are the same names
    assertThat(written)
        .as("written by " + method + " vs. declared for its part")
        .containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void no_other_part_of_the_writer_writes_named_properties() throws IOException {
    String source = writerSource();
    Set<String> inParts = new TreeSet<>();
    for (String method : WRITER_PARTS.keySet()) {
      inParts.addAll(writtenNames(body(source, method), source));
    }
    Set<String> declared = new TreeSet<>();
    declaredNames(schemaNode, declared);

    assertThat(writtenNames(source, source)).containsExactlyInAnyOrderElementsOf(inParts);
    assertThat(declared)
        .as("every property the schema declares is written by some part")
        .containsExactlyInAnyOrderElementsOf(inParts);
  }

  /** {@return the sources of the writer's package, one after the other in name order} */
  private static String writerSource() throws IOException {
    StringBuilder source = new StringBuilder();
    try (Stream<Path> files = Files.list(WRITER)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        source.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
      }
    }
    return source.toString();
  }

  static Stream<String> writerMethods() {
    return WRITER_PARTS.keySet().stream().sorted();
  }

  /**
   * The property names written by literal in a piece of the writer's source: {@code
   * json.write...Field("name"}, or {@code json.writeFieldName(NAME)} with a constant {@code NAME =
   * new SerializedString("name")} declared in the whole source.
   */
  private static Set<String> writtenNames(String piece, String source) {
    Set<String> names = new TreeSet<>();
    Matcher matcher =
        java.util.regex.Pattern.compile("json\\.write\\w*Field\\w*\\(\\s*\"([^\"]+)\"")
            .matcher(piece);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    Map<String, String> constants = new java.util.HashMap<>();
    Matcher declared =
        java.util.regex.Pattern.compile(
                "([A-Z][A-Z_0-9]*) = new SerializedString\\(\"([^\"]+)\"\\)")
            .matcher(source);
    while (declared.find()) {
      constants.put(declared.group(1), declared.group(2));
    }
    Matcher byConstant =
        java.util.regex.Pattern.compile("json\\.writeFieldName\\(\\s*([A-Z][A-Z_0-9]*)\\s*\\)")
            .matcher(piece);
    while (byConstant.find()) {
      String name = constants.get(byConstant.group(1));
      assertThat(name).as("constant " + byConstant.group(1) + " in " + WRITER).isNotNull();
      names.add(name);
    }
    return names;
  }

  /** The body of a method of the writer's inner class: from its signature to its closing brace. */
  private static String body(String source, String method) {
    int start = source.indexOf(" void " + method + "(");
    assertThat(start).as(method + " in " + WRITER).isNotNegative();
    // the method ends at the first closing brace indented as far as its declaration
    int lineStart = source.lastIndexOf('\n', start) + 1;
    String indent = source.substring(lineStart, start).replaceAll("\\S.*", "");
    int end = source.indexOf("\n" + indent + "}\n", start);
    assertThat(end).as("end of " + method).isPositive();
    return source.substring(start, end);
  }

  @Test
  void every_property_of_a_real_export_is_declared_at_its_place_and_every_declared_one_occurs() {
    // GIVEN the property paths the schema declares, maps written as {}
    Set<String> declared = new TreeSet<>();
    schemaPaths(schemaNode, "$", declared);

    // WHEN every real document is walked along the schema
    Set<String> written = new TreeSet<>();
    List<String> undeclared = new ArrayList<>();
    documents.forEach(
        (name, document) -> instancePaths(document, schemaNode, "$", written, undeclared, name));

    // THEN nothing is written that the schema does not declare where it is written, and the
    // scenario writes every property the schema declares
    assertThat(undeclared).isEmpty();
    assertThat(written).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void the_schemas_constants_and_enums_follow_the_code() {
    assertThat(schemaNode.at("/properties/schema/const").asText()).isEqualTo(AccessExporter.SCHEMA);
    assertThat(schemaNode.at("/$defs/categoryContext/properties/source/const").asText())
        .isEqualTo(AccessExporter.SOURCE);
    assertThat(enumValues(def("lawfulBasis")))
        .containsExactlyElementsOf(names(LawfulBasis.values()));
    assertThat(enumValues(def("purpose").at("/properties/article")))
        .containsExactlyElementsOf(
            Arrays.stream(LawfulBasis.values()).map(LawfulBasis::article).toList());
    for (JsonNode pair : def("purpose").get("allOf")) {
      LawfulBasis basis =
          LawfulBasis.valueOf(
              pair.at("/if/properties/lawfulBasis/const").asText().toUpperCase(Locale.ROOT));
      assertThat(pair.at("/then/properties/article/const").asText())
          .as(basis.name())
          .isEqualTo(basis.article());
    }
    assertThat(def("purpose").get("allOf")).hasSize(LawfulBasis.values().length);
    assertThat(enumValues(def("recipient").at("/properties/role")))
        .containsExactlyElementsOf(names(RecipientRole.values()));
    assertThat(enumValues(def("recipient").at("/properties/safeguards/items")))
        .containsExactlyElementsOf(names(TransferSafeguard.values()));
    assertThat(enumValues(def("retention").at("/properties/action")))
        .containsExactlyElementsOf(names(ExpiryAction.values()));
    List<String> insideEea = enumValues(def("insideEea"));
    assertThat(insideEea)
        .allSatisfy(code -> assertThat(Location.of(code).isInsideEea()).as(code).isTrue());
    Stream.concat(
            Stream.of("EEA", "EU", "OUTSIDE_EEA", "WORLDWIDE"),
            Arrays.stream(Locale.getISOCountries()))
        .filter(code -> Location.of(code).isInsideEea())
        .forEach(code -> assertThat(insideEea).as("EEA list").contains(code));
  }

  @Test
  void the_instant_pattern_accepts_what_instant_writes_and_nothing_else() {
    String pattern = def("instant").get("pattern").asText();
    for (String instant :
        List.of(
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00.250Z",
            "2026-03-01T10:00:00.000001Z",
            "2026-03-01T10:00:00.000000001Z")) {
      assertThat(Instant.parse(instant).toString()).isEqualTo(instant);
      assertThat(instant).matches(pattern);
    }
    for (String other :
        List.of(
            "2026-03-01T10:00Z",
            "2026-03-01T10:00:00.25Z",
            "2026-03-01T10:00:00+01:00",
            "2026-03-01 10:00:00Z",
            "1772359200")) {
      assertThat(other).doesNotMatch(pattern);
    }
  }

  // ------------------------------------------------------------------ walking schema and documents

  /** Every name under a {@code properties} keyword anywhere in the schema. */
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

  /** Every property path the schema declares: lists as {@code []}, map values as {@code {}}. */
  private static void schemaPaths(JsonNode declared, String path, Set<String> out) {
    JsonNode node = resolve(declared);
    node.path("oneOf").forEach(branch -> schemaPaths(branch, path, out));
    node.path("properties")
        .properties()
        .forEach(
            p -> {
              out.add(path + "." + p.getKey());
              schemaPaths(p.getValue(), path + "." + p.getKey(), out);
            });
    if (node.path("additionalProperties").isObject()) {
      schemaPaths(node.get("additionalProperties"), path + "{}", out);
    }
    if (node.has("items")) {
      schemaPaths(node.get("items"), path + "[]", out);
    }
  }

  /** Walks a document along the schema, noting each property's path or that it is undeclared. */
  private static void instancePaths(
      JsonNode value,
      JsonNode declared,
      String path,
      Set<String> out,
      List<String> undeclared,
      String document) {
    JsonNode node = resolve(declared);
    if (value.isObject()) {
      for (JsonNode branch : node.path("oneOf")) {
        if (resolve(branch).has("properties")) {
          node = resolve(branch);
        }
      }
      JsonNode properties = node.path("properties");
      JsonNode others = node.path("additionalProperties");
      for (Map.Entry<String, JsonNode> p : value.properties()) {
        if (properties.has(p.getKey())) {
          out.add(path + "." + p.getKey());
          instancePaths(
              p.getValue(),
              properties.get(p.getKey()),
              path + "." + p.getKey(),
              out,
              undeclared,
              document);
        } else if (others.isObject()) {
          instancePaths(p.getValue(), others, path + "{}", out, undeclared, document);
        } else {
          undeclared.add(document + ": " + path + "." + p.getKey());
        }
      }
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        instancePaths(element, node.path("items"), path + "[]", out, undeclared, document);
      }
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/$defs/");
      current = def(ref.substring("#/$defs/".length()));
    }
    return current;
  }

  private static JsonNode def(String name) {
    JsonNode node = schemaNode.path("$defs").path(name);
    assertThat(node.isMissingNode()).as("$defs." + name).isFalse();
    return node;
  }

  private static List<String> enumValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The constants as policy files spell them, which the export uses too. */
  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
  }
}
