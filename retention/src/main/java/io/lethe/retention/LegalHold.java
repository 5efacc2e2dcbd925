package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold: while active, it suspends retention maxima for what it covers — one subject's
 * records, a category, a store, or everything under the policy. Held records are reported by plans
 * and sweeps, never silently skipped.
 *
 * @param id the hold's id
 * @param scope what kind of thing it covers
 * @param subject the subject held, for {@link Scope#SUBJECT}
 * @param category the category held (and its descendants), for {@link Scope#CATEGORY}
 * @param store the store held, for {@link Scope#STORE}
 * @param reason why, such as a litigation reference; never personal data
 * @param placedBy who placed it
 * @param placedAt when
 * @param until when it ends by itself; null for until released
 * @param releasedAt when it was released; null while not released
 * @param releasedBy who released it; null while not released
 */
public record LegalHold(
    String id,
    Scope scope,
    SubjectRef subject,
    CategoryKey category,
    String store,
    String reason,
    String placedBy,
    Instant placedAt,
    Instant until,
    Instant releasedAt,
    String releasedBy) {

  /** What a hold covers. */
  public enum Scope {
    /** Every record linked to one subject, in every store. */
    SUBJECT,
    /** Every record of a category or its descendants, in every store. */
    CATEGORY,
    /** Every record of one store. */
    STORE,
    /** Everything the policy governs. */
    POLICY
  }

  /** Checks that the target matches the scope. */
  public LegalHold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(placedBy, "placedBy");
    Objects.requireNonNull(placedAt, "placedAt");
    boolean targetOk =
        switch (scope) {
          case SUBJECT -> subject != null && category == null && store == null;
          case CATEGORY -> category != null && subject == null && store == null;
          case STORE -> store != null && subject == null && category == null;
          case POLICY -> subject == null && category == null && store == null;
        };
    if (!targetOk) {
      throw new IllegalArgumentException("a " + scope + " hold needs exactly its own target");
    }
  }

  /**
   * Tells whether the hold is in force at an instant: placed, not released, not past its end.
   *
   * @param at the instant
   * @return true if active
   */
  public boolean activeAt(Instant at) {
    return !placedAt.isAfter(at)
        && (releasedAt == null || releasedAt.isAfter(at))
        && (until == null || until.isAfter(at));
  }

  /**
   * Tells whether the hold covers every record of a store's category (a category, store or policy
   * hold). Subject holds cover records, not categories.
   *
   * @param storeName the store
   * @param held the category
   * @return true if it covers them all
   */
  public boolean coversAll(String storeName, CategoryKey held) {
    return switch (scope) {
      case SUBJECT -> false;
      case CATEGORY -> held.isWithin(category) || category.isWithin(held);
      case STORE -> store.equals(storeName);
      case POLICY -> true;
    };
  }

  /**
   * Returns this hold released.
   *
   * @param at when
   * @param by who
   * @return the released hold
   */
  public LegalHold releasedAt(Instant at, String by) {
    return new LegalHold(
        id, scope, subject, category, store, reason, placedBy, placedAt, until, at, by);
  }

  /** Shows the hold without the held subject's identifier. */
  @Override
  public String toString() {
    String target =
        switch (scope) {
          case SUBJECT -> subject.toString();
          case CATEGORY -> category.toString();
          case STORE -> store;
          case POLICY -> "policy";
        };
    return "LegalHold[" + id + ", " + scope + " " + target + ", reason=" + reason + "]";
  }
}
