package io.lethe.consent.receipt;

import io.lethe.core.LetheException;
import io.lethe.core.internal.SafeText;

/**
 * A receipt could not be made for a ledger event: the event is of a kind that has no receipt, it is
 * not sealed into the ledger's chain, or the policy does not know its purpose. The message names
 * the event's id and, where it matters, the purpose's key; never the subject.
 */
public final class ConsentReceiptException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String eventId;

  private ConsentReceiptException(String eventId, String message) {
    super(message);
    this.eventId = eventId;
  }

  private ConsentReceiptException(String eventId, String message, Throwable cause) {
    super(message, cause);
    this.eventId = eventId;
  }

  static ConsentReceiptException notReceiptable(String eventId, Object kind) {
    return new ConsentReceiptException(
        eventId,
        "ledger event "
            + quote(eventId)
            + " is a "
            + kind
            + " event; receipts are made for CHOICE and SIGNAL events only");
  }

  static ConsentReceiptException notSealed(String eventId) {
    return new ConsentReceiptException(
        eventId,
        "ledger event "
            + quote(eventId)
            + " is not sealed into the ledger's chain (its hash is missing or does not match its"
            + " content); a receipt is made only for an event as the ledger stores it");
  }

  static ConsentReceiptException unknownPurpose(String eventId, String purpose, String policyId) {
    return new ConsentReceiptException(
        eventId,
        "ledger event "
            + quote(eventId)
            + " is a choice for purpose "
            + quote(purpose)
            + ", which policy "
            + quote(policyId)
            + " does not define");
  }

  static ConsentReceiptException unwritable(String eventId, String why) {
    return new ConsentReceiptException(
        eventId,
        "the receipt for ledger event "
            + quote(eventId)
            + " cannot be written as canonical JSON: "
            + why);
  }

  static ConsentReceiptException signingFailed(String eventId, Throwable cause) {
    return new ConsentReceiptException(
        eventId,
        "the receipt for ledger event "
            + quote(eventId)
            + " could not be signed ("
            + cause.getClass().getSimpleName()
            + ")",
        cause);
  }

  private static String quote(String value) {
    String text = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return "'" + SafeText.escape(text) + "'";
  }

  /** {@return the id of the ledger event the receipt was asked for} */
  public String eventId() {
    return eventId;
  }
}
