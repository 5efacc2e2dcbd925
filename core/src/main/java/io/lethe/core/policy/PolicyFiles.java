package io.lethe.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.InvalidPolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes policy files in YAML and JSON.
 *
 * <p>Reading never stops at the first problem: unknown properties, malformed values, missing fields
 * and broken cross-references are all collected and thrown together as one {@link
 * InvalidPolicyException} whose violations name the path and, for files, the line and column. A
 * syntax error (a YAML indentation slip, a missing JSON comma) ends reading at once, also with its
 * line and column. Writing then reading gives an equal policy.
 *
 * <p>Reading is strict, and agrees with the shipped JSON Schema ({@code
 * io/lethe/core/policy/lethe-policy.schema.json}): a file is read if and only if it is valid
 * against the schema and passes the model's own validation.
 *
 * <ul>
 *   <li>No scalar becomes another type: a number is not a date, period, boolean, enum value or text
 *       ({@code version} alone may be a number, read as written), and a text is not a number or a
 *       boolean. In YAML only {@code true} and {@code false} are booleans; {@code yes} or {@code
 *       on} are text.
 *   <li>Enum values are exactly lower case ({@code legitimate_interests}); {@code CONTRACT} and
 *       {@code 'contract '} are refused, with the spelling to use.
 *   <li>Periods are ISO-8601 in upper case without signs or spaces ({@code P90D}, {@code P12M},
 *       {@code P5Y}, {@code PT72H}), at most 1,000 years long. Dates are {@code YYYY-MM-DD} in the
 *       years 1970 to 2999.
 *   <li>An empty or null value never means "not set": leave the property out instead.
 *   <li>YAML aliases, anchors, merge keys and tags are refused where they stand; Lethe never reads
 *       them as their names.
 *   <li>Text longer than {@link #MAX_CHARACTERS} or nested deeper than 32 levels is refused before
 *       it costs much; duplicate properties and unpaired surrogates are refused.
 * </ul>
 *
 * <p>Messages show control and invisible characters escaped (a line break as {@code \\n}, U+200B as
 * {@code \\u200B}).
 */
public final class PolicyFiles {

  private static final ObjectMapper YAML_MAPPER =
      configure(
              YAMLMapper.builder(
                  YAMLFactory.builder()
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                      // version: "2.1" stays a text for every YAML tool, not only for us.
                      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                      // 'note:' with nothing after it is null, as YAML says, not an empty text.
                      .enable(
                          com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature
                              .EMPTY_STRING_AS_NULL)
                      .build()))
          .build();

  private static final ObjectMapper JSON_MAPPER =
      configure(JsonMapper.builder()).enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * The longest policy text read, in characters (256 Ki, more than ten times the largest example
   * policy). Longer text is refused before any parser sees it, with the line where the limit is
   * passed, so that reading any input costs little time and memory.
   */
  public static final int MAX_CHARACTERS = io.lethe.core.internal.StrictTree.MAX_CHARS;

  private PolicyFiles() {}

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .addModule(new JavaTimeModule())
        .addMixIn(PrivacyPolicy.class, PolicyJson.class)
        // 16.9 is not an age: refuse rather than truncate.
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        // PolicyReader reports duplicate keys and unknown properties itself, with their
        // positions, and removes them before binding so that reading can go on.
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
    PolicyFormat format =
        PolicyFormat.of(file).orElseThrow(() -> PolicyFileException.unknownFormat(file));
    if (Files.isDirectory(file)) {
      throw PolicyFileException.isDirectory(file);
    }
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      text = io.lethe.core.internal.StrictTree.readBounded(in);
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
    PolicyFormat format =
        PolicyFormat.of(asPath).orElseThrow(() -> PolicyFileException.unknownFormat(asPath));
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw PolicyFileException.missingResource(name);
      }
      return parse(io.lethe.core.internal.StrictTree.readBounded(in), format, name);
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
    return new PolicyReader(mapper(format), source).read(text);
  }

  /**
   * Writes a policy to a file, in the format its extension names.
   *
   * @param policy the policy
   * @param file the target file; parent directories are created
   * @throws PolicyFileException if the file cannot be written or its extension is unknown
   */
  public static void write(PrivacyPolicy policy, Path file) {
    PolicyFormat format =
        PolicyFormat.of(file).orElseThrow(() -> PolicyFileException.unknownFormat(file));
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
}
