package io.lethe.retention;

import io.lethe.retention.spi.CheckpointStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in memory: resumes after an exception, not after the process dies. */
public final class InMemoryCheckpointStore implements CheckpointStore {

  private final Map<String, SweepCheckpoint> checkpoints = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryCheckpointStore() {}

  @Override
  public Optional<SweepCheckpoint> load(String sweepKey) {
    return Optional.ofNullable(checkpoints.get(sweepKey));
  }

  @Override
  public void save(SweepCheckpoint checkpoint) {
    checkpoints.put(checkpoint.sweepKey(), checkpoint);
  }

  @Override
  public void clear(String sweepKey) {
    checkpoints.remove(sweepKey);
  }
}
