package io.lethe.retention;

import io.lethe.core.store.AuditedStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which an erasure changes stores: a store whose records refer to another store's
 * records ({@link io.lethe.core.spi.PersonalDataStore#refersTo}) before that store, so that the
 * outcome does not depend on the order the host registered its stores in; otherwise, and within a
 * cycle of references, the registration order.
 */
final class StoreOrder {

  private StoreOrder() {}

  /**
   * Orders stores so that every store comes before the stores its records refer to.
   *
   * @param stores the stores in registration order
   * @return the same stores, referrers first
   */
  static List<AuditedStore> referrersFirst(List<AuditedStore> stores) {
    List<AuditedStore> left = new ArrayList<>(stores);
    List<AuditedStore> ordered = new ArrayList<>(stores.size());
    while (!left.isEmpty()) {
      AuditedStore next =
          left.stream()
              .filter(
                  candidate ->
                      left.stream()
                          .noneMatch(
                              other ->
                                  other != candidate
                                      && other.unwrap().refersTo(candidate.unwrap())))
              .findFirst()
              .orElse(left.get(0)); // a cycle: registration order
      ordered.add(next);
      left.remove(next);
    }
    return ordered;
  }
}
