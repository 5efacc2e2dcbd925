package io.lethe.core.store;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import java.util.Objects;

/**
 * Why a store is being changed, for the audit entry that records it.
 *
 * @param action what is being done: a sweep batch, an erasure, a rectification
 * @param actor who or what does it
 * @param reference the rule or request id; may be null
 * @param category the category concerned; may be null
 * @param subject the subject concerned; may be null (a sweep batch spans subjects)
 */
public record AuditContext(
    AuditAction action, String actor, String reference, CategoryKey category, SubjectRef subject) {

  /** Rejects a missing action or actor. */
  public AuditContext {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
  }
}
