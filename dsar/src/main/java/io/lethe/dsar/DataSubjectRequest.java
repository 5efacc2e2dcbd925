package io.lethe.dsar;

import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A data-subject request as it stands. Immutable: every change makes a new value with one more
 * {@link StateChange} in its history.
 *
 * <p>{@link #toString()} hides the subject, so a request can be logged.
 *
 * @param id the request's id
 * @param type what is asked for
 * @param subject who asks; personal data
 * @param jurisdiction the law the request is made under
 * @param receivedAt when it arrived
 * @param state where it stands
 * @param dueAt the original deadline
 * @param extendedUntil the extended deadline, null unless extended
 * @param extensionReason why it was extended, without personal data; null unless extended
 * @param denialReason why it was denied, null unless denied
 * @param history every change, oldest first
 */
public record DataSubjectRequest(
    String id,
    RequestType type,
    SubjectRef subject,
    Jurisdiction jurisdiction,
    Instant receivedAt,
    RequestState state,
    Instant dueAt,
    Instant extendedUntil,
    String extensionReason,
    DenialReason denialReason,
    List<StateChange> history) {

  /** Rejects missing fields and copies the history. */
  public DataSubjectRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(dueAt, "dueAt");
    history = List.copyOf(history);
  }

  /** {@return the deadline that applies now: the extended one if extended, else the original} */
  public Instant effectiveDueAt() {
    return extendedUntil != null ? extendedUntil : dueAt;
  }

  /** {@return whether the request was extended} */
  public boolean isExtended() {
    return extendedUntil != null;
  }

  /**
   * Whether the request is open and past its deadline.
   *
   * @param now the current time
   * @return true if overdue
   */
  public boolean isOverdue(Instant now) {
    return !state.isFinal() && effectiveDueAt().isBefore(now);
  }

  /**
   * This request moved to another state.
   *
   * @param change the change, whose target becomes the state
   * @param denial the denial reason, or null
   * @return a copy
   */
  DataSubjectRequest moved(StateChange change, DenialReason denial) {
    return new DataSubjectRequest(
        id,
        type,
        subject,
        jurisdiction,
        receivedAt,
        change.to(),
        dueAt,
        extendedUntil,
        extensionReason,
        denial,
        append(change));
  }

  /**
   * This request extended.
   *
   * @param until the new deadline
   * @param reason why
   * @param change the history entry
   * @return a copy
   */
  DataSubjectRequest extended(Instant until, String reason, StateChange change) {
    return new DataSubjectRequest(
        id,
        type,
        subject,
        jurisdiction,
        receivedAt,
        state,
        dueAt,
        until,
        reason,
        denialReason,
        append(change));
  }

  private List<StateChange> append(StateChange change) {
    List<StateChange> all = new ArrayList<>(history);
    all.add(change);
    return all;
  }

  /** Shows everything but the subject's identifier value. */
  @Override
  public String toString() {
    return "DataSubjectRequest[id="
        + id
        + ", type="
        + type
        + ", subject="
        + subject
        + ", jurisdiction="
        + jurisdiction
        + ", receivedAt="
        + receivedAt
        + ", state="
        + state
        + ", dueAt="
        + dueAt
        + ", extendedUntil="
        + extendedUntil
        + ", denialReason="
        + denialReason
        + ", history="
        + history.size()
        + " changes]";
  }
}
