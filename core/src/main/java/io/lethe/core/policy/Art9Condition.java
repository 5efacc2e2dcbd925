package io.lethe.core.policy;

/** The conditions under which special-category data may be processed, GDPR Art. 9(2)(a)–(j). */
public enum Art9Condition {
  /** Art. 9(2)(a). */
  EXPLICIT_CONSENT,
  /** Art. 9(2)(b). */
  EMPLOYMENT_AND_SOCIAL_SECURITY,
  /** Art. 9(2)(c). */
  VITAL_INTERESTS,
  /** Art. 9(2)(d). */
  NOT_FOR_PROFIT_BODY,
  /** Art. 9(2)(e). */
  MANIFESTLY_MADE_PUBLIC,
  /** Art. 9(2)(f). */
  LEGAL_CLAIMS,
  /** Art. 9(2)(g). */
  SUBSTANTIAL_PUBLIC_INTEREST,
  /** Art. 9(2)(h). */
  HEALTH_OR_SOCIAL_CARE,
  /** Art. 9(2)(i). */
  PUBLIC_HEALTH,
  /** Art. 9(2)(j). */
  ARCHIVING_RESEARCH_STATISTICS
}
