package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The moment a retention clock starts: {@link #COLLECTED collection}, or a lifecycle event the host
 * reports, such as {@code account.closed}, {@code job.completed}, {@code delivered}, {@code
 * deletion.requested} or {@code last.activity}.
 *
 * @param event the event name: dotted lower-case segments
 */
public record Anchor(String event) {

  /** The record was collected (created). Every store can report this anchor. */
  public static final Anchor COLLECTED = new Anchor("collected");

  /** The subject's account was closed. */
  public static final Anchor ACCOUNT_CLOSED = new Anchor("account.closed");

  /** The subject asked for deletion. */
  public static final Anchor DELETION_REQUESTED = new Anchor("deletion.requested");

  /** The data was delivered to the subject (for example a one-time code). */
  public static final Anchor DELIVERED = new Anchor("delivered");

  /** The subject was last active. */
  public static final Anchor LAST_ACTIVITY = new Anchor("last.activity");

  /**
   * Validates the event name.
   *
   * @throws IllegalArgumentException if the name is not dotted lower-case segments
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public Anchor {
    if (event == null || !event.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
      throw new IllegalArgumentException(
          "not an anchor event (dotted lower-case segments such as account.closed): "
              + Texts.quote(event));
    }
  }

  /**
   * Names a lifecycle event.
   *
   * @param event the event name, such as {@code job.completed}
   * @return the anchor
   */
  public static Anchor event(String event) {
    return new Anchor(event);
  }

  /** {@return whether this is the collection anchor} */
  public boolean isCollection() {
    return equals(COLLECTED);
  }

  @JsonValue
  @Override
  public String toString() {
    return event;
  }
}
