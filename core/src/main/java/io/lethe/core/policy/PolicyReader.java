package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import io.lethe.core.internal.StrictTree;
import io.lethe.core.internal.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one policy document and reports every problem in it.
 *
 * <p>Four passes: (1) the token stream, for syntax errors, duplicate keys and where each value and
 * key starts; (2) a walk over the document tree with the model's types, which reports and removes
 * unknown properties and values of the wrong shape (a text where a list belongs), so that (3)
 * binding the cleaned tree to the model can go on past them, collecting malformed values (periods,
 * keys, enum values); and (4) validation of the bound policy. Only a syntax error stops early,
 * since nothing after it can be trusted.
 */
final class PolicyReader {

  /** Properties of earlier versions of the format, by their name now. */
  private static final Map<String, String> RENAMED = Map.of("processors", "recipients");

  /** Dates: YYYY-MM-DD, years 1970 to 2999 (the JSON Schema's {@code date}). */
  static final Pattern DATE =
      Pattern.compile("(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");

  /** Calendar periods: upper case, whole numbers, no sign (the JSON Schema's {@code period}). */
  static final Pattern PERIOD =
      Pattern.compile("P(?!$)([0-9]{1,9}Y)?([0-9]{1,9}M)?([0-9]{1,8}W)?([0-9]{1,9}D)?");

  /** Exact durations (the JSON Schema's {@code duration}). */
  static final Pattern DURATION =
      Pattern.compile(
          "P(?!$)([0-9]{1,9}D)?(T(?=[0-9])([0-9]{1,9}H)?([0-9]{1,9}M)?([0-9]{1,11}(\\.[0-9]{1,9})?S)?)?");

  /** Time-zone ids (the JSON Schema's {@code timeZone}); the zone must also exist. */
  static final Pattern ZONE =
      Pattern.compile("Z|[+-][0-9]{1,2}(:?[0-9]{2}){0,2}|[A-Za-z][A-Za-z0-9~/._+:-]{0,99}");

  private final ObjectMapper mapper;
  private final String source;
  private final List<PolicyViolation> problems = new ArrayList<>();

  /** Where each value starts, by canonical path ({@code a.b[0].c}). */
  private final Map<String, JsonLocation> valueAt = new HashMap<>();

  /** Where each property name starts, by canonical path. */
  private final Map<String, JsonLocation> keyAt = new HashMap<>();

  /** The source text of every number and boolean scalar, by canonical path. */
  private final Map<String, String> scalarText = new HashMap<>();

  /** Canonical paths of mappings whose keys are data (map keys), not property names. */
  private final Set<String> mapPaths = new HashSet<>();

  /** Canonical paths of values refused while reading (aliases, tags); already reported. */
  private final Set<String> refused = new HashSet<>();

  PolicyReader(ObjectMapper mapper, String source) {
    this.mapper = mapper;
    this.source = source;
  }

  PrivacyPolicy read(String text) {
    JsonNode tree = scanTokens(text);
    walk(tree, mapper.constructType(PrivacyPolicy.class), "");
    PrivacyPolicy candidate;
    try {
      candidate =
          mapper.readerFor(PrivacyPolicy.class).withHandler(new ProblemCollector()).readValue(tree);
    } catch (InvalidFormatException e) {
      report(
          referencePath(e.getPath()),
          Texts.quote(e.getValue()) + " is not a valid " + describe(e.getTargetType()));
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(problems));
    } catch (JsonMappingException e) {
      report(referencePath(e.getPath()), clean(e.getOriginalMessage()));
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(problems));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<PolicyViolation> all = new ArrayList<>(problems);
    for (PolicyViolation violation : PolicyValidation.validate(candidate)) {
      if (!coveredByProblem(violation.path())) {
        String canonical = canonical(violation.path());
        boolean mapKey = !display(canonical).equals(canonical);
        all.add(positioned(violation.path(), violation.message(), mapKey ? keyAt : valueAt));
      }
    }
    if (!all.isEmpty()) {
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(all));
    }
    return candidate;
  }

  // ------------------------------------------------------------------ pass 1: tokens

  private static final StrictTree.Wording WORDING =
      new StrictTree.Wording(
          "the file is empty; a policy is a mapping of fields such as id, controller, version",
          "a policy must be a mapping of fields such as id, controller, version",
          "a policy file holds one policy; found more after the first");

  /**
   * Reads the text into a tree (see {@link StrictTree}): syntax, size, depth, duplicate keys, YAML
   * aliases and tags, and where each value and key starts.
   */
  private JsonNode scanTokens(String text) {
    StrictTree scanned;
    try {
      scanned = StrictTree.read(mapper.getFactory(), text, WORDING);
    } catch (StrictTree.Stop stop) {
      throw InvalidPolicyException.of(source, List.of(violation(stop.problem())));
    }
    valueAt.putAll(scanned.valueAt());
    keyAt.putAll(scanned.keyAt());
    scalarText.putAll(scanned.scalarText());
    refused.addAll(scanned.refused());
    scanned.problems().forEach(problem -> problems.add(violation(problem)));
    return scanned.root();
  }

  private static PolicyViolation violation(StrictTree.Problem problem) {
    PolicyViolation violation = PolicyViolation.of(problem.path(), problem.message());
    return problem.line() > 0 ? violation.at(problem.line(), problem.column()) : violation;
  }

  private static String contextPath(JsonStreamContext context) {
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

  // ------------------------------------------------------------------ pass 2: shapes

  private enum Shape {
    MAPPING,
    LIST,
    SCALAR
  }

  private void walk(JsonNode node, JavaType type, String path) {
    if (node == null || type == null) {
      return;
    }
    if (refused.contains(path)) {
      throw new WrongShape();
    }
    if (node.isNull()) {
      report(
          path,
          "no value (null or empty); give one, or leave "
              + (path.endsWith("]") ? "the entry" : "the property")
              + " out");
      throw new WrongShape();
    }
    Shape expected = shapeOf(type);
    Shape found = node.isObject() ? Shape.MAPPING : node.isArray() ? Shape.LIST : Shape.SCALAR;
    if (expected != found) {
      report(path, "expected " + describe(type.getRawClass()) + ", found " + describe(node));
      throw new WrongShape();
    }
    if (expected == Shape.SCALAR) {
      String problem = scalarProblem(node, type.getRawClass(), path);
      if (problem != null) {
        report(path, problem);
        throw new WrongShape();
      }
      return;
    }
    if (expected == Shape.LIST) {
      for (int i = 0; i < node.size(); i++) {
        walkChild((ArrayNode) node, i, type.getContentType(), path + "[" + i + "]");
      }
    } else if (expected == Shape.MAPPING && type.isMapLikeType()) {
      mapPaths.add(path);
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        try {
          walk(field.getValue(), type.getContentType(), path + "." + field.getKey());
        } catch (WrongShape wrong) {
          fields.remove();
        }
      }
    } else if (expected == Shape.MAPPING) {
      walkProperties((ObjectNode) node, type, path);
    }
  }

  private void walkChild(ArrayNode array, int index, JavaType type, String path) {
    JsonNode asText = textOf(array.get(index), type, path);
    if (asText != null) {
      array.set(index, asText);
    }
    try {
      walk(array.get(index), type, path);
    } catch (WrongShape wrong) {
      array.set(index, array.nullNode());
    }
  }

  /** The creator properties of each model type; introspecting is costly, the model fixed. */
  private static final Map<JavaType, Map<String, JavaType>> PROPERTIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Map<String, JavaType> propertiesOf(JavaType type) {
    return PROPERTIES.computeIfAbsent(
        type,
        t -> {
          Map<String, JavaType> properties = new LinkedHashMap<>();
          for (BeanPropertyDefinition property :
              mapper.getDeserializationConfig().introspect(t).findProperties()) {
            if (property.hasConstructorParameter()) {
              properties.put(property.getName(), property.getPrimaryType());
            }
          }
          return java.util.Collections.unmodifiableMap(properties);
        });
  }

  private void walkProperties(ObjectNode node, JavaType type, String path) {
    Map<String, JavaType> properties = propertiesOf(type);
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JavaType childType = properties.get(field.getKey());
      if (refused.contains(child)) {
        fields.remove();
        continue;
      }
      if (childType == null) {
        String renamed = RENAMED.get(field.getKey());
        problems.add(
            positioned(
                child,
                "unknown property"
                    + (renamed != null && properties.containsKey(renamed)
                        ? "; it is called '" + renamed + "' now"
                        : Suggestions.didYouMean(field.getKey(), properties.keySet())),
                keyAt));
        fields.remove();
        continue;
      }
      JsonNode asText = textOf(field.getValue(), childType, child);
      if (asText != null) {
        field.setValue(asText);
      }
      try {
        walk(field.getValue(), childType, child);
      } catch (WrongShape wrong) {
        fields.remove();
      }
    }
  }

  /**
   * The two readings the file format allows, both as the JSON Schema has them: a number given as a
   * version ({@code version: 1.10}) is read as its source text, not as the number's shortest form
   * ({@code 1.1}), as {@code versionText} allows; and a number with a zero fraction ({@code 16.0})
   * is a whole number, as JSON Schema's {@code integer} says.
   */
  private JsonNode textOf(JsonNode node, JavaType type, String path) {
    Class<?> raw = type.getRawClass();
    if ((raw == Integer.class || raw == int.class)
        && node.isNumber()
        && !node.isInt()
        && node.canConvertToExactIntegral()
        && node.canConvertToInt()) {
      // 16.0 and 1.6e1 are whole numbers, as JSON Schema's "integer" says.
      return com.fasterxml.jackson.databind.node.IntNode.valueOf(node.intValue());
    }
    if (type.getRawClass() == String.class
        && node.isNumber()
        && (path.equals("version")
            || path.matches("notices\\[\\d+](\\.previous\\[\\d+])?\\.version"))) {
      String text = scalarText.get(path);
      return text == null ? null : TextNode.valueOf(text);
    }
    return null;
  }

  /**
   * Why a scalar does not fit the model's type, or null if it does. No scalar type becomes another:
   * a number is not a date, period, boolean, enum value or text, and a text is not a number or
   * boolean. Enum values are exactly lower case.
   */
  private String scalarProblem(JsonNode node, Class<?> raw, String path) {
    if (raw == String.class) {
      return node.isTextual()
          ? null
          : "expected a text, found "
              + found(node, path)
              + "; put it in quotes if it is meant as text";
    }
    if (raw == Integer.class || raw == int.class) {
      if (node.isNumber() && !node.canConvertToExactIntegral()) {
        return Texts.quote(scalarText.getOrDefault(path, node.asText())) + " is not a whole number";
      }
      if (!node.isNumber()) {
        return "expected a whole number, found " + found(node, path);
      }
      return node.canConvertToInt()
          ? null
          : Texts.quote(scalarText.getOrDefault(path, node.asText())) + " is out of range";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return node.isBoolean() ? null : "expected true or false, found " + found(node, path);
    }
    if (!node.isTextual()) {
      return "expected " + describe(raw) + ", found " + found(node, path);
    }
    String text = node.textValue();
    if (raw.isEnum()) {
      List<String> allowed =
          Arrays.stream(raw.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .toList();
      if (allowed.contains(text)) {
        return null;
      }
      String folded = text.strip().toLowerCase(Locale.ROOT);
      return Texts.quote(text)
          + " is not one of: "
          + String.join(", ", allowed)
          + (allowed.contains(folded)
              ? "; values are written in lower case without spaces: '" + folded + "'"
              : Suggestions.didYouMean(text, allowed));
    }
    if (raw == LocalDate.class) {
      if (DATE.matcher(text).matches()) {
        try {
          LocalDate.parse(text);
          return null;
        } catch (java.time.DateTimeException e) {
          return Texts.quote(text) + " is not a day of the calendar";
        }
      }
      return Texts.quote(text) + " is not a date (YYYY-MM-DD, in the years 1970 to 2999)";
    }
    if (raw == Period.class) {
      return PERIOD.matcher(text).matches()
          ? null
          : Texts.quote(text)
              + " is not an ISO-8601 period such as P30D or P1M (upper case, whole numbers, no sign"
              + " or spaces)";
    }
    if (raw == Duration.class) {
      return DURATION.matcher(text).matches()
          ? null
          : Texts.quote(text)
              + " is not an ISO-8601 duration such as PT72H or P400D (upper case, no sign or spaces)";
    }
    if (raw == ZoneId.class) {
      return ZONE.matcher(text).matches()
          ? null
          : Texts.quote(text) + " is not a time zone (UTC, Europe/Berlin, +01:00)";
    }
    return null;
  }

  /** A scalar as a message shows it: {@code a number (20260101)}, {@code true/false (true)}. */
  private String found(JsonNode node, String path) {
    if (node.isTextual()) {
      return "a text " + Texts.quote(node.textValue());
    }
    String text = scalarText.getOrDefault(path, node.asText());
    return describe(node) + " (" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + ")";
  }

  private static final Map<Class<?>, Boolean> DELEGATING =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Shape shapeOf(JavaType type) {
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return Shape.LIST;
    }
    Class<?> rawClass = type.getRawClass();
    boolean model =
        rawClass == PrivacyPolicy.class
            || rawClass.isRecord()
                && rawClass.getPackageName().equals(PolicyReader.class.getPackageName())
                && !DELEGATING.computeIfAbsent(rawClass, c -> hasDelegatingCreator(type));
    return type.isMapLikeType() || model ? Shape.MAPPING : Shape.SCALAR;
  }

  /** Leaf values such as category keys are records read from a single text. */
  private static boolean hasDelegatingCreator(JavaType type) {
    Class<?> raw = type.getRawClass();
    return Arrays.stream(raw.getDeclaredConstructors())
            .anyMatch(c -> isDelegating(c.getAnnotation(JsonCreator.class)))
        || Arrays.stream(raw.getDeclaredMethods())
            .anyMatch(m -> isDelegating(m.getAnnotation(JsonCreator.class)));
  }

  private static boolean isDelegating(JsonCreator creator) {
    return creator != null && creator.mode() == JsonCreator.Mode.DELEGATING;
  }

  /** Thrown by {@link #walk} to make its caller drop a value of the wrong shape. */
  private static final class WrongShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongShape() {
      super(null, null, false, false);
    }
  }

  // ------------------------------------------------------------------ pass 3: values

  /** Turns each malformed value into a violation and lets binding go on. */
  private final class ProblemCollector extends DeserializationProblemHandler {

    private void add(DeserializationContext ctxt, String message) {
      report(contextPath(ctxt.getParser().getParsingContext()), message);
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg) {
      if (targetType.isEnum()) {
        List<String> allowed =
            Arrays.stream(targetType.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .toList();
        add(
            ctxt,
            Texts.quote(valueToConvert)
                + " is not one of: "
                + String.join(", ", allowed)
                + Suggestions.didYouMean(valueToConvert, allowed));
      } else if (targetType == boolean.class || targetType == Boolean.class) {
        add(ctxt, Texts.quote(valueToConvert) + " is not true or false");
      } else {
        add(ctxt, Texts.quote(valueToConvert) + " is not a valid " + describe(targetType));
      }
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        Number valueToConvert,
        String failureMsg) {
      add(ctxt, Texts.quote(valueToConvert) + " is not a valid " + describe(targetType));
      return null;
    }

    @Override
    public Object handleWeirdKey(
        DeserializationContext ctxt, Class<?> rawKeyType, String keyValue, String failureMsg) {
      add(ctxt, Texts.quote(keyValue) + " is not a valid " + describe(rawKeyType));
      return null;
    }

    @Override
    public Object handleInstantiationProblem(
        DeserializationContext ctxt, Class<?> instClass, Object argument, Throwable t) {
      Throwable cause = t;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      add(
          ctxt,
          cause.getMessage() == null
              ? "not a valid " + describe(instClass)
              : clean(cause.getMessage()));
      return null;
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator valueInsta,
        JsonParser p,
        String msg)
        throws IOException {
      add(ctxt, "expected " + describe(instClass) + ", found " + describe(p.currentToken()));
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt,
        JavaType targetType,
        JsonToken t,
        JsonParser p,
        String failureMsg)
        throws IOException {
      add(ctxt, "expected " + describe(targetType.getRawClass()) + ", found " + describe(t));
      p.skipChildren();
      return null;
    }
  }

  // ------------------------------------------------------------------ paths and positions

  private void report(String path, String message) {
    problems.add(positioned(path, message, valueAt));
  }

  /**
   * Attaches the position of the path, or of its nearest ancestor that has one, and spells map keys
   * in brackets ({@code anonymize[user.contact.email]}).
   */
  private PolicyViolation positioned(String path, String message, Map<String, JsonLocation> at) {
    String canonical = canonical(path);
    PolicyViolation violation = PolicyViolation.of(display(canonical), message);
    String probe = canonical;
    while (true) {
      JsonLocation location = at.get(probe);
      if (location == null && at != valueAt) {
        location = valueAt.get(probe);
      }
      if (location != null) {
        return violation.at(location.getLineNr(), Math.max(1, location.getColumnNr()));
      }
      if (probe.isEmpty()) {
        return violation;
      }
      int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
      probe = cut <= 0 ? "" : probe.substring(0, cut);
    }
  }

  /** {@code a[key].b} (a map key in brackets) becomes {@code a.key.b}; indices stay. */
  private static String canonical(String path) {
    Matcher m = Pattern.compile("\\[([^\\]]*[^0-9\\]][^\\]]*)\\]").matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("." + m.group(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Shows the key under a map path in brackets, as validation does. */
  private String display(String canonical) {
    for (String map : mapPaths) {
      if (canonical.startsWith(map + ".")) {
        return map + "[" + canonical.substring(map.length() + 1) + "]";
      }
    }
    return canonical;
  }

  private boolean coveredByProblem(String path) {
    String canonical = canonical(path);
    for (PolicyViolation problem : problems) {
      String p = canonical(problem.path());
      if (canonical.equals(p) || canonical.startsWith(p + ".") || canonical.startsWith(p + "[")) {
        return true;
      }
    }
    return false;
  }

  private static String referencePath(List<JsonMappingException.Reference> references) {
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

  /** First line of a parser message, without Jackson's source descriptions. */
  static String clean(String message) {
    return StrictTree.clean(message);
  }

  // ------------------------------------------------------------------ descriptions

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "true/false";
    }
    return "a text";
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
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

  static String describe(Class<?> type) {
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    if (type == String.class) {
      return "a text";
    }
    if (type == LocalDate.class) {
      return "date (YYYY-MM-DD)";
    }
    if (type == Period.class) {
      return "ISO-8601 period (P30D, P1M)";
    }
    if (type == Duration.class) {
      return "ISO-8601 duration (PT72H)";
    }
    if (type == ZoneId.class) {
      return "time zone (UTC, Europe/Berlin)";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true/false";
    }
    if (type == int.class || type == Integer.class) {
      return "whole number";
    }
    if (type == RetentionPeriod.class) {
      return "retention period (P90D, PT0S, indefinite)";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    if (type.isRecord() || type == PrivacyPolicy.class) {
      return "a mapping";
    }
    return type.getSimpleName();
  }
}
