package io.lethe.core.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.core.internal.Canonical;
import io.lethe.core.internal.HashChain;
import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of the audit trail, as stored. Entries form a hash chain: each holds the hash of the
 * one before it, and its own hash covers every field, so a changed, removed or reordered entry is
 * found by {@link AuditLog#verify()}. Subjects appear only as keyed hashes.
 *
 * @param sequence position in the trail, from 1, without gaps
 * @param at when it was recorded, by the log's clock, to the microsecond
 * @param actor who or what did it
 * @param action what happened
 * @param reference the rule, request or hold id; may be null
 * @param store the store concerned; may be null
 * @param category the category concerned; may be null
 * @param subjectHash the keyed hash of the subject; may be null
 * @param counts named counts
 * @param outcome how it ended
 * @param detail a short explanation without personal data; may be null
 * @param previousHash the hash of the entry before, or 64 zeros for the first
 * @param hash this entry's hash
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
    long sequence,
    Instant at,
    String actor,
    AuditAction action,
    String reference,
    String store,
    CategoryKey category,
    String subjectHash,
    Map<String, Long> counts,
    AuditOutcome outcome,
    String detail,
    String previousHash,
    String hash) {

  /** The previous hash of the first entry. */
  public static final String GENESIS = HashChain.GENESIS;

  /** Sorts the counts; rejects missing required fields. */
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(previousHash, "previousHash");
    counts = counts == null ? Map.of() : Map.copyOf(new TreeMap<>(counts));
  }

  /** {@return the hash this entry's content should have} */
  public String computeHash() {
    Canonical canonical =
        new Canonical()
            .field(Long.toString(sequence))
            .field(at.toString())
            .field(actor)
            .field(action.name())
            .field(reference)
            .field(store)
            .field(category == null ? null : category.value())
            .field(subjectHash);
    new TreeMap<>(counts)
        .forEach((name, value) -> canonical.field(name).field(Long.toString(value)));
    return canonical.field(outcome.name()).field(detail).field(previousHash).sha256();
  }

  /** {@return whether the stored hash matches the content} */
  @JsonIgnore // derived, not stored: written out, it made stored lines unreadable
  public boolean isIntact() {
    return computeHash().equals(hash);
  }
}
