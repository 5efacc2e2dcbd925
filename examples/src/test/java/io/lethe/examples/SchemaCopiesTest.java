package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schemas under {@code docs/schema/}, which an editor can be pointed at from a host project,
 * are the ones the jars ship and the code is tested against.
 */
class SchemaCopiesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "lethe-policy.schema.json, core/src/main/resources/io/lethe/core/policy",
    "lethe-export.schema.json, dsar/src/main/resources/io/lethe/dsar/export",
    "lethe-consent-receipt.schema.json, consent/src/main/resources/io/lethe/consent/receipt"
  })
  void the_documented_schema_is_the_shipped_one(String file, String folder) throws IOException {
    Path shipped = Path.of("..", folder, file);
    Path documented = Path.of("..", "docs", "schema", file);

    assertThat(Files.readString(documented))
        .as("docs/schema/%s: copy %s over it", file, shipped)
        .isEqualTo(Files.readString(shipped));
  }
}
