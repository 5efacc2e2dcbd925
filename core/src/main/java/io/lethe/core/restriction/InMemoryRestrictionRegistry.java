package io.lethe.core.restriction;

import io.lethe.core.spi.RestrictionRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Restrictions in memory, for tests and single-process hosts; lost on restart. */
public final class InMemoryRestrictionRegistry implements RestrictionRegistry {

  private final Map<String, ProcessingRestriction> restrictions = new LinkedHashMap<>();

  @Override
  public synchronized void save(ProcessingRestriction restriction) {
    restrictions.put(restriction.id(), restriction);
  }

  @Override
  public synchronized Optional<ProcessingRestriction> find(String id) {
    return Optional.ofNullable(restrictions.get(id));
  }

  @Override
  public synchronized List<ProcessingRestriction> forSubjects(Collection<String> subjectHashes) {
    List<ProcessingRestriction> found = new ArrayList<>();
    for (ProcessingRestriction restriction : restrictions.values()) {
      if (subjectHashes.stream().anyMatch(restriction.subjects()::contains)) {
        found.add(restriction);
      }
    }
    found.sort(
        Comparator.comparing(ProcessingRestriction::since)
            .thenComparing(ProcessingRestriction::id));
    return found;
  }
}
