package io.lethe.retention.spi;

import io.lethe.retention.LegalHold;
import java.util.List;
import java.util.Optional;

/**
 * Where legal holds are kept. {@link io.lethe.retention.LegalHolds} places, releases and audits
 * them; a registry only stores them. Lethe ships {@link io.lethe.retention.InMemoryHoldRegistry}
 * and {@link io.lethe.retention.JdbcHoldRegistry}.
 */
public interface HoldRegistry {

  /**
   * Stores a hold, replacing one with the same id.
   *
   * @param hold the hold
   */
  void save(LegalHold hold);

  /**
   * Finds a hold.
   *
   * @param id its id
   * @return the hold, empty if unknown
   */
  Optional<LegalHold> find(String id);

  /** {@return every hold, active or not, oldest first} */
  List<LegalHold> all();
}
