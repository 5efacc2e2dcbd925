package io.lethe.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for the model's collections. Nulls inside are kept so that validation can name
 * the element that is missing; a null collection becomes empty.
 */
final class Copies {

  private Copies() {}

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static List<CategoryKey> keys(String... keys) {
    List<CategoryKey> list = new ArrayList<>();
    for (String key : keys) {
      list.add(CategoryKey.of(key));
    }
    return list;
  }
}
