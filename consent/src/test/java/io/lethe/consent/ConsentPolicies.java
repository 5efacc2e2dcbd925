package io.lethe.consent;

import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.CookieClass;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.NoticeChange;
import io.lethe.core.policy.NoticeVersion;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.SubjectKind;
import io.lethe.core.policy.SubjectType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;

/** A shop's policy with a purpose on each basis the consent engine tells apart. */
final class ConsentPolicies {

  private ConsentPolicies() {}

  /**
   * The shop: orders on contract, a newsletter on consent (notice version 3, after a material
   * change from 1 to 2 and an editorial one from 2 to 3, refreshed every 24 months), analytics on
   * consent, ads on legitimate interests that opt-out signals cover, fraud checks on legitimate
   * interests.
   */
  static PrivacyPolicy.Builder shop() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .sellsPersonalData(false)
        .sharesForCrossContextAdvertising(true)
        .subject(
            SubjectType.of(
                "customer",
                SubjectKind.CUSTOMER,
                IdentifierType.EMAIL,
                IdentifierType.ACCOUNT_ID,
                IdentifierType.TRACKING_ID))
        .purpose(
            Purpose.builder("orders")
                .name("Take and deliver orders")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.contact.email")
                .build())
        .purpose(
            Purpose.builder("newsletter")
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice("newsletter")
                .directMarketing(true)
                .consentRefresh(Period.ofMonths(24))
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
                .legitimateInterest("funding the shop through advertising")
                .objectionRoute("the ads settings page")
                .optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING)
                .build())
        .purpose(
            Purpose.builder("fraud")
                .name("Prevent fraud")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.device.ip_address")
                .legitimateInterest("preventing fraud")
                .objectionRoute("privacy@shop.example")
                .build())
        .notice(
            ConsentNotice.of("newsletter", "3", "newsletter")
                .withPrevious(
                    NoticeChange.EDITORIAL,
                    new NoticeVersion("1", null, null, "We send news."),
                    new NoticeVersion(
                        "2",
                        LocalDate.of(2026, 6, 1),
                        NoticeChange.MATERIAL,
                        "We send news and offers from partners.")))
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
        .rule(
            RetentionRule.builder("contact")
                .categories("user.contact", "user.behavior", "user.device")
                .anchoredOn("collected")
                .maximum("P2Y")
                .build())
        .rights(
            RightsProfile.of(
                Jurisdiction.GDPR,
                DataSubjectRight.ACCESS,
                DataSubjectRight.ERASURE,
                DataSubjectRight.OBJECTION,
                DataSubjectRight.WITHDRAW_CONSENT))
        .rights(
            RightsProfile.of(
                Jurisdiction.CCPA,
                DataSubjectRight.KNOW,
                DataSubjectRight.DELETE,
                DataSubjectRight.OPT_OUT_OF_SALE_OR_SHARING));
  }

  /**
   * A policy for the property test, with a purpose on every basis and marking the engine tells
   * apart, in a time zone other than UTC: orders on contract, tax records on legal obligation, a
   * newsletter on consent (direct marketing; notice versions 1, 2 material from 1 June 2026, 3
   * editorial, 4 material from 1 March 2027; refreshed every 24 months), analytics on consent
   * (notice versions 1 and 2, editorial; refreshed as the jurisdiction's profile says), partner
   * sales on consent that opt-out signals cover, ads on legitimate interests that opt-out signals
   * cover, postal offers on legitimate interests (direct marketing) and fraud checks on legitimate
   * interests. Rights profiles refresh consent after 13 months under the GDPR (age of consent 14),
   * 6 under the UK GDPR, 18 everywhere else (GLOBAL) and never under the CCPA.
   */
  static PrivacyPolicy everyBasis() {
    return PrivacyPolicy.builder("every-basis")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .timeZone(ZoneId.of("Europe/Berlin"))
        .sellsPersonalData(true)
        .sharesForCrossContextAdvertising(true)
        .subject(
            SubjectType.of(
                "customer",
                SubjectKind.CUSTOMER,
                IdentifierType.EMAIL,
                IdentifierType.ACCOUNT_ID,
                IdentifierType.TRACKING_ID))
        .purpose(
            Purpose.builder("orders")
                .name("Take and deliver orders")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.contact.email")
                .build())
        .purpose(
            Purpose.builder("tax")
                .name("Keep tax records")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial.transaction")
                .build())
        .purpose(
            Purpose.builder("newsletter")
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice("newsletter")
                .directMarketing(true)
                .consentRefresh(Period.ofMonths(24))
                .build())
        .purpose(
            Purpose.builder("analytics")
                .name("Measure the site")
                .basis(LawfulBasis.CONSENT)
                .categories("user.behavior.usage")
                .notice("cookies")
                .build())
        .purpose(
            Purpose.builder("partners")
                .name("Sell contact data to partners")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice("partners")
                .optOuts(OptOut.SALE)
                .build())
        .purpose(
            Purpose.builder("ads")
                .name("Show ads that follow you")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.behavior.browsing_history")
                .legitimateInterest("funding the shop through advertising")
                .objectionRoute("the ads settings page")
                .optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING)
                .build())
        .purpose(
            Purpose.builder("postal_offers")
                .name("Send offers by post")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.contact.address")
                .legitimateInterest("telling customers about offers")
                .directMarketing(true)
                .objectionRoute("privacy@shop.example")
                .build())
        .purpose(
            Purpose.builder("fraud")
                .name("Prevent fraud")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.device.ip_address")
                .legitimateInterest("preventing fraud")
                .objectionRoute("privacy@shop.example")
                .build())
        .notice(
            new ConsentNotice(
                "newsletter",
                "4",
                List.of("newsletter"),
                LocalDate.of(2027, 3, 1),
                NoticeChange.MATERIAL,
                "We send news, offers and polls.",
                List.of(
                    new NoticeVersion("1", null, null, "We send news."),
                    new NoticeVersion(
                        "2",
                        LocalDate.of(2026, 6, 1),
                        NoticeChange.MATERIAL,
                        "We send news and offers from partners."),
                    new NoticeVersion(
                        "3",
                        LocalDate.of(2026, 9, 15),
                        NoticeChange.EDITORIAL,
                        "We send news, and offers from our partners."))))
        .notice(
            new ConsentNotice(
                "cookies",
                "2",
                List.of("analytics"),
                LocalDate.of(2026, 4, 10),
                NoticeChange.EDITORIAL,
                "Analytics cookies measure use.",
                List.of(new NoticeVersion("1", null, null, "We measure the site."))))
        .notice(ConsentNotice.of("partners", "1", "partners"))
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
        .rule(
            RetentionRule.builder("contact")
                .categories("user.contact", "user.behavior", "user.device", "user.financial")
                .anchoredOn("collected")
                .maximum("P10Y")
                .build())
        .rights(
            RightsProfile.of(
                    Jurisdiction.GDPR,
                    DataSubjectRight.ACCESS,
                    DataSubjectRight.ERASURE,
                    DataSubjectRight.OBJECTION,
                    DataSubjectRight.WITHDRAW_CONSENT)
                .withConsentRefresh(Period.ofMonths(13))
                .withConsentAge(14))
        .rights(
            RightsProfile.of(
                    Jurisdiction.UK_GDPR,
                    DataSubjectRight.ACCESS,
                    DataSubjectRight.WITHDRAW_CONSENT)
                .withConsentRefresh(Period.ofMonths(6)))
        .rights(
            RightsProfile.of(
                Jurisdiction.CCPA,
                DataSubjectRight.KNOW,
                DataSubjectRight.DELETE,
                DataSubjectRight.OPT_OUT_OF_SALE_OR_SHARING))
        .rights(
            RightsProfile.of(
                    Jurisdiction.GLOBAL, DataSubjectRight.ACCESS, DataSubjectRight.WITHDRAW_CONSENT)
                .withConsentRefresh(Period.ofMonths(18)))
        .build();
  }
}
