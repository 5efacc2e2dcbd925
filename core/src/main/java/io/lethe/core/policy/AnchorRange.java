package io.lethe.core.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A closed range of anchor instants, {@code [from, to]}; {@code from} may be open-ended.
 *
 * @param from the earliest anchor in the range, inclusive; null for no lower bound
 * @param to the latest anchor in the range, inclusive
 */
public record AnchorRange(Instant from, Instant to) {

  /** Rejects a missing upper bound and an empty range. */
  public AnchorRange {
    Objects.requireNonNull(to, "to");
    if (from != null && from.isAfter(to)) {
      throw new IllegalArgumentException("an anchor range must not end before it starts");
    }
  }

  /**
   * Every anchor up to an instant.
   *
   * @param to the latest anchor, inclusive
   * @return the range
   */
  public static AnchorRange upTo(Instant to) {
    return new AnchorRange(null, to);
  }

  /** {@return the lower bound, empty if the range is open-ended} */
  public Optional<Instant> lowerBound() {
    return Optional.ofNullable(from);
  }

  /**
   * Tells whether an anchor lies in the range.
   *
   * @param anchor the anchor
   * @return true if inside
   */
  public boolean contains(Instant anchor) {
    return (from == null || !anchor.isBefore(from)) && !anchor.isAfter(to);
  }
}
