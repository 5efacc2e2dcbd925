package io.lethe.dsar.export;

import com.fasterxml.jackson.core.io.SerializedString;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Spells record fields as the store's descriptor declares them.
 *
 * <p>A store may name a record's fields in another case than its descriptor: {@link
 * io.lethe.core.store.jdbc.JdbcStore} takes the names from the database, which spells unquoted
 * columns in upper case on H2. A field whose name matches a declared one only when case is ignored
 * gets the declared name, so the export has the same field names and CSV columns on every database;
 * a name that matches nothing, or more than one declared name, is kept as the store gave it.
 */
final class DeclaredNames {
  private final Set<String> declared = new LinkedHashSet<>();
  private final Map<String, String> byFoldedName = new LinkedHashMap<>();

  /** The declared names as JSON text, encoded once. */
  private final Map<String, SerializedString> encoded = new LinkedHashMap<>();

  DeclaredNames(StoreDescriptor descriptor) {
    Set<String> ambiguous = new LinkedHashSet<>();
    for (StoreField field : descriptor.fields()) {
      declared.add(field.name());
      encoded.put(field.name(), new SerializedString(field.name()));
      String folded = field.name().toLowerCase(Locale.ROOT);
      String before = byFoldedName.put(folded, field.name());
      if (before != null && !before.equals(field.name())) {
        ambiguous.add(folded);
      }
    }
    ambiguous.forEach(byFoldedName::remove);
  }

  /** {@return a declared name as JSON text; null for a name the store did not declare} */
  SerializedString encoded(String name) {
    return encoded.get(name);
  }

  /**
   * {@return a field's name as the store declares it: the name itself if declared, else the one
   * declared name it matches when case is ignored, else the name itself}
   */
  String spelling(String name) {
    return declared.contains(name)
        ? name
        : byFoldedName.getOrDefault(name.toLowerCase(Locale.ROOT), name);
  }
}
