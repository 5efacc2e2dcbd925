package io.lethe.core.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle moments known for one record: when it was collected, when its account closed, when
 * its job completed. An anchor that has not happened yet (the account is still open) is absent.
 *
 * @param times the instant of each anchor that has happened
 */
public record AnchorTimes(Map<Anchor, Instant> times) {

  private static final AnchorTimes NONE = new AnchorTimes(Map.of());

  /** Copies the map, keeping its order, and rejects null keys and values. */
  public AnchorTimes {
    Objects.requireNonNull(times, "times");
    if (times.size() == 1) {
      // most records know one anchor; a one-entry map is ordered and needs no hash table, and
      // unlike Map.of it answers a lookup of null as the other sizes do
      Map.Entry<Anchor, Instant> only = times.entrySet().iterator().next();
      Anchor anchor = Objects.requireNonNull(only.getKey(), "anchor");
      times =
          Collections.singletonMap(
              anchor, Objects.requireNonNull(only.getValue(), () -> "instant of " + anchor));
    } else {
      Map<Anchor, Instant> copy = new LinkedHashMap<>();
      times.forEach(
          (anchor, instant) ->
              copy.put(
                  Objects.requireNonNull(anchor, "anchor"),
                  Objects.requireNonNull(instant, () -> "instant of " + anchor)));
      times = Collections.unmodifiableMap(copy);
    }
  }

  /** {@return times with no anchor known} */
  public static AnchorTimes none() {
    return NONE;
  }

  /**
   * Times of a record collected at an instant.
   *
   * @param collected when it was collected
   * @return the times
   */
  public static AnchorTimes collectedAt(Instant collected) {
    return none().with(Anchor.COLLECTED, collected);
  }

  /**
   * Returns these times plus one more anchor.
   *
   * @param anchor the anchor
   * @param at when it happened
   * @return a copy
   */
  public AnchorTimes with(Anchor anchor, Instant at) {
    Map<Anchor, Instant> copy = new LinkedHashMap<>(times);
    copy.put(anchor, at);
    return new AnchorTimes(copy);
  }

  /**
   * Returns these times plus one more lifecycle event.
   *
   * @param event the event name, such as {@code account.closed}
   * @param at when it happened
   * @return a copy
   */
  public AnchorTimes with(String event, Instant at) {
    return with(Anchor.event(event), at);
  }

  /**
   * Looks up an anchor.
   *
   * @param anchor the anchor
   * @return when it happened, empty if it has not
   */
  public Optional<Instant> get(Anchor anchor) {
    return Optional.ofNullable(times.get(anchor));
  }
}
