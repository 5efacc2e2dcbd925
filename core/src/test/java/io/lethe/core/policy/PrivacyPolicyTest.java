package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PrivacyPolicyTest {

  private final PrivacyPolicy policy = Policies.shop().build();

  @Test
  void the_most_specific_rule_governs_a_category() {
    assertThat(policy.ruleFor("user.contact.email"))
        .get()
        .extracting(RetentionRule::id)
        .isEqualTo("email");
    assertThat(policy.ruleFor("user.contact.phone_number"))
        .get()
        .extracting(RetentionRule::id)
        .as("inherits the rule of user.contact")
        .isEqualTo("contact");
    assertThat(policy.ruleFor("user.device.ip_address")).isEmpty();
  }

  @Test
  void asking_about_an_undefined_category_is_a_typed_error() {
    assertThatThrownBy(() -> policy.ruleFor("user.contact.pigeon"))
        .isInstanceOf(UnknownCategoryException.class)
        .hasMessage(
            "Category 'user.contact.pigeon' is not defined by policy 'shop' nor by the"
                + " built-in taxonomy");
  }

  @Test
  void a_record_expires_at_its_anchor_plus_the_maximum() {
    Instant closed = Instant.parse("2026-01-31T12:00:00Z");

    RetentionTimeline email =
        policy.timeline(
            "user.contact.email",
            AnchorTimes.collectedAt(Instant.parse("2020-01-01T00:00:00Z"))
                .with("account.closed", closed));

    assertThat(email.anchoredAt()).contains(closed);
    assertThat(email.expiresAt()).contains(Instant.parse("2026-05-01T12:00:00Z"));
    assertThat(email.protectedUntil()).isEmpty();
    assertThat(email.action()).contains(ExpiryAction.DELETE);
    assertThat(email.statusAt(Instant.parse("2026-05-01T11:59:59Z")))
        .isEqualTo(RetentionStatus.RETAINED);
    assertThat(email.statusAt(Instant.parse("2026-05-01T12:00:00Z")))
        .isEqualTo(RetentionStatus.EXPIRED);
  }

  @Test
  void a_record_whose_anchor_has_not_happened_is_kept() {
    RetentionTimeline openAccount =
        policy.timeline(
            "user.contact.email", AnchorTimes.collectedAt(Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(openAccount.statusAt(Instant.parse("2040-01-01T00:00:00Z")))
        .isEqualTo(RetentionStatus.AWAITING_ANCHOR);
    assertThat(openAccount.expiresAt()).isEmpty();
  }

  @Test
  void a_floor_protects_a_record_until_it_passes() {
    RetentionTimeline transaction =
        policy.timeline(
            "user.financial.transaction",
            AnchorTimes.collectedAt(Instant.parse("2026-01-10T00:00:00Z")));

    assertThat(transaction.protectedUntil()).contains(Instant.parse("2031-01-10T00:00:00Z"));
    assertThat(transaction.isProtectedAt(Instant.parse("2031-01-09T23:59:59Z"))).isTrue();
    assertThat(transaction.statusAt(Instant.parse("2031-01-10T00:00:00Z")))
        .isEqualTo(RetentionStatus.RETAINED);
    assertThat(transaction.isExpiredAt(Instant.parse("2033-01-10T00:00:00Z"))).isTrue();
  }

  @Test
  void a_category_without_a_rule_has_no_timeline() {
    RetentionTimeline ip =
        policy.timeline("user.device.ip_address", AnchorTimes.collectedAt(Instant.EPOCH));

    assertThat(ip.rule()).isEmpty();
    assertThat(ip.statusAt(Instant.now())).isEqualTo(RetentionStatus.NO_RULE);
  }

  @Test
  void the_builder_collects_every_problem_before_it_throws() {
    PrivacyPolicy.Builder broken =
        PrivacyPolicy.from(policy)
            .version(" ")
            .purpose(
                Purpose.builder("newsletter")
                    .name("Newsletter")
                    .basis(LawfulBasis.CONSENT)
                    .categories("user.contact.email")
                    .build())
            .rule(
                RetentionRule.builder("logs")
                    .categories("user.device.ip_address")
                    .maximum("P90D")
                    .minimum("P1Y")
                    .basis(LawfulBasis.LEGAL_OBLIGATION)
                    .build());

    assertThatThrownBy(broken::build)
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.source()).isEqualTo("'shop' (built in Java)");
              assertThat(e.violations())
                  .extracting(PolicyViolation::describe)
                  .containsExactly(
                      "purposes[1].notice: a consent-based purpose must name the consent notice that"
                          + " asks for it",
                      "retention[3].minimum: longer than maximum P90D",
                      "version: every policy needs a version");
              assertThat(e.getMessage())
                  .startsWith("Invalid policy 'shop' (built in Java) (3" + " problems):");
            });
  }

  @Test
  void from_derives_an_equal_policy_that_can_then_change() {
    assertThat(PrivacyPolicy.from(policy).build()).isEqualTo(policy).hasSameHashCodeAs(policy);

    PrivacyPolicy later =
        PrivacyPolicy.from(policy).version("2027-01").effective(LocalDate.of(2027, 1, 1)).build();

    assertThat(later).isNotEqualTo(policy);
    assertThat(later.retention()).isEqualTo(policy.retention());
  }

  @Test
  void purposes_and_recipients_of_a_category_follow_the_hierarchy() {
    assertThat(policy.purposesUsing(CategoryKey.of("user.contact.email")))
        .extracting(Purpose::key)
        .containsExactly("accounts");
    assertThat(policy.recipientsOf(CategoryKey.of("user.contact")))
        .extracting(Recipient::key)
        .containsExactly("mailer");
    assertThat(policy.recipientsOf(CategoryKey.of("user.financial.transaction"))).isEmpty();
  }

  @Test
  void the_collections_of_a_policy_cannot_be_changed() {
    assertThatThrownBy(() -> policy.purposes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> policy.retention().get(0).categories().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
