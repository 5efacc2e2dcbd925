package io.lethe.consent;

import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A consent choice to record: who, which purpose, what status, and how. Start with {@link #given},
 * {@link #refused}, {@link #withdrawn} or {@link #of}, add what is known with the {@code with}
 * methods, and pass it to {@link ConsentEngine#record(ConsentChoice)}.
 *
 * <pre>{@code
 * engine.record(ConsentChoice.given(visitor, "marketing_emails")
 *     .withMethod(ConsentMethod.BANNER).withJurisdiction(Jurisdiction.GDPR)
 *     .withProof("form-submission-8812"));
 * }</pre>
 *
 * @param status the status to record; {@link ConsentStatus#CONSENT_GIVEN} is recorded as {@link
 *     ConsentStatus#RENEWED_CONSENT_GIVEN} when the subject had consented to the purpose before
 * @param subject the identifier the subject is known by here; stored only as a keyed hash
 * @param purpose the purpose's key in the policy
 * @param noticeVersion the version of the purpose's notice the subject was shown; null for the
 *     current one
 * @param method how it came about
 * @param expressedBy who expressed it
 * @param jurisdiction the legal regime it is given under, which sets the refresh period and the age
 *     of consent; null if none applies, and then the policy's rights profile for {@link
 *     Jurisdiction#GLOBAL} (its promise to everyone) sets them, if it has one
 * @param expires when it ends by itself, if the subject or host set an end; null otherwise
 * @param proof a reference to where the host keeps proof, never personal data; may be null
 * @param acknowledgesSignal whether the subject gives it knowing it conflicts with an opt-out
 *     preference signal they send
 * @param subjectAge the subject's age in years where known, to apply the age of consent (GDPR Art.
 *     8); null if not known; never stored
 */
public record ConsentChoice(
    ConsentStatus status,
    SubjectRef subject,
    String purpose,
    String noticeVersion,
    ConsentMethod method,
    ExpressedBy expressedBy,
    Jurisdiction jurisdiction,
    Instant expires,
    String proof,
    boolean acknowledgesSignal,
    Integer subjectAge) {

  /** Checks the required parts. */
  public ConsentChoice {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(expressedBy, "expressedBy");
    if (subjectAge != null && (subjectAge < 0 || subjectAge > 150)) {
      throw new IllegalArgumentException("an age must be between 0 and 150 years");
    }
  }

  /**
   * A choice with a status, through the host's API, expressed by the subject.
   *
   * @param status the status
   * @param subject the subject
   * @param purpose the purpose's key
   * @return the choice
   */
  public static ConsentChoice of(ConsentStatus status, SubjectRef subject, String purpose) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        null,
        ConsentMethod.API,
        ExpressedBy.SUBJECT,
        null,
        null,
        null,
        false,
        null);
  }

  /**
   * The subject consents.
   *
   * @param subject the subject
   * @param purpose the purpose's key
   * @return the choice
   */
  public static ConsentChoice given(SubjectRef subject, String purpose) {
    return of(ConsentStatus.CONSENT_GIVEN, subject, purpose);
  }

  /**
   * The subject refuses.
   *
   * @param subject the subject
   * @param purpose the purpose's key
   * @return the choice
   */
  public static ConsentChoice refused(SubjectRef subject, String purpose) {
    return of(ConsentStatus.CONSENT_REFUSED, subject, purpose);
  }

  /**
   * The subject withdraws a consent (GDPR Art. 7(3)).
   *
   * @param subject the subject
   * @param purpose the purpose's key
   * @return the choice
   */
  public static ConsentChoice withdrawn(SubjectRef subject, String purpose) {
    return of(ConsentStatus.CONSENT_WITHDRAWN, subject, purpose);
  }

  /**
   * Sets the notice version shown.
   *
   * @param version a version of the purpose's notice
   * @return a copy
   */
  public ConsentChoice withNoticeVersion(String version) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        version,
        method,
        expressedBy,
        jurisdiction,
        expires,
        proof,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Sets how it came about.
   *
   * @param value the method
   * @return a copy
   */
  public ConsentChoice withMethod(ConsentMethod value) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        value,
        expressedBy,
        jurisdiction,
        expires,
        proof,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Sets who expressed it.
   *
   * @param value who
   * @return a copy
   */
  public ConsentChoice withExpressedBy(ExpressedBy value) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        value,
        jurisdiction,
        expires,
        proof,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Sets the legal regime.
   *
   * @param value the jurisdiction
   * @return a copy
   */
  public ConsentChoice withJurisdiction(Jurisdiction value) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        expressedBy,
        value,
        expires,
        proof,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Sets an end the subject or host chose.
   *
   * @param value when it ends
   * @return a copy
   */
  public ConsentChoice withExpiry(Instant value) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        expressedBy,
        jurisdiction,
        value,
        proof,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Sets the proof reference.
   *
   * @param value where the host keeps proof; never personal data
   * @return a copy
   */
  public ConsentChoice withProof(String value) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        expressedBy,
        jurisdiction,
        expires,
        value,
        acknowledgesSignal,
        subjectAge);
  }

  /**
   * Marks it as given knowing it conflicts with the subject's opt-out preference signal (CCPA
   * regulations §7025(c)(3), Colorado rule 5.09): such a consent wins over the signal.
   *
   * @return a copy
   */
  public ConsentChoice acknowledgingSignal() {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        expressedBy,
        jurisdiction,
        expires,
        proof,
        true,
        subjectAge);
  }

  /**
   * Sets the subject's age, where known, so that the age of consent applies.
   *
   * @param years the age in years
   * @return a copy
   */
  public ConsentChoice withSubjectAge(int years) {
    return new ConsentChoice(
        status,
        subject,
        purpose,
        noticeVersion,
        method,
        expressedBy,
        jurisdiction,
        expires,
        proof,
        acknowledgesSignal,
        years);
  }
}
