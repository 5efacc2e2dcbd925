package io.lethe.consent;

import io.lethe.consent.spi.ConsentLedger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A consent ledger in memory, for tests and single-process hosts that keep consent elsewhere too.
 * Safe for use by several threads.
 */
public final class InMemoryConsentLedger implements ConsentLedger {

  private final List<ConsentEvent> events = new ArrayList<>();

  /** For each subject hash, the positions of the events naming it, ascending. */
  private final Map<String, List<Integer>> positions = new HashMap<>();

  /** Creates an empty ledger. */
  public InMemoryConsentLedger() {}

  @Override
  public synchronized List<ConsentEvent> append(List<ConsentEvent> unsealed) {
    Objects.requireNonNull(unsealed, "events");
    List<ConsentEvent> sealed = new ArrayList<>(unsealed.size());
    long sequence = events.size();
    String previous =
        events.isEmpty() ? ConsentEvent.GENESIS : events.get(events.size() - 1).hash();
    for (ConsentEvent event : unsealed) {
      ConsentEvent next = Objects.requireNonNull(event, "event").sealedAt(++sequence, previous);
      sealed.add(next);
      previous = next.hash();
    }
    for (ConsentEvent event : sealed) {
      index(event, events.size());
      events.add(event);
    }
    return List.copyOf(sealed);
  }

  @Override
  public synchronized List<ConsentEvent> events(Collection<String> subjectHashes) {
    TreeSet<Integer> found = new TreeSet<>();
    for (String hash : subjectHashes) {
      found.addAll(positions.getOrDefault(hash, List.of()));
    }
    List<ConsentEvent> result = new ArrayList<>(found.size());
    for (int position : found) {
      result.add(events.get(position));
    }
    return result;
  }

  private void index(ConsentEvent event, int position) {
    positions.computeIfAbsent(event.subject(), k -> new ArrayList<>()).add(position);
    if (event.linked() != null && !event.linked().equals(event.subject())) {
      positions.computeIfAbsent(event.linked(), k -> new ArrayList<>()).add(position);
    }
  }

  @Override
  public synchronized Optional<ConsentEvent> last() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  @Override
  public synchronized Stream<ConsentEvent> readAll() {
    return List.copyOf(events).stream();
  }

  /**
   * Replaces a stored event, as an attacker with write access to the storage could; for tests of
   * tamper detection.
   *
   * @param sequence the event's position, from 1
   * @param replacement what to store instead, kept as given
   */
  public synchronized void tamper(long sequence, ConsentEvent replacement) {
    events.set(Math.toIntExact(sequence - 1), Objects.requireNonNull(replacement));
    positions.clear();
    for (int position = 0; position < events.size(); position++) {
      index(events.get(position), position);
    }
  }
}
