package io.lethe.core.erasure;

import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.Objects;

/**
 * Records of one category that an erasure had to keep, and why. They are restricted (processing
 * blocked, storage kept) from the erasure on.
 *
 * @param category the records' category
 * @param records how many
 * @param ground the legal ground for keeping them
 * @param reason the rule or hold and its reason, without personal data
 * @param source the retention rule id or legal hold id
 * @param until when the last of them stops being protected, or null if that is not known (an
 *     open-ended hold, a legal obligation with no stated period, an anchor that has not happened)
 * @param deferred whether Lethe erases them by itself once the protection ends (floors and holds);
 *     records kept for a legal obligation go when their retention rule says
 */
public record RetainedRecords(
    CategoryKey category,
    long records,
    Ground ground,
    String reason,
    String source,
    Instant until,
    boolean deferred) {

  /** The ground for keeping records against an erasure request, GDPR Art. 17(3). */
  public enum Ground {
    /** A minimum retention period the policy states (a legal floor): Art. 17(3)(b). */
    MINIMUM_RETENTION("Art. 17(3)(b)"),
    /** A legal hold for the establishment, exercise or defence of legal claims: Art. 17(3)(e). */
    LEGAL_HOLD("Art. 17(3)(e)"),
    /** A legal obligation with no stated period: Art. 17(3)(b). */
    LEGAL_OBLIGATION("Art. 17(3)(b)"),
    /**
     * The record is another data subject's too (an address two customers share): erasing it would
     * take it from them. No GDPR provision is claimed; the receipt says what keeps it.
     */
    SHARED("shared with another subject");

    private final String article;

    Ground(String article) {
      this.article = article;
    }

    /** {@return the GDPR provision} */
    public String article() {
      return article;
    }
  }

  /** Checks the parts are present. */
  public RetainedRecords {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(ground, "ground");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(source, "source");
    if (records < 1) {
      throw new IllegalArgumentException("retained records must be counted from 1");
    }
  }
}
