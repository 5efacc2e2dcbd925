package io.lethe.core.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import io.lethe.core.internal.StrictTree;
import io.lethe.testsupport.ShippedSchemas;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges one policy text three ways, independently: Lethe's reader ({@link PolicyFiles#parse}), the
 * shipped JSON Schema (networknt, draft 2020-12, formats asserted) and the model's own validation
 * ({@link PolicyValidation}) of the document bound without the reader's checks. The rule under
 * test: the reader accepts a text if and only if the schema and the model both accept it.
 *
 * <p>The schema sees the document as a plain JSON value. A YAML text that is no plain value (a
 * syntax error, an alias, an anchor, a tag, a duplicate key, an unpaired surrogate, text over the
 * size or depth limits) has nothing the schema could validate: it counts as schema-invalid, which
 * is what the file format documents. YAML scalars are typed by the YAML 1.2 core schema (only
 * {@code true}/{@code false} are booleans, numbers as in JSON), as editors with a YAML language
 * server type them.
 */
final class PolicyJudge {

  /** What happened to one text. */
  record Verdict(
      String text,
      PolicyFormat format,
      PrivacyPolicy read,
      InvalidPolicyException refused,
      long readNanos,
      boolean plain,
      Set<ValidationMessage> schemaMessages,
      String modelProblem) {

    boolean readerAccepts() {
      return read != null;
    }

    boolean schemaAccepts() {
      return plain && schemaMessages.isEmpty();
    }

    boolean modelAccepts() {
      return modelProblem == null;
    }

    /** {@return why the three disagree, or null if they agree} */
    String disagreement() {
      boolean expected = schemaAccepts() && modelAccepts();
      if (readerAccepts() == expected) {
        return null;
      }
      return "reader "
          + (readerAccepts() ? "accepts" : "refuses: " + refused.violations())
          + "; schema "
          + (!plain
              ? "sees no plain document"
              : schemaMessages.isEmpty() ? "accepts" : "refuses: " + schemaMessages)
          + "; model "
          + (plain && schemaMessages.isEmpty()
              ? (modelProblem == null ? "accepts" : "refuses: " + modelProblem)
              : "not asked");
    }
  }

  static final String SCHEMA = "io/lethe/core/policy/lethe-policy.schema.json";

  private static final JsonSchema JSON_SCHEMA = loadSchema();
  private static final StrictTree.Wording WORDING =
      new StrictTree.Wording("empty", "not a mapping", "two documents");
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Binds a document as Jackson would without Lethe's checks: the model's view alone. */
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addMixIn(PrivacyPolicy.class, PolicyJson.class)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private PolicyJudge() {}

  private static JsonSchema loadSchema() {
    return ShippedSchemas.load(SCHEMA);
  }

  static Verdict judge(String text, PolicyFormat format) {
    PrivacyPolicy read = null;
    InvalidPolicyException refused = null;
    long start = System.nanoTime();
    try {
      read = PolicyFiles.parse(text, format, "judged." + format.name().toLowerCase(Locale.ROOT));
    } catch (InvalidPolicyException e) {
      refused = e;
    }
    long readNanos = System.nanoTime() - start;
    JsonNode document = plainDocument(text, format);
    Set<ValidationMessage> messages = document == null ? Set.of() : JSON_SCHEMA.validate(document);
    String model = null;
    if (document != null && messages.isEmpty()) {
      model = modelProblem(document);
    }
    return new Verdict(text, format, read, refused, readNanos, document != null, messages, model);
  }

  /** The document as a plain JSON value, or null if it is none. */
  private static JsonNode plainDocument(String text, PolicyFormat format) {
    if (format == PolicyFormat.JSON) {
      try {
        StrictTree tree = StrictTree.read(JSON.getFactory(), text, WORDING);
        return tree.problems().isEmpty() ? tree.root() : null;
      } catch (StrictTree.Stop e) {
        return null;
      }
    }
    try {
      StrictTree tree = StrictTree.read(YAML, text, WORDING);
      return tree.problems().isEmpty() ? tree.root() : null;
    } catch (StrictTree.Stop e) {
      return null;
    }
  }

  private static String modelProblem(JsonNode document) {
    PrivacyPolicy bound;
    try {
      bound = LENIENT.treeToValue(document, PrivacyPolicy.class);
    } catch (IOException | RuntimeException e) {
      return "cannot bind: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }
    List<PolicyViolation> violations;
    try {
      violations = PolicyValidation.validate(bound);
    } catch (RuntimeException e) {
      return "validation threw " + e;
    }
    return violations.isEmpty() ? null : violations.toString();
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
