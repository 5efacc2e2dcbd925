package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** Corrects a subject's data (GDPR Art. 16) in every store that holds a corrected category. */
final class Rectifier {

  private final PrivacyPolicy policy;
  private final List<AuditedStore> stores;
  private final String actor;

  /**
   * @param policy the policy whose categories may be corrected
   * @param stores the stores to correct
   * @param actor the actor named in audit entries
   */
  Rectifier(PrivacyPolicy policy, List<AuditedStore> stores, String actor) {
    this.policy = policy;
    this.stores = stores;
    this.actor = actor;
  }

  /** {@return the identifier and every identifier the stores link to it} */
  Set<SubjectRef> identitiesOf(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    return SubjectIdentities.resolveOne(
        subject, stores, new AuditContext(AuditAction.RECTIFICATION, actor, null, null, subject));
  }

  /** {@return per store name, how many records got the new values; see the engine's rectify} */
  Map<String, Long> rectify(
      SubjectRef subject, Map<CategoryKey, Object> corrections, String reference) {
    Objects.requireNonNull(corrections, "corrections");
    for (CategoryKey category : corrections.keySet()) {
      if (!policy.taxonomy().contains(category)) {
        throw new IllegalArgumentException(
            "policy '" + policy.id() + "' has no category '" + category + "'");
      }
      if (corrections.get(category) == null) {
        throw new IllegalArgumentException(
            "the correction of category '"
                + category
                + "' is"
                + " null; rectification replaces values (erasure removes them)");
      }
      boolean held =
          stores.stream()
              .anyMatch(
                  s ->
                      s.descriptor().fields().stream()
                          .anyMatch(f -> f.category().equals(category)));
      if (!held) {
        throw new IllegalArgumentException(
            "no store has a field of category '" + category + "' to correct");
      }
    }
    Set<SubjectRef> identities = identitiesOf(subject);
    Map<String, Long> corrected = new LinkedHashMap<>();
    for (AuditedStore store : stores) {
      AuditContext context =
          new AuditContext(
              AuditAction.RECTIFICATION,
              actor,
              reference,
              store.descriptor().recordCategory(),
              subject);
      List<Map.Entry<RecordKey, Map<CategoryKey, Object>>> changes = new ArrayList<>();
      try (Stream<PersonalRecord> records = store.recordsOf(identities, context)) {
        records.forEach(
            record -> {
              Map<CategoryKey, Object> values = new LinkedHashMap<>();
              record
                  .fields()
                  .forEach(
                      f -> {
                        if (corrections.containsKey(f.category())) {
                          values.put(f.category(), corrections.get(f.category()));
                        }
                      });
              if (!values.isEmpty()) {
                changes.add(Map.entry(record.key(), values));
              }
            });
      }
      long count = 0;
      for (Map.Entry<RecordKey, Map<CategoryKey, Object>> change : changes) {
        count += store.rectify(change.getKey(), change.getValue(), context);
      }
      if (count > 0) {
        corrected.put(store.name(), count);
      }
    }
    return corrected;
  }
}
