package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.consent.ConsentChoice;
import io.lethe.consent.ConsentEngine;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentException;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.CookieRules;
import io.lethe.consent.Decision;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.GlobalPrivacyControl;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.Signals;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JsonLinesAuditStorage;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.restriction.InMemoryRestrictionRegistry;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the four reference policies (seeds 000–003) promise about consent, objections, cookies and
 * opt-out signals, enforced by a {@link ConsentEngine} built on the policy file as it ships. Each
 * test quotes the promise it shows. Time is a {@link MutableClock}; nothing sleeps.
 */
class SeedConsentTest {

  /** After every seed's effective date and after every notice version took effect. */
  private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(START);
  private InMemoryConsentLedger ledger;
  private Restrictions restrictions;
  private ConsentEngine consent;

  @AfterEach
  void closeEngine() {
    if (consent != null) {
      consent.close();
    }
  }

  private static PrivacyPolicy seed(String id) {
    return PolicyFiles.readResource(
        "policies/" + id + ".yaml", SeedConsentTest.class.getClassLoader());
  }

  /** Starts an engine on the seed's policy file, with an empty ledger and no restrictions. */
  private PrivacyPolicy engineFor(String id) {
    PrivacyPolicy policy = seed(id);
    AuditLog audit =
        AuditLog.create(
            JsonLinesAuditStorage.at(dir.resolve(id + "-audit.jsonl")),
            SubjectHasher.withSecret(new byte[32]),
            clock);
    ledger = new InMemoryConsentLedger();
    restrictions = Restrictions.create(new InMemoryRestrictionRegistry(), policy, audit, clock);
    consent =
        ConsentEngine.builder(policy)
            .ledger(ledger)
            .audit(audit)
            .restrictions(restrictions)
            .clock(clock)
            .build();
    return policy;
  }

  private static List<String> names(List<Cookie> cookies) {
    return cookies.stream().map(Cookie::name).toList();
  }

  // ================================================================== VRNUM (seed 001)

  @Test
  void vrnum_sends_marketing_emails_only_after_an_explicit_opt_in_and_stops_on_withdrawal() {
    // "We do not send marketing emails unless you explicitly opt in."
    PrivacyPolicy policy = engineFor("vrnum");
    SubjectRef customer = SubjectRef.account("vr-1042");

    Decision before = consent.decide(customer, "marketing_emails");
    ConsentEvent optIn =
        consent.record(
            ConsentChoice.given(customer, "marketing_emails")
                .withMethod(ConsentMethod.API)
                .withProof("settings-change-77"));
    Decision optedIn = consent.decide(customer, "marketing_emails");
    clock.advance(Duration.ofDays(3));
    consent.withdraw(customer, "marketing_emails", ExpressedBy.SUBJECT);
    Decision withdrawn = consent.decide(customer, "marketing_emails");

    assertThat(before.permitted()).isFalse();
    assertThat(before.reason()).isEqualTo(Decision.Reason.NO_CONSENT);
    assertThat(optedIn.permitted()).isTrue();
    assertThat(optedIn.reason()).isEqualTo(Decision.Reason.CONSENT_GIVEN);
    assertThat(optedIn.evidence()).containsExactly(optIn.id());
    assertThat(optIn.noticeId()).isEqualTo("marketing-opt-in");
    assertThat(optIn.noticeVersion()).isEqualTo("June 1, 2025");
    assertThat(optedIn.noticeHash())
        .isEqualTo(policy.notice("marketing-opt-in").orElseThrow().contentHash("June 1, 2025"));
    assertThat(withdrawn.permitted()).isFalse();
    assertThat(withdrawn.reason()).isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    // Transactional emails rest on the contract and never needed the opt-in.
    assertThat(consent.decide(customer, "transactional_emails").reason())
        .isEqualTo(Decision.Reason.LAWFUL_BASIS);
  }

  @Test
  void vrnum_stops_marketing_attribution_once_the_user_objects() {
    // "Objection: You can object to specific processing activities, such as marketing
    // attribution tracking."
    engineFor("vrnum");
    SubjectRef email = SubjectRef.email("ana@example.com");
    SubjectRef account = SubjectRef.account("vr-2001");

    Decision before = consent.decide(account, "marketing_attribution");
    ProcessingRestriction objection =
        restrictions.object(
            Set.of(email, account), "marketing_attribution", "privacy-mail-31", "support");
    Decision after = consent.decide(account, "marketing_attribution");

    assertThat(before.permitted()).isTrue();
    assertThat(before.reason()).isEqualTo(Decision.Reason.LAWFUL_BASIS);
    assertThat(ledger.readAll()).isEmpty();
    assertThat(after.permitted()).isFalse();
    assertThat(after.reason()).isEqualTo(Decision.Reason.OBJECTION);
    assertThat(after.evidence()).contains(objection.id());
    assertThat(consent.decide(email, "marketing_attribution").reason())
        .isEqualTo(Decision.Reason.OBJECTION);
    // The objection is to attribution only: the account itself goes on working.
    assertThat(consent.decide(account, "account_management").permitted()).isTrue();
  }

  @Test
  void vrnum_google_analytics_cookie_needs_a_banner_and_waits_for_consent() {
    // "We may load Google Analytics 4 if configured ... You can opt out via your browser's
    // privacy settings or a standard GA4 opt-out extension." The seed offers an opt-out only;
    // an analytics cookie needs prior consent (ePrivacy Directive Art. 5(3)), so the engine holds
    // the cookie back until the visitor consents, although the measurement itself is encoded on
    // legitimate interests.
    PrivacyPolicy policy = engineFor("vrnum");
    SubjectRef visitor = SubjectRef.of(IdentifierType.TRACKING_ID, "vr-visitor-5c1");
    CookieRules rules = CookieRules.of(policy);

    List<Cookie> before = consent.cookiesAllowed(visitor, clock.instant(), Signals.NONE);
    consent.record(ConsentChoice.given(visitor, "site_analytics").withMethod(ConsentMethod.BANNER));
    List<Cookie> afterConsent = consent.cookiesAllowed(visitor, clock.instant(), Signals.NONE);
    clock.advance(Duration.ofMinutes(5));
    consent.withdraw(visitor, "site_analytics", ExpressedBy.SUBJECT);
    List<Cookie> afterWithdrawal = consent.cookiesAllowed(visitor, clock.instant(), Signals.NONE);

    assertThat(rules.bannerRequired()).isTrue();
    assertThat(names(rules.needingConsent())).containsExactly("Google Analytics 4");
    assertThat(policy.purpose("site_analytics").orElseThrow().basis())
        .isEqualTo(LawfulBasis.LEGITIMATE_INTERESTS);
    assertThat(names(before))
        .containsExactly("Session cookie", "CSRF token", "Cloudflare Turnstile");
    assertThat(names(afterConsent))
        .containsExactly(
            "Session cookie", "CSRF token", "Cloudflare Turnstile", "Google Analytics 4");
    assertThat(names(afterWithdrawal))
        .containsExactly("Session cookie", "CSRF token", "Cloudflare Turnstile");
  }

  // ================================================================== VZGen (seed 000)

  @Test
  void vzgen_runs_verification_jobs_under_contract_without_any_consent_record() {
    // "Execute number verification jobs and return results | Job parameters, credits, usage
    // history | Contract performance"
    engineFor("vzgen");
    SubjectRef customer = SubjectRef.account("vz-77");

    Decision decision = consent.decide(customer, "verification_jobs");

    assertThat(decision.permitted()).isTrue();
    assertThat(decision.reason()).isEqualTo(Decision.Reason.LAWFUL_BASIS);
    assertThat(decision.rule()).contains("6(1)(b)");
    assertThat(decision.status()).isEqualTo(ConsentStatus.CONSENT_UNKNOWN);
    assertThat(ledger.readAll()).isEmpty();
    // A consent to it would misstate the basis the seed's table gives, so none is recorded.
    assertThatThrownBy(() -> consent.record(ConsentChoice.given(customer, "verification_jobs")))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("not on consent");
    assertThat(ledger.readAll()).isEmpty();
  }

  @Test
  void vzgen_needs_no_cookie_banner_because_its_only_cookie_is_strictly_necessary() {
    // "Because we use only a strictly necessary session cookie, cookie consent banners are not
    // required under the ePrivacy Directive for our platform."
    PrivacyPolicy policy = engineFor("vzgen");
    SubjectRef visitor = SubjectRef.of(IdentifierType.TRACKING_ID, "vz-visitor-0a9");

    List<Cookie> allowed = consent.cookiesAllowed(visitor, clock.instant(), Signals.NONE);

    assertThat(CookieRules.of(policy).bannerRequired()).isFalse();
    assertThat(CookieRules.of(policy).needingConsent()).isEmpty();
    assertThat(names(allowed)).containsExactly("session");
    assertThat(ledger.readAll()).isEmpty();
  }

  @Test
  void vzgen_denies_analytics_it_never_declared() {
    // "We do not use: ... Third-party analytics cookies (Google Analytics, Facebook Pixel,
    // etc.)"; "We do not use your data for advertising, behavioral tracking, or sale to third
    // parties."
    engineFor("vzgen");
    SubjectRef customer = SubjectRef.account("vz-77");

    Decision analytics = consent.decide(customer, "analytics");
    Decision advertising = consent.decide(customer, "advertising");

    assertThat(analytics.permitted()).isFalse();
    assertThat(analytics.reason()).isEqualTo(Decision.Reason.UNDECLARED_PURPOSE);
    assertThat(analytics.rule()).isEqualTo("GDPR Art. 5(1)(b)");
    assertThat(advertising.reason()).isEqualTo(Decision.Reason.UNDECLARED_PURPOSE);
    // Not even the subject's consent can open a purpose the policy does not declare.
    assertThatThrownBy(() -> consent.record(ConsentChoice.given(customer, "analytics")))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("no purpose 'analytics'");
    assertThat(consent.decide(customer, "analytics").reason())
        .isEqualTo(Decision.Reason.UNDECLARED_PURPOSE);
  }

  // ================================================================== every seed

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // VZGen: "We do not sell personal information and do not share it for cross-context
    // behavioral advertising. There is nothing to opt out of in this regard."
    "vzgen,     2026-04-01",
    // VRNUM: "We never sell your data, never serve advertising"
    "vrnum,     2025-06-01",
    // Nexus: "We do not sell, rent, or share your personal data with third parties for
    // marketing purposes." "No data is shared with advertising networks."
    "nexus,     2026-01-01",
    // NumberOTP: "We do not use your personal information for advertising or sell it to third
    // parties."
    "numberotp, 2026-05-06"
  })
  void every_seed_tells_browsers_it_honours_global_privacy_control_as_it_neither_sells_nor_shares(
      String id, String lastUpdate) {
    PrivacyPolicy policy = seed(id);

    String gpcJson = GlobalPrivacyControl.wellKnownJson(policy);

    assertThat(policy.sellsPersonalData()).contains(false);
    assertThat(policy.sharesForCrossContextAdvertising()).contains(false);
    assertThat(policy.purposes()).noneMatch(Purpose::honoursOptOutSignals);
    assertThat(gpcJson).isEqualTo("{\"gpc\": true, \"lastUpdate\": \"" + lastUpdate + "\"}");
  }

  // ================================================================== NumberOTP (seed 003)

  @Test
  void numberotp_forwards_otp_codes_by_email_only_once_the_user_configured_it() {
    // "To send transactional emails (receipts, security alerts, OTP forwarding if configured)"
    PrivacyPolicy policy = engineFor("numberotp");
    SubjectRef customer = SubjectRef.account("notp-310");

    Decision before = consent.decide(customer, "otp_email_forwarding");
    ConsentEvent configured =
        consent.record(
            ConsentChoice.given(customer, "otp_email_forwarding").withMethod(ConsentMethod.API));
    Decision on = consent.decide(customer, "otp_email_forwarding");
    clock.advance(Duration.ofDays(10));
    consent.withdraw(customer, "otp_email_forwarding", ExpressedBy.SUBJECT);
    Decision off = consent.decide(customer, "otp_email_forwarding");

    assertThat(policy.purpose("otp_email_forwarding").orElseThrow().basis())
        .isEqualTo(LawfulBasis.CONSENT);
    assertThat(before.permitted()).isFalse();
    assertThat(before.reason()).isEqualTo(Decision.Reason.NO_CONSENT);
    assertThat(configured.method()).isEqualTo(ConsentMethod.API);
    assertThat(configured.noticeId()).isEqualTo("otp-forwarding");
    assertThat(on.permitted()).isTrue();
    assertThat(on.evidence()).containsExactly(configured.id());
    assertThat(off.permitted()).isFalse();
    assertThat(off.reason()).isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    // Receipts and security alerts go out whether or not forwarding is configured.
    assertThat(consent.decide(customer, "transactional_emails").reason())
        .isEqualTo(Decision.Reason.LAWFUL_BASIS);
  }

  // ================================================================== Nexus (seed 002)

  @Test
  void nexus_anonymous_buyers_objection_follows_them_into_their_account() {
    // "Anonymous purchases: Orders placed without an account are associated with a tracking ID
    // only." "Objection: You may object to processing of your personal data for certain
    // purposes." Nexus asks consent for nothing, so the choice an anonymous buyer can make is an
    // objection; it is recorded against the tracking id, and linking the id to the account the
    // buyer opens later carries it over.
    engineFor("nexus");
    SubjectRef trackingId = SubjectRef.of(IdentifierType.TRACKING_ID, "nx-order-8f3a");
    SubjectRef account = SubjectRef.account("nx-5120");

    ProcessingRestriction objection =
        restrictions.object(Set.of(trackingId), "fraud_prevention", "contact-form-12", "support");
    Decision buyer = consent.decide(trackingId, "fraud_prevention");
    Decision accountBeforeLink = consent.decide(account, "fraud_prevention");
    clock.advance(Duration.ofDays(2));
    consent.link(trackingId, account);
    Decision accountAfterLink = consent.decide(account, "fraud_prevention");

    assertThat(buyer.reason()).isEqualTo(Decision.Reason.OBJECTION);
    assertThat(accountBeforeLink.permitted()).isTrue();
    assertThat(accountAfterLink.permitted()).isFalse();
    assertThat(accountAfterLink.reason()).isEqualTo(Decision.Reason.OBJECTION);
    assertThat(accountAfterLink.evidence()).contains(objection.id());
    assertThat(consent.history(account))
        .extracting(ConsentEvent::kind)
        .containsExactly(ConsentEvent.Kind.LINK);
    // The objection is to fraud prevention only: the order itself is still served.
    assertThat(consent.decide(account, "service_operation").permitted()).isTrue();
  }

  @Test
  void nexus_global_privacy_control_changes_no_decision_as_nexus_neither_sells_nor_shares() {
    // "We do not sell, rent, or share your personal data with third parties for marketing
    // purposes." "No data is shared with advertising networks." With no purpose a signal could
    // opt out of, a Sec-GPC: 1 sent with the tracking id changes nothing, before or after the
    // buyer opens an account.
    PrivacyPolicy policy = engineFor("nexus");
    SubjectRef trackingId = SubjectRef.of(IdentifierType.TRACKING_ID, "nx-order-44d0");
    SubjectRef account = SubjectRef.account("nx-6001");

    for (Purpose purpose : policy.purposes()) {
      Decision without = consent.decide(trackingId, purpose.key(), clock.instant(), Signals.NONE);
      Decision with = consent.decide(trackingId, purpose.key(), clock.instant(), Signals.GPC);
      assertThat(with.permitted()).as(purpose.key()).isEqualTo(without.permitted()).isTrue();
      assertThat(with.reason()).as(purpose.key()).isEqualTo(Decision.Reason.LAWFUL_BASIS);
      assertThat(with.signal()).as(purpose.key()).isNull();
    }
    clock.advance(Duration.ofHours(1));
    consent.link(trackingId, account);
    for (Purpose purpose : policy.purposes()) {
      Decision decision = consent.decide(account, purpose.key(), clock.instant(), Signals.GPC);
      assertThat(decision.permitted()).as(purpose.key()).isTrue();
      assertThat(decision.reason()).as(purpose.key()).isEqualTo(Decision.Reason.LAWFUL_BASIS);
    }

    assertThat(ledger.readAll().filter(e -> e.kind() == ConsentEvent.Kind.SIGNAL)).isEmpty();
    assertThat(consent.signalStatus(account).purposes()).isEmpty();
    assertThat(GlobalPrivacyControl.wellKnownJson(policy))
        .isEqualTo("{\"gpc\": true, \"lastUpdate\": \"2026-01-01\"}");
  }
}
