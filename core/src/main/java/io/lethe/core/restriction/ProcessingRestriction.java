package io.lethe.core.restriction;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A limit on processing a subject's data that a data subject asked for or an erasure left behind.
 *
 * <p>None of them ever deletes anything or stops storage: a restriction "blocks processing but not
 * storage" (GDPR Art. 18(2)). What each kind blocks is answered by {@link #blocks}:
 *
 * <ul>
 *   <li>{@link Kind#RESTRICTION}: every purpose in scope ({@link #purposes()}, empty for all)
 *       except those named exempt ({@link #exemptPurposes()}: Art. 18(2) lets restricted data be
 *       processed for legal claims or with consent; an erasure that kept records for a legal
 *       obligation exempts the purposes serving it);
 *   <li>{@link Kind#OBJECTION}: the purposes objected to, or with none named every purpose based on
 *       legitimate interests or a public task (Art. 21(1)); an objection to direct marketing is
 *       {@link #absolute()} and blocks every direct-marketing purpose (Art. 21(3));
 *   <li>{@link Kind#OPT_OUT_OF_SALE}: the CCPA opt-out of sale and sharing (Cal. Civ. Code
 *       §1798.120), absolute, blocking the purposes named, every direct-marketing purpose and every
 *       purpose the policy marks for sale, sharing or targeted advertising ({@link
 *       Purpose#optOuts()}).
 * </ul>
 *
 * <p>Subjects are kept only as keyed hashes ({@link io.lethe.core.subject.SubjectHasher}) of every
 * identifier the stores link to them, so the registry holds no personal data.
 *
 * @param id unique id
 * @param kind what was asked for
 * @param subjects keyed hashes of the subject's identifiers; not empty
 * @param categories the categories in scope; empty for all of the subject's data
 * @param purposes the purposes in scope (purpose keys); empty as described per kind
 * @param exemptPurposes purposes a restriction still allows; empty for other kinds
 * @param absolute whether the controller may never overrule it (direct marketing, opt-out)
 * @param reason why, without personal data: the request, the legal reason records were kept
 * @param reference the request or erasure it came from, or null
 * @param placedBy who recorded it
 * @param since when it took effect
 * @param until when it ends by itself, or null while it lasts
 * @param liftedAt when it was lifted, overruled or withdrawn, or null
 * @param liftedBy who lifted it and why, or null
 */
public record ProcessingRestriction(
    String id,
    Kind kind,
    Set<String> subjects,
    Set<CategoryKey> categories,
    Set<String> purposes,
    Set<String> exemptPurposes,
    boolean absolute,
    String reason,
    String reference,
    String placedBy,
    Instant since,
    Instant until,
    Instant liftedAt,
    String liftedBy) {

  /** What a data subject asked for. */
  public enum Kind {
    /** Restriction of processing, GDPR Art. 18. */
    RESTRICTION("Art. 18"),
    /** Objection to processing, GDPR Art. 21. */
    OBJECTION("Art. 21"),
    /** Opt-out of sale and sharing, CCPA/CPRA Cal. Civ. Code §1798.120. */
    OPT_OUT_OF_SALE("CCPA §1798.120");

    private final String article;

    Kind(String article) {
      this.article = article;
    }

    /** {@return the provision it rests on} */
    public String article() {
      return article;
    }
  }

  /** Checks the parts are present and consistent. */
  public ProcessingRestriction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    subjects = Set.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("restriction '" + id + "' names no subject");
    }
    categories = Set.copyOf(categories);
    purposes = Set.copyOf(purposes);
    exemptPurposes = Set.copyOf(exemptPurposes);
    if (kind != Kind.RESTRICTION && !exemptPurposes.isEmpty()) {
      throw new IllegalArgumentException(
          "only a restriction exempts purposes, not an "
              + kind.name().toLowerCase(java.util.Locale.ROOT));
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(placedBy, "placedBy");
    Objects.requireNonNull(since, "since");
    if (until != null && until.isBefore(since)) {
      throw new IllegalArgumentException("restriction '" + id + "' ends before it starts");
    }
  }

  /**
   * Tells whether it is in force.
   *
   * @param at the instant
   * @return true from {@link #since()} until it ends or is lifted
   */
  public boolean activeAt(Instant at) {
    return !at.isBefore(since)
        && (until == null || at.isBefore(until))
        && (liftedAt == null || at.isBefore(liftedAt));
  }

  /**
   * Tells whether it covers a category of data.
   *
   * @param category the category processed
   * @return true if no categories are named or the category is within one of them
   */
  public boolean covers(CategoryKey category) {
    return categories.isEmpty() || categories.stream().anyMatch(category::isWithin);
  }

  /**
   * Tells whether it forbids processing data of a category for a purpose at an instant.
   *
   * @param purpose the purpose
   * @param category the category processed
   * @param at the instant
   * @return true if processing must not happen
   */
  public boolean blocks(Purpose purpose, CategoryKey category, Instant at) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(category, "category");
    if (!activeAt(at) || !covers(category)) {
      return false;
    }
    String key = purpose.key();
    return switch (kind) {
      case RESTRICTION ->
          !exemptPurposes.contains(key) && (purposes.isEmpty() || purposes.contains(key));
      case OBJECTION ->
          purposes.contains(key)
              || (absolute && purpose.directMarketing())
              || (purposes.isEmpty()
                  && (purpose.directMarketing()
                      || purpose.basis() == LawfulBasis.LEGITIMATE_INTERESTS
                      || purpose.basis() == LawfulBasis.PUBLIC_TASK));
      case OPT_OUT_OF_SALE ->
          purposes.contains(key) || purpose.directMarketing() || purpose.honoursOptOutSignals();
    };
  }

  /**
   * Tells whether it forbids disclosing data of a category to a recipient at an instant: an opt-out
   * of sale and sharing forbids every disclosure to a recipient the policy marks {@link
   * Recipient#sale() sale} or {@link Recipient#sharing() sharing}, and to one that serves only
   * purposes the opt-out blocks (direct marketing); a restriction (Art. 18) covering the category
   * forbids disclosure to a recipient unless every purpose the recipient serves is exempt from it
   * (a recipient that lists no purpose is never exempt; this includes recipients that only store
   * the data, such as a hosting provider: storage is allowed, so ask only for disclosures that
   * process it). Objections concern purposes, not recipients, and so does a disclosure to a
   * recipient serving several purposes for one of them: ask {@link #blocks} for the purpose the
   * disclosure serves.
   *
   * @param recipient the recipient, from the policy
   * @param category the category disclosed
   * @param at the instant
   * @return true if the disclosure must not happen
   */
  public boolean blocksDisclosure(Recipient recipient, CategoryKey category, Instant at) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(category, "category");
    if (!activeAt(at) || !covers(category)) {
      return false;
    }
    List<String> serves = recipient.purposes();
    return switch (kind) {
      case OPT_OUT_OF_SALE ->
          recipient.soldOrShared() || (!serves.isEmpty() && purposes.containsAll(serves));
      case RESTRICTION ->
          (serves.isEmpty() || !exemptPurposes.containsAll(serves))
              && (purposes.isEmpty()
                  || serves.isEmpty()
                  || serves.stream().anyMatch(purposes::contains));
      case OBJECTION -> false;
    };
  }

  /**
   * Returns this restriction lifted.
   *
   * @param at when
   * @param by who, and why
   * @return the lifted copy
   */
  public ProcessingRestriction liftedAt(Instant at, String by) {
    return new ProcessingRestriction(
        id,
        kind,
        subjects,
        categories,
        purposes,
        exemptPurposes,
        absolute,
        reason,
        reference,
        placedBy,
        since,
        until,
        at,
        by);
  }

  @Override
  public String toString() {
    return "ProcessingRestriction["
        + id
        + ", "
        + kind
        + ", categories="
        + categories
        + ", purposes="
        + purposes
        + (absolute ? ", absolute" : "")
        + ", since="
        + since
        + (liftedAt == null ? "" : ", lifted=" + liftedAt)
        + "]";
  }
}
