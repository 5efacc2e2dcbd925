package io.lethe.retention;

import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RetentionTimeline;
import io.lethe.core.policy.Taxonomy;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.AuditedStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what keeps one record of a subject from an erasure, and until when: a legal hold, a
 * minimum retention period, or a legal obligation.
 */
final class Protections {

  private final PrivacyPolicy policy;

  Protections(PrivacyPolicy policy) {
    this.policy = policy;
  }

  /**
   * What keeps a record, if anything: of a hold, floors and legal obligations that apply, the one
   * that lasts longest (an unknown end lasts longest), so the receipt and the restriction never end
   * before the record may go.
   */
  Optional<Protection> of(
      AuditedStore store, PersonalRecord record, Instant at, SubjectEraser.Holds holds) {
    Set<CategoryKey> categories = new LinkedHashSet<>();
    categories.add(record.category());
    record.fields().stream()
        .filter(f -> f.value() != null)
        .map(FieldValue::category)
        .filter(c -> !Taxonomy.isContext(c))
        .forEach(categories::add);
    List<Protection> found = new ArrayList<>();
    hold(store, record, categories, holds).ifPresent(found::add);
    Set<RetentionRule> seen = new LinkedHashSet<>();
    for (CategoryKey category : categories) {
      Optional<RetentionRule> governing = policy.ruleFor(category);
      if (governing.isEmpty() || !seen.add(governing.get())) {
        continue;
      }
      RetentionRule rule = governing.get();
      RetentionTimeline timeline = policy.timeline(category, record.anchors());
      if (rule.minimum() != null) {
        if (timeline.anchoredAt().isEmpty()) {
          found.add(
              new Protection(
                  category,
                  RetainedRecords.Ground.MINIMUM_RETENTION,
                  "kept at least "
                      + rule.minimum()
                      + " from "
                      + rule.anchor()
                      + ", which has not"
                      + " happened yet"
                      + law(rule),
                  rule.id(),
                  null,
                  true));
        } else if (timeline.isProtectedAt(at)) {
          found.add(
              new Protection(
                  category,
                  RetainedRecords.Ground.MINIMUM_RETENTION,
                  "kept at least " + rule.minimum() + " from " + rule.anchor() + law(rule),
                  rule.id(),
                  timeline.protectedUntil().orElseThrow(),
                  true));
        }
      } else if (rule.basis() == LawfulBasis.LEGAL_OBLIGATION) {
        Optional<Instant> expires = timeline.expiresAt();
        if (expires.isEmpty() || at.isBefore(expires.get())) {
          found.add(
              new Protection(
                  category,
                  RetainedRecords.Ground.LEGAL_OBLIGATION,
                  "kept for a legal obligation"
                      + law(rule)
                      + (rule.criteria() == null ? "" : "; " + rule.criteria()),
                  rule.id(),
                  expires.orElse(null),
                  false));
        }
      }
    }
    return found.stream().reduce(Protection::longer);
  }

  private Optional<Protection> hold(
      AuditedStore store,
      PersonalRecord record,
      Set<CategoryKey> categories,
      SubjectEraser.Holds holds) {
    for (LegalHold hold : holds.active()) {
      boolean covers =
          hold.scope() == LegalHold.Scope.SUBJECT
              ? record.subjects().stream()
                  .anyMatch(holds.reach().getOrDefault(hold.id(), Set.of())::contains)
              : categories.stream().anyMatch(c -> hold.coversAll(store.name(), c));
      if (covers) {
        return Optional.of(
            new Protection(
                record.category(),
                RetainedRecords.Ground.LEGAL_HOLD,
                hold.scope().name().toLowerCase(Locale.ROOT) + " hold: " + hold.reason(),
                hold.id(),
                hold.until(),
                true));
      }
    }
    return Optional.empty();
  }

  private static String law(RetentionRule rule) {
    return rule.legalReference() == null ? "" : " (" + rule.legalReference() + ")";
  }
}
