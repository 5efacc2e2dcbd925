package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands (the demo, every test) are what CI runs, word for word, and CI runs
 * them against a Maven repository without Lethe's own artifacts, as a newcomer's machine has.
 */
class ReadmeCommandsTest {

  /** The project's root: the examples' tests run in the examples folder. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void the_readme_leads_with_a_demo_command_and_a_test_command() throws IOException {
    List<String> commands = readmeCommands();

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).startsWith("./mvnw ").contains("exec:java");
    assertThat(commands.get(1)).startsWith("./mvnw ").endsWith(" verify");
  }

  @Test
  void ci_runs_both_readme_commands_word_for_word() throws IOException {
    List<String> ci = ciCommands();

    assertThat(ci).containsSubsequence(readmeCommands());
  }

  @Test
  void ci_runs_them_against_a_repository_without_lethe_artifacts() throws IOException {
    List<String> ci = ciCommands();
    int firstCommand = ci.indexOf(readmeCommands().get(0));

    int removal = ci.indexOf("rm -rf \"$repo/io/lethe\"");
    int repository = ci.indexOf("export MAVEN_ARGS=\"-Dmaven.repo.local=$repo\"");
    assertThat(removal).isNotNegative().isLessThan(firstCommand);
    assertThat(repository).isNotNegative().isLessThan(firstCommand);
    assertThat(ci.subList(0, firstCommand)).noneMatch(line -> line.contains("install"));
  }

  /** The lines of the first {@code sh} block of the README, without their comments. */
  private static List<String> readmeCommands() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int start = lines.indexOf("```sh");
    assertThat(start).as("the README's first sh block").isNotNegative();
    List<String> commands = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.equals("```")) {
        return commands;
      }
      String command = withoutComment(line);
      if (!command.isEmpty()) {
        commands.add(command);
      }
    }
    throw new AssertionError("the README's first sh block is not closed");
  }

  /** The lines of {@code .ci/run}, without comments and blank lines. */
  private static List<String> ciCommands() throws IOException {
    return Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8).stream()
        .map(ReadmeCommandsTest::withoutComment)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf(" #");
    String code = line.startsWith("#") ? "" : hash < 0 ? line : line.substring(0, hash);
    return code.strip();
  }
}
