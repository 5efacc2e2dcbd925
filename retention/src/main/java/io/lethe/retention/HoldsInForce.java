package io.lethe.retention;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the legal holds in force at an instant, and whom they reach in the stores. */
final class HoldsInForce {

  private final LegalHolds holds;
  private final List<AuditedStore> stores;
  private final String actor;

  /**
   * @param holds the holds service; null when nothing is ever held
   * @param stores the stores a held subject's identifiers are looked up in
   * @param actor the actor named in audit entries
   */
  HoldsInForce(LegalHolds holds, List<AuditedStore> stores, String actor) {
    this.holds = holds;
    this.stores = stores;
    this.actor = actor;
  }

  /** {@return the holds active at an instant} */
  List<LegalHold> activeAt(Instant at) {
    return holds == null ? List.of() : holds.activeAt(at);
  }

  /** {@return the first of the active holds that keeps all of a target's records, if any} */
  static Optional<LegalHold> blanket(List<LegalHold> active, Target target) {
    return active.stream()
        .filter(h -> h.coversAll(target.store().name(), target.category()))
        .findFirst();
  }

  /** {@return every identifier the stores link to a subject the active holds keep} */
  Set<SubjectRef> heldIdentities(List<LegalHold> active) {
    List<SubjectRef> subjects =
        active.stream()
            .filter(h -> h.scope() == LegalHold.Scope.SUBJECT)
            .map(LegalHold::subject)
            .toList();
    AuditContext context =
        new AuditContext(AuditAction.SWEEP_BATCH, actor, "legal-holds", null, null);
    return SubjectIdentities.resolve(subjects, stores, context);
  }

  /** {@return the active holds with the identifiers each subject hold reaches, for an erasure} */
  SubjectEraser.Holds forErasure(List<LegalHold> active) {
    Map<String, Set<SubjectRef>> reach = new LinkedHashMap<>();
    AuditContext context = new AuditContext(AuditAction.ERASURE, actor, "legal-holds", null, null);
    for (LegalHold hold : active) {
      if (hold.scope() == LegalHold.Scope.SUBJECT) {
        reach.put(hold.id(), SubjectIdentities.resolve(List.of(hold.subject()), stores, context));
      }
    }
    return new SubjectEraser.Holds(active, reach);
  }
}
