package io.lethe.core.spi;

import io.lethe.core.restriction.ProcessingRestriction;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps restrictions, objections and opt-outs. Lethe ships an in-memory and a JDBC registry; a host
 * may keep them elsewhere. Entries are never deleted: lifting saves a lifted copy.
 */
public interface RestrictionRegistry {

  /**
   * Saves a restriction, replacing one with the same id.
   *
   * @param restriction the restriction
   */
  void save(ProcessingRestriction restriction);

  /**
   * Reads one.
   *
   * @param id its id
   * @return it, if known
   */
  Optional<ProcessingRestriction> find(String id);

  /**
   * Every restriction (active or not) naming any of the given subject hashes.
   *
   * @param subjectHashes keyed hashes of a subject's identifiers
   * @return the restrictions, oldest first
   */
  List<ProcessingRestriction> forSubjects(Collection<String> subjectHashes);
}
