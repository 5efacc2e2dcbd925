package io.lethe.retention;

import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.policy.CategoryKey;
import java.time.Instant;

/**
 * Why one record of a subject is kept from an erasure.
 *
 * @param category the category kept
 * @param ground the ground it is kept on
 * @param reason the reason, as the receipt words it
 * @param source the rule, hold or store the ground comes from
 * @param until when the protection ends; null if that is not known
 * @param deferred whether a sweep erases the record once the protection ends
 */
record Protection(
    CategoryKey category,
    RetainedRecords.Ground ground,
    String reason,
    String source,
    Instant until,
    boolean deferred) {

  /** {@return what records kept alike are counted under} */
  String key() {
    return category + "|" + ground + "|" + source;
  }

  /** A store that cannot list its subjects cannot have its erasure finished later. */
  Protection notDeferred() {
    return new Protection(
        category,
        ground,
        reason
            + "; the store cannot list its subjects, so"
            + " Lethe cannot finish this erasure by itself",
        source,
        until,
        false);
  }

  /** The protection that ends later; an unknown end is latest; on a tie the first. */
  static Protection longer(Protection a, Protection b) {
    if (a.until() == null) {
      return a;
    }
    return b.until() == null || b.until().isAfter(a.until()) ? b : a;
  }
}
