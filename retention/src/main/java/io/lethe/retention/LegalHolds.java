package io.lethe.retention;

import io.lethe.core.LetheException;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.spi.HoldRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Places and releases legal holds, auditing each, and answers which holds are in force. Every
 * deletion path (sweeps now, erasure later) asks this service before it deletes.
 */
public final class LegalHolds {

  private final HoldRegistry registry;
  private final AuditLog audit;
  private final Clock clock;

  private LegalHolds(HoldRegistry registry, AuditLog audit, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The holds service.
   *
   * @param registry where holds are kept
   * @param audit where placing and releasing is recorded
   * @param clock the time of placing and releasing, and of "active now"
   * @return the service
   */
  public static LegalHolds create(HoldRegistry registry, AuditLog audit, Clock clock) {
    return new LegalHolds(registry, audit, clock);
  }

  /**
   * Holds every record of a subject.
   *
   * @param subject one identifier of the subject; sweeps resolve the others
   * @param reason why, without personal data
   * @param placedBy who
   * @param until when it ends by itself, or null
   * @return the hold
   */
  public LegalHold holdSubject(SubjectRef subject, String reason, String placedBy, Instant until) {
    return place(
        new LegalHold(
            newId(),
            LegalHold.Scope.SUBJECT,
            subject,
            null,
            null,
            reason,
            placedBy,
            clock.instant(),
            until,
            null,
            null));
  }

  /**
   * Holds every record of a category and its descendants.
   *
   * @param category the category
   * @param reason why
   * @param placedBy who
   * @param until when it ends by itself, or null
   * @return the hold
   */
  public LegalHold holdCategory(
      CategoryKey category, String reason, String placedBy, Instant until) {
    return place(
        new LegalHold(
            newId(),
            LegalHold.Scope.CATEGORY,
            null,
            category,
            null,
            reason,
            placedBy,
            clock.instant(),
            until,
            null,
            null));
  }

  /**
   * Holds every record of a store.
   *
   * @param store the store's name
   * @param reason why
   * @param placedBy who
   * @param until when it ends by itself, or null
   * @return the hold
   */
  public LegalHold holdStore(String store, String reason, String placedBy, Instant until) {
    return place(
        new LegalHold(
            newId(),
            LegalHold.Scope.STORE,
            null,
            null,
            store,
            reason,
            placedBy,
            clock.instant(),
            until,
            null,
            null));
  }

  /**
   * Holds everything the policy governs.
   *
   * @param reason why
   * @param placedBy who
   * @param until when it ends by itself, or null
   * @return the hold
   */
  public LegalHold holdEverything(String reason, String placedBy, Instant until) {
    return place(
        new LegalHold(
            newId(),
            LegalHold.Scope.POLICY,
            null,
            null,
            null,
            reason,
            placedBy,
            clock.instant(),
            until,
            null,
            null));
  }

  private LegalHold place(LegalHold hold) {
    registry.save(hold);
    audit.append(
        AuditEvent.of(AuditAction.HOLD_PLACED, hold.placedBy())
            .reference(hold.id())
            .store(hold.store())
            .category(hold.category())
            .subject(hold.subject())
            .detail(hold.scope() + " hold: " + hold.reason())
            .build());
    return hold;
  }

  /**
   * Releases a hold; the next sweep deletes what it protected if it has expired.
   *
   * @param id the hold's id
   * @param releasedBy who
   * @return the released hold
   * @throws LetheException if there is no such hold
   */
  public LegalHold release(String id, String releasedBy) {
    LegalHold hold =
        registry
            .find(id)
            .orElseThrow(() -> new LetheException("No legal hold with id '" + id + "'"));
    if (hold.releasedAt() != null) {
      return hold;
    }
    LegalHold released = hold.releasedAt(clock.instant(), releasedBy);
    registry.save(released);
    audit.append(
        AuditEvent.of(AuditAction.HOLD_RELEASED, releasedBy)
            .reference(id)
            .store(hold.store())
            .category(hold.category())
            .subject(hold.subject())
            .detail(hold.scope() + " hold released")
            .build());
    return released;
  }

  /**
   * The holds in force at an instant.
   *
   * @param at the instant
   * @return the active holds
   */
  public List<LegalHold> activeAt(Instant at) {
    return registry.all().stream().filter(h -> h.activeAt(at)).toList();
  }

  /** {@return every hold ever placed, oldest first} */
  public List<LegalHold> all() {
    return registry.all();
  }

  private static String newId() {
    return "hold-" + UUID.randomUUID();
  }
}
