package io.lethe.core.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.Art9Condition;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Controller;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.CookieClass;
import io.lethe.core.policy.DataCategory;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.DpaStatus;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.Taxonomy;
import io.lethe.core.policy.TransferSafeguard;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyLintTest {

  /** A policy every rule accepts: each case adds one thing to it. */
  private static PrivacyPolicy.Builder clean() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .purpose(
            Purpose.builder("orders")
                .name("Fulfil orders")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.contact.email", "user.contact.address")
                .build())
        .purpose(
            Purpose.builder("legal")
                .name("Comply with the law")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user")
                .build())
        .recipient(
            Recipient.builder("mailer")
                .name("Mailer")
                .role(RecipientRole.PROCESSOR)
                .categories("user.contact.email")
                .purposes("orders")
                .location("DE")
                .dpa(DpaStatus.IN_PLACE)
                .build())
        .recipient(
            Recipient.builder("police")
                .name("Authorities")
                .role(RecipientRole.PUBLIC_AUTHORITY)
                .categories("user")
                .purposes("legal")
                .build())
        .rule(RetentionRule.builder("contact").categories("user.contact").maximum("P1Y").build())
        .rights(RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS));
  }

  private static List<String> rulesFound(PrivacyPolicy policy) {
    return PolicyLint.standard().lint(policy).stream().map(LintFinding::rule).toList();
  }

  private static List<LintFinding> run(LintRule rule, PrivacyPolicy policy) {
    return PolicyLint.of(rule).lint(policy);
  }

  @Test
  void cleanPolicyHasNoFindings() {
    assertThat(PolicyLint.standard().lint(clean().build())).isEmpty();
  }

  @Test
  void everyStandardRuleHasAUniqueId() {
    assertThat(PolicyLint.standard().rules())
        .extracting(LintRule::id)
        .doesNotHaveDuplicates()
        .hasSize(17)
        .contains(
            "category-without-retention",
            "consent-cookie-without-notice",
            "sale-or-sharing-mismatch",
            "sale-or-sharing-purpose-unmarked",
            "consent-without-withdrawal",
            "contact-hidden");
  }

  @Test
  void findingPrintsSeverityRulePathExplanationAndReference() {
    LintFinding finding =
        new LintFinding(
            "category-without-retention",
            Severity.WARNING,
            "categories user.device.ip_address",
            "no rule",
            "GDPR Art. 13(2)(a)");
    assertThat(finding)
        .hasToString(
            "WARNING category-without-retention "
                + "categories user.device.ip_address: no rule (GDPR Art. 13(2)(a))");
  }

  @Test
  void findingsAreSortedBySeverityThenPathWithNumericIndexes() {
    PrivacyPolicy.Builder builder = clean();
    for (int i = 0; i < 11; i++) {
      builder.recipient(Recipient.builder("p" + i).name("P" + i).dpa(DpaStatus.IN_PLACE).build());
    }
    builder.rule(
        RetentionRule.builder("wallet")
            .categories("user.financial.crypto_wallet")
            .criteria("as long as the blockchain keeps it")
            .build());
    List<LintFinding> findings = PolicyLint.standard().lint(builder.build());
    assertThat(findings).extracting(LintFinding::severity).isSorted();
    assertThat(findings.get(0).rule()).isEqualTo("retention-without-period");
    assertThat(findings)
        .filteredOn(f -> f.severity() == Severity.INFO)
        .extracting(LintFinding::path)
        .startsWith("recipients[2]", "recipients[3]")
        .endsWith("recipients[11]", "recipients[12]");
  }

  @Test
  void allowingLeavesNamedRulesOut() {
    PrivacyPolicy policy =
        clean()
            .recipient(Recipient.builder("cdn").name("CDN").dpa(DpaStatus.IN_PLACE).build())
            .build();
    assertThat(rulesFound(policy)).containsExactly("location-not-stated");
    assertThat(PolicyLint.allowing("location-not-stated").lint(policy)).isEmpty();
    assertThat(PolicyLint.allowing("location-not-stated").rules())
        .hasSize(LintRules.all().size() - 1);
  }

  @Test
  void allowingRejectsUnknownRuleIds() {
    assertThatThrownBy(() -> PolicyLint.allowing("location-unstated"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lint rule 'location-unstated'");
  }

  @Test
  void customRulesCanBeAdded() {
    LintRule noNotes =
        new LintRule() {
          @Override
          public String id() {
            return "no-notes";
          }

          @Override
          public Severity severity() {
            return Severity.INFO;
          }

          @Override
          public List<LintFinding> check(PrivacyPolicy policy) {
            return policy.notes().isEmpty()
                ? List.of(new LintFinding(id(), severity(), "notes", "no notes", "house rule"))
                : List.of();
          }
        };
    assertThat(PolicyLint.standard().with(noNotes).lint(clean().build()))
        .extracting(LintFinding::rule)
        .containsExactly("no-notes");
    assertThatThrownBy(() -> PolicyLint.standard().with(LintRules.noResponseDeadline()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Nested
  class CategoryWithoutRetention {
    @Test
    void findsAUsedCategoryNoRuleGoverns() {
      PrivacyPolicy policy =
          clean()
              .purpose(
                  Purpose.builder("fraud")
                      .name("Fraud")
                      .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                      .objectionRoute("privacy@shop.example")
                      .categories("user.device.ip_address", "user.device.fingerprint")
                      .build())
              .build();
      assertThat(run(LintRules.categoryWithoutRetention(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING category-without-retention categories user.device.fingerprint: used by"
                  + " purposes[2] (fraud) but no retention rule governs it; state the period or"
                  + " the criteria (GDPR Art. 13(2)(a))",
              "WARNING category-without-retention categories user.device.ip_address: used by"
                  + " purposes[2] (fraud) but no retention rule governs it; state the period or"
                  + " the criteria (GDPR Art. 13(2)(a))");
    }

    @Test
    void findsACategoryOnlyARecipientReceives() {
      PrivacyPolicy policy =
          clean()
              .recipient(
                  Recipient.builder("bank")
                      .name("Bank")
                      .location("FR")
                      .dpa(DpaStatus.IN_PLACE)
                      .categories("user.financial.transaction")
                      .build())
              .build();
      assertThat(run(LintRules.categoryWithoutRetention(), policy))
          .extracting(LintFinding::path)
          .containsExactly("categories user.financial.transaction");
    }

    @Test
    void acceptsGovernedAnonymizedAndRootCategories() {
      PrivacyPolicy policy =
          clean()
              .category(DataCategory.anonymized("aggregate.sales", "Sales totals"))
              .purpose(
                  Purpose.builder("stats")
                      .name("Stats")
                      .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                      .objectionRoute("privacy@shop.example")
                      .categories("aggregate.sales", "aggregate.statistics")
                      .build())
              .build();
      assertThat(run(LintRules.categoryWithoutRetention(), policy)).isEmpty();
    }
  }

  @Nested
  class RetentionWithoutPeriod {
    @Test
    void findsCriteriaOnlyAndFloorOnlyRules() {
      PrivacyPolicy policy =
          clean()
              .rule(
                  RetentionRule.builder("wallet")
                      .categories("user.financial.crypto_wallet")
                      .criteria("as long as needed")
                      .build())
              .rule(
                  RetentionRule.builder("ledger")
                      .categories("user.financial.transaction")
                      .minimum("P5Y")
                      .basis(LawfulBasis.LEGAL_OBLIGATION)
                      .legalReference("Tax law")
                      .build())
              .build();
      assertThat(run(LintRules.retentionWithoutPeriod(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING retention-without-period retention[1]: rule 'wallet' gives criteria but"
                  + " no maximum period; nothing says when user.financial.crypto_wallet must be"
                  + " gone (GDPR Art. 13(2)(a))",
              "WARNING retention-without-period retention[2]: rule 'ledger' has a legal floor of"
                  + " P5Y but no maximum; nothing says when user.financial.transaction must be"
                  + " gone (GDPR Art. 13(2)(a))");
    }

    @Test
    void acceptsRulesWithAMaximum() {
      PrivacyPolicy policy =
          clean()
              .rule(
                  RetentionRule.builder("ledger")
                      .categories("user.financial.transaction")
                      .minimum("P5Y")
                      .maximum("P6Y")
                      .basis(LawfulBasis.LEGAL_OBLIGATION)
                      .legalReference("Tax law")
                      .build())
              .build();
      assertThat(run(LintRules.retentionWithoutPeriod(), policy)).isEmpty();
    }
  }

  @Nested
  class IndefinitePersonalData {
    private final Taxonomy taxonomy = Taxonomy.builtIn();

    @Test
    void findsIndefinitePersonalData() {
      RetentionRule rule =
          RetentionRule.builder("forever")
              .categories("user.contact.email", "aggregate.statistics")
              .maximum("indefinite")
              .build();
      assertThat(LintRules.indefinitePersonalData().check(rule, taxonomy, "retention[3]"))
          .map(LintFinding::toString)
          .hasValue(
              "ERROR indefinite-personal-data retention[3]: rule 'forever' keeps personal"
                  + " data indefinitely: user.contact.email (GDPR Art. 5(1)(e))");
    }

    @Test
    void acceptsIndefiniteAnonymizedDataAndFiniteRules() {
      PrivacyPolicy policy =
          clean()
              .rule(
                  RetentionRule.builder("stats")
                      .categories("aggregate.statistics")
                      .maximum("indefinite")
                      .build())
              .build();
      assertThat(run(LintRules.indefinitePersonalData(), policy)).isEmpty();
      RetentionRule finite =
          RetentionRule.builder("mail").categories("user.contact.email").maximum("P1Y").build();
      assertThat(LintRules.indefinitePersonalData().check(finite, taxonomy, "retention[0]"))
          .isEmpty();
    }
  }

  @Nested
  class PurposeRules {
    @Test
    void purposeWithoutBasis() {
      Purpose none = Purpose.builder("mystery").name("Mystery").categories("user.name").build();
      assertThat(LintRules.purposeWithoutBasis().check(none, "purposes[4]"))
          .map(LintFinding::toString)
          .hasValue(
              "ERROR purpose-without-basis purposes[4]: purpose 'mystery' has no lawful"
                  + " basis (GDPR Art. 6(1))");
      Purpose contract =
          Purpose.builder("orders").name("Orders").basis(LawfulBasis.CONTRACT).build();
      assertThat(LintRules.purposeWithoutBasis().check(contract, "purposes[0]")).isEmpty();
      assertThat(run(LintRules.purposeWithoutBasis(), clean().build())).isEmpty();
    }

    @Test
    void consentWithoutNotice() {
      Purpose bare = Purpose.builder("news").name("Newsletter").basis(LawfulBasis.CONSENT).build();
      assertThat(LintRules.consentWithoutNotice().check(bare, "purposes[1]"))
          .map(LintFinding::path)
          .hasValue("purposes[1]");
      Purpose asked =
          Purpose.builder("news")
              .name("Newsletter")
              .basis(LawfulBasis.CONSENT)
              .notice("news-opt-in")
              .build();
      assertThat(LintRules.consentWithoutNotice().check(asked, "purposes[1]")).isEmpty();
      PrivacyPolicy policy =
          clean().purpose(asked).notice(ConsentNotice.of("news-opt-in", "1", "news")).build();
      assertThat(run(LintRules.consentWithoutNotice(), policy)).isEmpty();
    }

    @Test
    void legitimateInterestWithoutObjectionRoute() {
      PrivacyPolicy policy =
          clean()
              .purpose(
                  Purpose.builder("fraud")
                      .name("Fraud")
                      .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                      .legitimateInterest("Stopping fraud")
                      .categories("user.contact.email")
                      .build())
              .build();
      assertThat(run(LintRules.legitimateInterestWithoutObjectionRoute(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING legitimate-interest-without-objection-route purposes[2]:"
                  + " purpose 'fraud' rests on legitimate interests but states no route to object"
                  + " (GDPR Art. 21)");
      Purpose withRoute =
          Purpose.builder("fraud")
              .name("Fraud")
              .basis(LawfulBasis.LEGITIMATE_INTERESTS)
              .objectionRoute("privacy@shop.example")
              .build();
      assertThat(
              LintRules.legitimateInterestWithoutObjectionRoute().check(withRoute, "purposes[2]"))
          .isEmpty();
    }

    @Test
    void specialCategoryWithoutArt9Condition() {
      Purpose health =
          Purpose.builder("care")
              .name("Care")
              .basis(LawfulBasis.CONTRACT)
              .categories("user.health_and_medical")
              .build();
      PrivacyPolicy policy =
          clean()
              .purpose(health)
              .rule(
                  RetentionRule.builder("health")
                      .categories("user.health_and_medical")
                      .maximum("P1Y")
                      .build())
              .build();
      assertThat(run(LintRules.specialCategoryWithoutArt9Condition(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "ERROR special-category-without-art9-condition purposes[2]: purpose"
                  + " 'care' uses special-category data user.health_and_medical without an Art. 9(2)"
                  + " condition (GDPR Art. 9(2))");
      PrivacyPolicy withCondition =
          clean()
              .purpose(
                  Purpose.builder("care")
                      .name("Care")
                      .basis(LawfulBasis.CONSENT)
                      .notice("care")
                      .specialCategoryCondition(Art9Condition.EXPLICIT_CONSENT)
                      .categories("user.health_and_medical")
                      .build())
              .notice(ConsentNotice.of("care", "1", "care"))
              .rule(
                  RetentionRule.builder("health")
                      .categories("user.health_and_medical")
                      .maximum("P1Y")
                      .build())
              .build();
      assertThat(run(LintRules.specialCategoryWithoutArt9Condition(), withCondition)).isEmpty();
    }
  }

  @Nested
  class Recipients {
    @Test
    void transferWithoutSafeguard() {
      Recipient bare = Recipient.builder("cloud").name("Cloud").location("US").build();
      assertThat(LintRules.transferWithoutSafeguard().check(bare, "recipients[2]"))
          .map(LintFinding::toString)
          .hasValue(
              "ERROR transfer-without-safeguard recipients[2]: recipient 'cloud' is located"
                  + " US with no transfer safeguard (GDPR Art. 44-49)");
      PrivacyPolicy policy =
          clean()
              .recipient(
                  Recipient.builder("cloud")
                      .name("Cloud")
                      .location("US")
                      .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                      .dpa(DpaStatus.IN_PLACE)
                      .build())
              .build();
      assertThat(run(LintRules.transferWithoutSafeguard(), policy)).isEmpty();
    }

    @Test
    void locationNotStated() {
      PrivacyPolicy policy =
          clean()
              .recipient(Recipient.builder("cdn").name("CDN").dpa(DpaStatus.IN_PLACE).build())
              .build();
      assertThat(run(LintRules.locationNotStated(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "INFO location-not-stated recipients[2]: recipient 'cdn' has no stated"
                  + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))");
      // the clean policy's public authority has no location either, and is not reported
      assertThat(run(LintRules.locationNotStated(), clean().build())).isEmpty();
    }

    @Test
    void processorWithoutDpa() {
      PrivacyPolicy policy =
          clean()
              .recipient(Recipient.builder("psp").name("PSP").location("NL").build())
              .recipient(
                  Recipient.builder("sub")
                      .name("Sub")
                      .role(RecipientRole.SUB_PROCESSOR)
                      .location("NL")
                      .dpa(DpaStatus.NONE)
                      .build())
              .recipient(
                  Recipient.builder("bank")
                      .name("Bank")
                      .role(RecipientRole.INDEPENDENT_CONTROLLER)
                      .location("NL")
                      .build())
              .build();
      assertThat(run(LintRules.processorWithoutDpa(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING processor-without-dpa recipients[2]: recipient 'psp' is a processor with"
                  + " DPA status not stated (GDPR Art. 28(3))",
              "WARNING processor-without-dpa recipients[3]: recipient 'sub' is a sub processor"
                  + " with DPA status none (GDPR Art. 28(3))");
      assertThat(run(LintRules.processorWithoutDpa(), clean().build())).isEmpty();
    }

    @Test
    void contactHidden() {
      PrivacyPolicy hidden = clean().controller(Controller.withHiddenContact("Hidden Ltd")).build();
      assertThat(run(LintRules.contactHidden(), hidden))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING contact-hidden controller.contactHidden: the published"
                  + " notice hides the contact address, so a subject cannot reach the controller"
                  + " from it (GDPR Art. 13(1)(a))");
      assertThat(run(LintRules.contactHidden(), clean().build())).isEmpty();
    }

    @Test
    void saleOrSharingMismatch() {
      PrivacyPolicy contradicted =
          clean()
              .sellsPersonalData(false)
              .sharesForCrossContextAdvertising(false)
              .recipient(
                  Recipient.builder("broker")
                      .name("Broker")
                      .role(RecipientRole.INDEPENDENT_CONTROLLER)
                      .location("NL")
                      .sale(true)
                      .build())
              .recipient(
                  Recipient.builder("pixel")
                      .name("Ad pixel")
                      .role(RecipientRole.PROCESSOR)
                      .location("NL")
                      .dpa(DpaStatus.IN_PLACE)
                      .sharing(true)
                      .build())
              .build();
      assertThat(run(LintRules.saleOrSharingMismatch(), contradicted))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING sale-or-sharing-mismatch recipients[2]: recipient 'broker' is marked sale,"
                  + " but the policy says it sells no personal data (CCPA §1798.120)",
              "WARNING sale-or-sharing-mismatch recipients[3]: recipient 'pixel' is a processor"
                  + " marked sharing, though a disclosure to a service provider under contract"
                  + " is neither (CCPA §1798.140)",
              "WARNING sale-or-sharing-mismatch recipients[3]: recipient 'pixel' is marked"
                  + " sharing, but the policy says it shares no personal data for cross-context"
                  + " behavioral advertising (CCPA §1798.120)");

      PrivacyPolicy unmarked =
          clean().sellsPersonalData(true).sharesForCrossContextAdvertising(true).build();
      assertThat(run(LintRules.saleOrSharingMismatch(), unmarked))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING sale-or-sharing-mismatch sellsPersonalData: the policy sells personal"
                  + " data but marks no recipient sale, so a CCPA opt-out cannot stop those"
                  + " disclosures (CCPA §1798.120)",
              "WARNING sale-or-sharing-mismatch sharesForCrossContextAdvertising: the policy"
                  + " shares personal data for cross-context behavioral advertising but marks no"
                  + " recipient sharing, so a CCPA opt-out cannot stop those disclosures"
                  + " (CCPA §1798.120)");

      PrivacyPolicy consistent =
          clean()
              .sellsPersonalData(true)
              .sharesForCrossContextAdvertising(false)
              .recipient(
                  Recipient.builder("broker")
                      .name("Broker")
                      .role(RecipientRole.INDEPENDENT_CONTROLLER)
                      .location("NL")
                      .sale(true)
                      .build())
              .build();
      assertThat(run(LintRules.saleOrSharingMismatch(), consistent)).isEmpty();
      PrivacyPolicy unstated =
          clean()
              .recipient(
                  Recipient.builder("broker")
                      .name("Broker")
                      .role(RecipientRole.INDEPENDENT_CONTROLLER)
                      .location("NL")
                      .sale(true)
                      .sharing(true)
                      .build())
              .build();
      assertThat(run(LintRules.saleOrSharingMismatch(), unstated))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING sale-or-sharing-mismatch recipients[2]: recipient 'broker' is marked sale,"
                  + " but the policy does not say whether it sells personal data"
                  + " (CCPA §1798.120)",
              "WARNING sale-or-sharing-mismatch recipients[2]: recipient 'broker' is marked"
                  + " sharing, but the policy does not say whether it shares personal data for"
                  + " cross-context behavioral advertising (CCPA §1798.120)");
      assertThat(run(LintRules.saleOrSharingMismatch(), clean().build())).isEmpty();
    }

    @Test
    void consentWithoutWithdrawal() {
      Purpose news =
          Purpose.builder("news")
              .name("Newsletter")
              .basis(LawfulBasis.CONSENT)
              .notice("news")
              .categories("user.contact.email")
              .build();
      PrivacyPolicy withoutRight =
          clean()
              .purpose(news)
              .notice(ConsentNotice.of("news", "1", "news"))
              .rights(RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW))
              .build();
      assertThat(run(LintRules.consentWithoutWithdrawal(), withoutRight))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING consent-without-withdrawal"
                  + " rights[0].rights: purposes [news] rest on consent but the gdpr rights do not"
                  + " include withdraw_consent (GDPR Art. 7(3))");

      PrivacyPolicy withRight =
          PrivacyPolicy.from(
                  clean().purpose(news).notice(ConsentNotice.of("news", "1", "news")).build())
              .build();
      assertThat(
              run(
                  LintRules.consentWithoutWithdrawal(),
                  PrivacyPolicy.from(withRight)
                      .rights(
                          RightsProfile.of(
                              Jurisdiction.UK_GDPR,
                              DataSubjectRight.ACCESS,
                              DataSubjectRight.WITHDRAW_CONSENT))
                      .build()))
          .extracting(LintFinding::path)
          .containsExactly("rights[0].rights");
      assertThat(run(LintRules.consentWithoutWithdrawal(), clean().build()))
          .as("no purpose rests on consent")
          .isEmpty();
    }

    @Test
    void saleOrSharingPurposeUnmarked() {
      Purpose ads =
          Purpose.builder("ads")
              .name("Advertising")
              .basis(LawfulBasis.CONSENT)
              .notice("marketing")
              .categories("user.contact.email")
              .build();
      PrivacyPolicy unmarked =
          clean()
              .sellsPersonalData(true)
              .sharesForCrossContextAdvertising(true)
              .purpose(ads)
              .notice(ConsentNotice.of("marketing", "1", "ads"))
              .build();
      assertThat(run(LintRules.saleOrSharingPurposeUnmarked(), unmarked))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING sale-or-sharing-purpose-unmarked sellsPersonalData: the policy sells"
                  + " personal data but no purpose lists the opt-out 'sale', so an opt-out"
                  + " preference signal such as Global Privacy Control cannot be honoured for it"
                  + " (CCPA §1798.135)",
              "WARNING sale-or-sharing-purpose-unmarked sharesForCrossContextAdvertising: the"
                  + " policy shares personal data for cross-context behavioral advertising but"
                  + " no purpose lists the opt-out 'sharing' or 'targeted_advertising', so an"
                  + " opt-out preference signal such as Global Privacy Control cannot be"
                  + " honoured for it (CCPA §1798.135)");

      PrivacyPolicy onlySale =
          clean()
              .sellsPersonalData(true)
              .sharesForCrossContextAdvertising(true)
              .purpose(
                  Purpose.builder("ads")
                      .name("Advertising")
                      .basis(LawfulBasis.CONSENT)
                      .notice("marketing")
                      .categories("user.contact.email")
                      .optOuts(OptOut.SALE)
                      .build())
              .notice(ConsentNotice.of("marketing", "1", "ads"))
              .build();
      assertThat(run(LintRules.saleOrSharingPurposeUnmarked(), onlySale))
          .extracting(LintFinding::path)
          .containsExactly("sharesForCrossContextAdvertising");

      for (OptOut sharing : List.of(OptOut.SHARING, OptOut.TARGETED_ADVERTISING)) {
        PrivacyPolicy marked =
            clean()
                .sellsPersonalData(true)
                .sharesForCrossContextAdvertising(true)
                .purpose(
                    Purpose.builder("ads")
                        .name("Advertising")
                        .basis(LawfulBasis.CONSENT)
                        .notice("marketing")
                        .categories("user.contact.email")
                        .optOuts(OptOut.SALE, sharing)
                        .build())
                .notice(ConsentNotice.of("marketing", "1", "ads"))
                .build();
        assertThat(run(LintRules.saleOrSharingPurposeUnmarked(), marked))
            .as(sharing.name())
            .isEmpty();
      }
      assertThat(run(LintRules.saleOrSharingPurposeUnmarked(), clean().build()))
          .as("the policy does not say it sells or shares")
          .isEmpty();
      assertThat(
              run(
                  LintRules.saleOrSharingPurposeUnmarked(),
                  clean().sellsPersonalData(false).sharesForCrossContextAdvertising(false).build()))
          .isEmpty();
    }
  }

  @Nested
  class Rights {
    @Test
    void deadlineLongerThanLaw() {
      RightsProfile slow =
          RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS)
              .promising(Period.ofDays(31), Period.ofMonths(3));
      assertThat(LintRules.deadlineLongerThanLaw().check(slow, "rights[0]"))
          .map(LintFinding::toString)
          .containsExactly(
              "ERROR deadline-longer-than-law rights[0].deadline: promised deadline P31D is"
                  + " longer than the P1M the GDPR allows (GDPR Art. 12(3))",
              "ERROR deadline-longer-than-law rights[0].extension: promised extension P3M is"
                  + " longer than the P2M the GDPR allows (GDPR Art. 12(3))");
      RightsProfile ccpa =
          RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW)
              .promising(Period.ofDays(46), null);
      assertThat(LintRules.deadlineLongerThanLaw().check(ccpa, "rights[1]"))
          .extracting(LintFinding::reference)
          .containsExactly("CCPA §1798.130");
    }

    @Test
    void acceptsDeadlinesWithinTheLaw() {
      RightsProfile thirtyDays =
          RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS)
              .promising(Period.ofDays(30), Period.ofDays(30));
      assertThat(LintRules.deadlineLongerThanLaw().check(thirtyDays, "rights[0]")).isEmpty();
      RightsProfile global =
          RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)
              .promising(Period.ofDays(90), null);
      assertThat(LintRules.deadlineLongerThanLaw().check(global, "rights[0]")).isEmpty();
      PrivacyPolicy policy = PrivacyPolicy.from(clean().build()).build();
      assertThat(run(LintRules.deadlineLongerThanLaw(), policy)).isEmpty();
    }

    @Test
    void noResponseDeadline() {
      PrivacyPolicy policy =
          clean().rights(RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)).build();
      assertThat(run(LintRules.noResponseDeadline(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "INFO no-response-deadline rights[1]: rights promised under GLOBAL"
                  + " with no response deadline (GDPR Art. 12(3))");
      PrivacyPolicy promised =
          clean()
              .rights(
                  RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)
                      .promising(Period.ofDays(30), null))
              .build();
      assertThat(run(LintRules.noResponseDeadline(), promised)).isEmpty();
    }
  }

  @Nested
  class Cookies {
    @Test
    void findsConsentCookiesNoNoticeAsksFor() {
      PrivacyPolicy policy =
          clean()
              .cookie(Cookie.firstParty("session", CookieClass.STRICTLY_NECESSARY))
              .cookie(new Cookie("_ga", CookieClass.ANALYTICS, "Google", null, null, null, null))
              .build();
      assertThat(run(LintRules.consentCookieWithoutNotice(), policy))
          .map(LintFinding::toString)
          .containsExactly(
              "WARNING consent-cookie-without-notice cookies[1]: analytics cookie"
                  + " '_ga' needs prior consent but no consent notice asks for it (ePrivacy Directive"
                  + " Art. 5(3))");
    }

    @Test
    void acceptsCookiesWithTheirOwnOrTheirPurposesNotice() {
      PrivacyPolicy policy =
          clean()
              .purpose(
                  Purpose.builder("analytics")
                      .name("Analytics")
                      .basis(LawfulBasis.CONSENT)
                      .notice("cookies")
                      .categories("user.device.cookie_id")
                      .build())
              .notice(ConsentNotice.of("cookies", "1", "analytics"))
              .rule(
                  RetentionRule.builder("cookies")
                      .categories("user.device.cookie_id")
                      .maximum("P13M")
                      .build())
              .cookie(
                  new Cookie("_ga", CookieClass.ANALYTICS, "Google", "analytics", null, null, null))
              .cookie(
                  new Cookie(
                      "lang", CookieClass.FUNCTIONAL, "first-party", null, null, "cookies", null))
              .build();
      assertThat(run(LintRules.consentCookieWithoutNotice(), policy)).isEmpty();
    }
  }
}
