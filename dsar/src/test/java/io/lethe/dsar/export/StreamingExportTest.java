package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A subject with 200,000 records exports without the exporter holding on to them. */
class StreamingExportTest {

  static final int RECORDS = 200_000;

  @Test
  void recordsAreWrittenAsTheyAreGenerated() {
    CountingSink sink = new CountingSink();
    long[] maxAhead = new long[1];
    // every record takes well over 100 bytes of output; records created but not yet written
    // show up as creation running ahead of the bytes written
    GeneratingStore store =
        new GeneratingStore(RECORDS)
            .onCreate(created -> maxAhead[0] = Math.max(maxAhead[0], created - sink.bytes() / 100));
    AccessExporter exporter = store.exporter();

    ExportSummary summary = exporter.export(GeneratingStore.SUBJECT, sink, ExportFormat.JSON);

    assertThat(summary.total()).isEqualTo(RECORDS);
    assertThat(store.created()).isEqualTo(RECORDS);
    assertThat(sink.bytes()).isGreaterThan(100L * RECORDS);
    // the generator never ran more than 1,000 records ahead of the output (the JSON generator
    // buffers a few kilobytes); an exporter collecting records first would be 200,000 ahead
    // (the bound is the proof that memory stays flat: a heap reading after the export would
    // measure nothing, since by then every record is garbage whatever the exporter did)
    assertThat(maxAhead[0]).isLessThan(1_000);
  }
}
