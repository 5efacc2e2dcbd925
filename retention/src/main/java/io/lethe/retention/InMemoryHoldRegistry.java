package io.lethe.retention;

import io.lethe.retention.spi.HoldRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Holds in memory, for tests and single-instance hosts that keep holds elsewhere too. */
public final class InMemoryHoldRegistry implements HoldRegistry {

  private final Map<String, LegalHold> holds = new LinkedHashMap<>();

  /** Creates an empty registry. */
  public InMemoryHoldRegistry() {}

  @Override
  public synchronized void save(LegalHold hold) {
    holds.put(hold.id(), hold);
  }

  @Override
  public synchronized Optional<LegalHold> find(String id) {
    return Optional.ofNullable(holds.get(id));
  }

  @Override
  public synchronized List<LegalHold> all() {
    return new ArrayList<>(holds.values());
  }
}
