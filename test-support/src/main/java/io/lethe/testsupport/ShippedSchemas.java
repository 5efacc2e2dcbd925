package io.lethe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The JSON Schemas Lethe ships in its jars (the policy, the access export, the consent receipt),
 * read from the class path and compiled the one way the project's tests check documents against
 * them: draft 2020-12, formats asserted, messages in English.
 */
public final class ShippedSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShippedSchemas() {}

  /**
   * Reads a schema from the class path.
   *
   * @param resource its path, such as {@code io/lethe/core/policy/lethe-policy.schema.json}
   * @return the schema document
   * @throws AssertionError if no jar or class folder on the class path holds it
   */
  public static JsonNode read(String resource) {
    try (InputStream in = ShippedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no schema " + resource + " on the class path");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles a schema document.
   *
   * @param schema the document
   * @return the schema, asserting formats, with messages in English
   */
  public static JsonSchema compile(JsonNode schema) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .locale(Locale.ENGLISH)
            .formatAssertionsEnabled(true)
            .build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
  }

  /**
   * Reads and compiles a schema from the class path.
   *
   * @param resource its path
   * @return the schema
   */
  public static JsonSchema load(String resource) {
    return compile(read(resource));
  }
}
