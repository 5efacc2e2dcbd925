package io.lethe.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads and writes policy files in YAML and JSON.
 *
 * <p>Reading never stops at the first problem: unknown properties, malformed values, missing fields
 * and broken cross-references are all collected and thrown together as one {@link
 * InvalidPolicyException} whose violations name the path and, for files, the line and column. A
 * syntax error (a YAML indentation slip, a missing JSON comma) ends reading at once, also with its
 * line and column. Writing then reading gives an equal policy.
 *
 * <p>Periods are ISO-8601 ({@code P90D}, {@code P12M}, {@code P5Y}, {@code PT72H}); enum values are
 * lower case ({@code legitimate_interests}).
 */
public final class PolicyFiles {

  private static final ObjectMapper YAML_MAPPER =
      configure(YAMLMapper.builder(YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build()))
          .build();

  private static final ObjectMapper JSON_MAPPER =
      configure(JsonMapper.builder()).enable(SerializationFeature.INDENT_OUTPUT).build();

  private PolicyFiles() {}

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .addModule(new JavaTimeModule())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        // Unknown properties are found by a walk over the tree (unknownProperties), which knows
        // their paths; records are built through creators, where Jackson's own report does not.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Reads a policy file; the format follows the extension ({@code .yaml}, {@code .yml}, {@code
   * .json}).
   *
   * @param file the file
   * @return the validated policy
   * @throws InvalidPolicyException listing every problem in the file
   * @throws PolicyFileException if the file cannot be read or its extension is unknown
   */
  public static PrivacyPolicy read(Path file) {
    PolicyFormat format = PolicyFormat.of(file).orElseThrow(
        () -> PolicyFileException.unknownFormat(file));
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw PolicyFileException.cannotRead(file, e);
    }
    return parse(text, format, String.valueOf(file.getFileName()));
  }

  /**
   * Reads a policy from a class-path resource, such as one shipped in a jar.
   *
   * @param name the resource name, such as {@code policies/vzgen.yaml}
   * @param loader the class loader to search
   * @return the validated policy
   * @throws InvalidPolicyException listing every problem in the resource
   * @throws PolicyFileException if there is no such resource
   */
  public static PrivacyPolicy readResource(String name, ClassLoader loader) {
    Path asPath = Path.of(name);
    PolicyFormat format = PolicyFormat.of(asPath).orElseThrow(
        () -> PolicyFileException.unknownFormat(asPath));
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw PolicyFileException.missingResource(name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), format, name);
    } catch (IOException e) {
      throw PolicyFileException.cannotRead(asPath, e);
    }
  }

  /**
   * Parses policy text.
   *
   * @param text the file's content
   * @param format its format
   * @param source a name for error messages, such as the file name
   * @return the validated policy
   * @throws InvalidPolicyException listing every problem in the text
   */
  public static PrivacyPolicy parse(String text, PolicyFormat format, String source) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(format, "format");
    ObjectMapper mapper = mapper(format);
    Map<String, JsonLocation> positions = positions(mapper, text, source);
    ProblemCollector problems = new ProblemCollector();
    problems.found.addAll(unknownProperties(mapper, text, positions));
    PrivacyPolicy candidate;
    try {
      candidate = mapper.readerFor(PrivacyPolicy.class).withHandler(problems).readValue(text);
    } catch (JsonMappingException e) {
      problems.add(path(e.getPath()), firstLine(e.getOriginalMessage()), e.getLocation());
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(problems.found));
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    }
    List<PolicyViolation> all = new ArrayList<>(problems.found);
    for (PolicyViolation violation : PolicyValidation.validate(candidate)) {
      if (!problems.covers(violation.path())) {
        all.add(positioned(violation, positions));
      }
    }
    if (!all.isEmpty()) {
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(all));
    }
    return candidate;
  }

  /**
   * Writes a policy to a file, in the format its extension names.
   *
   * @param policy the policy
   * @param file the target file; parent directories are created
   * @throws PolicyFileException if the file cannot be written or its extension is unknown
   */
  public static void write(PrivacyPolicy policy, Path file) {
    PolicyFormat format = PolicyFormat.of(file).orElseThrow(
        () -> PolicyFileException.unknownFormat(file));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, write(policy, format), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw PolicyFileException.cannotWrite(file, e);
    }
  }

  /**
   * Renders a policy as text.
   *
   * @param policy the policy
   * @param format YAML or JSON
   * @return the text
   */
  public static String write(PrivacyPolicy policy, PolicyFormat format) {
    Objects.requireNonNull(policy, "policy");
    try {
      return mapper(format).writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a valid policy could not be written as " + format, e);
    }
  }

  /**
   * Renders a policy as YAML.
   *
   * @param policy the policy
   * @return the YAML text
   */
  public static String toYaml(PrivacyPolicy policy) {
    return write(policy, PolicyFormat.YAML);
  }

  /**
   * Renders a policy as JSON.
   *
   * @param policy the policy
   * @return the JSON text
   */
  public static String toJson(PrivacyPolicy policy) {
    return write(policy, PolicyFormat.JSON);
  }

  private static ObjectMapper mapper(PolicyFormat format) {
    return format == PolicyFormat.YAML ? YAML_MAPPER : JSON_MAPPER;
  }


  // ------------------------------------------------------------------ unknown properties

  /** Finds every property that no model type declares, walking the tree with the model's types. */
  private static List<PolicyViolation> unknownProperties(ObjectMapper mapper, String text,
      Map<String, JsonLocation> positions) {
    List<PolicyViolation> found = new ArrayList<>();
    try {
      JsonNode root = mapper.readTree(text);
      walk(mapper, root, mapper.constructType(PrivacyPolicy.class), "", positions, found);
    } catch (JsonProcessingException e) {
      // Reported with its position by the reading pass that follows.
    }
    return found;
  }

  private static void walk(ObjectMapper mapper, JsonNode node, JavaType type, String path,
      Map<String, JsonLocation> positions, List<PolicyViolation> found) {
    if (node == null || type == null) {
      return;
    }
    if (type.isCollectionLikeType() && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(mapper, node.get(i), type.getContentType(), path + "[" + i + "]", positions, found);
      }
      return;
    }
    Class<?> raw = type.getRawClass();
    boolean modelType = raw.isRecord() && raw.getPackageName().equals(
        PolicyFiles.class.getPackageName()) || raw == PrivacyPolicy.class;
    if (!modelType || !node.isObject()) {
      return;
    }
    Map<String, JavaType> properties = new LinkedHashMap<>();
    for (BeanPropertyDefinition property
        : mapper.getDeserializationConfig().introspect(type).findProperties()) {
      if (property.couldDeserialize() || property.hasConstructorParameter()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JavaType childType = properties.get(field.getKey());
      if (childType == null) {
        PolicyViolation violation = PolicyViolation.of(child, "unknown property"
            + ProblemCollector.suggestion(field.getKey(), new ArrayList<>(properties.keySet())));
        found.add(positioned(violation, positions));
      } else {
        walk(mapper, field.getValue(), childType, child, positions, found);
      }
    }
  }

  // ------------------------------------------------------------------ positions and syntax

  /** Walks the tokens once to learn where each path starts; reports syntax errors. */
  private static Map<String, JsonLocation> positions(ObjectMapper mapper, String text,
      String source) {
    Map<String, JsonLocation> positions = new HashMap<>();
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw InvalidPolicyException.of(source, List.of(
            PolicyViolation.of("", "the file is empty; a policy is a mapping of fields such as"
                + " id, controller, version")));
      }
      if (first != JsonToken.START_OBJECT) {
        JsonLocation at = parser.currentTokenLocation();
        throw InvalidPolicyException.of(source, List.of(PolicyViolation.of("",
            "a policy must be a mapping of fields such as id, controller, version")
            .at(at.getLineNr(), at.getColumnNr())));
      }
      for (JsonToken token = first; token != null; token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT
            && token != JsonToken.END_ARRAY) {
          positions.putIfAbsent(path(parser), parser.currentTokenLocation());
        }
      }
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return positions;
  }

  private static InvalidPolicyException syntaxError(String source, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    PolicyViolation violation = PolicyViolation.of("", "syntax error: "
        + firstLine(e.getOriginalMessage()));
    if (at != null && at.getLineNr() > 0) {
      violation = violation.at(at.getLineNr(), Math.max(1, at.getColumnNr()));
    }
    return InvalidPolicyException.of(source, List.of(violation));
  }

  private static PolicyViolation positioned(PolicyViolation violation,
      Map<String, JsonLocation> positions) {
    String path = violation.path();
    while (true) {
      JsonLocation at = positions.get(path);
      if (at != null) {
        return violation.at(at.getLineNr(), at.getColumnNr());
      }
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      if (cut <= 0) {
        return violation;
      }
      path = path.substring(0, cut);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable value";
    }
    String line = message.strip().lines().findFirst().orElse("unreadable value");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** The path of the parser's current value, in the form validation uses. */
  private static String path(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        && context.getParent() != null) {
      context = context.getParent();
    }
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.add(0, "." + c.getCurrentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      }
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ problem collection

  /** Turns each recoverable mapping problem into a violation and lets reading go on. */
  private static final class ProblemCollector extends DeserializationProblemHandler {
    private final List<PolicyViolation> found = new ArrayList<>();

    void add(String path, String message, JsonLocation at) {
      PolicyViolation violation = PolicyViolation.of(path, message);
      if (at != null && at.getLineNr() > 0) {
        violation = violation.at(at.getLineNr(), Math.max(1, at.getColumnNr()));
      }
      found.add(violation);
    }

    private void add(DeserializationContext ctxt, String message) {
      JsonParser parser = ctxt.getParser();
      add(path(parser), message, parser.currentTokenLocation());
    }

    boolean covers(String path) {
      for (PolicyViolation problem : found) {
        String p = problem.path();
        if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType,
        String valueToConvert, String failureMsg) {
      if (targetType.isEnum()) {
        String allowed = Arrays.stream(targetType.getEnumConstants())
            .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
        add(ctxt, Texts.quote(valueToConvert) + " is not one of: " + allowed);
      } else {
        add(ctxt, Texts.quote(valueToConvert) + " is not a valid " + describe(targetType));
      }
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType,
        Number valueToConvert, String failureMsg) {
      add(ctxt, Texts.quote(valueToConvert) + " is not a valid " + describe(targetType));
      return null;
    }

    @Override
    public Object handleWeirdKey(DeserializationContext ctxt, Class<?> rawKeyType,
        String keyValue, String failureMsg) {
      add(ctxt, Texts.quote(keyValue) + " is not a valid " + describe(rawKeyType));
      return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass,
        Object argument, Throwable t) {
      Throwable cause = t;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      add(ctxt, cause.getMessage() == null ? "not a valid " + describe(instClass)
          : firstLine(cause.getMessage()));
      return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType,
        JsonToken t, JsonParser p, String failureMsg) throws IOException {
      add(ctxt, "expected " + describe(targetType.getRawClass()) + ", found " + describe(t));
      p.skipChildren();
      return null;
    }

    static String suggestion(String name, Collection<?> known) {
      if (known == null) {
        return "";
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (Object candidate : known) {
        int d = distance(name.toLowerCase(Locale.ROOT), candidate.toString()
            .toLowerCase(Locale.ROOT));
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate.toString();
        }
      }
      return best != null && bestDistance <= Math.max(2, name.length() / 3)
          ? "; did you mean '" + best + "'?"
          : "";
    }

    private static int distance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
              previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }

    private static String describe(JsonToken token) {
      return switch (token) {
        case START_OBJECT -> "a mapping";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "a text";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "true/false";
        case VALUE_NULL -> "nothing";
        default -> token.name().toLowerCase(Locale.ROOT);
      };
    }

    private static String describe(Class<?> type) {
      if (java.util.List.class.isAssignableFrom(type)) {
        return "a list";
      }
      if (java.util.Map.class.isAssignableFrom(type)) {
        return "a mapping";
      }
      if (type == String.class) {
        return "a text";
      }
      if (type == java.time.LocalDate.class) {
        return "date (YYYY-MM-DD)";
      }
      if (type == java.time.Period.class) {
        return "ISO-8601 period (P30D, P1M)";
      }
      if (type == java.time.Duration.class) {
        return "ISO-8601 duration (PT72H)";
      }
      if (type == java.time.ZoneId.class) {
        return "time zone (UTC, Europe/Berlin)";
      }
      if (type == boolean.class || type == Boolean.class) {
        return "true/false";
      }
      if (type == int.class || type == Integer.class) {
        return "whole number";
      }
      if (type.isRecord() || type == PrivacyPolicy.class) {
        return "mapping (" + type.getSimpleName() + ")";
      }
      return type.getSimpleName();
    }
  }
}
