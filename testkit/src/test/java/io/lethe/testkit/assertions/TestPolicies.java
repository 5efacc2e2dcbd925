package io.lethe.testkit.assertions;

import io.lethe.core.policy.BreachNotification;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.DpaStatus;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.SubjectKind;
import io.lethe.core.policy.SubjectType;
import io.lethe.core.policy.TransferSafeguard;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;

/** A small shop policy for the assertion tests. */
final class TestPolicies {

  private TestPolicies() {}

  static PrivacyPolicy shop() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .subject(
            SubjectType.of(
                "customer", SubjectKind.CUSTOMER, IdentifierType.EMAIL, IdentifierType.ACCOUNT_ID))
        .purpose(
            Purpose.builder("accounts")
                .name("Run the account")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.contact", "user.financial.transaction")
                .build())
        .purpose(
            Purpose.builder("security")
                .name("Keep the service secure")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("fraud prevention")
                .objectionRoute("privacy@shop.example")
                .categories("user.device.ip_address")
                .build())
        .recipient(
            Recipient.builder("mailer")
                .name("Mail provider")
                .categories("user.contact.email")
                .purposes("accounts")
                .location("DE")
                .dpa(DpaStatus.IN_PLACE)
                .build())
        .recipient(
            Recipient.builder("hosting")
                .name("Hosting provider")
                .categories("user.contact", "user.device")
                .purposes("accounts", "security")
                .location("FI")
                .dpa(DpaStatus.IN_PLACE)
                .build())
        .recipient(
            Recipient.builder("cdn")
                .name("Content delivery network")
                .categories("user.device.ip_address")
                .purposes("security")
                .location("US")
                .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                .dpa(DpaStatus.IN_PLACE)
                .build())
        .rule(
            RetentionRule.builder("contact")
                .categories("user.contact")
                .anchoredOn("account.closed")
                .maximum("P30D")
                .build())
        .rule(
            RetentionRule.builder("email")
                .categories("user.contact.email")
                .anchoredOn("account.closed")
                .maximum("P90D")
                .build())
        .rule(
            RetentionRule.builder("transactions")
                .categories("user.financial.transaction")
                .minimum("P5Y")
                .maximum("P7Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("commercial code")
                .build())
        .rule(
            RetentionRule.builder("logs")
                .categories("user.device.ip_address")
                .maximum("P6M")
                .build())
        .rule(
            RetentionRule.builder("usage")
                .categories("user.behavior")
                .criteria("as long as the account is open")
                .build())
        .rights(
            RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS, DataSubjectRight.ERASURE)
                .promising(Period.ofDays(30), Period.ofDays(30)))
        .breach(BreachNotification.authorityWithin(Duration.ofHours(72)))
        .build();
  }
}
