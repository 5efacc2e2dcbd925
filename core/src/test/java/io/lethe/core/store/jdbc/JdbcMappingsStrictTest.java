package io.lethe.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mapping files are read as strictly as policy files: no YAML aliases, tags or duplicate keys, no
 * number where a name belongs, every problem naming its store and line, nothing of the parser's
 * vocabulary and no raw control characters in a message.
 */
class JdbcMappingsStrictTest {

  private static final String VALID = OrdersMapping.yaml();

  private static List<String> problems(String yaml) {
    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcMappings.parse(yaml, "stores.yaml"));
    assertThat(e).as("refused:%n%s", yaml).isNotNull();
    assertThat(e.getMessage())
        .doesNotContain(
            "java.",
            "com.fasterxml",
            "JsonToken",
            "VALUE_STRING",
            "StreamReadConstraints",
            "Exception");
    assertThat(e.getMessage().lines().skip(1))
        .allSatisfy(line -> assertThat(line).startsWith("  - "));
    return e.problems();
  }

  @Test
  void the_valid_example_is_read() {
    assertThat(JdbcMappings.parse(VALID, "stores.yaml")).hasSize(1);
  }

  @Test
  void mappings_are_read_from_the_class_path_as_from_a_file() {
    ClassLoader loader = getClass().getClassLoader();

    assertThat(JdbcMappings.readResource(OrdersMapping.RESOURCE, loader))
        .isEqualTo(JdbcMappings.parse(VALID, "stores.yaml"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JdbcMappings.readResource("mappings/none.yaml", loader))
        .isInstanceOf(InvalidMappingException.class)
        .hasMessageContaining("no such resource on the class path");
  }

  @Test
  void an_alias_is_refused_not_read_as_its_name() {
    String yaml =
        VALID
            .replace("table: orders", "table: &t orders")
            .replace("{column: email,", "{column: *t,");

    assertThat(problems(yaml))
        .containsExactly(
            "store 'orders', stores[0].fields[0].column: the"
                + " YAML alias *t is"
                + " not supported: write the value out (Lethe reads no anchors or aliases)"
                + " (line 9, column 18)");
  }

  @Test
  void a_duplicate_store_key_is_refused() {
    String yaml = VALID.replace("    table: orders", "    store: payments\n    table: orders");

    assertThat(problems(yaml))
        .containsExactly(
            "store 'orders', stores[0].store: duplicate"
                + " property; each"
                + " property may appear only once (line 3, column 5)");
  }

  @Test
  void a_number_or_a_tag_is_not_a_column_name() {
    String yaml =
        VALID
            .replace("column: customer_id", "column: 5")
            .replace("collected: created_at", "collected: !!str created_at");

    assertThat(problems(yaml))
        .containsExactly(
            "store 'orders', stores[0].subjects[0].column: expected a text, found a number (5);"
                + " put it in quotes if it is meant as text (line 7, column 18)",
            "store 'orders', stores[0].anchors.collected: the YAML tag !!str is not supported:"
                + " remove it (Lethe reads plain values only) (line 11, column 18)");
  }

  @Test
  void a_hostile_name_cannot_forge_a_log_line_and_the_error_names_the_store() {
    String yaml =
        VALID.replace("table: orders", "table: \"jobs\\nINFO io.lethe FAKE LOG LINE\\u200B\"");

    InvalidMappingException e =
        catchThrowableOfType(
            InvalidMappingException.class, () -> JdbcMappings.parse(yaml, "stores.yaml"));

    assertThat(e.store()).isEqualTo("orders");
    assertThat(e.getMessage())
        .startsWith("Invalid JDBC mapping for store 'orders' in" + " stores.yaml (1 problem):");
    assertThat(e.problems())
        .containsExactly(
            "store 'orders', stores[0].table: 'jobs\\nINFO"
                + " io.lethe FAKE LOG LINE\\u200B' is not a plain SQL identifier (letters, digits and"
                + " '_', starting with a letter or '_') (line 3, column 12)");
    assertThat(e.getMessage().lines()).hasSize(2);
  }

  @Test
  void oversized_and_deeply_nested_files_are_refused_quickly_with_a_line() {
    String deep = "stores: " + "[".repeat(10_000) + "]".repeat(10_000);
    String huge = "stores: " + "x".repeat(50_000_000);

    assertThat(problems(deep))
        .singleElement()
        .asString()
        .contains("nested deeper than 32 levels")
        .contains("(line 1, column ");
    assertThat(problems(huge))
        .singleElement()
        .asString()
        .contains("longer than 262144 characters")
        .contains("(line 1, column 262145)");
  }

  @Test
  void a_directory_says_so(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectory(dir.resolve("stores.yaml"));

    InvalidMappingException e =
        catchThrowableOfType(InvalidMappingException.class, () -> JdbcMappings.read(folder));

    assertThat(e.problems()).containsExactly("cannot read the file: it is a directory");
  }
}
