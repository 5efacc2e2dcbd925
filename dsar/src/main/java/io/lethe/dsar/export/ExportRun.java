package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The state of one export, small whatever the number of records: it streams every store's records
 * once, in the order the stores were given, into the JSON document and/or the CSV files.
 *
 * <p>Records are written as the store's stream hands them out and are never collected; only the set
 * of categories found, the counts per store and category, and the last few layouts of each store's
 * records ({@link RecordLayout}) are kept, besides the records read while resolving identities
 * ({@link EarlyReads}, handed in and dropped once written) and what a joint read fetched in its
 * round trip (a {@code JdbcStore}'s first page). The ZIP formats write each CSV to a temporary file
 * ({@link CsvFile}) and copy it into the archive at the end; {@link #cleanUp} deletes them, also
 * after a failure. The sections other modules contribute ({@link SectionContent}) are asked for
 * once, when first written, and kept until the export ends.
 */
final class ExportRun {

  /**
   * What every export of one exporter shares.
   *
   * @param policy the policy exported under
   * @param stores the stores, audited, in the order they are exported
   * @param declaredNames how each store spells its fields, by position in {@code stores}
   * @param mapper makes the JSON generators
   * @param readAhead reads the stores ahead on an executor ({@link ReadAhead}); null to read them
   *     one after the other on the calling thread
   * @param names the names encoded once
   * @param contexts the categories' Art. 15 context, rendered once
   * @param sections the sections other modules contribute to access exports, in order
   */
  record Shared(
      PrivacyPolicy policy,
      List<AuditedStore> stores,
      List<DeclaredNames> declaredNames,
      ObjectMapper mapper,
      Executor readAhead,
      EncodedNames names,
      CategoryContexts contexts,
      List<ExportSection> sections) {}

  private static final SerializedString STORE = new SerializedString("store");
  private static final SerializedString CATEGORY = new SerializedString("category");
  private static final SerializedString FIELDS = new SerializedString("fields");
  private static final SerializedString ANCHORS = new SerializedString("anchors");

  private final Shared shared;
  private final Set<SubjectRef> identities;

  /** Records read while confirming the identities, per store; each is written, then dropped. */
  private final Map<AuditedStore, List<PersonalRecord>> confirmed;

  /** Streams started by a joint read, per store; each is taken when its store's turn comes. */
  private final Map<AuditedStore, Stream<PersonalRecord>> started;

  private final Instant generatedAt;
  private final boolean portability;
  private final AuditContext context;
  private final Set<CategoryKey> categories = new LinkedHashSet<>();
  private final Map<String, Map<CategoryKey, Long>> counts = new LinkedHashMap<>();
  private final Map<String, CsvFile> csvFiles = new LinkedHashMap<>();

  /** The sections' entries, asked for once per export when first written; null until then. */
  private List<SectionContent> sections;

  /** Where anchors are formatted, one at a time ({@link IsoInstants#format(Instant, char[])}). */
  private final char[] instantText = new char[IsoInstants.MAX_LENGTH];

  private long total;

  ExportRun(
      Shared shared,
      Set<SubjectRef> identities,
      Map<AuditedStore, List<PersonalRecord>> confirmed,
      Map<AuditedStore, Stream<PersonalRecord>> started,
      Instant generatedAt,
      boolean portability,
      AuditContext context) {
    this.shared = shared;
    this.identities = identities;
    this.confirmed = new ConcurrentHashMap<>(confirmed);
    this.started = started;
    this.generatedAt = generatedAt;
    this.portability = portability;
    this.context = context;
  }

  /** {@return the number of records written so far} */
  long total() {
    return total;
  }

  /** {@return the records written, per store and record category} */
  Map<String, Map<CategoryKey, Long>> counts() {
    return counts;
  }

  /** Writes the package in a format; the stream is not closed. */
  void write(OutputStream out, ExportFormat format) throws IOException {
    switch (format) {
      case JSON -> writeJson(out);
      case CSV_ZIP -> writeZip(out, false);
      case ZIP -> writeZip(out, true);
      default -> throw new IllegalArgumentException("unknown format " + format);
    }
  }

  private void writeJson(OutputStream out) throws IOException {
    JsonGenerator json = shared.mapper().createGenerator(new NonClosing(out));
    writeDocument(json, true, false);
    // closing (not just flushing) hands the generator's buffers back for the next export;
    // the caller's stream stays open
    json.close();
  }

  private void writeZip(OutputStream out, boolean withJson) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
    if (withJson) {
      zip.putNextEntry(new ZipEntry("export.json"));
      JsonGenerator json = shared.mapper().createGenerator(new NonClosing(zip));
      writeDocument(json, true, true);
      json.close();
      zip.closeEntry();
    } else {
      readAll(null, true);
    }
    for (Map.Entry<String, CsvFile> entry : csvFiles.entrySet()) {
      entry.getValue().close();
      zip.putNextEntry(new ZipEntry(entry.getKey()));
      entry.getValue().copyTo(zip);
      zip.closeEntry();
    }
    for (SectionContent section : sections()) {
      zip.putNextEntry(new ZipEntry(section.fileName()));
      Writer writer = new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8);
      section.writeCsv(writer, shared.mapper());
      writer.close();
      zip.closeEntry();
    }
    zip.putNextEntry(new ZipEntry("context.json"));
    JsonGenerator json = shared.mapper().createGenerator(new NonClosing(zip));
    writeDocument(json, false, false);
    json.close();
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }

  /** Writes the JSON document; with records, reads the stores (and fills CSVs if asked). */
  private void writeDocument(JsonGenerator json, boolean withRecords, boolean csv)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("schema", AccessExporter.SCHEMA);
    json.writeStringField("kind", portability ? "portability" : "access");
    json.writeObjectFieldStart("subject");
    json.writeArrayFieldStart("identifiers");
    for (SubjectRef identity : identities) {
      json.writeStartObject();
      json.writeStringField("type", identity.type().name());
      json.writeStringField("value", identity.value());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeStringField("generatedAt", IsoInstants.format(generatedAt));
    json.writeObjectFieldStart("policy");
    json.writeStringField("id", shared.policy().id());
    json.writeStringField("version", shared.policy().version());
    json.writeEndObject();
    if (withRecords) {
      json.writeArrayFieldStart("records");
      readAll(json, csv);
      json.writeEndArray();
    } else {
      json.writeArrayFieldStart("files");
      for (String name : csvFiles.keySet()) {
        json.writeString(name);
      }
      for (SectionContent section : sections()) {
        json.writeString(section.fileName());
      }
      json.writeEndArray();
    }
    if (!portability) {
      json.writeObjectFieldStart("sections");
      for (SectionContent section : sections()) {
        json.writeFieldName(section.name());
        writeSection(json, section, withRecords);
      }
      json.writeEndObject();
    }
    json.writeObjectFieldStart("categories");
    for (CategoryKey category : categories) {
      json.writeFieldName(category.value());
      json.writeRawValue(shared.contexts().contextOf(category));
    }
    json.writeEndObject();
    json.writeObjectFieldStart("summary");
    json.writeNumberField("records", total);
    json.writeObjectFieldStart("stores");
    for (Map.Entry<String, Map<CategoryKey, Long>> store : counts.entrySet()) {
      json.writeObjectFieldStart(store.getKey());
      for (Map.Entry<CategoryKey, Long> count : store.getValue().entrySet()) {
        json.writeNumberField(count.getKey().value(), count.getValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * Writes one section: its description, then its entries where the document holds records, or the
   * name of its CSV entry where it holds the archive's files instead.
   */
  private void writeSection(JsonGenerator json, SectionContent section, boolean withEntries)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("description", section.description());
    if (withEntries) {
      json.writeFieldName("entries");
      section.writeEntries(json);
    } else {
      json.writeStringField("file", section.fileName());
    }
    json.writeEndObject();
  }

  /**
   * {@return the sections' entries for the subject, asked for once per export; none in a
   * portability export}
   */
  private List<SectionContent> sections() {
    if (sections == null) {
      List<SectionContent> asked = new ArrayList<>();
      if (!portability) {
        for (ExportSection section : shared.sections()) {
          asked.add(new SectionContent(section, identities));
        }
      }
      sections = asked;
    }
    return sections;
  }

  /** {@return how many section entries were written, over every section} */
  long sectionEntries() {
    return sections == null ? 0 : sections.stream().mapToLong(SectionContent::size).sum();
  }

  /** Streams every store's records once, to the JSON generator and/or the CSV files. */
  private void readAll(JsonGenerator json, boolean csv) throws IOException {
    List<AuditedStore> stores = shared.stores();
    try (ReadAhead ahead =
        shared.readAhead() == null
            ? null
            : new ReadAhead(
                shared.readAhead(),
                stores.stream()
                    .<Map.Entry<String, Supplier<Stream<PersonalRecord>>>>map(
                        s -> Map.entry(s.name(), () -> recordsOf(s)))
                    .toList())) {
      for (int i = 0; i < stores.size(); i++) {
        readStore(i, ahead, json, csv);
      }
    }
  }

  private Stream<PersonalRecord> recordsOf(AuditedStore store) {
    List<PersonalRecord> read = confirmed.remove(store);
    if (read != null) {
      return read.stream();
    }
    Stream<PersonalRecord> jointly = started.remove(store);
    return jointly != null ? jointly : store.recordsOf(identities, context);
  }

  private void readStore(int index, ReadAhead ahead, JsonGenerator json, boolean csv)
      throws IOException {
    AuditedStore store = shared.stores().get(index);
    StoreDescriptor descriptor = store.descriptor();
    DeclaredNames names = shared.declaredNames().get(index);
    SerializedString storeName = shared.names().encoded(store.name());
    Map<CategoryKey, Long> storeCounts =
        counts.computeIfAbsent(store.name(), name -> new LinkedHashMap<>());
    RecordLayout layout = null;
    // the last few layouts, for a store whose records take turns between a few shapes
    RecordLayout[] recent = new RecordLayout[RecordLayout.RECENT];
    int made = 0;
    try (Stream<PersonalRecord> records = ahead == null ? recordsOf(store) : ahead.records(index)) {
      Iterator<PersonalRecord> it = records.iterator();
      while (it.hasNext()) {
        PersonalRecord record = it.next();
        if (layout == null || !layout.fits(record)) {
          if (layout != null) {
            layout.count(storeCounts);
          }
          layout = RecordLayout.fitting(recent, record);
          if (layout == null) {
            layout = new RecordLayout(record, names, shared.names(), portability);
            recent[made++ % recent.length] = layout;
          }
        }
        if (layout.writesNoField() && portability) {
          continue;
        }
        layout.note(categories);
        total++;
        if (json != null) {
          writeRecord(json, storeName, layout, record);
        }
        if (csv) {
          csvFor(descriptor, record.category()).write(record, layout.fields(record));
        }
      }
    }
    if (layout != null) {
      layout.count(storeCounts);
    }
  }

  private void writeRecord(
      JsonGenerator json, SerializedString store, RecordLayout layout, PersonalRecord record)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName(STORE);
    json.writeString(store);
    json.writeFieldName(CATEGORY);
    json.writeString(layout.categoryText());
    json.writeFieldName(FIELDS);
    json.writeStartObject();
    layout.writeFields(json, record);
    json.writeEndObject();
    if (!portability) {
      json.writeFieldName(ANCHORS);
      json.writeStartObject();
      for (Map.Entry<Anchor, Instant> anchor : record.anchors().times().entrySet()) {
        json.writeFieldName(layout.anchorText(anchor.getKey()));
        int length = IsoInstants.format(anchor.getValue(), instantText);
        if (length < 0) {
          json.writeString(anchor.getValue().toString());
        } else {
          json.writeString(instantText, 0, length);
        }
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private CsvFile csvFor(StoreDescriptor descriptor, CategoryKey category) throws IOException {
    String name = "csv/" + category.value() + "/" + descriptor.name() + ".csv";
    CsvFile file = csvFiles.get(name);
    if (file == null) {
      file = new CsvFile(descriptor, portability, shared.mapper());
      csvFiles.put(name, file);
    }
    return file;
  }

  /**
   * Deletes the temporary files and closes the streams started and not read; called once the export
   * has ended, written or failed.
   */
  void cleanUp() {
    for (CsvFile file : csvFiles.values()) {
      file.delete();
    }
    EarlyReads.closeAll(started);
  }

  /** Keeps the caller's stream open when a generator or archive is closed. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
