package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RetentionStatus;
import io.lethe.core.policy.RetentionTimeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; a second test keeps the README in step. */
class QuickStartTest {

  @Test
  void quick_start() {
    // quick-start:begin
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop Ltd", "privacy@shop.example")
            .version("2026-01")
            .effective(LocalDate.of(2026, 1, 1))
            .purpose(
                Purpose.builder("orders")
                    .name("Fulfil orders")
                    .basis(LawfulBasis.CONTRACT)
                    .categories("user.contact.email", "user.financial.transaction")
                    .build())
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .build())
            .rule(
                RetentionRule.builder("bookkeeping")
                    .categories("user.financial.transaction")
                    .minimum("P5Y")
                    .basis(LawfulBasis.LEGAL_OBLIGATION)
                    .build())
            .build(); // validates all, or throws InvalidPolicyException listing every problem

    RetentionTimeline job =
        policy.timeline(
            "user.behavior.usage",
            AnchorTimes.collectedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .with("job.completed", Instant.parse("2026-01-10T00:00:00Z")));
    job.expiresAt(); // 2026-04-10T00:00:00Z
    job.statusAt(Instant.parse("2026-04-10T00:00:00Z")); // EXPIRED

    String yaml = PolicyFiles.toYaml(policy); // or PolicyFiles.read(Path.of("x.yaml"))
    // quick-start:end

    assertThat(job.expiresAt()).contains(Instant.parse("2026-04-10T00:00:00Z"));
    assertThat(job.statusAt(Instant.parse("2026-04-10T00:00:00Z")))
        .isEqualTo(RetentionStatus.EXPIRED);
    assertThat(PolicyFiles.parse(yaml, io.lethe.core.policy.PolicyFormat.YAML, "shop.yaml"))
        .isEqualTo(policy);
  }

  @Test
  void every_java_snippet_in_the_readme_is_one_compiled_here() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    List<Compiled> compiled = new java.util.ArrayList<>();
    try (var sources = Files.walk(Path.of("src/test/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        java.util.Set<String> imports =
            text.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("import "))
                .collect(java.util.stream.Collectors.toSet());
        for (List<String> block : snippets(text, "// quick-start:begin\n", "// quick-start:end")) {
          compiled.add(new Compiled(block, imports));
        }
        for (List<String> block : snippets(text, "// readme:begin\n", "// readme:end")) {
          compiled.add(new Compiled(block, imports));
        }
      }
    }

    List<List<String>> shown = snippets(readme, "```java\n", "```");

    assertThat(shown).as("java snippets in the README").isNotEmpty();
    for (List<String> snippet : shown) {
      List<String> imports = snippet.stream().filter(l -> l.startsWith("import ")).toList();
      List<String> code = snippet.stream().filter(l -> !l.startsWith("import ")).toList();
      assertThat(compiled)
          .as(
              "a snippet compiled by the example tests, whose file imports"
                  + " what the README's imports, for:%n%s",
              String.join("\n", snippet))
          .anySatisfy(
              c -> {
                assertThat(c.lines()).isEqualTo(code);
                assertThat(c.imports()).containsAll(imports);
              });
    }
  }

  /** A snippet compiled by a test, and the imports of its file. */
  private record Compiled(List<String> lines, java.util.Set<String> imports) {}

  private static List<List<String>> snippets(String text, String begin, String end) {
    Matcher m =
        Pattern.compile(Pattern.quote(begin) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL)
            .matcher(text);
    List<List<String>> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
    return found;
  }
}
