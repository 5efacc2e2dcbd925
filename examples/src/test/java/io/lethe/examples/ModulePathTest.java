package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Lethe's module descriptors at run time: a child JVM loads the Lethe modules and their
 * dependencies from the module path (the tests of the build run on the class path), reads a policy
 * file, sweeps and erases; the internal packages stay unexported.
 */
class ModulePathTest {

  /** Lethe's modules, as class directories in a reactor build or as jars. */
  private static final Pattern LETHE =
      Pattern.compile(
          ".*[/\\\\](core|consent|retention|dsar|lethe)[/\\\\]target[/\\\\]classes[/\\\\]?"
              + "|.*[/\\\\]lethe(-core|-consent|-retention|-dsar)?-[^/\\\\]*\\.jar");

  /** The libraries they require, and the H2 driver of the scenario. */
  private static final Pattern LIBRARIES =
      Pattern.compile(
          ".*[/\\\\](jackson-|snakeyaml-"
              + "|jakarta\\.validation-api-|hibernate-validator-|jboss-logging-|classmate-|expressly-"
              + "|jakarta\\.el-api-|slf4j-api-|caffeine-|shedlock-|h2-|jspecify-|checker-qual-"
              + "|error_prone_annotations-)[^/\\\\]*\\.jar");

  @Test
  void the_modules_wire_read_a_policy_sweep_and_erase_on_the_module_path() throws Exception {
    List<String> modulePath = new ArrayList<>();
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (LETHE.matcher(entry).matches() || LIBRARIES.matcher(entry).matches()) {
        modulePath.add(entry);
      } else {
        classPath.add(entry);
      }
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--add-modules",
                "io.lethe",
                "-cp",
                String.join(File.pathSeparator, classPath),
                ModulePathMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child ended").isTrue();

    assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
    assertThat(output)
        .contains(
            "core module: io.lethe.core",
            "lethe module: io.lethe",
            "internal exported to all: false",
            "policy exported: true",
            "erased: true 1",
            "audit intact: true");
  }
}
