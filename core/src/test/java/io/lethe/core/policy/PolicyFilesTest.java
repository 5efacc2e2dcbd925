package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    assertThat(yaml)
        .contains(
            "maximum: P30D",
            "minimum: P5Y",
            "anchor: account.closed",
            "basis: legal_obligation",
            "jurisdiction: gdpr",
            "authorityWithin: PT72H",
            "effectiveDate: 2026-01-01");
    assertThat(PolicyFiles.toJson(policy)).contains("\"deadline\" : \"P30D\"");
  }

  @Test
  void a_problem_in_a_file_names_its_line_and_column() {
    String text =
        """
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
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.violations()).hasSize(1);
              assertThat(e.violations().get(0))
                  .hasToString(
                      "retention[0].maximum: not an ISO-8601"
                          + " period (P90D, P12M, P5Y), duration (PT0S, PT72H) or 'indefinite': '90 days'"
                          + " (line 8, column 14)");
            });
  }

  @Test
  void a_yaml_syntax_error_reports_line_and_column_without_a_stack_trace() {
    String text = "id: shop\nversion: \"1\n";

    assertThatThrownBy(() -> PolicyFiles.parse(text, PolicyFormat.YAML, "broken.yaml"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(
                      v -> {
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
    String text =
        """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: 1.10
        effectiveDate: 2026-01-01
        """;

    assertThat(PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml").version()).isEqualTo("1.10");
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
    Path latin1 =
        Files.write(dir.resolve("latin1.yaml"), new byte[] {'i', 'd', ':', ' ', (byte) 0xE9});

    assertThatThrownBy(() -> PolicyFiles.read(dir.resolve("missing.yaml")))
        .hasMessageEndingWith(": no such file");
    assertThatThrownBy(() -> PolicyFiles.read(latin1)).hasMessageEndingWith(": not UTF-8 text");
  }

  @Test
  void a_directory_says_it_is_a_directory(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectory(dir.resolve("policy.yaml"));

    assertThatThrownBy(() -> PolicyFiles.read(folder))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageEndingWith(": it is a directory");
  }

  @Test
  void a_huge_token_or_name_is_refused_by_its_size_before_any_parser_sees_it(@TempDir Path dir)
      throws Exception {
    Path token = dir.resolve("token.yaml");
    Files.writeString(token, "id: " + "a".repeat(50_000_000));
    String name = "x".repeat(10_000_000) + ": 1\n";

    for (Runnable read :
        List.<Runnable>of(
            () -> PolicyFiles.read(token),
            () -> PolicyFiles.parse(name, PolicyFormat.YAML, "name.yaml"),
            () -> PolicyFiles.parse("{\"" + name + "\": 1}", PolicyFormat.JSON, "name.json"))) {
      long start = System.nanoTime();
      assertThatThrownBy(read::run)
          .isInstanceOfSatisfying(
              InvalidPolicyException.class,
              e ->
                  assertThat(e.violations())
                      .singleElement()
                      .satisfies(
                          v -> {
                            assertThat(v.message())
                                .startsWith("the file is longer than 262144 characters");
                            assertThat(v.line()).isEqualTo(1);
                            assertThat(v.column()).isGreaterThan(262_000);
                          }));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void deep_nesting_is_refused_with_a_line_and_no_parser_wording() {
    String yaml = "id: shop\nnotes: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    String json =
        "{\"id\": \"shop\", \"notes\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    for (PolicyFormat format : PolicyFormat.values()) {
      String text = format == PolicyFormat.YAML ? yaml : json;
      assertThatThrownBy(() -> PolicyFiles.parse(text, format, "deep"))
          .isInstanceOfSatisfying(
              InvalidPolicyException.class,
              e -> {
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.message()).startsWith("nested deeper than 32 levels");
                          assertThat(v.hasPosition()).isTrue();
                        });
                assertThat(e.getMessage()).doesNotContain("StreamReadConstraints", "Jackson");
              });
    }
  }

  @Test
  void no_query_on_a_valid_policy_throws_a_java_time_exception() {
    PrivacyPolicy longest =
        PrivacyPolicy.from(policy)
            .timeZone(java.time.ZoneId.of("Pacific/Kiritimati"))
            .rights(
                RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)
                    .promising(java.time.Period.ofYears(999), java.time.Period.ofYears(1)))
            .build();
    String text =
        PolicyFiles.toYaml(longest)
            .replace("maximum: P7Y", "maximum: P1000Y")
            .replace("minimum: P5Y", "minimum: P999Y12M");
    PrivacyPolicy read = PolicyFiles.parse(text, PolicyFormat.YAML, "longest.yaml");
    List<java.time.Instant> instants =
        List.of(
            java.time.Instant.MIN,
            java.time.Instant.EPOCH,
            java.time.Instant.parse("2999-12-31T23:59:59Z"),
            java.time.Instant.MAX);

    for (java.time.Instant anchor : instants) {
      RetentionTimeline timeline =
          read.timeline("user.financial.transaction", AnchorTimes.collectedAt(anchor));
      for (java.time.Instant at : instants) {
        timeline.statusAt(at);
        timeline.isExpiredAt(at);
      }
    }
    for (RetentionRule rule : read.retention()) {
      for (java.time.Instant at : instants) {
        try {
          rule.maximum().expiredAnchorRanges(at, read.timeZone());
        } catch (IllegalArgumentException outsideTheSweepYears) {
          assertThat(outsideTheSweepYears).hasMessageContaining("sweep instant");
        }
      }
    }
    for (RightsProfile rights : read.rights()) {
      for (java.time.Instant at : instants) {
        rights.dueDate(at, read.timeZone());
        rights.extendedDueDate(at, read.timeZone());
      }
    }
    assertThat(
            read.timeline(
                    "user.financial.transaction", AnchorTimes.collectedAt(java.time.Instant.MAX))
                .expiresAt())
        .contains(java.time.Instant.MAX);
  }

  @Test
  void a_period_longer_than_a_thousand_years_is_refused() {
    String text = PolicyFiles.toYaml(policy).replace("maximum: P7Y", "maximum: P1000Y1D");

    assertThatThrownBy(() -> PolicyFiles.parse(text, PolicyFormat.YAML, "long.yaml"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .asString()
                    .startsWith("retention[2].maximum: a retention period is at most 1000 years"));
  }
}
