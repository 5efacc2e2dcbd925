package io.lethe.dsar.export;

import io.lethe.core.policy.CategoryKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an export contained: how many records of each record category each store gave.
 *
 * @param records record count per store name, then per record category, in the order found
 * @param identities how many identifiers of the subject were resolved (the subject's own included)
 * @param portability whether this was a portability export (only data the subject provided)
 */
public record ExportSummary(
    Map<String, Map<CategoryKey, Long>> records, int identities, boolean portability) {

  /** Copies the maps, keeping their order. */
  public ExportSummary {
    Map<String, Map<CategoryKey, Long>> copy = new LinkedHashMap<>();
    records.forEach(
        (store, counts) ->
            copy.put(store, Collections.unmodifiableMap(new LinkedHashMap<>(counts))));
    records = Collections.unmodifiableMap(copy);
  }

  /** {@return the number of records exported, over every store} */
  public long total() {
    return records.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /**
   * Looks up one count.
   *
   * @param store the store's name
   * @param category a record category
   * @return how many records of that category the store gave; 0 if none
   */
  public long count(String store, CategoryKey category) {
    return records.getOrDefault(store, Map.of()).getOrDefault(category, 0L);
  }

  /** {@return how many stores gave at least one record} */
  public int storesWithRecords() {
    return (int) records.values().stream().filter(m -> !m.isEmpty()).count();
  }
}
