package io.lethe.core.policy;

/** The six lawful bases for processing personal data, GDPR Art. 6(1)(a)–(f). */
public enum LawfulBasis {
  /** Art. 6(1)(a): the subject has given consent. */
  CONSENT("Art. 6(1)(a)", "Consent"),
  /** Art. 6(1)(b): necessary for a contract with the subject. */
  CONTRACT("Art. 6(1)(b)", "Contract"),
  /** Art. 6(1)(c): necessary to comply with a legal obligation. */
  LEGAL_OBLIGATION("Art. 6(1)(c)", "LegalObligation"),
  /** Art. 6(1)(d): necessary to protect someone's vital interests. */
  VITAL_INTERESTS("Art. 6(1)(d)", "VitalInterest"),
  /** Art. 6(1)(e): necessary for a task in the public interest or official authority. */
  PUBLIC_TASK("Art. 6(1)(e)", "PublicInterest"),
  /** Art. 6(1)(f): necessary for the legitimate interests of the controller or a third party. */
  LEGITIMATE_INTERESTS("Art. 6(1)(f)", "LegitimateInterest");

  private final String article;
  private final String dpvTerm;

  LawfulBasis(String article, String dpvTerm) {
    this.article = article;
    this.dpvTerm = dpvTerm;
  }

  /** {@return the GDPR article, such as {@code Art. 6(1)(b)}} */
  public String article() {
    return article;
  }

  /** {@return the W3C DPV legal-basis term (in {@code https://w3id.org/dpv#})} */
  public String dpvTerm() {
    return dpvTerm;
  }
}
