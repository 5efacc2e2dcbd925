package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the records of a store are written, worked out from one record and kept while the records
 * that follow have its shape: its category, and fields of the same names and categories in the same
 * order.
 *
 * <p>A store builds its records from one mapping, so most of a store's records share one layout;
 * checking that a record fits compares each field's name and category, by reference first, which
 * settles it for a store that hands out the same name and category objects every time (a {@code
 * JdbcStore} takes them from its mapping), and by {@code equals} otherwise. The layout spells each
 * field's name as the store declares it ({@link DeclaredNames}), drops what a portability export
 * leaves out, and holds the names as JSON text; it notes the categories once and counts its
 * records, so that a record costs no lookup of its names, category or count. A store whose records
 * take turns between a few shapes gets the layout it had for each again ({@value #RECENT} at most,
 * see {@link #fitting}).
 */
final class RecordLayout {

  /** How many layouts of a store's records an export keeps at once. */
  static final int RECENT = 4;

  private final EncodedNames names;
  private final CategoryKey category;
  private final SerializedString categoryText;

  /** The fields' names and categories, as the record that made the layout has them. */
  private final String[] fieldNames;

  private final CategoryKey[] fieldCategories;

  /** Each field's name, as declared and as JSON text; null for a field left out. */
  private final SerializedString[] written;

  private final String[] spelled;

  /** How many fields are written. */
  private final int exported;

  /** The anchors seen so far and their names as JSON text; a record has a few at most. */
  private final Anchor[] anchors = new Anchor[4];

  private final SerializedString[] anchorTexts = new SerializedString[anchors.length];
  private long count;
  private boolean noted;

  /**
   * Works out the layout of a record.
   *
   * @param record the record
   * @param declared how its store spells its fields
   * @param names the exporter's encoded names
   * @param portability whether fields the subject did not provide are left out
   */
  RecordLayout(
      PersonalRecord record, DeclaredNames declared, EncodedNames names, boolean portability) {
    this.names = names;
    category = record.category();
    categoryText = names.encoded(category.value());
    List<FieldValue> fields = record.fields();
    fieldNames = new String[fields.size()];
    fieldCategories = new CategoryKey[fields.size()];
    written = new SerializedString[fields.size()];
    spelled = new String[fields.size()];
    int kept = 0;
    for (int i = 0; i < fieldNames.length; i++) {
      FieldValue field = fields.get(i);
      fieldNames[i] = field.name();
      fieldCategories[i] = field.category();
      if (!portability || AccessExporter.provided(field.category())) {
        spelled[i] = declared.spelling(field.name());
        SerializedString encodedName = declared.encoded(spelled[i]);
        written[i] = encodedName != null ? encodedName : new SerializedString(spelled[i]);
        kept++;
      }
    }
    exported = kept;
  }

  /** {@return the first of the layouts that fits a record; null if none does} */
  static RecordLayout fitting(RecordLayout[] layouts, PersonalRecord record) {
    for (RecordLayout layout : layouts) {
      if (layout != null && layout.fits(record)) {
        return layout;
      }
    }
    return null;
  }

  /** {@return whether a record has this layout's category and fields} */
  boolean fits(PersonalRecord record) {
    if (!same(record.category(), category)) {
      return false;
    }
    List<FieldValue> fields = record.fields();
    if (fields.size() != fieldNames.length) {
      return false;
    }
    for (int i = 0; i < fieldNames.length; i++) {
      FieldValue field = fields.get(i);
      if (!same(field.name(), fieldNames[i]) || !same(field.category(), fieldCategories[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Object a, Object b) {
    return a == b || a.equals(b);
  }

  /** {@return whether the records of this layout have no field to write} */
  boolean writesNoField() {
    return exported == 0;
  }

  /** {@return the record category as JSON text} */
  SerializedString categoryText() {
    return categoryText;
  }

  /**
   * Notes a record written: its categories the first time, its count every time.
   *
   * @param categories the export's categories found, added to
   */
  void note(Set<CategoryKey> categories) {
    if (!noted) {
      categories.add(category);
      for (int i = 0; i < written.length; i++) {
        if (written[i] != null) {
          categories.add(fieldCategories[i]);
        }
      }
      noted = true;
    }
    count++;
  }

  /** Adds the records counted to the store's counts, and starts counting again. */
  void count(Map<CategoryKey, Long> storeCounts) {
    if (count > 0) {
      storeCounts.merge(category, count, Long::sum);
    }
    count = 0;
  }

  /** Writes the fields written of a record of this layout, as JSON properties. */
  void writeFields(JsonGenerator json, PersonalRecord record) throws IOException {
    List<FieldValue> fields = record.fields();
    for (int i = 0; i < written.length; i++) {
      SerializedString name = written[i];
      if (name != null) {
        json.writeFieldName(name);
        JsonValues.write(json, JsonValues.plain(fields.get(i).value()));
      }
    }
  }

  /** {@return a record's fields as written: spelled as declared, less those left out} */
  List<FieldValue> fields(PersonalRecord record) {
    List<FieldValue> fields = record.fields();
    List<FieldValue> kept = new ArrayList<>(exported);
    for (int i = 0; i < written.length; i++) {
      if (written[i] != null) {
        FieldValue field = fields.get(i);
        kept.add(
            spelled[i].equals(field.name())
                ? field
                : new FieldValue(spelled[i], field.category(), field.value()));
      }
    }
    return kept;
  }

  /** {@return an anchor's name as JSON text} */
  SerializedString anchorText(Anchor anchor) {
    for (int i = 0; i < anchors.length; i++) {
      if (anchors[i] == null) {
        anchors[i] = anchor;
        anchorTexts[i] = names.encoded(anchor.event());
        return anchorTexts[i];
      }
      if (anchors[i] == anchor) {
        return anchorTexts[i];
      }
    }
    return names.encoded(anchor.event());
  }
}
