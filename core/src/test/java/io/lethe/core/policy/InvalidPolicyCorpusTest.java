package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every malformed policy in the {@code invalid-policies} corpus and checks that the reader
 * reports exactly the expected problems, in order, in words a person can act on.
 *
 * <p>A YAML file states its expectations in leading {@code # expect: <violation>} comment lines; a
 * JSON file, which cannot hold comments, in a sibling {@code <name>.expect} file with one expected
 * violation per line (lines starting with {@code #} there are comments). Each expectation is the
 * exact {@link PolicyViolation#toString()} text. A {@code # defect:} line marks a file whose
 * expectation is the correct report that the reader does not give yet; its display name starts with
 * {@code [core defect]}.
 */
class InvalidPolicyCorpusTest {

  private static final String CORPUS = "invalid-policies";
  private static final String EXPECT = "# expect: ";
  private static final String DEFECT = "# defect: ";

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void reports_exactly_the_expected_problems(Path file) {
    List<String> expected = expectations(file);
    assertThat(expected).as("expectations of %s", file.getFileName()).isNotEmpty();

    InvalidPolicyException thrown =
        catchThrowableOfType(InvalidPolicyException.class, () -> PolicyFiles.read(file));

    assertThat(thrown)
        .as("%s must be rejected%s", file.getFileName(), defectNote(file))
        .isNotNull();
    assertThat(thrown.violations())
        .extracting(PolicyViolation::toString)
        .as("problems reported for %s%s", file.getFileName(), defectNote(file))
        .containsExactlyElementsOf(expected);
    assertThat(thrown.getMessage())
        .as("message for %s must not leak class names or stack traces", file.getFileName())
        .doesNotContain("Exception", "at io.lethe", "io.lethe.", "java.util.", "com.fasterxml");
  }

  @Test
  void the_corpus_holds_at_least_thirty_files() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void every_json_file_has_its_expectations_beside_it() {
    assertThat(policyFiles())
        .filteredOn(file -> file.getFileName().toString().endsWith(".json"))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(expectFile(file)).exists());
  }

  static Stream<Named<Path>> corpus() {
    return policyFiles().stream().map(file -> Named.of(displayName(file), file));
  }

  private static List<Path> policyFiles() {
    Path dir = corpusDirectory();
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> PolicyFormat.of(file).isPresent())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path corpusDirectory() {
    URL url = InvalidPolicyCorpusTest.class.getClassLoader().getResource(CORPUS);
    assertThat(url).as("class-path folder %s", CORPUS).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code # defect:} note of a file, for failure messages; empty if it has none. */
  private static String defectNote(Path file) {
    return headerLines(file).stream()
        .filter(line -> line.startsWith(DEFECT))
        .map(line -> " [core defect: " + line.substring(DEFECT.length()) + "]")
        .findFirst()
        .orElse("");
  }

  private static String displayName(Path file) {
    String name = file.getFileName().toString();
    return headerLines(file).stream().anyMatch(line -> line.startsWith(DEFECT))
        ? "[core defect] " + name
        : name;
  }

  /** The expected violations: {@code # expect:} lines of a YAML file, or a JSON file's .expect. */
  private static List<String> expectations(Path file) {
    if (file.getFileName().toString().endsWith(".json")) {
      return lines(expectFile(file)).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .toList();
    }
    return headerLines(file).stream()
        .filter(line -> line.startsWith(EXPECT))
        .map(line -> line.substring(EXPECT.length()))
        .toList();
  }

  /** The leading comment lines of a YAML file, or all lines of a JSON file's .expect. */
  private static List<String> headerLines(Path file) {
    if (file.getFileName().toString().endsWith(".json")) {
      Path expect = expectFile(file);
      return Files.exists(expect) ? lines(expect) : List.of();
    }
    return lines(file).stream().takeWhile(line -> line.startsWith("#")).toList();
  }

  private static Path expectFile(Path json) {
    String name = json.getFileName().toString();
    return json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".expect");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
