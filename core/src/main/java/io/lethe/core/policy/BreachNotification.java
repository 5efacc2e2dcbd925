package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * What the policy promises after a personal data breach.
 *
 * @param authorityWithin how soon the supervisory authority is told (GDPR Art. 33: 72 hours)
 * @param notifySubjects whether affected subjects are told when the risk to them is high (Art. 34)
 * @param subjectsWithin how soon subjects are told; null for "without undue delay"
 * @param channel how subjects are told, such as {@code email}
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record BreachNotification(
    Duration authorityWithin,
    boolean notifySubjects,
    Duration subjectsWithin,
    String channel,
    String note) {

  /** The GDPR's 72 hours to the supervisory authority. */
  public static final Duration GDPR_AUTHORITY_DEADLINE = Duration.ofHours(72);

  /**
   * Promises to tell the authority within the given time and subjects without undue delay.
   *
   * @param authorityWithin the authority deadline
   * @return the promise
   */
  public static BreachNotification authorityWithin(Duration authorityWithin) {
    return new BreachNotification(authorityWithin, true, null, null, null);
  }
}
