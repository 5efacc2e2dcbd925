package io.lethe.core.spi;

import io.lethe.core.policy.CategoryKey;
import java.util.Objects;

/**
 * A field of a store's records and the data category its values belong to.
 *
 * @param name the field's name, such as a column name
 * @param category the category of its values
 */
public record StoreField(String name, CategoryKey category) {

  /** Rejects nulls. */
  public StoreField {
    Objects.requireNonNull(name, "field name");
    Objects.requireNonNull(category, "field category");
  }

  /**
   * A field.
   *
   * @param name the field's name
   * @param category its category's key
   * @return the field
   */
  public static StoreField of(String name, String category) {
    return new StoreField(name, CategoryKey.of(category));
  }
}
