package io.lethe.consent;

import io.lethe.core.LetheException;

/**
 * A consent choice or question the policy does not allow: an undeclared purpose, consent to a
 * purpose that does not rest on it, a notice version the policy does not know, a child's consent
 * without a guardian. Messages name purposes, notices and rules, never a subject.
 */
public class ConsentException extends LetheException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, without personal data
   */
  public ConsentException(String message) {
    super(message);
  }
}
