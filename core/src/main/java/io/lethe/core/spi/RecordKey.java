package io.lethe.core.spi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The key of one record inside one store: a number, a text or a UUID, as the store's key column
 * holds it, or several values, in column order, for a table keyed by several columns (an order item
 * keyed by its order and its line number; a visit by its account and its time).
 *
 * <p>A key may itself be personal data (a table keyed by email address), so {@link #toString()}
 * hides it. Keys of one shape are ordered, which is the order stores page through records in: a
 * composite key compares part by part, as SQL's row values do.
 *
 * @param value a {@link Long}, {@link String} or {@link UUID} (integers are widened to Long), or a
 *     {@link BigDecimal}, {@link LocalDate}, {@link LocalDateTime} or {@link OffsetDateTime} for a
 *     key column of those types. For a composite key, an unmodifiable {@link List} of two or more
 *     such parts, in the order of the key's columns (see {@link #parts()})
 */
public record RecordKey(Object value) implements Comparable<RecordKey> {

  /**
   * Normalizes the value and rejects unsupported types.
   *
   * @throws IllegalArgumentException if the value is not one of the types above, or a list of at
   *     least two of them
   */
  public RecordKey {
    Objects.requireNonNull(value, "record key");
    if (value instanceof List<?> list) {
      if (list.size() < 2) {
        throw new IllegalArgumentException(
            "a composite record key needs at least two parts, not " + list.size());
      }
      List<Object> parts = new ArrayList<>(list.size());
      for (Object part : list) {
        parts.add(part(part));
      }
      value = Collections.unmodifiableList(parts);
    } else {
      value = part(value);
    }
  }

  private static Object part(Object value) {
    Objects.requireNonNull(value, "a part of a record key");
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (!(value instanceof Long
        || value instanceof String
        || value instanceof UUID
        || value instanceof BigDecimal
        || value instanceof LocalDate
        || value instanceof LocalDateTime
        || value instanceof OffsetDateTime)) {
      throw new IllegalArgumentException(
          "a record key must be a whole number, a text, a UUID, a"
              + " decimal, a date or a timestamp, not "
              + value.getClass().getSimpleName());
    }
    return value;
  }

  /**
   * A key.
   *
   * @param value a whole number, text, UUID, decimal, date or timestamp
   * @return the key
   */
  public static RecordKey of(Object value) {
    return new RecordKey(value);
  }

  /**
   * A key of a table keyed by several columns.
   *
   * @param parts the value of each key column, in the order the store declares its key columns; at
   *     least two, each a whole number, text or UUID
   * @return the key
   * @throws IllegalArgumentException if there are fewer than two parts or one is of another type
   */
  public static RecordKey composite(List<?> parts) {
    return new RecordKey(List.copyOf(parts));
  }

  /** {@return true if the key has several parts} */
  public boolean isComposite() {
    return value instanceof List<?>;
  }

  /** {@return the key's parts in column order: one for a key of one column} */
  public List<Object> parts() {
    @SuppressWarnings("unchecked")
    List<Object> parts = value instanceof List<?> ? (List<Object>) value : List.of(value);
    return parts;
  }

  /**
   * Orders keys of one shape; composite keys part by part.
   *
   * @throws IllegalArgumentException if the keys are of different types or numbers of parts
   */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(RecordKey other) {
    List<Object> mine = parts();
    List<Object> theirs = other.parts();
    if (mine.size() != theirs.size()) {
      throw new IllegalArgumentException(
          "cannot order keys of " + mine.size() + " and " + theirs.size() + " parts");
    }
    for (int i = 0; i < mine.size(); i++) {
      Object a = mine.get(i);
      Object b = theirs.get(i);
      if (a.getClass() != b.getClass()) {
        throw new IllegalArgumentException(
            "cannot order keys of types "
                + a.getClass().getSimpleName()
                + " and "
                + b.getClass().getSimpleName());
      }
      int order = ((Comparable) a).compareTo(b);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /** Hides the key, which may be personal data. */
  @Override
  public String toString() {
    return "RecordKey[***]";
  }
}
