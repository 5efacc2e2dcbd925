package io.lethe.testkit.assertions;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionPeriod;
import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.api.Test;

class PolicyAssertTest {

  private static final String NL = System.lineSeparator();

  private final PrivacyPolicy policy = TestPolicies.shop();

  @Test
  void hasRuleForPassesForACategoryGovernedByAnAncestorRule() {
    assertThat(policy)
        .hasRuleFor("user.contact.phone_number")
        .hasRuleFor(CategoryKey.of("user.financial.transaction"));
  }

  @Test
  void hasRuleForFailsForAnUngovernedCategory() {
    assertThatThrownBy(() -> assertThat(policy).hasRuleFor("user.device.user_agent"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting policy \"shop\" to have a retention rule for category"
                + " \"user.device.user_agent\" but no rule governs it or any of its ancestors");
  }

  @Test
  void anUnknownCategoryFailsWithoutThrowingTheCoreException() {
    assertThatThrownBy(() -> assertThat(policy).category("user.no_such_thing"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting policy \"shop\" to define category \"user.no_such_thing\""
                + " but its taxonomy has no such category");
  }

  @Test
  void isRetainedAtMostPassesWhenTheMaximumCannotExceedTheLimit() {
    assertThat(policy)
        .category("user.device.ip_address")
        .isRetainedAtMost(Period.ofMonths(12))
        .isRetainedAtMost(Period.ofMonths(6))
        .isRetainedAtMost(RetentionPeriod.parse("P6M"));
    assertThat(policy)
        .category("user.contact.phone_number")
        .isRetainedAtMost(Period.ofDays(31))
        .isRetainedAtMost(Duration.ofDays(31));
  }

  @Test
  void isRetainedAtMostFailsWhenTheMaximumIsLonger() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.device.ip_address")
                    .isRetainedAtMost(Period.ofMonths(3)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.device.ip_address\" of policy \"shop\" to be"
                + " retained at most P3M but rule \"logs\" keeps it up to P6M");
  }

  @Test
  void isRetainedAtMostFailsWhenDaysMayExceedAMonth() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.contact.phone_number")
                    .isRetainedAtMost(Period.ofMonths(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.contact.phone_number\" of policy \"shop\" to be"
                + " retained at most P1M but rule \"contact\" keeps it up to P30D");
  }

  @Test
  void isRetainedAtMostFailsWithoutAFiniteMaximum() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.behavior.usage")
                    .isRetainedAtMost(Period.ofYears(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.behavior.usage\" of policy \"shop\" to be"
                + " retained at most P1Y but rule \"usage\" sets no maximum");
  }

  @Test
  void isRetainedAtMostFailsWithoutARule() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.device.user_agent")
                    .isRetainedAtMost(Period.ofYears(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting policy \"shop\" to have a retention rule for category"
                + " \"user.device.user_agent\" but no rule governs it or any of its ancestors");
  }

  @Test
  void isProtectedAtLeastPassesWhenTheFloorIsLongEnough() {
    assertThat(policy)
        .category("user.financial.transaction")
        .isProtectedAtLeast(Period.ofYears(5))
        .isProtectedAtLeast(Period.ofYears(4));
  }

  @Test
  void isProtectedAtLeastFailsWhenTheFloorIsShorter() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.financial.transaction")
                    .isProtectedAtLeast(Period.ofYears(6)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.financial.transaction\" of policy \"shop\" to"
                + " be protected at least P6Y but rule \"transactions\" keeps it only P5Y");
  }

  @Test
  void isProtectedAtLeastFailsWithoutAMinimum() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.contact.email")
                    .isProtectedAtLeast(Period.ofYears(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.contact.email\" of policy \"shop\" to be"
                + " protected at least P1Y but rule \"email\" sets no minimum");
  }

  @Test
  void hasLawfulBasisPassesWhenAPurposeUsingTheCategoryHasIt() {
    assertThat(policy).category("user.contact.email").hasLawfulBasis(LawfulBasis.CONTRACT);
    assertThat(policy)
        .category("user.device.ip_address")
        .hasLawfulBasis(LawfulBasis.LEGITIMATE_INTERESTS);
  }

  @Test
  void hasLawfulBasisFailsListingThePurposesAndTheirBases() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.contact.email")
                    .hasLawfulBasis(LawfulBasis.CONSENT))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.contact.email\" of policy \"shop\" to be"
                + " processed under CONSENT but the purposes using it are [\"accounts (CONTRACT)\"]");
  }

  @Test
  void hasLawfulBasisFailsWhenNoPurposeUsesTheCategory() {
    assertThatThrownBy(
            () ->
                assertThat(policy)
                    .category("user.behavior.usage")
                    .hasLawfulBasis(LawfulBasis.CONSENT))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.behavior.usage\" of policy \"shop\" to be"
                + " processed under CONSENT but no purpose uses it");
  }

  @Test
  void isSharedOnlyWithPassesForASupersetOfTheRecipients() {
    assertThat(policy).category("user.contact.email").isSharedOnlyWith("hosting", "mailer");
    assertThat(policy)
        .category("user.contact.phone_number")
        .isSharedOnlyWith("hosting", "mailer", "cdn");
  }

  @Test
  void isSharedOnlyWithFailsNamingTheOtherRecipients() {
    assertThatThrownBy(
            () -> assertThat(policy).category("user.device.ip_address").isSharedOnlyWith("mailer"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.device.ip_address\" of policy \"shop\" to be"
                + " shared only with [\"mailer\"] but it also reaches [\"hosting\", \"cdn\"]");
  }

  @Test
  void isNotTransferredOutsideEeaPassesForRecipientsInsideTheEea() {
    assertThat(policy).category("user.contact.email").isNotTransferredOutsideEea();
  }

  @Test
  void isNotTransferredOutsideEeaFailsNamingRecipientAndLocation() {
    assertThatThrownBy(
            () -> assertThat(policy).category("user.device").isNotTransferredOutsideEea())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting category \"user.device\" of policy \"shop\" not to be"
                + " transferred outside the EEA but these recipients may receive it there:"
                + " [\"cdn (US)\"]");
  }

  @Test
  void assertionsChainOnOneCategory() {
    assertThat(policy)
        .category("user.contact.email")
        .hasRule()
        .isRetainedAtMost(Period.ofDays(90))
        .hasLawfulBasis(LawfulBasis.CONTRACT)
        .isSharedOnlyWith("hosting", "mailer")
        .isNotTransferredOutsideEea();
  }
}
