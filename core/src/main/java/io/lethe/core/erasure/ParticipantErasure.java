package io.lethe.core.erasure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an erasure did outside the host's stores, in a part of the host's system that keeps
 * something of the subject and takes part in the erasure, such as the consent ledger: {@code
 * consent ledger: 2 consents withdrawn; 7 events kept as keyed hashes only, as proof of consent
 * (GDPR Art. 7(1))}.
 *
 * <p>A line tells what was done as counts ({@link Count}) and nothing more: a participant that
 * holds no identifier deletes none, and its line does not say it did.
 *
 * @param participant what took part, such as {@code consent ledger}; no personal data
 * @param status the outcome
 * @param counts what was done and kept, in the order to tell it; after several attempts, {@link
 *     Action#WITHDRAWN withdrawn} and {@link Action#DELETED deleted} by every attempt so far, and
 *     {@link Action#KEPT kept} as the latest attempt found it
 * @param failure what went wrong, without personal data; null unless {@link Status#FAILED}
 */
public record ParticipantErasure(
    String participant, Status status, List<Count> counts, String failure) {

  /** The outcome in one participant. */
  public enum Status {
    /** The participant holds nothing of the subject and did nothing. */
    NOTHING_FOUND,
    /** The participant did its part; the counts say what that was. */
    DONE,
    /** The participant could not do its part; the erasure is not complete. */
    FAILED
  }

  /** What a count counts. */
  public enum Action {
    /** Permissions the subject had given, ended, such as consents withdrawn. */
    WITHDRAWN,
    /** Entries removed. */
    DELETED,
    /** Entries kept, with how and why ({@link Count#manner()}). */
    KEPT;

    /** {@return the verb a line uses: withdrawn, deleted, kept} */
    public String verb() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One count of a participant's line.
   *
   * @param action what was done
   * @param count how many; 0 to say that none were
   * @param unit what is counted, in the singular: {@code consent}, {@code event}; the text adds an
   *     {@code s} for any count but one, so pick a unit whose plural does (a record, not an entry)
   * @param manner how and why, for what was kept: {@code as keyed hashes only, as proof of
   *     consent}; null if there is nothing to add
   * @param legalReference the provision behind it, such as {@code GDPR Art. 7(1)}; null if none
   */
  public record Count(
      Action action, long count, String unit, String manner, String legalReference) {

    /** Checks the parts are present and the count is not negative. */
    public Count {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(unit, "unit");
      if (count < 0) {
        throw new IllegalArgumentException("a count is never negative");
      }
    }

    /** {@return the count as a receipt says it: {@code 2 consents withdrawn}} */
    public String text() {
      return count
          + " "
          + unit
          + (count == 1 ? "" : "s")
          + " "
          + action.verb()
          + (manner == null ? "" : " " + manner)
          + (legalReference == null ? "" : " (" + legalReference + ")");
    }
  }

  /** Checks the parts are present and consistent; a missing list of counts is empty. */
  public ParticipantErasure {
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(status, "status");
    counts = counts == null ? List.of() : List.copyOf(counts);
    if ((status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException(
          "a failure is described exactly when the status is" + " FAILED");
    }
    if (status == Status.NOTHING_FOUND && !counts.isEmpty()) {
      throw new IllegalArgumentException("a participant that found nothing counts nothing");
    }
  }

  /**
   * A participant that did its part.
   *
   * @param participant what took part
   * @param counts what it did and kept
   * @return the line
   */
  public static ParticipantErasure done(String participant, List<Count> counts) {
    return new ParticipantErasure(participant, Status.DONE, counts, null);
  }

  /**
   * A participant that holds nothing of the subject.
   *
   * @param participant what took part
   * @return the line
   */
  public static ParticipantErasure nothingFound(String participant) {
    return new ParticipantErasure(participant, Status.NOTHING_FOUND, List.of(), null);
  }

  /**
   * A participant that could not do its part.
   *
   * @param participant what took part
   * @param failure what went wrong, without personal data (an exception's type, not its message)
   * @return the line
   */
  public static ParticipantErasure failed(String participant, String failure) {
    return new ParticipantErasure(
        participant, Status.FAILED, List.of(), Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Sums the counts of one action.
   *
   * @param action the action
   * @return the sum over every unit
   */
  public long count(Action action) {
    return counts.stream().filter(c -> c.action() == action).mapToLong(Count::count).sum();
  }

  /**
   * {@return the line as a receipt says it: the participant, then its counts, or {@code nothing
   * found}, or {@code failed: ...}}
   */
  public String text() {
    List<String> parts = new ArrayList<>();
    if (status == Status.FAILED) {
      parts.add("failed: " + failure);
    } else if (status == Status.NOTHING_FOUND) {
      parts.add("nothing found");
    } else if (counts.isEmpty()) {
      parts.add("done");
    }
    counts.forEach(c -> parts.add(c.text()));
    return participant + ": " + String.join("; ", parts);
  }

  /**
   * This line followed by a later attempt at the same erasure in the same participant. Counts
   * withdrawn and deleted add up, unit by unit; counts kept are the later attempt's, since they
   * describe what is kept now (a later failure keeps this line's if it counted none). The status is
   * {@code FAILED} if the later attempt failed, else {@code DONE} if either did its part, else
   * {@code NOTHING_FOUND} (a failure followed by nothing found leaves no count to tell).
   *
   * @param later the later attempt's line for the same participant
   * @return the line for both attempts
   * @throws IllegalArgumentException if {@code later} is another participant's
   */
  public ParticipantErasure followedBy(ParticipantErasure later) {
    Objects.requireNonNull(later, "later");
    if (!later.participant.equals(participant)) {
      throw new IllegalArgumentException(
          "cannot follow participant '"
              + participant
              + "' with participant '"
              + later.participant
              + "'");
    }
    boolean laterKeeps = later.counts.stream().anyMatch(c -> c.action() == Action.KEPT);
    boolean keepEarlierKept = later.status == Status.FAILED && !laterKeeps;
    Map<String, Count> merged = new LinkedHashMap<>();
    for (Count count : counts) {
      if (count.action() != Action.KEPT || keepEarlierKept) {
        merged.put(count.action() + " " + count.unit(), count);
      }
    }
    for (Count count : later.counts) {
      String key = count.action() + " " + count.unit();
      Count before = merged.get(key);
      merged.put(
          key,
          before == null || count.action() == Action.KEPT
              ? count
              : new Count(
                  count.action(),
                  before.count() + count.count(),
                  count.unit(),
                  count.manner(),
                  count.legalReference()));
    }
    List<Count> all = List.copyOf(merged.values());
    if (later.status == Status.FAILED) {
      return new ParticipantErasure(participant, Status.FAILED, all, later.failure);
    }
    boolean done = status == Status.DONE || later.status == Status.DONE || !all.isEmpty();
    return done ? done(participant, all) : nothingFound(participant);
  }
}
