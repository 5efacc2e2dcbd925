package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.List;

/**
 * What a sweep would do to one category in one store.
 *
 * @param store the store
 * @param category the category: the store's record category or one of its field categories
 * @param rule the governing rule's id
 * @param action what happens to due records, spelled as policy files spell actions: {@code delete},
 *     {@code anonymize}, {@code aggregate_then_delete}; or, for a field category, {@code
 *     clear_fields} (its rule deletes) or {@code anonymize_fields}
 * @param cutoff records anchored at or before this are due; null when nothing can expire
 * @param due how many records would be processed
 * @param heldByHold how many expired records a legal hold keeps
 * @param protectedByFloor how many expired records a minimum period still protects
 * @param holds the reasons of the holds that keep records, one per hold
 * @param note why nothing can expire here, if so: no maximum, indefinite
 */
public record PlanLine(
    String store,
    CategoryKey category,
    String rule,
    String action,
    Instant cutoff,
    long due,
    long heldByHold,
    long protectedByFloor,
    List<String> holds,
    String note) {

  /** Copies the list. */
  public PlanLine {
    holds = List.copyOf(holds);
  }
}
