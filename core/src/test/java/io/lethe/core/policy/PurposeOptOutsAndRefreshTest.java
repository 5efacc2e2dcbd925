package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A purpose's opt-outs (what an opt-out preference signal stops) and its consent refresh. */
class PurposeOptOutsAndRefreshTest {

  /** The shop with a consent-based advertising purpose and the notice that asks for it. */
  private static PrivacyPolicy.Builder withAds(Purpose ads) {
    return Policies.shop().purpose(ads).notice(ConsentNotice.of("marketing", "1", "ads"));
  }

  private static Purpose.Builder ads() {
    return Purpose.builder("ads")
        .name("Personalised advertising")
        .basis(LawfulBasis.CONSENT)
        .notice("marketing")
        .categories("user.device.ip_address");
  }

  private static List<String> violations(PrivacyPolicy.Builder builder) {
    try {
      builder.build();
    } catch (InvalidPolicyException e) {
      return e.violations().stream().map(PolicyViolation::toString).toList();
    }
    throw new AssertionError("the policy was accepted");
  }

  @Test
  void a_purpose_built_with_opt_outs_honours_opt_out_signals() {
    Purpose marked = ads().optOuts(OptOut.SALE, OptOut.TARGETED_ADVERTISING).build();
    Purpose unmarked = ads().build();

    assertThat(marked.optOuts()).containsExactly(OptOut.SALE, OptOut.TARGETED_ADVERTISING);
    assertThat(marked.honoursOptOutSignals()).isTrue();
    assertThat(unmarked.optOuts()).isEmpty();
    assertThat(unmarked.honoursOptOutSignals()).isFalse();
  }

  @Test
  void a_purpose_built_with_a_consent_refresh_refreshes_after_it() {
    Purpose refreshed = ads().consentRefresh(Period.ofMonths(24)).build();

    assertThat(refreshed.consentRefresh()).isEqualTo(Period.ofMonths(24));
    assertThat(refreshed.refreshAfter()).contains(Period.ofMonths(24));
    assertThat(ads().build().refreshAfter()).isEmpty();
  }

  @Test
  void opt_outs_and_consent_refresh_are_read_from_a_file() {
    String text =
        """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: "1"
        effectiveDate: 2026-01-01
        sellsPersonalData: true
        purposes:
          - key: ads
            name: Personalised advertising
            basis: consent
            notice: marketing
            optOuts: [sale, targeted_advertising]
            consentRefresh: P24M
        notices:
          - {id: marketing, version: "1", purposes: [ads]}
        """;

    Purpose ads =
        PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml").purpose("ads").orElseThrow();

    assertThat(ads.optOuts()).containsExactly(OptOut.SALE, OptOut.TARGETED_ADVERTISING);
    assertThat(ads.honoursOptOutSignals()).isTrue();
    assertThat(ads.refreshAfter()).contains(Period.ofMonths(24));
  }

  @Test
  void opt_outs_and_consent_refresh_are_written_and_read_back_in_both_formats() {
    PrivacyPolicy policy =
        withAds(
                ads()
                    .optOuts(OptOut.SHARING, OptOut.SALE)
                    .consentRefresh(Period.ofMonths(13))
                    .build())
            .sellsPersonalData(true)
            .sharesForCrossContextAdvertising(true)
            .build();

    String yaml = PolicyFiles.toYaml(policy);
    String json = PolicyFiles.toJson(policy);

    assertThat(yaml).contains("optOuts:\n      - sharing\n      - sale\n", "consentRefresh: P13M");
    assertThat(json)
        .contains("\"optOuts\" : [ \"sharing\", \"sale\" ]", "\"consentRefresh\" : \"P13M\"");
    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, "ads.yaml")).isEqualTo(policy);
    assertThat(PolicyFiles.parse(json, PolicyFormat.JSON, "ads.json")).isEqualTo(policy);
  }

  @Test
  void a_purpose_without_opt_outs_or_refresh_writes_neither_key() {
    String yaml = PolicyFiles.toYaml(withAds(ads().build()).build());

    assertThat(yaml).contains("key: ads").doesNotContain("optOuts", "consentRefresh");
  }

  @Test
  void an_opt_out_listed_twice_is_refused_naming_the_purpose() {
    assertThat(violations(withAds(ads().optOuts(OptOut.SALE, OptOut.SHARING, OptOut.SALE).build())))
        .containsExactly(
            "purposes[1].optOuts[2]: purpose 'ads' lists the opt-out" + " 'sale' twice");
  }

  @Test
  void a_purpose_marked_sale_contradicts_a_policy_that_sells_nothing() {
    assertThat(violations(withAds(ads().optOuts(OptOut.SALE).build()).sellsPersonalData(false)))
        .containsExactly(
            "purposes[1].optOuts[0]: purpose 'ads' is"
                + " marked as a sale of personal data but the policy says it sells none"
                + " (sellsPersonalData: false)");
  }

  @Test
  void a_purpose_marked_sharing_or_targeted_advertising_contradicts_a_policy_that_shares_nothing() {
    assertThat(
            violations(
                withAds(ads().optOuts(OptOut.SHARING, OptOut.TARGETED_ADVERTISING).build())
                    .sharesForCrossContextAdvertising(false)))
        .containsExactly(
            "purposes[1].optOuts[0]: purpose 'ads' is marked as sharing of personal data but"
                + " the policy says it shares none for cross-context advertising"
                + " (sharesForCrossContextAdvertising: false)",
            "purposes[1].optOuts[1]: purpose 'ads' is marked as targeted advertising but the"
                + " policy says it shares none for cross-context advertising"
                + " (sharesForCrossContextAdvertising: false)");
  }

  @Test
  void opt_outs_are_accepted_where_the_policy_does_not_say_or_says_it_sells_and_shares() {
    Purpose all = ads().optOuts(OptOut.SALE, OptOut.SHARING, OptOut.TARGETED_ADVERTISING).build();

    assertThat(withAds(all).build().purpose("ads").orElseThrow().optOuts()).hasSize(3);
    assertThat(
            withAds(all)
                .sellsPersonalData(true)
                .sharesForCrossContextAdvertising(true)
                .build()
                .purpose("ads")
                .orElseThrow()
                .honoursOptOutSignals())
        .isTrue();
    // selling says nothing about sharing, and the other way round
    assertThat(
            withAds(ads().optOuts(OptOut.SALE).build())
                .sharesForCrossContextAdvertising(false)
                .build()
                .purposes())
        .hasSize(2);
    assertThat(
            withAds(ads().optOuts(OptOut.SHARING).build())
                .sellsPersonalData(false)
                .build()
                .purposes())
        .hasSize(2);
  }

  @Test
  void a_consent_refresh_on_a_purpose_not_based_on_consent_is_refused() {
    Purpose orders =
        Purpose.builder("orders")
            .name("Fulfil orders")
            .basis(LawfulBasis.CONTRACT)
            .consentRefresh(Period.ofMonths(12))
            .build();

    assertThat(violations(Policies.shop().purpose(orders)))
        .containsExactly(
            "purposes[1].consentRefresh: purpose 'orders' rests on contract, not consent, so it has"
                + " no consent to refresh");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "P0D     | the consent refresh of purpose 'ads' must be positive",
        "P-1M    | the consent refresh of purpose 'ads' must be positive",
        "P1001Y  | longer than 1000 years",
      })
  void a_consent_refresh_must_be_positive_and_bounded(String period, String message) {
    assertThat(violations(withAds(ads().consentRefresh(Period.parse(period)).build())))
        .containsExactly("purposes[1].consentRefresh: " + message);
  }

  @Test
  void the_purposes_own_refresh_wins_over_the_rights_profiles() {
    PrivacyPolicy policy =
        withAds(ads().consentRefresh(Period.ofMonths(6)).build())
            .purpose(
                Purpose.builder("news")
                    .name("Newsletter")
                    .basis(LawfulBasis.CONSENT)
                    .notice("marketing")
                    .categories("user.contact.email")
                    .build())
            .rights(
                RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW)
                    .withConsentRefresh(Period.ofMonths(24)))
            .build();

    assertThat(policy.consentRefresh("ads", Jurisdiction.CCPA)).contains(Period.ofMonths(6));
    assertThat(policy.consentRefresh("ads", Jurisdiction.GDPR)).contains(Period.ofMonths(6));
    assertThat(policy.consentRefresh("news", Jurisdiction.CCPA)).contains(Period.ofMonths(24));
    assertThat(policy.consentRefresh("news", Jurisdiction.GDPR))
        .as("the GDPR profile sets no refresh")
        .isEmpty();
    assertThat(policy.consentRefresh("news", Jurisdiction.UK_GDPR))
        .as("no UK profile at all")
        .isEmpty();
    assertThatThrownBy(() -> policy.consentRefresh("newsletter", Jurisdiction.GDPR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy 'shop' has no purpose 'newsletter'");
  }
}
