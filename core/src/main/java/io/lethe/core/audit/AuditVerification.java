package io.lethe.core.audit;

import java.util.Optional;

/**
 * The result of checking an audit trail's hash chain.
 *
 * @param intact whether every entry is unchanged, present and in order
 * @param entriesChecked how many entries were read
 * @param brokenAt the sequence number (or, for an entry out of place, the position) where the first
 *     problem was found; 0 if intact
 * @param problem what is wrong there, empty if intact
 */
public record AuditVerification(
    boolean intact, long entriesChecked, long brokenAt, Optional<String> problem) {

  static AuditVerification ok(long checked) {
    return new AuditVerification(true, checked, 0, Optional.empty());
  }

  static AuditVerification broken(long checked, long at, String problem) {
    return new AuditVerification(false, checked, at, Optional.of(problem));
  }
}
