package io.lethe.core.audit;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a caller asks the {@link AuditLog} to record. The log adds the sequence number, the time
 * from its clock, the subject's keyed hash and the hash chain.
 *
 * @param action what happened
 * @param actor who or what did it: a user id, {@code retention-sweeper}, {@code dsar-engine}
 * @param reference the rule id, request id or hold id concerned; may be null
 * @param store the store concerned; may be null
 * @param category the category concerned; may be null
 * @param subject the subject concerned, hashed before it is stored; may be null
 * @param counts named counts, such as {@code requested} and {@code deleted}
 * @param outcome how it ended
 * @param detail a short explanation without personal data; may be null
 */
public record AuditEvent(
    AuditAction action,
    String actor,
    String reference,
    String store,
    CategoryKey category,
    SubjectRef subject,
    Map<String, Long> counts,
    AuditOutcome outcome,
    String detail) {

  /** Rejects a missing action, actor or outcome; sorts the counts. */
  public AuditEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(outcome, "outcome");
    counts = Map.copyOf(new TreeMap<>(counts));
  }

  /**
   * Starts an event.
   *
   * @param action what happened
   * @param actor who did it
   * @return a builder
   */
  public static Builder of(AuditAction action, String actor) {
    return new Builder(action, actor);
  }

  /** Fluent builder for {@link AuditEvent}; the outcome defaults to success. */
  public static final class Builder {
    private final AuditAction action;
    private final String actor;
    private String reference;
    private String store;
    private CategoryKey category;
    private SubjectRef subject;
    private final Map<String, Long> counts = new TreeMap<>();
    private AuditOutcome outcome = AuditOutcome.SUCCESS;
    private String detail;

    private Builder(AuditAction action, String actor) {
      this.action = action;
      this.actor = actor;
    }

    /**
     * @param value the rule, request or hold id @return this builder
     */
    public Builder reference(String value) {
      this.reference = value;
      return this;
    }

    /**
     * @param value the store's name @return this builder
     */
    public Builder store(String value) {
      this.store = value;
      return this;
    }

    /**
     * @param value the category @return this builder
     */
    public Builder category(CategoryKey value) {
      this.category = value;
      return this;
    }

    /**
     * @param value the subject, hashed before it is stored @return this builder
     */
    public Builder subject(SubjectRef value) {
      this.subject = value;
      return this;
    }

    /**
     * @param name what is counted
     * @param value how many
     * @return this builder
     */
    public Builder count(String name, long value) {
      counts.put(name, value);
      return this;
    }

    /**
     * @param value how it ended @return this builder
     */
    public Builder outcome(AuditOutcome value) {
      this.outcome = value;
      return this;
    }

    /**
     * @param value a short explanation without personal data @return this builder
     */
    public Builder detail(String value) {
      this.detail = value;
      return this;
    }

    /**
     * @return the event
     */
    public AuditEvent build() {
      return new AuditEvent(
          action, actor, reference, store, category, subject, counts, outcome, detail);
    }
  }
}
