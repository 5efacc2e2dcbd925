package io.lethe.retention.spi;

import io.lethe.retention.SweepCheckpoint;
import java.util.Optional;

/**
 * Where sweeps keep their checkpoints, so that a sweep that dies resumes where it stopped. Lethe
 * ships {@link io.lethe.retention.InMemoryCheckpointStore} and {@link
 * io.lethe.retention.JdbcCheckpointStore}.
 */
public interface CheckpointStore {

  /**
   * Loads a sweep's checkpoint.
   *
   * @param sweepKey the sweep
   * @return its checkpoint, empty if it finished or never ran
   */
  Optional<SweepCheckpoint> load(String sweepKey);

  /**
   * Saves a checkpoint durably before returning.
   *
   * @param checkpoint the checkpoint
   */
  void save(SweepCheckpoint checkpoint);

  /**
   * Removes a finished sweep's checkpoint.
   *
   * @param sweepKey the sweep
   */
  void clear(String sweepKey);
}
