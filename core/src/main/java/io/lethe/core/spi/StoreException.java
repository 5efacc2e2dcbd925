package io.lethe.core.spi;

import io.lethe.core.LetheException;
import io.lethe.core.RedactedCause;

/**
 * A store failed, or answered in a way that breaks the store contract.
 *
 * <p>The message names the store and the operation and never a value; the cause, when there is one,
 * is a redacted copy of the original failure that keeps its type, SQL state and stack trace but
 * drops its message, since drivers put row values into messages.
 */
public class StoreException extends LetheException {

  private static final long serialVersionUID = 1L;

  private final String store;
  private final StoreOperation operation;

  /**
   * Creates the exception; use the static factories.
   *
   * @param store the store's name
   * @param operation the operation that failed
   * @param message what happened, without values
   * @param cause the redacted cause, or null
   */
  protected StoreException(
      String store, StoreOperation operation, String message, Throwable cause) {
    super(message, cause);
    this.store = store;
    this.operation = operation;
  }

  /**
   * The store threw.
   *
   * @param store the store's name
   * @param operation what it was asked
   * @param cause what it threw; its message is dropped
   * @return the exception
   */
  public static StoreException failed(String store, StoreOperation operation, Throwable cause) {
    Throwable redacted = RedactedCause.copyOf(cause);
    return new StoreException(
        store,
        operation,
        "Store '" + store + "' failed to " + verb(operation) + ": " + redacted.getMessage(),
        redacted);
  }

  /**
   * The store did less than it was asked: deleted 98 of 100 records.
   *
   * @param store the store's name
   * @param operation what it was asked
   * @param asked how many records it was asked to change
   * @param affected how many it reports changing
   * @return the exception
   */
  public static Incomplete incomplete(
      String store, StoreOperation operation, long asked, long affected) {
    return new Incomplete(
        store,
        operation,
        asked,
        affected,
        "Store '"
            + store
            + "' was asked to "
            + verb(operation)
            + " "
            + asked
            + " records but reports "
            + affected);
  }

  /**
   * The store changed fewer records than it was asked to: some were gone already (another sweep, a
   * cascade) or the store could not change them. What it did change stays changed.
   */
  public static final class Incomplete extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long asked;
    private final long affected;

    private Incomplete(
        String store, StoreOperation operation, long asked, long affected, String message) {
      super(store, operation, message, null);
      this.asked = asked;
      this.affected = affected;
    }

    /** {@return how many records the store was asked to change} */
    public long asked() {
      return asked;
    }

    /** {@return how many it reports changing} */
    public long affected() {
      return affected;
    }
  }

  /**
   * The store's answer breaks the store contract.
   *
   * @param store the store's name
   * @param operation what it was asked
   * @param what what is wrong with the answer, without values
   * @return the exception
   */
  public static StoreException contractBroken(String store, StoreOperation operation, String what) {
    return new StoreException(
        store,
        operation,
        "Store '"
            + store
            + "' broke the store contract"
            + " while asked to "
            + verb(operation)
            + ": "
            + what,
        null);
  }

  /** {@return the name of the store concerned} */
  public String store() {
    return store;
  }

  /** {@return the operation that failed} */
  public StoreOperation operation() {
    return operation;
  }

  private static String verb(StoreOperation operation) {
    return switch (operation) {
      case DESCRIBE -> "describe itself";
      case FIND_EXPIRED -> "find expired records";
      case COUNT_EXPIRED -> "count expired records";
      case READ_RECORDS -> "read records";
      case DELETE -> "delete";
      case ANONYMIZE -> "anonymize";
      case READ_SUBJECT -> "read a subject's records";
      case RESOLVE_IDENTIFIERS -> "resolve a subject's identifiers";
      case RECTIFY -> "rectify";
      case LIST_SUBJECTS -> "list its subjects";
    };
  }
}
