package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The age of consent and the consent refresh a rights profile sets for its jurisdiction. */
class ConsentAgeAndRefreshTest {

  /** A policy with no rights profile yet, so that the one under test is {@code rights[0]}. */
  private static PrivacyPolicy.Builder policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1));
  }

  private static List<String> violations(RightsProfile profile) {
    try {
      policy().rights(profile).build();
    } catch (InvalidPolicyException e) {
      return e.violations().stream().map(PolicyViolation::toString).toList();
    }
    throw new AssertionError("the policy was accepted");
  }

  private static PrivacyPolicy with(RightsProfile profile) {
    return policy().rights(profile).build();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"GDPR, 16", "UK_GDPR, 13", "CCPA, 16", "GLOBAL, 16"})
  void each_jurisdiction_has_a_default_consent_age(Jurisdiction jurisdiction, int age) {
    assertThat(jurisdiction.defaultConsentAge()).isEqualTo(age);
    assertThat(RightsProfile.of(jurisdiction).effectiveConsentAge()).isEqualTo(age);
    assertThat(RightsProfile.of(jurisdiction).consentAge()).isNull();
  }

  @Test
  void a_profiles_own_consent_age_overrides_the_default() {
    RightsProfile ireland =
        RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS).withConsentAge(13);

    assertThat(ireland.consentAge()).isEqualTo(13);
    assertThat(ireland.effectiveConsentAge()).isEqualTo(13);
    assertThat(
            ireland
                .promising(Period.ofDays(30), null)
                .withNote("Ireland")
                .contactAt("x")
                .effectiveConsentAge())
        .as("kept by the other copies")
        .isEqualTo(13);
  }

  @Test
  void the_policy_answers_the_consent_age_of_a_jurisdiction_with_or_without_a_profile() {
    PrivacyPolicy policy =
        policy()
            .rights(RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS))
            .rights(RightsProfile.of(Jurisdiction.CCPA, DataSubjectRight.KNOW).withConsentAge(18))
            .build();

    assertThat(policy.consentAge(Jurisdiction.CCPA)).isEqualTo(18);
    assertThat(policy.consentAge(Jurisdiction.GDPR)).as("profile without an age").isEqualTo(16);
    assertThat(policy.consentAge(Jurisdiction.UK_GDPR)).as("no profile").isEqualTo(13);
  }

  @ParameterizedTest(name = "GDPR consent age {0}")
  @CsvSource({"13", "14", "15", "16"})
  void a_gdpr_consent_age_from_13_to_16_is_accepted(int age) {
    PrivacyPolicy policy =
        with(RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS).withConsentAge(age));

    assertThat(policy.consentAge(Jurisdiction.GDPR)).isEqualTo(age);
  }

  @ParameterizedTest(name = "GDPR consent age {0}")
  @CsvSource({"12", "17", "0"})
  void a_gdpr_consent_age_outside_13_to_16_is_refused(int age) {
    assertThat(
            violations(
                RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS).withConsentAge(age)))
        .containsExactly(
            "rights[0].consentAge: the consent age of the"
                + " rights profile for the GDPR must lie between 13 and 16 (GDPR Art. 8(1)), not "
                + age);
  }

  @ParameterizedTest(name = "{0} consent age {1}")
  @CsvSource({"CCPA, 0", "CCPA, 18", "UK_GDPR, 17", "GLOBAL, 120"})
  void another_jurisdictions_consent_age_may_be_any_age(Jurisdiction jurisdiction, int age) {
    assertThat(with(RightsProfile.of(jurisdiction).withConsentAge(age)).consentAge(jurisdiction))
        .isEqualTo(age);
  }

  @ParameterizedTest(name = "{0} consent age {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CCPA    | -1  | must not be negative",
        "CCPA    | 121 | must be an age in years",
        "GDPR    | -1  | must not be negative",
      })
  void a_consent_age_outside_0_to_120_is_not_an_age(
      Jurisdiction jurisdiction, int age, String message) {
    assertThat(violations(RightsProfile.of(jurisdiction).withConsentAge(age)))
        .as("one message, not one per rule")
        .containsExactly("rights[0].consentAge: " + message);
  }

  @Test
  void a_profiles_consent_refresh_is_positive_and_bounded() {
    assertThat(violations(RightsProfile.of(Jurisdiction.CCPA).withConsentRefresh(Period.ZERO)))
        .containsExactly(
            "rights[0].consentRefresh: the consent refresh of the rights profile"
                + " for the CCPA/CPRA must be positive");
    assertThat(
            violations(
                RightsProfile.of(Jurisdiction.CCPA).withConsentRefresh(Period.ofYears(1001))))
        .containsExactly("rights[0].consentRefresh: longer than 1000 years");
    assertThat(
            with(RightsProfile.of(Jurisdiction.CCPA).withConsentRefresh(Period.ofMonths(24)))
                .rightsUnder(Jurisdiction.CCPA)
                .orElseThrow()
                .refreshAfter())
        .contains(Period.ofMonths(24));
    assertThat(RightsProfile.of(Jurisdiction.CCPA).refreshAfter()).isEmpty();
  }

  @Test
  void consent_age_and_refresh_are_read_from_a_file_and_written_back() {
    String text =
        """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: "1"
        effectiveDate: 2026-01-01
        rights:
          - jurisdiction: gdpr
            consentAge: 14
            consentRefresh: P12M
          - jurisdiction: ccpa
            consentAge: 16.0
        """;

    PrivacyPolicy policy = PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml");

    RightsProfile gdpr = policy.rightsUnder(Jurisdiction.GDPR).orElseThrow();
    assertThat(gdpr.consentAge()).isEqualTo(14);
    assertThat(gdpr.refreshAfter()).contains(Period.ofMonths(12));
    assertThat(policy.consentAge(Jurisdiction.CCPA)).isEqualTo(16);
    assertThat(policy.rightsUnder(Jurisdiction.CCPA).orElseThrow().refreshAfter()).isEmpty();
    String yaml = PolicyFiles.toYaml(policy);
    assertThat(yaml).contains("consentAge: 14", "consentRefresh: P12M", "consentAge: 16");
    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, "again.yaml")).isEqualTo(policy);
    assertThat(PolicyFiles.parse(PolicyFiles.toJson(policy), PolicyFormat.JSON, "again.json"))
        .isEqualTo(policy);
    assertThat(PolicyFiles.toYaml(with(RightsProfile.of(Jurisdiction.GDPR))))
        .doesNotContain("consentAge", "consentRefresh");
  }
}
