package io.lethe.core.policy;

import java.util.EnumSet;
import java.util.Set;

/** The rights a data subject can exercise, under GDPR and under the CCPA as amended by the CPRA. */
public enum DataSubjectRight {
  /** GDPR Art. 15. */
  ACCESS(Family.GDPR),
  /** GDPR Art. 16. */
  RECTIFICATION(Family.GDPR),
  /** GDPR Art. 17. */
  ERASURE(Family.GDPR),
  /** GDPR Art. 18. */
  RESTRICTION(Family.GDPR),
  /** GDPR Art. 20. */
  PORTABILITY(Family.GDPR),
  /** GDPR Art. 21. */
  OBJECTION(Family.GDPR),
  /** GDPR Art. 22: not to be subject to solely automated decisions. */
  AUTOMATED_DECISION_REVIEW(Family.GDPR),
  /** GDPR Art. 7(3). */
  WITHDRAW_CONSENT(Family.GDPR),
  /** GDPR Art. 77: complain to a supervisory authority. */
  LODGE_COMPLAINT(Family.GDPR),
  /** CCPA §1798.100/110. */
  KNOW(Family.CCPA),
  /** CCPA §1798.105. */
  DELETE(Family.CCPA),
  /** CCPA §1798.106. */
  CORRECT(Family.CCPA),
  /** CCPA §1798.120. */
  OPT_OUT_OF_SALE_OR_SHARING(Family.CCPA),
  /** CCPA §1798.121. */
  LIMIT_SENSITIVE_DATA(Family.CCPA),
  /** CCPA §1798.125. */
  NON_DISCRIMINATION(Family.CCPA),
  /** CCPA §1798.130: data portability of the specific pieces. */
  DATA_PORTABILITY(Family.CCPA);

  /** The law a right comes from. */
  public enum Family {
    /** GDPR and UK GDPR. */
    GDPR,
    /** CCPA/CPRA. */
    CCPA
  }

  private final Family family;

  DataSubjectRight(Family family) {
    this.family = family;
  }

  /** {@return the law this right comes from} */
  public Family family() {
    return family;
  }

  /**
   * Rights of one law.
   *
   * @param family the law
   * @return its rights
   */
  public static Set<DataSubjectRight> of(Family family) {
    Set<DataSubjectRight> rights = EnumSet.noneOf(DataSubjectRight.class);
    for (DataSubjectRight right : values()) {
      if (right.family == family) {
        rights.add(right);
      }
    }
    return rights;
  }
}
