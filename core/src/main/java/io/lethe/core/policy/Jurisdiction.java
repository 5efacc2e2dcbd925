package io.lethe.core.policy;

import java.time.Period;
import java.util.Optional;

/** A legal regime whose data-subject rights and deadlines a policy promises. */
public enum Jurisdiction {
  /** EU/EEA General Data Protection Regulation: one month, extendable by two (Art. 12(3)). */
  GDPR(Period.ofMonths(1), Period.ofMonths(2), DataSubjectRight.Family.GDPR, 16),
  /** UK GDPR: same deadlines as the GDPR. */
  UK_GDPR(Period.ofMonths(1), Period.ofMonths(2), DataSubjectRight.Family.GDPR, 13),
  /** California CCPA as amended by the CPRA: 45 days, extendable once by 45 (§1798.130). */
  CCPA(Period.ofDays(45), Period.ofDays(45), DataSubjectRight.Family.CCPA, 16),
  /**
   * The policy's own promise to everyone regardless of location ("regardless of your location, you
   * have the following rights"). No statute sets its deadline; the law of the requester's place
   * still applies where stricter.
   */
  GLOBAL(null, null, null, 16);

  private final Period statutoryDeadline;
  private final Period statutoryExtension;
  private final DataSubjectRight.Family family;
  private final int defaultConsentAge;

  Jurisdiction(
      Period deadline, Period extension, DataSubjectRight.Family family, int defaultConsentAge) {
    this.statutoryDeadline = deadline;
    this.statutoryExtension = extension;
    this.family = family;
    this.defaultConsentAge = defaultConsentAge;
  }

  /** {@return the longest response time the law allows, empty for {@link #GLOBAL}} */
  public Optional<Period> statutoryDeadline() {
    return Optional.ofNullable(statutoryDeadline);
  }

  /** {@return the longest extension the law allows, empty for {@link #GLOBAL}} */
  public Optional<Period> statutoryExtension() {
    return Optional.ofNullable(statutoryExtension);
  }

  /**
   * Tells whether a right exists under this jurisdiction. Under {@link #GLOBAL} every right can be
   * promised.
   *
   * @param right the right
   * @return true if it may appear in a rights profile for this jurisdiction
   */
  public boolean recognizes(DataSubjectRight right) {
    return family == null || right.family() == family;
  }

  /** {@return whether a personal data breach must reach the authority within 72 hours (Art. 33)} */
  public boolean requires72HourBreachNotice() {
    return family == DataSubjectRight.Family.GDPR;
  }

  /**
   * The age below which a subject's consent, where it is the basis of processing, needs a holder of
   * parental responsibility, when the policy does not set one ({@link RightsProfile#consentAge()}):
   *
   * <ul>
   *   <li>{@link #GDPR}: 16, the regulation's own age for information-society services offered
   *       directly to a child (Art. 8(1)); a member state may lower it to no less than 13;
   *   <li>{@link #UK_GDPR}: 13 (UK GDPR Art. 8(1));
   *   <li>{@link #CCPA}: 16, below which a business needs the consumer's opt-in to sell or share
   *       their personal information, and below 13 a parent's (§1798.120(c));
   *   <li>{@link #GLOBAL}: 16, the strictest default of the GDPR, since a promise to everyone
   *       regardless of location must hold where the strictest of these laws applies.
   * </ul>
   *
   * @return the age in years
   */
  public int defaultConsentAge() {
    return defaultConsentAge;
  }
}
