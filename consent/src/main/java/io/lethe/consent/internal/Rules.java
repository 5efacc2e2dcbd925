package io.lethe.consent.internal;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.Decision;
import io.lethe.consent.Decision.Reason;
import io.lethe.consent.OptOutSignal;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.restriction.ProcessingRestriction;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a decision is made from a subject's ledger events and restrictions at one instant: a pure
 * function, so that a decision cached for an interval is exactly the one computed afresh.
 *
 * <p>Not API: may change in any release.
 */
public final class Rules {

  /** The rule quoted when the policy declares no such purpose. */
  public static final String PURPOSE_LIMITATION = "GDPR Art. 5(1)(b)";

  /** The rule quoted when an opt-out preference signal decides. */
  public static final String SIGNAL_RULE = "CCPA regulations §7025(c)(1)";

  /** The rule quoted when a consent given over a signal decides. */
  public static final String SIGNAL_CONSENT_RULE = "CCPA regulations §7025(c)(3)";

  /**
   * The rule quoted when the subject refused or withdrew consent to a purpose that opt-outs cover
   * but that rests on another basis: their no is a request to opt out.
   */
  public static final String SAID_NO_RULE = "CCPA §1798.120(a)";

  private static final CategoryKey ANY_CATEGORY = CategoryKey.of("user");

  private Rules() {}

  /**
   * Decides.
   *
   * @param policy the policy
   * @param purposeKey the purpose asked about
   * @param category the category processed, or null for every category the purpose uses
   * @param view the subject's events and restrictions
   * @param at the instant
   * @param signalNow whether an opt-out signal came with the question and is not yet in the ledger
   * @return the decision, valid over the interval of the view's breakpoints around the instant
   */
  public static Decision decide(
      PrivacyPolicy policy,
      String purposeKey,
      CategoryKey category,
      SubjectView view,
      Instant at,
      boolean signalNow) {
    Optional<Purpose> declared = policy.purpose(purposeKey);
    if (declared.isEmpty()) {
      return new Decision(
          false,
          Reason.UNDECLARED_PURPOSE,
          ConsentStatus.CONSENT_UNKNOWN,
          PURPOSE_LIMITATION,
          List.of(),
          null,
          null,
          false,
          Instant.MIN,
          Instant.MAX);
    }
    Purpose purpose = declared.get();
    Instant from = view.validFrom(at);
    Instant until = view.validUntil(at);
    List<ConsentEvent> events = view.eventsAt(at);
    ConsentEvent choice = latestChoice(events, purposeKey, at);
    ConsentStatus recorded = choice == null ? ConsentStatus.CONSENT_UNKNOWN : choice.status();

    for (ProcessingRestriction restriction : view.restrictionsAt(at)) {
      if (blocks(restriction, purpose, category, at)) {
        Reason reason =
            switch (restriction.kind()) {
              case RESTRICTION -> Reason.RESTRICTION;
              case OBJECTION -> Reason.OBJECTION;
              case OPT_OUT_OF_SALE -> Reason.OPTED_OUT;
            };
        String rule =
            restriction.kind() == ProcessingRestriction.Kind.OPT_OUT_OF_SALE
                ? restriction.kind().article()
                : "GDPR " + restriction.kind().article();
        return new Decision(
            false,
            reason,
            recorded,
            rule,
            evidence(choice, restriction.id()),
            null,
            null,
            false,
            from,
            until);
      }
    }

    boolean overSignal = false;
    if (purpose.honoursOptOutSignals()) {
      ConsentEvent signal = latestSignal(events, at);
      if (signal != null || signalNow) {
        boolean acknowledged =
            choice != null
                && choice.acknowledgesSignal()
                && choice.status().validForProcessing()
                && (signal == null || choice.sequence() > signal.sequence());
        if (!acknowledged) {
          OptOutSignal which =
              signal == null
                  ? OptOutSignal.GLOBAL_PRIVACY_CONTROL
                  : OptOutSignal.ofKey(signal.signal());
          return new Decision(
              false,
              Reason.OPT_OUT_SIGNAL,
              recorded,
              SIGNAL_RULE,
              signal == null ? List.of() : List.of(signal.id()),
              null,
              which,
              false,
              from,
              until);
        }
        overSignal = true;
      }
    }

    if (purpose.basis() != LawfulBasis.CONSENT
        && !overSignal
        && purpose.honoursOptOutSignals()
        && choice != null
        && (choice.status() == ConsentStatus.CONSENT_REFUSED
            || choice.status() == ConsentStatus.CONSENT_WITHDRAWN)) {
      // Asked for consent to a purpose marked for sale, sharing or targeted advertising, the
      // subject said no: that is an opt-out (CCPA §1798.120(a)), and processing may not carry
      // on under another basis the consent was asked in place of (EDPB Guidelines 05/2020
      // on consent, §121-123).
      return new Decision(
          false,
          choice.status() == ConsentStatus.CONSENT_REFUSED
              ? Reason.CONSENT_REFUSED
              : Reason.CONSENT_WITHDRAWN,
          recorded,
          SAID_NO_RULE,
          List.of(choice.id()),
          choice.noticeHash(),
          null,
          false,
          from,
          until);
    }
    if (purpose.basis() != LawfulBasis.CONSENT && !overSignal) {
      return new Decision(
          true,
          Reason.LAWFUL_BASIS,
          recorded,
          purpose.basis().article(),
          evidence(choice, null),
          null,
          null,
          false,
          from,
          until);
    }
    String rule = overSignal ? SIGNAL_CONSENT_RULE : LawfulBasis.CONSENT.article();
    if (choice == null) {
      return new Decision(
          false, Reason.NO_CONSENT, recorded, rule, List.of(), null, null, false, from, until);
    }
    List<String> evidence = List.of(choice.id());
    Reason reason =
        switch (choice.status()) {
          case CONSENT_GIVEN, RENEWED_CONSENT_GIVEN -> null;
          case CONSENT_REFUSED -> Reason.CONSENT_REFUSED;
          case CONSENT_REQUESTED, CONSENT_REQUEST_DEFERRED, CONSENT_UNKNOWN -> Reason.NO_CONSENT;
          case CONSENT_WITHDRAWN, CONSENT_REVOKED -> Reason.CONSENT_WITHDRAWN;
          case CONSENT_EXPIRED -> Reason.CONSENT_EXPIRED;
          case CONSENT_INVALIDATED -> Reason.CONSENT_INVALIDATED;
        };
    if (reason != null) {
      return new Decision(
          false,
          reason,
          recorded,
          rule,
          evidence,
          choice.noticeHash(),
          null,
          reason == Reason.CONSENT_EXPIRED || reason == Reason.CONSENT_INVALIDATED,
          from,
          until);
    }
    if (stale(policy, purpose, choice, at)) {
      return new Decision(
          false,
          Reason.NOTICE_CHANGED,
          ConsentStatus.CONSENT_INVALIDATED,
          rule,
          evidence,
          choice.noticeHash(),
          null,
          true,
          from,
          until);
    }
    Instant expiry = expiry(policy, choice);
    if (expiry != null && !at.isBefore(expiry)) {
      return new Decision(
          false,
          Reason.CONSENT_EXPIRED,
          ConsentStatus.CONSENT_EXPIRED,
          rule,
          evidence,
          choice.noticeHash(),
          null,
          true,
          from,
          until);
    }
    return new Decision(
        true,
        overSignal ? Reason.CONSENT_OVER_SIGNAL : Reason.CONSENT_GIVEN,
        choice.status(),
        rule,
        evidence,
        choice.noticeHash(),
        null,
        false,
        from,
        until);
  }

  /**
   * The newest choice for a purpose recorded at or before an instant.
   *
   * @param events the subject's events, in chain order
   * @param purposeKey the purpose
   * @param at the instant
   * @return the choice, or null
   */
  public static ConsentEvent latestChoice(
      List<ConsentEvent> events, String purposeKey, Instant at) {
    ConsentEvent latest = null;
    for (ConsentEvent event : events) {
      if (event.kind() == ConsentEvent.Kind.CHOICE
          && event.purpose().equals(purposeKey)
          && !event.at().isAfter(at)) {
        latest = event;
      }
    }
    return latest;
  }

  /**
   * The newest opt-out signal recorded at or before an instant.
   *
   * @param events the subject's events, in chain order
   * @param at the instant
   * @return the signal event, or null
   */
  public static ConsentEvent latestSignal(List<ConsentEvent> events, Instant at) {
    ConsentEvent latest = null;
    for (ConsentEvent event : events) {
      if (event.kind() == ConsentEvent.Kind.SIGNAL && !event.at().isAfter(at)) {
        latest = event;
      }
    }
    return latest;
  }

  /**
   * Tells whether the notice version a consent was given to has changed materially by an instant.
   *
   * @param policy the policy
   * @param purpose the purpose
   * @param choice the consent
   * @param at the instant
   * @return true if the subject must consent again
   */
  public static boolean stale(
      PrivacyPolicy policy, Purpose purpose, ConsentEvent choice, Instant at) {
    if (choice.noticeVersion() == null || choice.noticeId() == null) {
      return false;
    }
    Optional<ConsentNotice> notice = policy.notice(choice.noticeId());
    return notice.isEmpty() || notice.get().staleFor(choice.noticeVersion(), at, policy.timeZone());
  }

  /**
   * When a consent ends by itself: its own expiry or its refresh period after it was given,
   * whichever is first. The refresh period is the purpose's own, else that of the policy's rights
   * profile for the jurisdiction the consent was given under; one given under none falls under the
   * policy's promise to everyone ({@link Jurisdiction#GLOBAL}), as for the age of consent.
   *
   * @param policy the policy
   * @param choice the consent
   * @return the instant, or null if nothing ends it
   */
  public static Instant expiry(PrivacyPolicy policy, ConsentEvent choice) {
    Instant expiry = choice.expires();
    if (policy.purpose(choice.purpose()).isEmpty()) {
      return expiry; // a purpose this version of the policy no longer declares
    }
    Optional<Period> refresh =
        policy.consentRefresh(
            choice.purpose(),
            choice.jurisdiction() == null ? Jurisdiction.GLOBAL : choice.jurisdiction());
    if (refresh.isPresent()) {
      Instant refreshed = choice.at().atZone(policy.timeZone()).plus(refresh.get()).toInstant();
      expiry = expiry == null || refreshed.isBefore(expiry) ? refreshed : expiry;
    }
    return expiry;
  }

  /**
   * Tells whether a restriction blocks a purpose for a category, or for any category the purpose
   * uses when none is named.
   *
   * @param restriction the restriction
   * @param purpose the purpose
   * @param category the category, or null
   * @param at the instant
   * @return true if it blocks
   */
  public static boolean blocks(
      ProcessingRestriction restriction, Purpose purpose, CategoryKey category, Instant at) {
    if (category != null) {
      return restriction.blocks(purpose, category, at);
    }
    if (restriction.categories().isEmpty()) {
      // it covers every category: any one asks the same question
      return restriction.blocks(
          purpose, purpose.categories().isEmpty() ? ANY_CATEGORY : purpose.categories().get(0), at);
    }
    for (CategoryKey used : purpose.categories()) {
      if (restriction.blocks(purpose, used, at)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> evidence(ConsentEvent choice, String restriction) {
    List<String> ids = new ArrayList<>(2);
    if (choice != null) {
      ids.add(choice.id());
    }
    if (restriction != null) {
      ids.add(restriction);
    }
    return ids;
  }
}
