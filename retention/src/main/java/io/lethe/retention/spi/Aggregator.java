package io.lethe.retention.spi;

import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalRecord;
import java.util.List;

/**
 * A host hook that summarizes expiring records before an {@code aggregate_then_delete} rule deletes
 * them, such as VZGen's "Hot Zones" block statistics built from expiring job history. The batch is
 * deleted only after this returns; if it throws, nothing is deleted and the sweep stops with the
 * batch reported.
 */
@FunctionalInterface
public interface Aggregator {

  /**
   * Folds one batch of expiring records into the host's aggregate data.
   *
   * @param rule the rule that expired them
   * @param store the store they come from
   * @param records the records, with their values
   */
  void aggregate(RetentionRule rule, String store, List<PersonalRecord> records);
}
