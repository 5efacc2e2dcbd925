package io.lethe.core.store;

import java.util.Objects;
import java.util.UUID;

/**
 * The key of one record inside one store: a number, a text or a UUID, as the store's key column
 * holds it.
 *
 * <p>A key may itself be personal data (a table keyed by email address), so {@link #toString()}
 * hides it. Keys of one type are ordered, which is the order stores page through records in.
 *
 * @param value a {@link Long}, {@link String} or {@link UUID}; integers are widened to Long
 */
public record RecordKey(Object value) implements Comparable<RecordKey> {

  /**
   * Normalizes the value and rejects unsupported types.
   *
   * @throws IllegalArgumentException if the value is not a whole number, text or UUID
   */
  public RecordKey {
    Objects.requireNonNull(value, "record key");
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      value = ((Number) value).longValue();
    }
    if (!(value instanceof Long || value instanceof String || value instanceof UUID)) {
      throw new IllegalArgumentException("a record key must be a whole number, a text or a UUID,"
          + " not " + value.getClass().getSimpleName());
    }
  }

  /**
   * A key.
   *
   * @param value a whole number, text or UUID
   * @return the key
   */
  public static RecordKey of(Object value) {
    return new RecordKey(value);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(RecordKey other) {
    if (value.getClass() != other.value.getClass()) {
      throw new IllegalArgumentException("cannot order keys of types "
          + value.getClass().getSimpleName() + " and " + other.value.getClass().getSimpleName());
    }
    return ((Comparable) value).compareTo(other.value);
  }

  /** Hides the key, which may be personal data. */
  @Override
  public String toString() {
    return "RecordKey[***]";
  }
}
