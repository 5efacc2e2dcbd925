package io.lethe.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether an opt-out preference signal is honoured for a subject, as the host must show it (CCPA
 * regulations §7025(c)(6): "Opt-Out Request Honored").
 *
 * @param honoured whether a signal is in effect for the subject or an identifier linked to them
 * @param signal which signal, if honoured
 * @param since when it was first honoured, if it was
 * @param event the ledger event recording it, if honoured
 * @param purposes the purposes it opts the subject out of now: those the policy marks for sale,
 *     sharing or targeted advertising, less those the subject consented to knowing of the signal
 * @param overriddenFor purposes the subject consented to after the signal, acknowledging it
 */
public record SignalStatus(
    boolean honoured,
    Optional<OptOutSignal> signal,
    Optional<Instant> since,
    Optional<String> event,
    List<String> purposes,
    List<String> overriddenFor) {

  /** What {@link #displayText()} says while a signal is honoured. */
  public static final String HONORED = "Opt-Out Request Honored";

  /** Copies the lists. */
  public SignalStatus {
    purposes = List.copyOf(purposes);
    overriddenFor = List.copyOf(overriddenFor);
  }

  /** {@return the text to display to the subject, or empty if no signal is honoured} */
  public Optional<String> displayText() {
    return honoured ? Optional.of(HONORED) : Optional.empty();
  }
}
