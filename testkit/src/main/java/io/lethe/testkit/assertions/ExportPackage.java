package io.lethe.testkit.assertions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.subject.SubjectRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An access or portability export package as the data subject receives it, read back for
 * assertions: the JSON document of schema {@value #SCHEMA} that {@code lethe-dsar}'s {@code
 * AccessExporter} writes, either on its own or as {@code export.json} inside a ZIP.
 *
 * <p>Only what the assertions need is kept: the subject's identifiers, the records (store,
 * category, field values, anchors) and the categories the document explains. Values are held as the
 * document carries them: strings, booleans, null, and numbers as {@link BigDecimal} without
 * trailing zeros. {@link #toString()} shows counts only.
 */
public final class ExportPackage {

  /** The schema identifier this reader understands. */
  public static final String SCHEMA = "lethe-export/1";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final String kind;
  private final String policy;
  private final List<SubjectRef> identifiers;
  private final List<ExportedRecord> records;
  private final Set<String> categories;

  private ExportPackage(
      String kind,
      String policy,
      List<SubjectRef> identifiers,
      List<ExportedRecord> records,
      Set<String> categories) {
    this.kind = kind;
    this.policy = policy;
    this.identifiers = List.copyOf(identifiers);
    this.records = List.copyOf(records);
    this.categories = Collections.unmodifiableSet(new LinkedHashSet<>(categories));
  }

  /**
   * Reads a package: a JSON document, or a ZIP holding one as {@code export.json} (the {@code ZIP}
   * format; a {@code CSV_ZIP} package has no JSON document and is rejected).
   *
   * @param bytes the package as written
   * @return the package
   * @throws IllegalArgumentException if the bytes are not such a package; the message never quotes
   *     the content
   */
  public static ExportPackage read(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    byte[] json = isZip(bytes) ? exportJson(bytes) : bytes;
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the package is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("the package could not be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the package is not a JSON object");
    }
    String schema = root.path("schema").asText(null);
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "the package's schema is "
              + (schema == null ? "missing" : "'" + schema + "'")
              + ", expected '"
              + SCHEMA
              + "'");
    }
    String kind = text(root, "kind");
    List<SubjectRef> identifiers = new ArrayList<>();
    for (JsonNode identifier : array(root.path("subject"), "identifiers", "subject.")) {
      identifiers.add(
          SubjectRef.of(IdentifierType.of(text(identifier, "type")), text(identifier, "value")));
    }
    List<ExportedRecord> records = new ArrayList<>();
    for (JsonNode record : array(root, "records", "")) {
      Map<String, Object> fields = new LinkedHashMap<>();
      record.path("fields").properties().forEach(f -> fields.put(f.getKey(), value(f.getValue())));
      Map<String, String> anchors = new LinkedHashMap<>();
      record
          .path("anchors")
          .properties()
          .forEach(a -> anchors.put(a.getKey(), a.getValue().asText()));
      records.add(
          new ExportedRecord(text(record, "store"), text(record, "category"), fields, anchors));
    }
    Set<String> categories = new LinkedHashSet<>();
    JsonNode explained = root.path("categories");
    if (!explained.isObject()) {
      throw new IllegalArgumentException("the package has no \"categories\" object");
    }
    explained.fieldNames().forEachRemaining(categories::add);
    return new ExportPackage(
        kind, root.path("policy").path("id").asText(null), identifiers, records, categories);
  }

  /** {@return {@code access} or {@code portability}} */
  public String kind() {
    return kind;
  }

  /** {@return the id of the policy the package states, or null} */
  public String policy() {
    return policy;
  }

  /** {@return the identifiers the package lists for its subject, in its order} */
  public List<SubjectRef> identifiers() {
    return identifiers;
  }

  /** {@return the exported records, in the package's order} */
  public List<ExportedRecord> records() {
    return records;
  }

  /** {@return the categories the package explains (its {@code categories} keys)} */
  public Set<String> categories() {
    return categories;
  }

  /** Shows the kind, policy and counts, never an identifier or value. */
  @Override
  public String toString() {
    return "ExportPackage[kind="
        + kind
        + ", policy="
        + policy
        + ", identifiers="
        + identifiers.size()
        + ", records="
        + records.size()
        + ", categories="
        + categories.size()
        + "]";
  }

  /**
   * A value as an export package carries it: Lethe writes strings, numbers and booleans, dates and
   * times as ISO-8601 text, binary values as Base64 and anything else as its text, and this is the
   * value read back. Numbers come as {@link BigDecimal} without trailing zeros, so that a store's
   * {@code 10L} and the document's {@code 10} are equal.
   *
   * @param value a value as a store holds it
   * @return the value as a package holds it
   */
  public static Object exported(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double d && !Double.isFinite(d)
        || value instanceof Float f && !Float.isFinite(f)) {
      return value.toString();
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    if (value instanceof byte[] bytes) {
      return java.util.Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return String.valueOf(value);
  }

  private static Object value(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros();
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }

  private static boolean isZip(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 'P'
        && bytes[1] == 'K'
        && bytes[2] == 3
        && bytes[3] == 4;
  }

  private static byte[] exportJson(byte[] zip) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().equals("export.json")) {
          return in.readAllBytes();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the package is not a readable ZIP archive");
    }
    throw new IllegalArgumentException(
        "the ZIP package has no export.json (a CSV_ZIP package" + " cannot be read back)");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          "the package has no text \"" + field + "\" where" + " expected");
    }
    return value.textValue();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String prefix) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException("the package has no \"" + prefix + field + "\" array");
    }
    List<JsonNode> items = new ArrayList<>();
    for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
      items.add(it.next());
    }
    return items;
  }

  /**
   * One record of a package. {@link #toString()} shows the store, category and field names only.
   *
   * @param store the store it came from
   * @param category the record's category
   * @param fields field name to value, as {@link ExportPackage#exported(Object)} gives them
   * @param anchors lifecycle event to ISO-8601 instant (access exports only)
   */
  public record ExportedRecord(
      String store, String category, Map<String, Object> fields, Map<String, String> anchors) {

    /** Rejects nulls and copies the maps, keeping null values. */
    public ExportedRecord {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(category, "category");
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      anchors = Map.copyOf(anchors);
    }

    /** Shows the store, category and field names, never a value. */
    @Override
    public String toString() {
      return "ExportedRecord[store="
          + store
          + ", category="
          + category
          + ", fields="
          + fields.keySet()
          + "]";
    }
  }
}
