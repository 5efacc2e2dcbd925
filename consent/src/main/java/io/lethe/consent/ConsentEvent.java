package io.lethe.consent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.core.internal.Canonical;
import io.lethe.core.internal.HashChain;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of the consent ledger, as stored. The ledger is append-only and, like the audit trail,
 * a hash chain: each event holds the hash of the one before it and its own hash covers every field,
 * so a changed, removed or reordered event is found by {@link ConsentEngine#verify()}.
 *
 * <p>Subjects appear only as keyed hashes (HMAC-SHA-256 under the host's secret) with the type of
 * identifier they were given as; the ledger holds no identifier itself. Three kinds of events share
 * the chain:
 *
 * <ul>
 *   <li>{@link Kind#CHOICE}: a consent status for one purpose, with the notice version shown;
 *   <li>{@link Kind#SIGNAL}: an opt-out preference signal honoured for the subject;
 *   <li>{@link Kind#LINK}: the subject's identifier linked to another, such as a visitor's cookie
 *       id to the account it signed up for; choices and signals of either apply to both.
 * </ul>
 *
 * @param sequence position in the ledger, from 1, without gaps
 * @param id unique id, quoted as evidence by decisions and receipts
 * @param at when it was recorded, by the engine's clock, to the microsecond
 * @param kind what kind of event it is
 * @param subject the keyed hash of the subject's identifier
 * @param subjectType the type of that identifier
 * @param purpose the purpose's key, for a choice; null otherwise
 * @param noticeId the consent notice shown, or null
 * @param noticeVersion the version of the notice shown, or null
 * @param noticeHash the content hash of the notice version shown, or null
 * @param status the consent status, for a choice; null otherwise
 * @param method how it came about
 * @param expressedBy who expressed it
 * @param jurisdiction the legal regime it was given under, or null
 * @param expires when it ends by itself, or null
 * @param proof a reference to where the host keeps its proof (a form submission id, the id of a
 *     signed email), never personal data itself; may be null
 * @param acknowledgesSignal for a choice, whether the subject gave it knowing that it conflicts
 *     with an opt-out preference signal they send (CCPA regulations §7025(c)(3), Colorado rule
 *     5.09); a consent so given wins over the signal
 * @param signal for a signal, which one ({@link OptOutSignal#key()}); null otherwise
 * @param linked for a link, the keyed hash of the other identifier; null otherwise
 * @param linkedType for a link, the type of the other identifier; null otherwise
 * @param previousHash the hash of the event before, or 64 zeros for the first
 * @param hash this event's hash
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentEvent(
    long sequence,
    String id,
    Instant at,
    Kind kind,
    String subject,
    IdentifierType subjectType,
    String purpose,
    String noticeId,
    String noticeVersion,
    String noticeHash,
    ConsentStatus status,
    ConsentMethod method,
    ExpressedBy expressedBy,
    Jurisdiction jurisdiction,
    Instant expires,
    String proof,
    boolean acknowledgesSignal,
    String signal,
    String linked,
    IdentifierType linkedType,
    String previousHash,
    String hash) {

  /** The previous hash of the first event. */
  public static final String GENESIS = HashChain.GENESIS;

  /** What kind of event it is. */
  public enum Kind {
    /** A consent status for one purpose. */
    CHOICE,
    /** An opt-out preference signal honoured. */
    SIGNAL,
    /** Two identifiers of one subject linked. */
    LINK
  }

  /** Rejects events missing what their kind needs. */
  public ConsentEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subjectType, "subjectType");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(expressedBy, "expressedBy");
    Objects.requireNonNull(previousHash, "previousHash");
    switch (kind) {
      case CHOICE -> {
        Objects.requireNonNull(purpose, "a choice needs a purpose");
        Objects.requireNonNull(status, "a choice needs a status");
      }
      case SIGNAL -> Objects.requireNonNull(signal, "a signal event needs its signal");
      case LINK -> {
        Objects.requireNonNull(linked, "a link needs the linked identifier's hash");
        Objects.requireNonNull(linkedType, "a link needs the linked identifier's type");
      }
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  /**
   * This event placed in the chain: at a position, after an event's hash, and sealed with its own
   * hash.
   *
   * @param position its sequence number
   * @param previous the hash of the event before it
   * @return the sealed event
   */
  public ConsentEvent sealedAt(long position, String previous) {
    ConsentEvent unsealed =
        new ConsentEvent(
            position,
            id,
            at,
            kind,
            subject,
            subjectType,
            purpose,
            noticeId,
            noticeVersion,
            noticeHash,
            status,
            method,
            expressedBy,
            jurisdiction,
            expires,
            proof,
            acknowledgesSignal,
            signal,
            linked,
            linkedType,
            previous,
            "");
    return new ConsentEvent(
        position,
        id,
        at,
        kind,
        subject,
        subjectType,
        purpose,
        noticeId,
        noticeVersion,
        noticeHash,
        status,
        method,
        expressedBy,
        jurisdiction,
        expires,
        proof,
        acknowledgesSignal,
        signal,
        linked,
        linkedType,
        previous,
        unsealed.computeHash());
  }

  /** {@return the hash this event's content should have} */
  public String computeHash() {
    return new Canonical()
        .field(Long.toString(sequence))
        .field(id)
        .field(at)
        .field(kind)
        .field(subject)
        .field(subjectType)
        .field(purpose)
        .field(noticeId)
        .field(noticeVersion)
        .field(noticeHash)
        .field(status)
        .field(method)
        .field(expressedBy)
        .field(jurisdiction)
        .field(expires)
        .field(proof)
        .field(Boolean.toString(acknowledgesSignal))
        .field(signal)
        .field(linked)
        .field(linkedType)
        .field(previousHash)
        .sha256();
  }

  /** {@return whether the stored hash matches the content} */
  @JsonIgnore
  public boolean isIntact() {
    return computeHash().equals(hash);
  }

  /**
   * Tells whether the event names a subject hash, as its subject or, for a link, as the linked
   * identifier.
   *
   * @param subjectHash a keyed hash
   * @return true if it names it
   */
  public boolean names(String subjectHash) {
    return subject.equals(subjectHash) || subjectHash.equals(linked);
  }
}
