package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subject with a million records exports in a heap far smaller than the records: {@link
 * BoundedMemoryExport} runs in a JVM of its own with {@value #HEAP}, exports JSON and CSV_ZIP from
 * a {@link GeneratingStore} and reads both packages back as they are written. The records take
 * several hundred megabytes as objects (and 139 MB as JSON), so an exporter that collected them, or
 * the package, before writing would die of {@link OutOfMemoryError}; the JVM is told to exit on
 * one. (Measured when this test was written: the exporter peaks at about 22 MB of heap and also
 * passes with 16 MB; a copy that collected each store's records into a list before writing them
 * died of {@code OutOfMemoryError} at 48, 128 and 256 MB and needed 512 MB.)
 */
class BoundedMemoryExportTest {

  static final long RECORDS = 1_000_000;
  static final String HEAP = "-Xmx48m";

  /** One record in the JSON document: the same length for every record of the generator. */
  static final long JSON_RECORD_BYTES = 139;

  /** One CSV row, {@code <16 hex digits>,<ISO instant>,\r\n}, and the header row. */
  static final long CSV_ROW_BYTES = 40;

  static final long CSV_HEADER_BYTES = "note,anchor:collected,other_fields\r\n".length();

  @Test
  void a_million_records_export_as_json_and_csv_zip_in_a_small_heap() throws Exception {
    // GIVEN a JVM whose heap cannot hold the subject's records
    Path log = Path.of("target", "bounded-memory-export.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                BoundedMemoryExport.class.getName(),
                Long.toString(RECORDS),
                "JSON",
                "CSV_ZIP")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    // WHEN it exports them in both formats
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
      fail("the export JVM did not finish within 120 s");
    }

    // THEN it finishes normally, having exported and read back every record
    String output = Files.readString(log);
    assertThat(child.exitValue())
        .as("exit status of the export JVM; its output:%n%s", output)
        .isZero();
    Map<String, Map<String, Long>> results = results(output);
    assertThat(results).containsOnlyKeys("JSON", "CSV_ZIP");
    for (Map<String, Long> result : results.values()) {
      assertThat(result)
          .containsEntry("exported", RECORDS)
          .containsEntry("created", RECORDS)
          .containsEntry("readRecords", RECORDS)
          .containsEntry("summary", RECORDS);
    }
    // AND the byte counts are what a million such records make
    long jsonBytes = results.get("JSON").get("bytes");
    assertThat(jsonBytes)
        .isBetween(RECORDS * JSON_RECORD_BYTES, RECORDS * JSON_RECORD_BYTES + 4096);
    Map<String, Long> zip = results.get("CSV_ZIP");
    assertThat(zip.get("csvBytes")).isEqualTo(CSV_HEADER_BYTES + RECORDS * CSV_ROW_BYTES);
    // 64 random bits per record cannot compress below 8 bytes a record
    assertThat(zip.get("bytes")).isBetween(RECORDS * 8, zip.get("csvBytes"));
    System.out.printf(
        "BoundedMemoryExportTest: %s, JSON %,d bytes, CSV_ZIP %,d bytes (CSV %,d)," + " %s%n",
        HEAP,
        jsonBytes,
        zip.get("bytes"),
        zip.get("csvBytes"),
        output.lines().filter(line -> line.startsWith("PEAK")).findFirst().orElse("no peak"));
  }

  /** Parses the {@code RESULT format=X key=value ...} lines of the export JVM. */
  private static Map<String, Map<String, Long>> results(String output) {
    Map<String, Map<String, Long>> results = new HashMap<>();
    output
        .lines()
        .filter(line -> line.startsWith("RESULT "))
        .forEach(
            line -> {
              Map<String, Long> values = new HashMap<>();
              String format = null;
              for (String pair : line.substring("RESULT ".length()).split(" ")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("format")) {
                  format = kv[1];
                } else {
                  values.put(kv[0], Long.parseLong(kv[1]));
                }
              }
              results.put(format, values);
            });
    return results;
  }
}
