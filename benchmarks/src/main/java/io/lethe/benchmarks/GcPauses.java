package io.lethe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses in a collector's log written with {@code -Xlog:gc:file=...:uptime}, one line per pause
 * such as {@code [12.345s] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 512M->96M(3072M)
 * 10.782ms}. The full collections the benchmark asks for itself ({@code System.gc()}, between a
 * load and its sweep, never while a sweep is timed) are counted apart.
 *
 * @param pauses the pauses other than those asked for
 * @param totalMillis their total length
 * @param maxMillis the longest of them
 * @param full full collections among them (the heap ran out)
 * @param requested full collections asked for with {@code System.gc()}
 * @param requestedMillis their total length
 */
record GcPauses(
    int pauses,
    double totalMillis,
    double maxMillis,
    int full,
    int requested,
    double requestedMillis) {

  private static final Pattern PAUSE =
      Pattern.compile("GC\\(\\d+\\) Pause (\\S+)(.*) ([\\d.]+)ms$");

  /**
   * Reads a log.
   *
   * @param log the file
   * @return its pauses
   * @throws IOException if it cannot be read
   */
  static GcPauses read(Path log) throws IOException {
    int pauses = 0;
    int full = 0;
    int requested = 0;
    double total = 0;
    double max = 0;
    double requestedMillis = 0;
    for (String line : Files.readAllLines(log)) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find()) {
        continue;
      }
      double ms = Double.parseDouble(m.group(3));
      if (m.group(2).contains("System.gc()")) {
        requested++;
        requestedMillis += ms;
        continue;
      }
      pauses++;
      total += ms;
      max = Math.max(max, ms);
      if (m.group(1).equals("Full")) {
        full++;
      }
    }
    return new GcPauses(pauses, total, max, full, requested, requestedMillis);
  }

  /**
   * {@return the summary line: {@code GC <label> pauses=<n> total_ms=<n> max_ms=<n> full=<n>
   * system_gc=<n> system_gc_ms=<n> log=<path>}}
   *
   * @param label what ran
   * @param log where the log is, as printed
   */
  String line(String label, Path log) {
    return String.format(
        Locale.ROOT,
        "GC %s pauses=%d total_ms=%.0f max_ms=%.1f full=%d"
            + " system_gc=%d system_gc_ms=%.0f log=%s",
        label,
        pauses,
        totalMillis,
        maxMillis,
        full,
        requested,
        requestedMillis,
        log);
  }
}
