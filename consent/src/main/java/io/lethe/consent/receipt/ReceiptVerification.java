package io.lethe.consent.receipt;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of checking a signed receipt with {@link ConsentReceipts#verify(String,
 * java.security.PublicKey)}.
 *
 * @param outcome whether the receipt is valid, and if not, the first problem found
 * @param problem what is wrong, naming fields of the receipt and never their values; empty if valid
 */
public record ReceiptVerification(Outcome outcome, Optional<String> problem) {

  /** Whether a receipt is valid, or the first reason it is not, in the order they are checked. */
  public enum Outcome {
    /** The signature covers the receipt as it is, and the key is the one that made it. */
    VALID,
    /**
     * The text is not a signed receipt: not JSON, duplicate member names, members missing or of the
     * wrong type, a signature value that is not unpadded base64url, or a body with a value that has
     * no canonical form (a fraction, a huge integer).
     */
    MALFORMED,
    /** The signature names an algorithm receipts are not signed with. */
    UNKNOWN_ALGORITHM,
    /**
     * The key given is not the one the receipt was signed with: of another kind or size than the
     * algorithm needs, or a different key, which the receipt's key check tells.
     */
    WRONG_KEY,
    /**
     * The receipt was changed after it was signed: its body, the key id or algorithm beside the
     * signature, or the signature itself.
     */
    TAMPERED
  }

  /** Rejects a valid result with a problem, or an invalid one without. */
  public ReceiptVerification {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(problem, "problem");
    if ((outcome == Outcome.VALID) != problem.isEmpty()) {
      throw new IllegalArgumentException("a problem is stated exactly when the receipt is invalid");
    }
  }

  static ReceiptVerification ok() {
    return new ReceiptVerification(Outcome.VALID, Optional.empty());
  }

  static ReceiptVerification failed(Outcome outcome, String problem) {
    return new ReceiptVerification(outcome, Optional.of(problem));
  }

  /** {@return whether the receipt is valid} */
  public boolean valid() {
    return outcome == Outcome.VALID;
  }
}
