package io.lethe.dsar.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.policy.Anchor;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSV of an export (a store's records of one category), buffered in an owner-only temporary
 * file until the archive takes it, since a ZIP is written one entry at a time.
 *
 * <p>Columns: the store's declared fields (in a portability export, those the subject provided),
 * then {@code anchor:<event>} for each anchor the store declares (access exports only), then {@code
 * other_fields}, a JSON object of the fields the store did not declare. Cells are made by {@link
 * CsvCells}.
 */
final class CsvFile {
  private final ObjectMapper mapper;
  private final Path path;
  private final Writer writer;
  private final List<String> columns = new ArrayList<>();
  private final List<Anchor> anchors;

  /**
   * Creates the file and writes its header row.
   *
   * @param descriptor the store's
   * @param portability whether fields the subject did not provide, and anchors, are left out
   * @param mapper writes {@code other_fields}
   * @throws IOException if the file cannot be created or written
   */
  CsvFile(StoreDescriptor descriptor, boolean portability, ObjectMapper mapper) throws IOException {
    this.mapper = mapper;
    for (StoreField field : descriptor.fields()) {
      if (!portability || AccessExporter.provided(field.category())) {
        columns.add(field.name());
      }
    }
    anchors = portability ? List.of() : descriptor.anchors();
    path = Files.createTempFile("lethe-export-", ".csv");
    writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    List<String> header = new ArrayList<>();
    columns.forEach(c -> header.add(CsvCells.guard(c)));
    anchors.forEach(a -> header.add("anchor:" + a.event()));
    header.add("other_fields");
    row(header);
  }

  /** Writes a record's row, given its fields as written ({@link RecordLayout#fields}). */
  void write(PersonalRecord record, List<FieldValue> fields) throws IOException {
    Map<String, Object> byName = new LinkedHashMap<>();
    fields.forEach(f -> byName.put(f.name(), JsonValues.plain(f.value())));
    List<String> cells = new ArrayList<>(columns.size() + anchors.size() + 1);
    for (String column : columns) {
      cells.add(CsvCells.cell(byName.remove(column)));
    }
    for (Anchor anchor : anchors) {
      cells.add(record.anchors().get(anchor).map(IsoInstants::format).orElse(""));
    }
    cells.add(byName.isEmpty() ? "" : CsvCells.guard(mapper.writeValueAsString(byName)));
    row(cells);
  }

  private void row(List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        writer.write(',');
      }
      writer.write(CsvCells.quote(cells.get(i)));
    }
    writer.write("\r\n");
  }

  /** Ends the file: no row is written after. */
  void close() throws IOException {
    writer.close();
  }

  /** Copies the file, once closed, to the archive's current entry. */
  void copyTo(OutputStream out) throws IOException {
    Files.copy(path, out);
  }

  /** Closes and deletes the file, or has it deleted on exit if it cannot be now. */
  void delete() {
    try {
      writer.close();
    } catch (IOException e) {
      // the file is deleted next
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      path.toFile().deleteOnExit();
    }
  }
}
