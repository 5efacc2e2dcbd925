package io.lethe.core.policy;

import java.time.Period;
import java.util.Optional;

/** A legal regime whose data-subject rights and deadlines a policy promises. */
public enum Jurisdiction {
  /** EU/EEA General Data Protection Regulation: one month, extendable by two (Art. 12(3)). */
  GDPR(Period.ofMonths(1), Period.ofMonths(2), DataSubjectRight.Family.GDPR),
  /** UK GDPR: same deadlines as the GDPR. */
  UK_GDPR(Period.ofMonths(1), Period.ofMonths(2), DataSubjectRight.Family.GDPR),
  /** California CCPA as amended by the CPRA: 45 days, extendable once by 45 (§1798.130). */
  CCPA(Period.ofDays(45), Period.ofDays(45), DataSubjectRight.Family.CCPA),
  /**
   * The policy's own promise to everyone regardless of location ("regardless of your location, you
   * have the following rights"). No statute sets its deadline; the law of the requester's place
   * still applies where stricter.
   */
  GLOBAL(null, null, null);

  private final Period statutoryDeadline;
  private final Period statutoryExtension;
  private final DataSubjectRight.Family family;

  Jurisdiction(Period deadline, Period extension, DataSubjectRight.Family family) {
    this.statutoryDeadline = deadline;
    this.statutoryExtension = extension;
    this.family = family;
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
}
