package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.core.internal.Spans;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The rights a policy grants under one jurisdiction, and how fast it promises to answer.
 *
 * <p>The effective deadline is the stricter of the policy's promise and the law's: GDPR one month
 * plus two, CCPA 45 days plus 45. A promise such as "within 30 days, extendable to 60" is a
 * deadline of {@code P30D} and an extension of {@code P30D}.
 *
 * @param jurisdiction the legal regime
 * @param rights the rights granted
 * @param deadline the promised response time; null to use the law's
 * @param extension the promised longest extension; null to use the law's
 * @param contact where requests go, such as an address of the controller
 * @param consentAge the age in years below which a subject's consent to an information-society
 *     service needs a holder of parental responsibility; null for the jurisdiction's default
 *     ({@link Jurisdiction#defaultConsentAge()}). Under the GDPR 16, or what a member state sets
 *     between 13 and 16 (Art. 8(1)); under the UK GDPR 13; under the CCPA a business needs the
 *     consumer's opt-in to sell the data of one under 16, and a parent's for one under 13
 *     (§1798.120(c))
 * @param consentRefresh how long a consent given under this jurisdiction lasts before it must be
 *     asked for again, such as {@code P24M}; positive; null if the policy sets no limit. A purpose
 *     that sets its own consent refresh overrides it
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RightsProfile(
    @NotNull(message = "every rights profile needs a jurisdiction") Jurisdiction jurisdiction,
    List<@NotNull DataSubjectRight> rights,
    Period deadline,
    Period extension,
    String contact,
    @PositiveOrZero(message = "must not be negative")
        @Max(value = 120, message = "must be an age in years")
        Integer consentAge,
    Period consentRefresh,
    String note) {

  /** Copies the list. */
  public RightsProfile {
    rights = Copies.list(rights);
  }

  /**
   * A profile granting the given rights within the law's deadlines.
   *
   * @param jurisdiction the legal regime
   * @param rights the rights granted
   * @return the profile
   */
  public static RightsProfile of(Jurisdiction jurisdiction, DataSubjectRight... rights) {
    return new RightsProfile(jurisdiction, List.of(rights), null, null, null, null, null, null);
  }

  /**
   * Returns this profile with the policy's own deadline and extension.
   *
   * @param promised the promised response time
   * @param promisedExtension the promised longest extension, or null for the law's
   * @return a copy
   */
  public RightsProfile promising(Period promised, Period promisedExtension) {
    return new RightsProfile(
        jurisdiction,
        rights,
        promised,
        promisedExtension,
        contact,
        consentAge,
        consentRefresh,
        note);
  }

  /**
   * Returns this profile with a contact for requests.
   *
   * @param where the address requests go to
   * @return a copy
   */
  public RightsProfile contactAt(String where) {
    return new RightsProfile(
        jurisdiction, rights, deadline, extension, where, consentAge, consentRefresh, note);
  }

  /**
   * Returns this profile with a note in the policy's words.
   *
   * @param text the note
   * @return a copy
   */
  public RightsProfile withNote(String text) {
    return new RightsProfile(
        jurisdiction, rights, deadline, extension, contact, consentAge, consentRefresh, text);
  }

  /**
   * Returns this profile with the age below which consent needs a holder of parental
   * responsibility.
   *
   * @param years the age; under the GDPR 13 to 16 (Art. 8(1))
   * @return a copy
   */
  public RightsProfile withConsentAge(int years) {
    return new RightsProfile(
        jurisdiction, rights, deadline, extension, contact, years, consentRefresh, note);
  }

  /**
   * Returns this profile with how long a consent given under it lasts before it must be refreshed.
   *
   * @param period a positive period, such as {@code Period.ofMonths(24)}
   * @return a copy
   */
  public RightsProfile withConsentRefresh(Period period) {
    return new RightsProfile(
        jurisdiction, rights, deadline, extension, contact, consentAge, period, note);
  }

  /**
   * The age below which a subject's consent needs a holder of parental responsibility: the
   * profile's own {@link #consentAge()} if set, else the jurisdiction's default.
   *
   * @return the age in years
   */
  public int effectiveConsentAge() {
    return consentAge != null ? consentAge : jurisdiction.defaultConsentAge();
  }

  /**
   * {@return how long a consent given under this jurisdiction lasts before it must be refreshed,
   * empty if the profile sets no limit}
   */
  public Optional<Period> refreshAfter() {
    return Optional.ofNullable(consentRefresh);
  }

  /** {@return whether the profile grants the right} @param right the right */
  public boolean grants(DataSubjectRight right) {
    return rights.contains(right);
  }

  /**
   * The response deadline for a request received at an instant: the earlier of the promise and the
   * law, calendar units in the given zone.
   *
   * @param received when the request arrived
   * @param zone the policy's time zone
   * @return the due instant, empty if neither the policy nor the law sets one; {@link Instant#MAX}
   *     if it lies beyond what an instant can hold
   */
  public Optional<Instant> dueDate(Instant received, ZoneId zone) {
    return earliest(
        received, zone, Optional.ofNullable(deadline), jurisdiction.statutoryDeadline());
  }

  /**
   * The latest a request received at an instant may be answered once extended: the earlier of the
   * promise plus its extension and the law's deadline plus the law's extension. Where neither the
   * policy nor the law allows an extension, this is the {@link #dueDate}.
   *
   * @param received when the request arrived
   * @param zone the policy's time zone
   * @return the extended due instant, empty if neither the policy nor the law sets a deadline
   */
  public Optional<Instant> extendedDueDate(Instant received, ZoneId zone) {
    Optional<Period> promised =
        Optional.ofNullable(deadline)
            .map(
                d ->
                    d.plus(
                        Optional.ofNullable(extension)
                            .or(jurisdiction::statutoryExtension)
                            .orElse(Period.ZERO)));
    Optional<Period> statutory =
        jurisdiction
            .statutoryDeadline()
            .map(d -> d.plus(jurisdiction.statutoryExtension().orElse(Period.ZERO)));
    return earliest(received, zone, promised, statutory);
  }

  /** Adds a deadline; one that would end beyond what an instant holds ends at its end. */
  private static Instant plus(Instant received, ZoneId zone, Period period) {
    try {
      return received.atZone(zone).plus(period).toInstant();
    } catch (java.time.DateTimeException | ArithmeticException beyondTime) {
      return period.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }

  private static Optional<Instant> earliest(
      Instant received, ZoneId zone, Optional<Period> a, Optional<Period> b) {
    Optional<Instant> first = a.map(p -> plus(received, zone, p));
    Optional<Instant> second = b.map(p -> plus(received, zone, p));
    if (first.isPresent() && second.isPresent()) {
      return first.get().isBefore(second.get()) ? first : second;
    }
    return first.isPresent() ? first : second;
  }

  /**
   * {@return whether the promised deadline is longer than the law's, on average over start dates}
   */
  boolean promisesLongerThanLaw() {
    return deadline != null
        && jurisdiction
            .statutoryDeadline()
            .map(law -> Spans.exceedsOnAverage(deadline, law))
            .orElse(false);
  }

  /**
   * {@return whether the promised extension is longer than the law's, on average over start dates}
   */
  boolean extendsLongerThanLaw() {
    return extension != null
        && jurisdiction
            .statutoryExtension()
            .map(law -> Spans.exceedsOnAverage(extension, law))
            .orElse(false);
  }
}
