package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.Lethe;
import io.lethe.consent.ConsentChoice;
import io.lethe.consent.ConsentEngine;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.CookieRules;
import io.lethe.consent.Decision;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.GlobalPrivacyControl;
import io.lethe.consent.Signals;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.CookieClass;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's consent snippet: a banner's consent, a GPC signal, a withdrawal, on H2. */
class ConsentQuickStartTest {

  /**
   * A shop that asks consent for its newsletter and its analytics cookie, and shares data for ads,
   * which an opt-out preference signal stops.
   */
  private static PrivacyPolicy shop() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .sellsPersonalData(false)
        .sharesForCrossContextAdvertising(true)
        .purpose(
            Purpose.builder("newsletter")
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice("newsletter")
                .build())
        .purpose(
            Purpose.builder("analytics")
                .name("Measure the site")
                .basis(LawfulBasis.CONSENT)
                .categories("user.behavior.usage")
                .notice("cookies")
                .build())
        .purpose(
            Purpose.builder("ads")
                .name("Show ads that follow you")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.behavior.browsing_history")
                .legitimateInterest("funding the shop")
                .objectionRoute("the ads settings page")
                .optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING)
                .build())
        .notice(ConsentNotice.of("newsletter", "1", "newsletter"))
        .notice(ConsentNotice.of("cookies", "1", "analytics"))
        .cookie(Cookie.firstParty("session", CookieClass.STRICTLY_NECESSARY))
        .cookie(
            new Cookie(
                "_ga",
                CookieClass.ANALYTICS,
                "Google",
                "analytics",
                Duration.ofDays(400),
                "cookies",
                null))
        .build();
  }

  @Test
  void a_banner_consent_a_gpc_signal_and_a_withdrawal_through_the_one_entry_point() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme-consent;DB_CLOSE_DELAY=-1");
    PrivacyPolicy policy = shop();
    byte[] secret = "keep-this-32-byte-secret-elsewhere".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("Sec-GPC", List.of("1"));

    // readme:begin
    Lethe lethe = Lethe.builder(policy).dataSource(dataSource).secret(secret).build();
    ConsentEngine consent = lethe.consent(); // shares Lethe's audit trail, restrictions, clock
    SubjectRef visitor = SubjectRef.of(IdentifierType.TRACKING_ID, "v-9f2"); // banner cookie

    consent.record(
        ConsentChoice.given(visitor, "newsletter") // from the consent banner
            .withMethod(ConsentMethod.BANNER)
            .withProof("banner-submission-17"));
    Signals signals = Signals.fromHeaders(headers); // Sec-GPC: 1
    Decision newsletter = consent.decide(visitor, "newsletter", Instant.now(), signals);
    Decision ads = consent.decide(visitor, "ads", Instant.now(), signals);
    newsletter.permitted(); // true: consent to the notice's current version
    ads.permitted(); // false: GPC opts out of sharing, and stays
    consent.signalStatus(visitor).displayText(); // Optional[Opt-Out Request Honored]

    consent.withdraw(visitor, "newsletter", ExpressedBy.SUBJECT); // as easy as giving it
    CookieRules.of(policy).bannerRequired(); // true: _ga needs consent before it is set
    String gpcJson = GlobalPrivacyControl.wellKnownJson(policy); // at /.well-known/gpc.json
    lethe.close(); // stops listening to the consent ledger
    // readme:end

    assertThat(newsletter.permitted()).isTrue();
    assertThat(ads.permitted()).isFalse();
    assertThat(ads.reason()).isEqualTo(Decision.Reason.OPT_OUT_SIGNAL);
    assertThat(consent.signalStatus(visitor).displayText())
        .isEqualTo(Optional.of("Opt-Out Request Honored"));
    assertThat(consent.decide(visitor, "newsletter").reason())
        .isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    assertThat(CookieRules.of(policy).bannerRequired()).isTrue();
    assertThat(gpcJson).isEqualTo("{\"gpc\": true, \"lastUpdate\": \"2026-01-01\"}");
    assertThat(lethe.audit().verify().intact()).isTrue();
  }
}
