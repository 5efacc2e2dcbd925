package io.lethe.dsar.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the request and retention scenarios (access, portability, erasure, rectification,
 * restriction, objection, sweeps of child tables, a normalized shop on H2) in a separate JVM with
 * every {@code io.lethe} logger at TRACE, and fails if any line Lethe logged holds a value of a
 * test subject: an email address, an IP address, a phone number, a wallet address, or one of the
 * subjects' names.
 */
class NoPersonalDataInLogsTest {

  /** Values that look like a subject's, whoever wrote them. */
  private static final List<Pattern> PERSONAL =
      List.of(
          Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"),
          Pattern.compile("\\b(\\d{1,3}\\.){3}\\d{1,3}\\b"),
          Pattern.compile("\\+\\d{7,15}\\b"),
          Pattern.compile("\\b0x[0-9a-fA-F]{3,}"),
          Pattern.compile("\\b(Ada|Lovelace|Alice|Bob|Carol|Tom|Sue|Ann)\\b"));

  @TempDir Path folder;

  @Test
  void lethe_logs_no_value_of_a_subject_even_at_trace() throws Exception {
    // GIVEN the scenarios, run by a child JVM that logs io.lethe at TRACE to a file
    Path log = folder.resolve("trace.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.log.io.lethe=trace",
                "-Dorg.slf4j.simpleLogger.logFile=" + log,
                "-Dorg.slf4j.simpleLogger.showLogName=true",
                "-cp",
                System.getProperty("java.class.path"),
                ScenarioRun.class.getName()));
    command.addAll(
        List.of(
            "io.lethe.dsar.seeds.VzgenRequestsH2Test",
            "io.lethe.dsar.NormalizedShopTest",
            "io.lethe.dsar.seeds.SeedChildTablesTest",
            "io.lethe.dsar.AccessFulfilmentTest"));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("child.out").toFile())
            .start();

    // WHEN they have run
    boolean ended = child.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly();
    }

    // THEN they passed, Lethe logged at TRACE, and no line of Lethe's holds a subject's value
    String out = read(folder.resolve("child.out").toFile());
    assertThat(ended).as("the scenarios ended within 5 minutes;%n%s", out).isTrue();
    assertThat(child.exitValue()).as("the scenarios passed;%n%s", out).isZero();
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<String> lethe = lines.stream().filter(l -> l.contains(" io.lethe.")).toList();
    assertThat(lethe)
        .as("the probe the child logged at TRACE")
        .anyMatch(l -> l.contains("TRACE io.lethe.probe - probe at trace"));
    assertThat(lethe)
        .as("lines Lethe logged besides the probe (failing stores are logged)")
        .hasSizeGreaterThan(1);
    List<String> leaks =
        lethe.stream().filter(l -> PERSONAL.stream().anyMatch(p -> p.matcher(l).find())).toList();
    assertThat(leaks)
        .as("of %d lines Lethe logged, those holding a subject's value", lethe.size())
        .isEmpty();
    System.out.println(
        "NoPersonalDataInLogsTest: scanned "
            + lethe.size()
            + " lines Lethe"
            + " logged (of "
            + lines.size()
            + ")");
  }

  @Test
  void the_scan_recognizes_each_kind_of_value() {
    for (String value : List.of("ada@vzgen.example", "192.0.2.1", "+15550001234", "0xada", "Ada")) {
      assertThat(PERSONAL).as(value).anyMatch(p -> p.matcher("x " + value + " y").find());
    }
    assertThat(PERSONAL)
        .as("a store, a category, a count")
        .noneMatch(
            p ->
                p.matcher("Store 'jobs' DELETE failed (FAILED): user.contact.email, 3 records")
                    .find());
  }

  private static String read(File file) throws IOException {
    return file.exists() ? Files.readString(file.toPath(), StandardCharsets.UTF_8) : "";
  }
}
