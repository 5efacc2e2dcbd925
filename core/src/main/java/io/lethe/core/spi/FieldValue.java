package io.lethe.core.spi;

import io.lethe.core.policy.CategoryKey;
import java.util.Objects;

/**
 * One field of one record, with its value. {@link #toString()} hides the value.
 *
 * @param name the field's name
 * @param category the category of the value
 * @param value the value as the store holds it; null if empty
 */
public record FieldValue(String name, CategoryKey category, Object value) {

  /** Rejects a null name or category. */
  public FieldValue {
    Objects.requireNonNull(name, "field name");
    Objects.requireNonNull(category, "field category");
  }

  /** Shows the field and its category, never its value. */
  @Override
  public String toString() {
    return name + "(" + category + ")=" + (value == null ? "null" : "***");
  }
}
