package io.lethe.core.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The retention answer for one record: which rule governs it, when it expires, until when a floor
 * protects it, and what happens at expiry. Computed by {@link PrivacyPolicy#timeline}.
 */
public final class RetentionTimeline {

  private final CategoryKey category;
  private final RetentionRule rule;
  private final Instant anchoredAt;
  private final Instant expiresAt;
  private final Instant protectedUntil;

  RetentionTimeline(
      CategoryKey category,
      RetentionRule rule,
      Instant anchoredAt,
      Instant expiresAt,
      Instant protectedUntil) {
    this.category = Objects.requireNonNull(category, "category");
    this.rule = rule;
    this.anchoredAt = anchoredAt;
    this.expiresAt = expiresAt;
    this.protectedUntil = protectedUntil;
  }

  /** {@return the record's category} */
  public CategoryKey category() {
    return category;
  }

  /** {@return the governing rule, empty if none governs the category} */
  public Optional<RetentionRule> rule() {
    return Optional.ofNullable(rule);
  }

  /** {@return when the rule's clock started, empty if its anchor has not happened} */
  public Optional<Instant> anchoredAt() {
    return Optional.ofNullable(anchoredAt);
  }

  /**
   * {@return the instant from which the record must be gone (its action is due), empty when there
   * is no rule, no finite maximum, or the anchor has not happened}
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** {@return the instant until which a floor protects the record, empty if no floor applies} */
  public Optional<Instant> protectedUntil() {
    return Optional.ofNullable(protectedUntil);
  }

  /** {@return what happens at expiry, empty when there is no rule} */
  public Optional<ExpiryAction> action() {
    return rule().map(RetentionRule::action);
  }

  /**
   * Where the record stands at an instant.
   *
   * @param at the instant
   * @return the status
   */
  public RetentionStatus statusAt(Instant at) {
    Objects.requireNonNull(at, "at");
    if (rule == null) {
      return RetentionStatus.NO_RULE;
    }
    if (anchoredAt == null) {
      return RetentionStatus.AWAITING_ANCHOR;
    }
    if (protectedUntil != null && at.isBefore(protectedUntil)) {
      return RetentionStatus.PROTECTED;
    }
    if (expiresAt != null && !at.isBefore(expiresAt)) {
      return RetentionStatus.EXPIRED;
    }
    return RetentionStatus.RETAINED;
  }

  /**
   * Where the record stands now, by the given clock.
   *
   * @param clock the clock to read; inject a fixed or settable one in tests
   * @return the status
   */
  public RetentionStatus statusAt(Clock clock) {
    return statusAt(clock.instant());
  }

  /**
   * Tells whether the rule's action is due at an instant.
   *
   * @param at the instant
   * @return true if expired and not protected
   */
  public boolean isExpiredAt(Instant at) {
    return statusAt(at) == RetentionStatus.EXPIRED;
  }

  /**
   * Tells whether a floor forbids removing the record at an instant.
   *
   * @param at the instant
   * @return true if protected
   */
  public boolean isProtectedAt(Instant at) {
    return statusAt(at) == RetentionStatus.PROTECTED;
  }

  @Override
  public String toString() {
    return "RetentionTimeline[category="
        + category
        + ", rule="
        + (rule == null ? "none" : rule.id())
        + ", expiresAt="
        + expiresAt
        + ", protectedUntil="
        + protectedUntil
        + "]";
  }
}
