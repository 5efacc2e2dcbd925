package io.lethe.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one database's comparison in a child JVM of its own: a fixed heap ({@code -Xms} equal to
 * {@code -Xmx}, {@value #DEFAULT_HEAP} unless {@code -Dlethe.bench.heap} says otherwise), the
 * collector's log written to {@code benchmarks/target/bench-gc/} and summarized when the child
 * ends, and with {@code -Dlethe.bench.jfr=true} a flight recording next to it in {@code
 * benchmarks/target/bench-jfr/}; {@code -Dlethe.bench.jvm="..."} adds options of its own (such as
 * another collector). Every {@code lethe.bench.*} system property is passed on. The child's output
 * is printed as it comes; its {@code RESULT} lines are also returned.
 */
final class Fork {

  static final String DEFAULT_HEAP = "3g";

  private Fork() {}

  /**
   * Runs {@link SweepBenchmark#main} in a child JVM with {@code args}, waits for it, prints its
   * output and a {@code GC} line summarizing the collector's pauses.
   *
   * @param label names the log files, such as {@code sweep-h2}
   * @param args the child's arguments
   * @return the child's {@code RESULT} lines
   * @throws Exception if the child cannot start or fails
   */
  static List<String> run(String label, List<String> args) throws Exception {
    return run(label, args, Map.of());
  }

  /**
   * As {@link #run(String, List)}, with system properties for the child that replace this JVM's.
   *
   * @param properties set in the child, after this JVM's {@code lethe.bench.*} properties
   */
  static List<String> run(String label, List<String> args, Map<String, String> properties)
      throws Exception {
    Path target = targetDirectory();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path gcLog = target.resolve("bench-gc").resolve(label + "-" + stamp + ".log");
    Files.createDirectories(gcLog.getParent());
    String heap = System.getProperty("lethe.bench.heap", DEFAULT_HEAP);
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+AlwaysPreTouch",
                "-Xlog:gc:file=" + gcLog + ":uptime"));
    String options = System.getProperty("lethe.bench.jvm", "");
    if (!options.isBlank()) {
      command.addAll(List.of(options.strip().split("\\s+")));
    }
    if (Boolean.getBoolean("lethe.bench.jfr")) {
      Path jfr = target.resolve("bench-jfr").resolve(label + "-" + stamp + ".jfr");
      Files.createDirectories(jfr.getParent());
      command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    Map<String, String> passed = new TreeMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("lethe.bench."))
        .forEach(name -> passed.put(name, System.getProperty(name)));
    passed.putAll(properties);
    passed.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(List.of("-cp", classPath(), SweepBenchmark.class.getName()));
    command.addAll(args);
    System.err.printf(
        Locale.ROOT, "  forking %s: heap %s, GC log %s, %s%n", label, heap, gcLog, passed);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> results = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println(line);
        if (line.startsWith("RESULT ")) {
          results.add(line);
        }
      }
    }
    int exit = process.waitFor();
    if (Files.exists(gcLog)) {
      System.out.println(GcPauses.read(gcLog).line(label, target.getParent().relativize(gcLog)));
    }
    if (exit != 0) {
      throw new IllegalStateException("the child JVM for " + label + " exited with " + exit);
    }
    return results;
  }

  /** {@return the java launcher running this process, or the one of this Java home} */
  private static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** {@return the module's {@code target} directory, where its classes were loaded from} */
  static Path targetDirectory() {
    try {
      Path classes =
          Path.of(Fork.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(classes) ? classes.getParent() : Path.of("target");
    } catch (URISyntaxException | SecurityException e) {
      return Path.of("target");
    }
  }

  /**
   * This program's class path, also when it runs inside Maven ({@code exec:java}), where {@code
   * java.class.path} is Maven's own and the program's classes come from a class loader.
   */
  static String classPath() {
    ClassLoader loader = Fork.class.getClassLoader();
    if (loader instanceof java.net.URLClassLoader urls && urls.getURLs().length > 0) {
      List<String> entries = new ArrayList<>();
      for (java.net.URL url : urls.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException e) {
          throw new IllegalStateException("unreadable class path entry " + url, e);
        }
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }
}
