package io.lethe.core;

/**
 * Root of every exception Lethe throws.
 *
 * <p>Subclasses carry ids (rule ids, store names, request ids) as fields and build their message in
 * a static factory. No message ever contains a personal data value.
 */
public class LetheException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that must not contain personal data.
   *
   * @param message what went wrong, naming ids and rules only
   */
  public LetheException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message what went wrong, naming ids and rules only
   * @param cause the underlying failure
   */
  public LetheException(String message, Throwable cause) {
    super(message, cause);
  }
}
