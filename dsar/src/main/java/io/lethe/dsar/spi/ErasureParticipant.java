package io.lethe.dsar.spi;

import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A part of the host's system, other than its stores, that takes part in erasing a data subject,
 * such as the consent ledger withdrawing every consent. {@link io.lethe.dsar.DsarService} calls
 * each participant before the stores are erased, given every identifier the stores link to the
 * subject, and puts the line it returns on the erasure receipt ({@link
 * io.lethe.core.erasure.ErasureReceipt#participants()}). The request service does not need to know
 * what a participant is: {@code Lethe} adapts the consent engine to this interface, a host may add
 * its own with {@link io.lethe.dsar.DsarService.Builder#erasureParticipant}.
 *
 * <p>A participant says what it did and nothing more ({@link ParticipantErasure}): one that keeps
 * no identifier deletes none and does not claim it did. If it throws, or returns no line, the
 * receipt lists it as failed, the erasure is not complete, the stores are left as they are for that
 * attempt (so that a retry finds every identifier again) and the request stays in progress. Once it
 * has done its part for a request, it is not called again for that request; until then, every
 * attempt calls it, so it must be safe to repeat.
 */
public interface ErasureParticipant {

  /**
   * The participant's name on the receipt, such as {@code consent ledger}; also the name its
   * failure is listed under.
   *
   * @return the name, without personal data
   */
  String name();

  /**
   * Does the participant's part of an erasure.
   *
   * @param erasure the request, the subject and their identifiers
   * @return what it did, as a line of the receipt
   * @throws RuntimeException if it could not; the receipt then lists it as failed, naming the
   *     exception's type only
   */
  ParticipantErasure erase(Erasure erasure);

  /**
   * An erasure a participant takes part in.
   *
   * @param reference the erasure request's id
   * @param subject the identifier in the request
   * @param identities every identifier the stores link to it, the request's first
   * @param at when the erasure runs
   */
  record Erasure(String reference, SubjectRef subject, Set<SubjectRef> identities, Instant at) {
    /** Checks the parts are present and copies the identifiers, keeping their order. */
    public Erasure {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(subject, "subject");
      identities = Collections.unmodifiableSet(new LinkedHashSet<>(identities));
      Objects.requireNonNull(at, "at");
    }
  }
}
