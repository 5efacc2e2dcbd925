package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.concurrent.FutureTask;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Run in a JVM of its own with a small heap by {@link BoundedMemoryExportTest}: exports a {@link
 * GeneratingStore} subject in each format named on the command line into a {@link CountingSink},
 * reads the package back on a second thread as it is written (through a pipe, so nothing is kept),
 * and prints one line per format:
 *
 * <pre>
 * {@code RESULT format=JSON exported=... created=... bytes=... readRecords=... csvBytes=... summary=...}
 * </pre>
 *
 * followed by {@code PEAK heap=<bytes>}, the sum of the heap pools' peak use.
 *
 * <p>Arguments: the number of records, then one or more {@link ExportFormat} names.
 */
public final class BoundedMemoryExport {

  private BoundedMemoryExport() {}

  /** What the reading thread found in the package. */
  private record Readback(long records, long csvBytes, long summary) {}

  /**
   * Exports and reads back; exits non-zero on any failure, out-of-memory included.
   *
   * @param args the number of records, then the formats
   * @throws Exception if an export or the read-back fails
   */
  public static void main(String[] args) throws Exception {
    long records = Long.parseLong(args[0]);
    for (int i = 1; i < args.length; i++) {
      ExportFormat format = ExportFormat.valueOf(args[i]);
      GeneratingStore store = new GeneratingStore(records);
      AccessExporter exporter = store.exporter();
      PipedInputStream in = new PipedInputStream(1 << 16);
      PipedOutputStream pipe = new PipedOutputStream(in);
      CountingSink sink = new CountingSink(pipe);
      FutureTask<Readback> reading =
          new FutureTask<>(
              () -> {
                try (in) {
                  InputStream kept =
                      new FilterInputStream(in) {
                        @Override
                        public void close() {
                          // drained below: the writer must not find the pipe closed
                        }
                      };
                  Readback back = format == ExportFormat.JSON ? readJson(kept) : readZip(kept);
                  // the ZIP's central directory, or anything after the JSON document
                  in.transferTo(OutputStream.nullOutputStream());
                  return back;
                }
              });
      Thread reader = new Thread(reading, "read-back-" + format);
      reader.setDaemon(true);
      reader.start();

      ExportSummary summary = exporter.export(GeneratingStore.SUBJECT, sink, format);
      pipe.close();
      Readback back = reading.get();

      System.out.printf(
          Locale.ROOT,
          "RESULT format=%s exported=%d created=%d bytes=%d"
              + " readRecords=%d csvBytes=%d summary=%d%n",
          format,
          summary.total(),
          store.created(),
          sink.bytes(),
          back.records(),
          back.csvBytes(),
          back.summary());
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "PEAK heap=%d max=%d%n", peak, Runtime.getRuntime().maxMemory());
  }

  /** Counts the elements of {@code records} and reads {@code summary.records}, token by token. */
  private static Readback readJson(InputStream in) throws IOException {
    long count = 0;
    long summary = -1;
    try (JsonParser json = new JsonFactory().createParser(in)) {
      JsonToken token;
      while ((token = json.nextToken()) != null) {
        JsonStreamContext context = json.getParsingContext();
        if (token == JsonToken.START_OBJECT
            && context.getParent().inArray()
            && "records".equals(context.getParent().getParent().getCurrentName())) {
          count++;
          json.skipChildren();
        } else if (token == JsonToken.VALUE_NUMBER_INT
            && "records".equals(json.currentName())
            && "summary".equals(context.getParent().getCurrentName())) {
          summary = json.getLongValue();
        }
      }
    }
    return new Readback(count, 0, summary);
  }

  /** Counts the rows of every CSV entry and reads {@code summary.records} of the context. */
  private static Readback readZip(InputStream in) throws IOException {
    long rows = 0;
    long csvBytes = 0;
    long summary = -1;
    byte[] buffer = new byte[1 << 16];
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.getName().equals("context.json")) {
          summary =
              new ObjectMapper().readTree(zip.readAllBytes()).at("/summary/records").asLong(-1);
        } else if (entry.getName().endsWith(".csv")) {
          long lines = 0;
          int n;
          while ((n = zip.read(buffer)) > 0) {
            csvBytes += n;
            for (int b = 0; b < n; b++) {
              if (buffer[b] == '\n') {
                lines++;
              }
            }
          }
          rows += lines - 1; // the header
        }
      }
    }
    return new Readback(rows, csvBytes, summary);
  }
}
