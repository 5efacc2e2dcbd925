package io.lethe.retention;

import io.lethe.core.policy.CategoryKey;

/**
 * Progress of a sweep through one store and category, for a progress bar.
 *
 * @param store the store
 * @param category the category being swept
 * @param rule the rule that expired it
 * @param done records processed so far in this store and category
 * @param total records due when this store and category began (counted only when a listener is
 *     set), at least {@code done}
 */
public record SweepProgress(
    String store, CategoryKey category, String rule, long done, long total) {}
