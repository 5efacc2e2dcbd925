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
        .subject(SubjectType.of("customer", SubjectKind.CUSTOMER, IdentifierType.EMAIL,
            IdentifierType.ACCOUNT_ID, IdentifierType.TRACKING_ID))
        .purpose(Purpose.builder("orders").name("Take and deliver orders")
            .basis(LawfulBasis.CONTRACT).categories("user.contact.email").build())
        .purpose(Purpose.builder("newsletter").name("Send the newsletter")
            .basis(LawfulBasis.CONSENT).categories("user.contact.email").notice("newsletter")
            .directMarketing(true).consentRefresh(Period.ofMonths(24)).build())
        .purpose(Purpose.builder("analytics").name("Measure the site")
            .basis(LawfulBasis.CONSENT).categories("user.behavior.usage").notice("cookies")
            .build())
        .purpose(Purpose.builder("ads").name("Show ads that follow you")
            .basis(LawfulBasis.LEGITIMATE_INTERESTS).categories("user.behavior.browsing_history")
            .legitimateInterest("funding the shop through advertising")
            .objectionRoute("the ads settings page")
            .optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING).build())
        .purpose(Purpose.builder("fraud").name("Prevent fraud")
            .basis(LawfulBasis.LEGITIMATE_INTERESTS).categories("user.device.ip_address")
            .legitimateInterest("preventing fraud").objectionRoute("privacy@shop.example")
            .build())
        .notice(ConsentNotice.of("newsletter", "3", "newsletter")
            .withPrevious(NoticeChange.EDITORIAL,
                new NoticeVersion("1", null, null, "We send news."),
                new NoticeVersion("2", LocalDate.of(2026, 6, 1), NoticeChange.MATERIAL,
                    "We send news and offers from partners.")))
        .notice(ConsentNotice.of("cookies", "1", "analytics"))
        .cookie(Cookie.firstParty("session", CookieClass.STRICTLY_NECESSARY))
        .cookie(new Cookie("_ga", CookieClass.ANALYTICS, "Google", "analytics",
            Duration.ofDays(400), "cookies", null))
        .rule(RetentionRule.builder("contact").categories("user.contact", "user.behavior",
            "user.device").anchoredOn("collected").maximum("P2Y").build())
        .rights(RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS,
            DataSubjectRight.ERASURE, DataSubjectRight.OBJECTION, DataSubjectRight.WITHDRAW_CONSENT))
        .rights(RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW,
            DataSubjectRight.DELETE, DataSubjectRight.OPT_OUT_OF_SALE_OR_SHARING));
  }
}
