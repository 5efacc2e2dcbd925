package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.lethe.testsupport.ShippedSchemas;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Validates every seed policy ({@code policies/*.yaml} on the class path) against the JSON Schema
 * that lethe-core ships, so the seeds stay usable with IDE completion and the schema stays true to
 * the files people actually write.
 */
class SeedSchemaTest {

  private static final String SCHEMA = "io/lethe/core/policy/lethe-policy.schema.json";
  private static final String FOLDER = "policies";
  private static final int EXPECTED_AT_LEAST = 4;

  private static final ObjectMapper YAML = new YAMLMapper();

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = ShippedSchemas.load(SCHEMA);
  }

  @Test
  void there_are_at_least_four_seed_policies() throws Exception {
    assertThat(seeds()).hasSizeGreaterThanOrEqualTo(EXPECTED_AT_LEAST);
  }

  @TestFactory
  Stream<DynamicTest> every_seed_policy_validates_against_the_schema() throws Exception {
    return seeds().stream()
        .map(
            seed ->
                DynamicTest.dynamicTest(
                    seed.name(),
                    () -> {
                      JsonNode document = YAML.readTree(seed.text());
                      assertThat(document).as("%s is empty", seed.name()).isNotNull();
                      Set<ValidationMessage> messages = schema.validate(document);
                      assertThat(messages).as("schema problems in %s", seed.name()).isEmpty();
                    }));
  }

  /** A seed file's name and text. */
  private record Seed(String name, String text) {}

  /** Finds the seeds in the class-path folder, whether it is a directory or inside a jar. */
  private static List<Seed> seeds() throws IOException, URISyntaxException {
    URL folder = SeedSchemaTest.class.getClassLoader().getResource(FOLDER);
    assertThat(folder).as("class-path folder '%s'", FOLDER).isNotNull();
    URI uri = folder.toURI();
    if ("jar".equals(uri.getScheme())) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return read(jar.provider().getPath(uri));
      }
    }
    return read(Path.of(uri));
  }

  private static List<Seed> read(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .map(
              file -> {
                try {
                  return new Seed(file.getFileName().toString(), Files.readString(file));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
