package io.lethe.core.policy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;

/** Small policies for tests. */
final class Policies {

  private Policies() {}

  /** A valid policy with a rule tree: a broad rule on user.contact, a specific one on email. */
  static PrivacyPolicy.Builder shop() {
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
        .recipient(
            Recipient.builder("mailer")
                .name("Mail provider")
                .categories("user.contact.email")
                .purposes("accounts")
                .location("DE")
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
        .rights(
            RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS, DataSubjectRight.ERASURE)
                .promising(Period.ofDays(30), Period.ofDays(30)))
        .breach(BreachNotification.authorityWithin(Duration.ofHours(72)));
  }
}
