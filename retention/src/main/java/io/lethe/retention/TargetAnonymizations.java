package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.StoreField;
import io.lethe.core.subject.SubjectHasher;
import java.util.LinkedHashMap;
import java.util.Map;

/** Works out how a target changes the records it keeps: which field gets which strategy. */
final class TargetAnonymizations {

  private final PrivacyPolicy policy;
  private final SubjectHasher hasher;

  TargetAnonymizations(PrivacyPolicy policy, SubjectHasher hasher) {
    this.policy = policy;
    this.hasher = hasher;
  }

  /**
   * The rule's strategies for the store's fields that the rule governs. A field whose category has
   * a more specific rule of its own is left to that rule (which may keep it longer, or under a
   * floor), even where one of this rule's broader categories holds it.
   */
  Anonymization ofRule(Target target) {
    Anonymization all = new Anonymization(target.rule().anonymize(), hasher);
    Map<CategoryKey, FieldStrategy> strategies = new LinkedHashMap<>();
    for (StoreField field : target.store().descriptor().fields()) {
      if (policy.ruleFor(field.category()).filter(target.rule()::equals).isPresent()) {
        all.strategyFor(field.category()).ifPresent(s -> strategies.put(field.category(), s));
      }
    }
    return new Anonymization(strategies, hasher);
  }

  /**
   * A field target changes only its fields and never marks the record anonymized, so the record
   * stays due for its own rule.
   */
  Anonymization ofFields(Target target) {
    if (target.rule().action() == ExpiryAction.ANONYMIZE) {
      return ofRule(target).fieldsOnly();
    }
    return new Anonymization(
        Map.of(target.category(), FieldStrategy.of(FieldStrategy.Kind.NULL)), hasher, false);
  }
}
