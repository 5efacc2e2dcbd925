package io.lethe.dsar.export;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names that recur in every export of an exporter (a store's, a record category's, an anchor's), as
 * JSON text encoded once.
 *
 * <p>Jackson copies the bytes of an encoded name instead of encoding its characters again for every
 * record. Such names are schema, not personal data; field names are encoded once only when the
 * store declares them ({@link DeclaredNames}), since a store may hand out others. Past {@value
 * #MAX_CACHED_TEXTS} distinct names they are encoded each time.
 */
final class EncodedNames {

  private static final int MAX_CACHED_TEXTS = 4096;

  private final Map<String, SerializedString> texts = new ConcurrentHashMap<>();

  /** {@return a name as JSON text, encoded once per exporter while the cache has room} */
  SerializedString encoded(String name) {
    SerializedString encoded = texts.get(name);
    if (encoded == null) {
      encoded = new SerializedString(name);
      if (texts.size() < MAX_CACHED_TEXTS) {
        texts.put(name, encoded);
      }
    }
    return encoded;
  }
}
