package io.lethe.core.spi;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a store for one page of the keys of expired records: records holding {@code category} whose
 * {@code anchor} happened at or before {@code cutoff} (and not before {@code notBefore}), not
 * linked to any excluded subject, with keys greater than {@code after}, in ascending key order, at
 * most {@code limit} of them. Records whose anchor has not happened are never expired. When {@code
 * excludeAnonymized} is set (the query feeds an anonymization), records already anonymized are not
 * returned again.
 *
 * @param category the category that expired: the store's record category or a field category
 * @param anchor the anchor the rule counts from
 * @param cutoff the latest anchor instant that is expired
 * @param excludedSubjects subjects under a legal hold, whose records must not be returned
 * @param after the last key of the previous page; null for the first page
 * @param limit the most keys to return, at least 1
 * @param excludeAnonymized whether to skip records that were anonymized already
 * @param notBefore the earliest anchor that is expired, inclusive; null for none (calendar periods
 *     can expire a few anchors after the main cutoff, see {@link
 *     io.lethe.core.policy.RetentionPeriod#expiredAnchorRanges})
 * @param stillHolding when not empty, only records where a field of one of these categories still
 *     holds a value (not null): an anonymization that only clears fields then finds each record
 *     once, with no column marking anonymized records
 */
public record ExpiryQuery(
    CategoryKey category,
    Anchor anchor,
    Instant cutoff,
    Set<SubjectRef> excludedSubjects,
    RecordKey after,
    int limit,
    boolean excludeAnonymized,
    Instant notBefore,
    Set<CategoryKey> stillHolding) {

  /** Rejects nulls and a limit below 1; copies the set. */
  public ExpiryQuery {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(cutoff, "cutoff");
    excludedSubjects = Set.copyOf(excludedSubjects);
    stillHolding = stillHolding == null ? Set.of() : Set.copyOf(stillHolding);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (notBefore != null && notBefore.isAfter(cutoff)) {
      throw new IllegalArgumentException("notBefore must not be after the cutoff");
    }
  }

  /**
   * A query without a lower bound on the anchor.
   *
   * @param category the expired category
   * @param anchor the rule's anchor
   * @param cutoff the latest expired anchor instant
   * @param excludedSubjects subjects under hold
   * @param after the page start, or null
   * @param limit the page size
   * @param excludeAnonymized whether to skip anonymized records
   */
  public ExpiryQuery(
      CategoryKey category,
      Anchor anchor,
      Instant cutoff,
      Set<SubjectRef> excludedSubjects,
      RecordKey after,
      int limit,
      boolean excludeAnonymized) {
    this(
        category,
        anchor,
        cutoff,
        excludedSubjects,
        after,
        limit,
        excludeAnonymized,
        null,
        Set.of());
  }

  /**
   * A query over anchors from {@code notBefore} to {@code cutoff}, of any record.
   *
   * @param category the category that expired
   * @param anchor the anchor the rule counts from
   * @param cutoff the latest anchor instant that is expired
   * @param excludedSubjects subjects whose records must not be returned
   * @param after the last key of the previous page; null for the first page
   * @param limit the most keys to return
   * @param excludeAnonymized whether to skip records that were anonymized already
   * @param notBefore the earliest anchor that is expired; null for none
   */
  public ExpiryQuery(
      CategoryKey category,
      Anchor anchor,
      Instant cutoff,
      Set<SubjectRef> excludedSubjects,
      RecordKey after,
      int limit,
      boolean excludeAnonymized,
      Instant notBefore) {
    this(
        category,
        anchor,
        cutoff,
        excludedSubjects,
        after,
        limit,
        excludeAnonymized,
        notBefore,
        Set.of());
  }

  /**
   * The same query, of the records where a field of one of the categories still holds a value.
   *
   * @param categories the field categories an anonymization clears
   * @return the narrowed query
   */
  public ExpiryQuery stillHolding(Set<CategoryKey> categories) {
    return new ExpiryQuery(
        category,
        anchor,
        cutoff,
        excludedSubjects,
        after,
        limit,
        excludeAnonymized,
        notBefore,
        categories);
  }

  /**
   * The same query over a range of anchors.
   *
   * @param range the anchors that expired
   * @return the query with that range's bounds
   */
  public ExpiryQuery within(io.lethe.core.policy.AnchorRange range) {
    return new ExpiryQuery(
        category,
        anchor,
        range.to(),
        excludedSubjects,
        after,
        limit,
        excludeAnonymized,
        range.from(),
        stillHolding);
  }

  /**
   * The first page, excluding nobody.
   *
   * @param category the expired category
   * @param anchor the rule's anchor
   * @param cutoff the latest expired anchor instant
   * @param limit the page size
   * @return the query
   */
  public static ExpiryQuery firstPage(
      CategoryKey category, Anchor anchor, Instant cutoff, int limit) {
    return new ExpiryQuery(category, anchor, cutoff, Set.of(), null, limit, false);
  }

  /** {@return the key to continue after, empty for the first page} */
  public Optional<RecordKey> afterKey() {
    return Optional.ofNullable(after);
  }

  /**
   * The same query for the page after the given key.
   *
   * @param lastKey the last key of the current page
   * @return the next page's query
   */
  public ExpiryQuery next(RecordKey lastKey) {
    return new ExpiryQuery(
        category,
        anchor,
        cutoff,
        excludedSubjects,
        lastKey,
        limit,
        excludeAnonymized,
        notBefore,
        stillHolding);
  }

  /**
   * The same query without the given subjects' records.
   *
   * @param subjects subjects under hold
   * @return the narrowed query
   */
  public ExpiryQuery excluding(Set<SubjectRef> subjects) {
    return new ExpiryQuery(
        category,
        anchor,
        cutoff,
        subjects,
        after,
        limit,
        excludeAnonymized,
        notBefore,
        stillHolding);
  }

  /**
   * The same query, skipping records already anonymized: for an anonymizing rule, so that a record
   * is anonymized once.
   *
   * @return the narrowed query
   */
  public ExpiryQuery withoutAnonymized() {
    return new ExpiryQuery(
        category, anchor, cutoff, excludedSubjects, after, limit, true, notBefore, stillHolding);
  }

  /**
   * The same query from the first page, for counting.
   *
   * @return the query without a page start
   */
  public ExpiryQuery fromStart() {
    return new ExpiryQuery(
        category,
        anchor,
        cutoff,
        excludedSubjects,
        null,
        limit,
        excludeAnonymized,
        notBefore,
        stillHolding);
  }
}
