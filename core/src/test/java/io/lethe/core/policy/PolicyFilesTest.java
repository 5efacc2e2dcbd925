package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFilesTest {

  private final PrivacyPolicy policy = Policies.shop().build();

  @Test
  void writing_then_reading_gives_an_equal_policy_in_yaml_and_json(@TempDir Path dir) {
    PolicyFiles.write(policy, dir.resolve("shop.yaml"));
    PolicyFiles.write(policy, dir.resolve("nested/shop.json"));

    assertThat(PolicyFiles.read(dir.resolve("shop.yaml"))).isEqualTo(policy);
    assertThat(PolicyFiles.read(dir.resolve("nested/shop.json"))).isEqualTo(policy);
  }

  @Test
  void periods_and_enums_are_written_as_people_write_them() {
    String yaml = PolicyFiles.toYaml(policy);

    assertThat(yaml).contains("maximum: P30D", "minimum: P5Y", "anchor: account.closed",
        "basis: legal_obligation", "jurisdiction: gdpr", "authorityWithin: PT72H",
        "effectiveDate: 2026-01-01");
    assertThat(PolicyFiles.toJson(policy)).contains("\"deadline\" : \"P30D\"");
  }

  @Test
  void a_problem_in_a_file_names_its_line_and_column() {
    String text = """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: "1"
        effectiveDate: 2026-01-01
        retention:
          - id: logs
            categories: [user.device.ip_address]
            maximum: 90 days
        """;

    assertThatThrownBy(() -> PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml"))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
          assertThat(e.violations()).hasSize(1);
          assertThat(e.violations().get(0)).hasToString("retention[0].maximum: not an ISO-8601"
              + " period (P90D, P12M, P5Y), duration (PT0S, PT72H) or 'indefinite': '90 days'"
              + " (line 8, column 14)");
        });
  }

  @Test
  void a_yaml_syntax_error_reports_line_and_column_without_a_stack_trace() {
    String text = "id: shop\nversion: \"1\n";

    assertThatThrownBy(() -> PolicyFiles.parse(text, PolicyFormat.YAML, "broken.yaml"))
        .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
          assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.message()).startsWith("syntax error: ");
            assertThat(v.hasPosition()).isTrue();
          });
          assertThat(e.getMessage()).doesNotContain("Exception", "at com.", "at io.");
        });
  }

  @Test
  void a_missing_file_and_an_unknown_extension_are_typed_errors(@TempDir Path dir)
      throws Exception {
    Path text = Files.writeString(dir.resolve("policy.txt"), "id: x");

    assertThatThrownBy(() -> PolicyFiles.read(dir.resolve("missing.yaml")))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageStartingWith("Cannot read policy file")
        .hasMessageContaining("missing.yaml");
    assertThatThrownBy(() -> PolicyFiles.read(text))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageEndingWith("use a .yaml, .yml or .json extension");
    assertThatThrownBy(() -> PolicyFiles.readResource("nope.yaml", getClass().getClassLoader()))
        .isInstanceOf(PolicyFileException.class)
        .hasMessage("No policy resource nope.yaml on the class path");
  }

  @Test
  void a_number_written_where_text_belongs_keeps_its_source_text() {
    String text = """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: 1.10
        effectiveDate: 2026-01-01
        """;

    assertThat(PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml").version())
        .isEqualTo("1.10");
  }

  @Test
  void a_plain_object_mapper_cannot_create_a_policy_that_skipped_validation() {
    com.fasterxml.jackson.databind.ObjectMapper foreign =
        new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

    assertThatThrownBy(() -> foreign.readValue("{\"id\": \"BAD ID\"}", PrivacyPolicy.class))
        .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
  }

  @Test
  void file_problems_are_told_in_words_not_exception_class_names(@TempDir Path dir)
      throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'i', 'd', ':', ' ',
        (byte) 0xE9});

    assertThatThrownBy(() -> PolicyFiles.read(dir.resolve("missing.yaml")))
        .hasMessageEndingWith(": no such file");
    assertThatThrownBy(() -> PolicyFiles.read(latin1))
        .hasMessageEndingWith(": not UTF-8 text");
  }
}
