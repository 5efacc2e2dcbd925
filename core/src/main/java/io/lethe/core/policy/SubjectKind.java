package io.lethe.core.policy;

/** The kinds of people whose data a policy covers. */
public enum SubjectKind {
  /** A registered account holder. */
  CUSTOMER,
  /** A visitor of a website or app who has no account. */
  VISITOR,
  /** A buyer without an account, known only by a tracking id. */
  ANONYMOUS,
  /** Someone whose data a customer submits, such as the owner of a phone number being verified. */
  THIRD_PARTY,
  /** An employee or contractor of the controller. */
  EMPLOYEE
}
