package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.CookieClass;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.DpaStatus;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PolicyFormat;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionPeriod;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RetentionStatus;
import io.lethe.core.policy.RetentionTimeline;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.SubjectKind;
import io.lethe.core.policy.SubjectType;
import io.lethe.core.policy.TransferSafeguard;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four reference policies (seeds 000–003) as executable policy files: they load and validate,
 * their retention tables give the dates the seeds promise, and their rights, recipients, cookies
 * and promises read as the seeds say.
 *
 * <p>The retention tables are walked line by line. Each row is: category, anchor event, anchor
 * instant (empty: the anchor has not happened), expected expiry (empty: none), expected
 * protected-until (empty: none), an instant to look at, and the status expected then. Dates are
 * midnight UTC; the seeds state no time zone, so the policies use UTC.
 */
class SeedPoliciesTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  private static PrivacyPolicy load(String id) {
    return PolicyFiles.readResource(
        "policies/" + id + ".yaml", SeedPoliciesTest.class.getClassLoader());
  }

  private static PrivacyPolicy vzgen() {
    return load("vzgen");
  }

  private static PrivacyPolicy vrnum() {
    return load("vrnum");
  }

  private static PrivacyPolicy nexus() {
    return load("nexus");
  }

  private static PrivacyPolicy numberotp() {
    return load("numberotp");
  }

  /** Midnight UTC for {@code 2026-01-10}, the instant itself for {@code 2026-01-10T12:00:00Z}. */
  private static Instant at(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return text.contains("T")
        ? Instant.parse(text)
        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant day(int year, int month, int dayOfMonth) {
    return LocalDate.of(year, month, dayOfMonth).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static RetentionTimeline timeline(
      PrivacyPolicy policy, String category, String anchor, String anchoredAt) {
    AnchorTimes times =
        anchoredAt == null ? AnchorTimes.none() : AnchorTimes.none().with(anchor, at(anchoredAt));
    return policy.timeline(category, times);
  }

  /** Checks one line of a retention table; see the class comment for the columns. */
  private static void checkLine(
      PrivacyPolicy policy,
      String category,
      String anchor,
      String anchoredAt,
      String expiresAt,
      String protectedUntil,
      String lookedAt,
      RetentionStatus status) {
    RetentionTimeline timeline = timeline(policy, category, anchor, anchoredAt);
    if (status == RetentionStatus.NO_RULE) {
      assertThat(timeline.rule()).as("rule for %s", category).isEmpty();
    } else {
      assertThat(timeline.rule()).as("rule for %s", category).isPresent();
      assertThat(timeline.rule().orElseThrow().anchor().event())
          .as("anchor of the rule for %s", category)
          .isEqualTo(anchor);
    }
    assertThat(timeline.expiresAt())
        .as("expiry of %s", category)
        .isEqualTo(Optional.ofNullable(at(expiresAt)));
    assertThat(timeline.protectedUntil())
        .as("floor of %s", category)
        .isEqualTo(Optional.ofNullable(at(protectedUntil)));
    assertThat(timeline.statusAt(at(lookedAt)))
        .as("status of %s at %s", category, lookedAt)
        .isEqualTo(status);
  }

  private static final String ROW = "{0} from {1} at {2} -> {6} on {5}";

  // ================================================================== every seed

  @ParameterizedTest
  @ValueSource(strings = {"vzgen", "vrnum", "nexus", "numberotp"})
  void every_seed_loads_validates_and_promises_not_to_sell_data(String id) {
    PrivacyPolicy policy = load(id);

    assertThat(policy.id()).isEqualTo(id);
    if (id.equals("vrnum")) { // its published page hides the address behind a placeholder
      assertThat(policy.controller().contactHidden()).isTrue();
      assertThat(policy.controller().contact()).isNull();
    } else {
      assertThat(policy.controller().contact()).isNotBlank();
    }
    assertThat(policy.timeZone()).isEqualTo(UTC);
    assertThat(policy.sellsPersonalData()).contains(false);
    assertThat(policy.purposes())
        .isNotEmpty()
        .allSatisfy(
            p -> assertThat(p.categories()).as("categories of purpose %s", p.key()).isNotEmpty());
    assertThat(policy.retention()).isNotEmpty();
    assertThat(policy.rights()).isNotEmpty();
    assertThat(policy.cookies()).isNotEmpty();
    assertThat(policy.notes()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"vzgen", "vrnum", "nexus", "numberotp"})
  void every_seed_survives_a_yaml_round_trip(String id) {
    PrivacyPolicy policy = load(id);

    String yaml = PolicyFiles.toYaml(policy);

    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, id + " (written)")).isEqualTo(policy);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vzgen", "vrnum", "nexus", "numberotp"})
  void every_seed_survives_a_json_round_trip(String id) {
    PrivacyPolicy policy = load(id);

    String json = PolicyFiles.toJson(policy);

    assertThat(PolicyFiles.parse(json, PolicyFormat.JSON, id + " (written)")).isEqualTo(policy);
  }

  // ================================================================== VZGen (seed 000)

  @ParameterizedTest(name = ROW)
  @CsvSource(
      textBlock =
          """
      # Account data (email, password hash, preferences): until account deletion, then 30 days
      user.contact.email,                           account.closed, 2026-01-10, 2026-02-09,           , 2026-02-08, RETAINED
      user.contact.email,                           account.closed, 2026-01-10, 2026-02-09,           , 2026-02-09, EXPIRED
      user.authorization.credentials,               account.closed, 2026-01-31, 2026-03-02,           , 2026-03-01, RETAINED
      user.account.settings.language,               account.closed, 2026-01-10, 2026-02-09,           , 2026-02-09, EXPIRED
      user.account.timestamps,                      account.closed,           ,           ,           , 2099-01-01, AWAITING_ANCHOR
      # Job history and results: 90 days from job completion
      user.behavior.usage.job_history,              job.completed,  2026-01-10, 2026-04-10,           , 2026-04-09, RETAINED
      user.behavior.usage.job_history,              job.completed,  2026-01-10, 2026-04-10,           , 2026-04-10, EXPIRED
      user.behavior.usage.job_history,              job.completed,  2024-12-31, 2025-03-31,           , 2025-03-31, EXPIRED
      user.contact.phone_number.verified,           job.completed,  2026-01-10, 2026-04-10,           , 2026-04-10, EXPIRED
      user.behavior.usage.job_history,              job.completed,            ,           ,           , 2030-01-01, AWAITING_ANCHOR
      # Credit transaction history: as required by financial recordkeeping laws (minimum 5 years)
      user.financial.transaction.credit_history,    collected,      2026-01-10,           , 2031-01-10, 2031-01-09, PROTECTED
      user.financial.transaction.credit_history,    collected,      2026-01-10,           , 2031-01-10, 2031-01-10, RETAINED
      user.financial.transaction.payment_reference, collected,      2024-02-29,           , 2029-02-28, 2029-02-27, PROTECTED
      user.financial.transaction.payment_reference, collected,      2024-02-29,           , 2029-02-28, 2126-01-01, RETAINED
      # IP address and security logs: 12 months
      user.device.ip_address,                       collected,      2026-01-10, 2027-01-10,           , 2027-01-09, RETAINED
      user.device.ip_address,                       collected,      2026-01-10, 2027-01-10,           , 2027-01-10, EXPIRED
      user.device.ip_address,                       collected,      2024-02-29, 2025-02-28,           , 2025-02-28, EXPIRED
      user.authorization.login_history,             collected,      2026-01-31, 2027-01-31,           , 2027-01-30, RETAINED
      user.device.user_agent,                       collected,      2025-03-31, 2026-03-31,           , 2026-03-31, EXPIRED
      # Aggregated block performance statistics: indefinitely (anonymized)
      aggregate.statistics.block_performance,       collected,      2026-01-10,           ,           , 2126-01-10, RETAINED
      # USDT wallet address: retained for fraud prevention and legal compliance, no period
      user.financial.crypto_wallet,                 collected,      2026-01-10,           ,           , 2126-01-10, RETAINED
      # Sessions expire after 30 minutes of inactivity
      user.authorization.session,                   last.activity,  2026-01-10T12:00:00Z, 2026-01-10T12:30:00Z, , 2026-01-10T12:29:59Z, RETAINED
      user.authorization.session,                   last.activity,  2026-01-10T12:00:00Z, 2026-01-10T12:30:00Z, , 2026-01-10T12:30:00Z, EXPIRED
      """)
  void vzgen_retention_table(
      String category,
      String anchor,
      String anchoredAt,
      String expiresAt,
      String protectedUntil,
      String lookedAt,
      RetentionStatus status) {
    checkLine(vzgen(), category, anchor, anchoredAt, expiresAt, protectedUntil, lookedAt, status);
  }

  @Test
  void vzgen_job_history_expires_ninety_days_after_completion() {
    RetentionTimeline job =
        vzgen()
            .timeline(
                "user.behavior.usage.job_history",
                AnchorTimes.collectedAt(day(2026, 1, 2)).with("job.completed", day(2026, 1, 10)));

    assertThat(job.rule().orElseThrow().id()).isEqualTo("job-history");
    assertThat(job.expiresAt()).contains(day(2026, 4, 10));
    assertThat(job.isExpiredAt(day(2026, 4, 9))).isFalse();
    assertThat(job.isExpiredAt(day(2026, 4, 10))).isTrue();
  }

  @Test
  void vzgen_job_still_running_is_kept_until_it_completes() {
    RetentionTimeline running =
        vzgen()
            .timeline("user.behavior.usage.job_history", AnchorTimes.collectedAt(day(2020, 1, 1)));

    assertThat(running.statusAt(day(2026, 1, 1))).isEqualTo(RetentionStatus.AWAITING_ANCHOR);
    assertThat(running.expiresAt()).isEmpty();
  }

  @Test
  void vzgen_ip_log_expires_twelve_months_after_collection() {
    RetentionTimeline ip =
        vzgen().timeline("user.device.ip_address", AnchorTimes.collectedAt(day(2026, 1, 10)));

    assertThat(ip.expiresAt()).contains(day(2027, 1, 10));
    assertThat(ip.rule().orElseThrow().maximum()).isEqualTo(RetentionPeriod.months(12));
  }

  @Test
  void vzgen_credit_transaction_is_protected_for_five_years_and_has_no_stated_maximum() {
    RetentionTimeline credit =
        vzgen()
            .timeline(
                "user.financial.transaction.credit_history",
                AnchorTimes.collectedAt(day(2026, 1, 10)));
    RetentionRule rule = credit.rule().orElseThrow();

    assertThat(credit.protectedUntil()).contains(day(2031, 1, 10));
    assertThat(credit.expiresAt()).isEmpty();
    assertThat(credit.isProtectedAt(day(2031, 1, 9))).isTrue();
    assertThat(credit.isProtectedAt(day(2031, 1, 10))).isFalse();
    assertThat(rule.maximum()).isNull();
    assertThat(rule.basis()).isEqualTo(LawfulBasis.LEGAL_OBLIGATION);
    assertThat(rule.legalReference()).containsIgnoringCase("financial recordkeeping");
    assertThat(rule.criteria()).contains("minimum 5 years");
  }

  @Test
  void vzgen_account_data_goes_thirty_days_after_the_account_is_closed() {
    PrivacyPolicy policy = vzgen();
    AnchorTimes open = AnchorTimes.collectedAt(day(2025, 6, 1));
    AnchorTimes closed = open.with("account.closed", day(2026, 1, 10));

    assertThat(policy.timeline("user.contact.email", open).statusAt(day(2030, 1, 1)))
        .isEqualTo(RetentionStatus.AWAITING_ANCHOR);
    assertThat(policy.timeline("user.contact.email", closed).expiresAt()).contains(day(2026, 2, 9));
    assertThat(policy.timeline("user.authorization.credentials", closed).expiresAt())
        .contains(day(2026, 2, 9));
    assertThat(policy.timeline("user.account.settings.language", closed).expiresAt())
        .contains(day(2026, 2, 9));
  }

  @Test
  void vzgen_keeps_anonymized_block_statistics_indefinitely() {
    PrivacyPolicy policy = vzgen();
    CategoryKey blocks = CategoryKey.of("aggregate.statistics.block_performance");

    assertThat(policy.taxonomy().isAnonymized(blocks)).isTrue();
    assertThat(policy.ruleFor(blocks).orElseThrow().maximum())
        .isEqualTo(RetentionPeriod.INDEFINITE);
  }

  @Test
  void vzgen_gdpr_request_is_due_at_the_earlier_of_thirty_days_and_one_month() {
    PrivacyPolicy policy = vzgen();
    RightsProfile gdpr = policy.rightsUnder(Jurisdiction.GDPR).orElseThrow();

    assertThat(gdpr.deadline()).isEqualTo(Period.ofDays(30));
    assertThat(gdpr.extension()).isEqualTo(Period.ofDays(30));
    // One month from 31 January is 28 February, earlier than the promised 30 days (2 March).
    assertThat(gdpr.dueDate(day(2026, 1, 31), policy.timeZone())).contains(day(2026, 2, 28));
    // From 1 March the promise is earlier: 30 days is 31 March, one month 1 April.
    assertThat(gdpr.dueDate(day(2026, 3, 1), policy.timeZone())).contains(day(2026, 3, 31));
    // "We may extend this to 60 days": 60 days from 31 January, before the law's three months.
    assertThat(gdpr.extendedDueDate(day(2026, 1, 31), policy.timeZone())).contains(day(2026, 4, 1));
    assertThat(gdpr.rights())
        .contains(
            DataSubjectRight.ACCESS,
            DataSubjectRight.RECTIFICATION,
            DataSubjectRight.ERASURE,
            DataSubjectRight.PORTABILITY,
            DataSubjectRight.RESTRICTION,
            DataSubjectRight.OBJECTION,
            DataSubjectRight.LODGE_COMPLAINT);
  }

  @Test
  void vzgen_ccpa_request_is_due_in_forty_five_days_extendable_once_by_forty_five() {
    PrivacyPolicy policy = vzgen();
    RightsProfile ccpa = policy.rightsUnder(Jurisdiction.CCPA).orElseThrow();

    assertThat(ccpa.dueDate(day(2026, 1, 31), policy.timeZone())).contains(day(2026, 3, 17));
    assertThat(ccpa.extendedDueDate(day(2026, 1, 31), policy.timeZone())).contains(day(2026, 5, 1));
    assertThat(ccpa.rights())
        .contains(
            DataSubjectRight.KNOW,
            DataSubjectRight.DELETE,
            DataSubjectRight.CORRECT,
            DataSubjectRight.NON_DISCRIMINATION);
    assertThat(policy.sharesForCrossContextAdvertising()).contains(false);
  }

  @Test
  void vzgen_recipients_outside_the_eea_have_transfer_safeguards() {
    List<Recipient> abroad =
        vzgen().recipients().stream().filter(Recipient::mayReceiveOutsideEea).toList();

    assertThat(abroad).extracting(Recipient::key).containsExactly("carrier_verification_provider");
    assertThat(abroad.get(0).safeguards())
        .containsExactlyInAnyOrder(
            TransferSafeguard.EXPLICIT_CONSENT, TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES);
  }

  @Test
  void vzgen_carrier_provider_receives_only_phone_numbers() {
    PrivacyPolicy policy = vzgen();
    Recipient carrier = policy.recipient("carrier_verification_provider").orElseThrow();
    CategoryKey phoneNumbers = CategoryKey.of("user.contact.phone_number");

    assertThat(carrier.categories())
        .isNotEmpty()
        .allSatisfy(
            c -> assertThat(c.isWithin(phoneNumbers)).as("%s is a phone number", c).isTrue());
    for (String accountData :
        List.of(
            "user.contact.email",
            "user.device.ip_address",
            "user.financial.transaction",
            "user.authorization.credentials")) {
      assertThat(policy.recipientsOf(CategoryKey.of(accountData)))
          .as("recipients of %s", accountData)
          .doesNotContain(carrier);
    }
  }

  @Test
  void vzgen_hosts_in_germany_under_a_processing_agreement() {
    Recipient hosting = vzgen().recipient("hosting_provider").orElseThrow();

    assertThat(hosting.location().code()).isEqualTo("DE");
    assertThat(hosting.mayReceiveOutsideEea()).isFalse();
    assertThat(hosting.dpa()).isEqualTo(DpaStatus.IN_PLACE);
    assertThat(vzgen().recipient("email_delivery_provider").orElseThrow().dpa())
        .isEqualTo(DpaStatus.NOT_STATED);
  }

  @Test
  void vzgen_verifies_numbers_of_third_parties_identified_by_phone_only() {
    PrivacyPolicy policy = vzgen();
    SubjectType holder =
        policy.subjects().stream()
            .filter(s -> s.kind() == SubjectKind.THIRD_PARTY)
            .findFirst()
            .orElseThrow();

    assertThat(holder.identifiedBy()).containsExactly(IdentifierType.PHONE);
    // Besides running jobs, only the purposes that may touch "any data" (legal requests,
    // protection of rights, a business transfer) reach the numbers, through the root category.
    assertThat(policy.purposesUsing(CategoryKey.of("user.contact.phone_number.verified")))
        .filteredOn(p -> !p.categories().contains(CategoryKey.of("user")))
        .extracting(Purpose::key)
        .containsExactly("verification_jobs");
  }

  @Test
  void vzgen_users_are_adults_and_hear_of_material_changes_two_weeks_ahead() {
    PrivacyPolicy policy = vzgen();

    assertThat(policy.minimumAge()).contains(18);
    assertThat(policy.changeNotice()).contains(Period.ofDays(14));
  }

  @Test
  void vzgen_tells_the_authority_of_a_breach_within_seventy_two_hours() {
    var breach = vzgen().breach().orElseThrow();

    assertThat(breach.authorityWithin()).isEqualTo(Duration.ofHours(72));
    assertThat(breach.notifySubjects()).isTrue();
    assertThat(breach.subjectsWithin()).isNull();
    assertThat(breach.channel()).isEqualTo("email");
  }

  @Test
  void vzgen_sets_a_single_strictly_necessary_session_cookie() {
    assertThat(vzgen().cookies())
        .singleElement()
        .satisfies(
            cookie -> {
              assertThat(cookie.name()).isEqualTo("session");
              assertThat(cookie.cookieClass().requiresConsent()).isFalse();
              assertThat(cookie.isSessionCookie()).isTrue();
            });
    assertThat(vzgen().notices()).isEmpty();
  }

  @Test
  void vzgen_does_not_collect_card_data_ids_biometrics_or_users_own_phone_numbers() {
    PrivacyPolicy policy = vzgen();

    assertThat(policy.notCollected())
        .extracting(CategoryKey::value)
        .contains(
            "user.financial.credit_card",
            "user.financial.bank_account",
            "user.government_id",
            "user.biometric",
            "user.contact.address",
            "user.contact.phone_number.own",
            "user.behavior.browsing_history",
            "user.third_party_profile");
    assertThat(policy.purposesUsing(CategoryKey.of("user.financial.credit_card")))
        .allSatisfy(
            p ->
                assertThat(p.categories())
                    .doesNotContain(CategoryKey.of("user.financial.credit_card")));
  }

  @Test
  void vzgen_purposes_carry_the_bases_of_its_table() {
    PrivacyPolicy policy = vzgen();

    assertThat(policy.purpose("authentication").orElseThrow().basis())
        .isEqualTo(LawfulBasis.CONTRACT);
    assertThat(policy.purpose("verification_jobs").orElseThrow().basis())
        .isEqualTo(LawfulBasis.CONTRACT);
    assertThat(policy.purpose("fraud_prevention").orElseThrow().basis())
        .isEqualTo(LawfulBasis.LEGITIMATE_INTERESTS);
    assertThat(policy.purpose("hot_zones_analytics").orElseThrow().basis())
        .isEqualTo(LawfulBasis.LEGITIMATE_INTERESTS);
    assertThat(policy.purpose("legal_compliance").orElseThrow().basis())
        .isEqualTo(LawfulBasis.LEGAL_OBLIGATION);
    assertThat(policy.purposes())
        .filteredOn(p -> p.basis() == LawfulBasis.LEGITIMATE_INTERESTS)
        .allSatisfy(p -> assertThat(p.legitimateInterest()).isNotBlank());
  }

  // ================================================================== VRNUM (seed 001)

  @ParameterizedTest(name = ROW)
  @CsvSource(
      textBlock =
          """
      # Account data (email, preferences): deleted within 30 days of an account deletion request
      user.contact.email,                                 deletion.requested, 2025-07-01, 2025-07-31,           , 2025-07-30, RETAINED
      user.contact.email,                                 deletion.requested, 2025-07-01, 2025-07-31,           , 2025-07-31, EXPIRED
      user.account.settings,                              deletion.requested, 2026-01-31, 2026-03-02,           , 2026-03-02, EXPIRED
      user.account.settings,                              deletion.requested,           ,           ,           , 2030-01-01, AWAITING_ANCHOR
      # SMS logs: purged automatically on a rolling 30-day cycle
      user.content.private.sms_inbox,                     collected,          2026-01-10, 2026-02-09,           , 2026-02-08, RETAINED
      user.content.private.sms_inbox,                     collected,          2026-01-10, 2026-02-09,           , 2026-02-09, EXPIRED
      user.content.private.sms_inbox,                     collected,          2024-02-15, 2024-03-16,           , 2024-03-16, EXPIRED
      # Transaction records: retained for up to 5 years
      user.financial.transaction,                         collected,          2025-06-01, 2030-06-01,           , 2030-05-31, RETAINED
      user.financial.transaction,                         collected,          2025-06-01, 2030-06-01,           , 2030-06-01, EXPIRED
      user.financial.transaction.order_reference,         collected,          2024-02-29, 2029-02-28,           , 2029-02-28, EXPIRED
      # Marketing attribution (UTM/referrer): retained for the lifetime of the account
      user.behavior.marketing_attribution,                account.closed,               ,           ,           , 2030-01-01, AWAITING_ANCHOR
      user.behavior.marketing_attribution.referrer_domain, account.closed,    2026-01-10, 2026-01-10,           , 2026-01-10, EXPIRED
      # Server logs: retained for up to 90 days, then deleted
      user.device.server_log,                             collected,          2026-01-10, 2026-04-10,           , 2026-04-09, RETAINED
      user.device.ip_address,                             collected,          2026-01-10, 2026-04-10,           , 2026-04-10, EXPIRED
      # Google Analytics session data: no stated period
      user.behavior.site_analytics,                       collected,          2026-01-10,           ,           , 2126-01-10, NO_RULE
      """)
  void vrnum_retention_table(
      String category,
      String anchor,
      String anchoredAt,
      String expiresAt,
      String protectedUntil,
      String lookedAt,
      RetentionStatus status) {
    checkLine(vrnum(), category, anchor, anchoredAt, expiresAt, protectedUntil, lookedAt, status);
  }

  @Test
  void vrnum_sms_logs_roll_off_thirty_days_after_collection() {
    RetentionTimeline sms =
        vrnum()
            .timeline("user.content.private.sms_inbox", AnchorTimes.collectedAt(day(2026, 1, 10)));

    assertThat(sms.rule().orElseThrow().anchor().isCollection()).isTrue();
    assertThat(sms.rule().orElseThrow().maximum()).isEqualTo(RetentionPeriod.days(30));
    assertThat(sms.expiresAt()).contains(day(2026, 2, 9));
  }

  @Test
  void vrnum_transaction_records_have_a_five_year_maximum_but_no_stated_floor() {
    RetentionRule rule = vrnum().ruleFor("user.financial.transaction").orElseThrow();

    assertThat(rule.maximum()).isEqualTo(RetentionPeriod.years(5));
    assertThat(rule.minimum()).isNull();
    assertThat(rule.basis()).isEqualTo(LawfulBasis.LEGAL_OBLIGATION);
  }

  @Test
  void vrnum_answers_everyone_within_thirty_days_without_an_extension() {
    PrivacyPolicy policy = vrnum();
    RightsProfile global = policy.rightsUnder(Jurisdiction.GLOBAL).orElseThrow();

    assertThat(policy.rights()).singleElement().isSameAs(global);
    assertThat(global.dueDate(day(2026, 1, 31), policy.timeZone())).contains(day(2026, 3, 2));
    assertThat(global.extendedDueDate(day(2026, 1, 31), policy.timeZone()))
        .as("no extension: the extended date is the due date")
        .contains(day(2026, 3, 2));
    assertThat(global.rights())
        .containsExactlyInAnyOrder(
            DataSubjectRight.ACCESS,
            DataSubjectRight.RECTIFICATION,
            DataSubjectRight.ERASURE,
            DataSubjectRight.OBJECTION,
            DataSubjectRight.PORTABILITY);
  }

  @Test
  void vrnum_shares_the_email_address_only_with_its_email_service() {
    PrivacyPolicy policy = vrnum();

    // Authorities receive whatever a valid legal process requires; no one else sees the address.
    assertThat(policy.recipientsOf(CategoryKey.of("user.contact.email")))
        .extracting(Recipient::key)
        .containsExactly("aws_ses", "authorities");
    assertThat(policy.recipient("authorities").orElseThrow().role())
        .isEqualTo(RecipientRole.PUBLIC_AUTHORITY);
    assertThat(policy.recipient("cryptomus").orElseThrow().categories())
        .containsExactly(CategoryKey.of("user.financial.transaction.order_reference"));
    assertThat(policy.recipient("telecom_providers").orElseThrow().categories()).isEmpty();
  }

  @Test
  void vrnum_sends_marketing_email_only_after_an_explicit_opt_in() {
    PrivacyPolicy policy = vrnum();
    Purpose marketing = policy.purpose("marketing_emails").orElseThrow();

    assertThat(marketing.basis()).isEqualTo(LawfulBasis.CONSENT);
    assertThat(marketing.directMarketing()).isTrue();
    assertThat(policy.notices())
        .singleElement()
        .satisfies(n -> assertThat(n.purposes()).containsExactly("marketing_emails"));
  }

  @Test
  void vrnum_google_analytics_is_its_only_cookie_in_a_consent_class() {
    assertThat(vrnum().cookies())
        .filteredOn(c -> c.cookieClass().requiresConsent())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cookieClass()).isEqualTo(CookieClass.ANALYTICS);
              assertThat(c.provider()).isEqualTo("Google");
              // The seed offers an opt-out only; no consent notice asks for it.
              assertThat(c.notice()).isNull();
            });
  }

  @Test
  void vrnum_users_are_adults_and_no_breach_or_change_period_is_promised() {
    PrivacyPolicy policy = vrnum();

    assertThat(policy.minimumAge()).contains(18);
    assertThat(policy.breach()).isEmpty();
    assertThat(policy.changeNotice()).isEmpty();
    assertThat(policy.notCollected())
        .extracting(CategoryKey::value)
        .contains(
            "user.name",
            "user.government_id",
            "user.financial.credit_card",
            "user.device.fingerprint",
            "user.device.advertising_id",
            "user.location.precise");
  }

  // ================================================================== Nexus (seed 002)

  @ParameterizedTest(name = ROW)
  @CsvSource(
      textBlock =
          """
      # Verification codes: stored only long enough to deliver them; not retained after delivery
      user.content.private.verification_code,         delivered,          2026-01-10T12:00:05Z, 2026-01-10T12:00:05Z, , 2026-01-10T12:00:04Z, RETAINED
      user.content.private.verification_code,         delivered,          2026-01-10T12:00:05Z, 2026-01-10T12:00:05Z, , 2026-01-10T12:00:05Z, EXPIRED
      user.content.private.verification_code,         delivered,                              ,                     , , 2026-01-10T12:00:05Z, AWAITING_ANCHOR
      # Account data: lifetime of the account plus 30 days after the deletion request
      user.contact.email,                             deletion.requested, 2026-01-31, 2026-03-02,           , 2026-03-01, RETAINED
      user.authorization.credentials,                 deletion.requested, 2026-01-31, 2026-03-02,           , 2026-03-02, EXPIRED
      user.contact.email,                             deletion.requested,           ,           ,           , 2099-01-01, AWAITING_ANCHOR
      # Transaction logs: retained for 7 years
      user.financial.transaction.purchase_record,     collected,          2026-01-10, 2033-01-10, 2033-01-10, 2033-01-09, PROTECTED
      user.financial.transaction.crypto_deposit,      collected,          2026-01-10, 2033-01-10, 2033-01-10, 2033-01-10, EXPIRED
      user.financial.transaction.wallet_balance,      collected,          2026-01-10, 2033-01-10, 2033-01-10, 2030-01-01, PROTECTED
      user.behavior.usage.verification_history,       collected,          2024-02-29, 2031-02-28, 2031-02-28, 2031-02-28, EXPIRED
      # Anonymous order data: retained for 90 days, then permanently deleted
      user.behavior.purchase_history.anonymous_order, collected,          2026-01-10, 2026-04-10,           , 2026-04-10, EXPIRED
      user.unique_id.pseudonymous,                    collected,          2025-12-01, 2026-03-01,           , 2026-02-28, RETAINED
      # API request logs: no stated period
      user.behavior.usage.api_log,                    collected,          2026-01-10,           ,           , 2126-01-10, NO_RULE
      """)
  void nexus_retention_table(
      String category,
      String anchor,
      String anchoredAt,
      String expiresAt,
      String protectedUntil,
      String lookedAt,
      RetentionStatus status) {
    checkLine(nexus(), category, anchor, anchoredAt, expiresAt, protectedUntil, lookedAt, status);
  }

  @Test
  void nexus_otp_code_is_gone_at_delivery() {
    RetentionTimeline code =
        nexus()
            .timeline(
                "user.content.private.verification_code",
                AnchorTimes.collectedAt(Instant.parse("2026-01-10T12:00:00Z"))
                    .with("delivered", Instant.parse("2026-01-10T12:00:05Z")));
    RetentionRule rule = code.rule().orElseThrow();

    assertThat(rule.anchor().event()).isEqualTo("delivered");
    assertThat(rule.maximum()).isEqualTo(RetentionPeriod.NONE);
    assertThat(code.expiresAt()).contains(Instant.parse("2026-01-10T12:00:05Z"));
    assertThat(code.isExpiredAt(Instant.parse("2026-01-10T12:00:05Z"))).isTrue();
  }

  @Test
  void nexus_anonymous_buyers_are_known_only_by_a_tracking_id() {
    PrivacyPolicy policy = nexus();
    SubjectType buyer =
        policy.subjects().stream()
            .filter(s -> s.kind() == SubjectKind.ANONYMOUS)
            .findFirst()
            .orElseThrow();

    assertThat(buyer.identifiedBy()).containsExactly(IdentifierType.TRACKING_ID);
    assertThat(policy.purposes())
        .filteredOn(p -> p.subjects().contains(buyer.key()))
        .extracting(Purpose::key)
        .containsExactly("service_operation", "payments");
  }

  @Test
  void nexus_promises_rights_everywhere_but_no_response_deadline() {
    PrivacyPolicy policy = nexus();
    RightsProfile global = policy.rightsUnder(Jurisdiction.GLOBAL).orElseThrow();

    assertThat(policy.rightsUnder(Jurisdiction.GDPR)).isEmpty();
    assertThat(global.deadline()).isNull();
    assertThat(global.dueDate(day(2026, 1, 31), policy.timeZone())).isEmpty();
    assertThat(global.rights())
        .contains(
            DataSubjectRight.ACCESS,
            DataSubjectRight.ERASURE,
            DataSubjectRight.PORTABILITY,
            DataSubjectRight.OBJECTION);
  }

  @Test
  void nexus_sms_providers_are_independent_controllers_that_never_see_contact_data() {
    PrivacyPolicy policy = nexus();
    List<Recipient> smsProviders =
        policy.recipientsOf(CategoryKey.of("user.behavior.usage.number_request"));

    assertThat(smsProviders)
        .extracting(Recipient::key)
        .containsExactly("herosms", "pvapins", "proxnum", "smscode-io");
    assertThat(smsProviders)
        .allSatisfy(
            p -> {
              assertThat(p.role()).isEqualTo(RecipientRole.INDEPENDENT_CONTROLLER);
              assertThat(p.categories()).doesNotContain(CategoryKey.of("user.contact.email"));
            });
  }

  @Test
  void nexus_announces_changes_two_weeks_ahead_and_sets_no_minimum_age() {
    PrivacyPolicy policy = nexus();

    assertThat(policy.effectiveDate()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(policy.changeNotice()).contains(Period.ofDays(14));
    assertThat(policy.minimumAge()).isEmpty();
    assertThat(policy.breach()).isEmpty();
  }

  // ================================================================== NumberOTP (seed 003)

  @ParameterizedTest(name = ROW)
  @CsvSource(
      textBlock =
          """
      # Account data: duration of the account plus 90 days following deletion
      user.contact.email,                        account.closed, 2026-01-10, 2026-04-10,           , 2026-04-09, RETAINED
      user.name,                                 account.closed, 2026-01-10, 2026-04-10,           , 2026-04-10, EXPIRED
      user.authorization.credentials,            account.closed, 2025-11-30, 2026-02-28,           , 2026-02-28, EXPIRED
      user.authorization.credentials,            account.closed,           ,           ,           , 2099-01-01, AWAITING_ANCHOR
      # Transaction records: retained for 7 years (financial recordkeeping)
      user.financial.transaction,                collected,      2026-05-06, 2033-05-06, 2033-05-06, 2033-05-05, PROTECTED
      user.financial.transaction,                collected,      2026-05-06, 2033-05-06, 2033-05-06, 2033-05-06, EXPIRED
      user.financial.transaction,                collected,      2024-02-29, 2031-02-28, 2031-02-28, 2031-02-28, EXPIRED
      # Anonymized usage analytics: may be retained indefinitely
      aggregate.usage_analytics,                 collected,      2026-05-06,           ,           , 2126-05-06, RETAINED
      # Technical data, communications and usage data: no stated retention
      user.device.ip_address,                    collected,      2026-05-06,           ,           , 2126-05-06, NO_RULE
      user.device.fingerprint,                   collected,      2026-05-06,           ,           , 2126-05-06, NO_RULE
      user.device.browser_information,           collected,      2026-05-06,           ,           , 2126-05-06, NO_RULE
      user.communication,                        collected,      2026-05-06,           ,           , 2126-05-06, NO_RULE
      user.behavior.usage.activation_history,    collected,      2026-05-06,           ,           , 2126-05-06, NO_RULE
      """)
  void numberotp_retention_table(
      String category,
      String anchor,
      String anchoredAt,
      String expiresAt,
      String protectedUntil,
      String lookedAt,
      RetentionStatus status) {
    checkLine(
        numberotp(), category, anchor, anchoredAt, expiresAt, protectedUntil, lookedAt, status);
  }

  @Test
  void numberotp_technical_data_and_communications_have_no_retention_rule() {
    PrivacyPolicy policy = numberotp();

    for (String category :
        List.of(
            "user.device.ip_address",
            "user.device.fingerprint",
            "user.device.browser_information",
            "user.communication")) {
      assertThat(policy.ruleFor(category)).as("rule for %s", category).isEmpty();
      assertThat(
              policy
                  .timeline(category, AnchorTimes.collectedAt(day(2026, 5, 6)))
                  .statusAt(day(2126, 1, 1)))
          .isEqualTo(RetentionStatus.NO_RULE);
    }
  }

  @Test
  void numberotp_keeps_accounts_ninety_days_after_deletion_and_transactions_seven_years() {
    PrivacyPolicy policy = numberotp();
    AnchorTimes closed =
        AnchorTimes.collectedAt(day(2025, 1, 1)).with("account.closed", day(2026, 1, 10));

    assertThat(policy.timeline("user.contact.email", closed).expiresAt())
        .contains(day(2026, 4, 10));
    RetentionTimeline transaction =
        policy.timeline("user.financial.transaction", AnchorTimes.collectedAt(day(2026, 1, 10)));
    assertThat(transaction.protectedUntil()).contains(day(2033, 1, 10));
    assertThat(transaction.expiresAt()).contains(day(2033, 1, 10));
  }

  @Test
  void numberotp_may_keep_only_anonymized_analytics_indefinitely() {
    PrivacyPolicy policy = numberotp();

    assertThat(policy.retention())
        .filteredOn(r -> r.maximum() != null && r.maximum().isIndefinite())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.categories())
                    .allSatisfy(c -> assertThat(policy.taxonomy().isAnonymized(c)).isTrue()));
  }

  @Test
  void numberotp_answers_within_thirty_days_wherever_the_requester_lives() {
    PrivacyPolicy policy = numberotp();
    RightsProfile global = policy.rightsUnder(Jurisdiction.GLOBAL).orElseThrow();

    assertThat(global.dueDate(day(2026, 5, 6), policy.timeZone())).contains(day(2026, 6, 5));
    assertThat(global.rights())
        .contains(
            DataSubjectRight.ACCESS,
            DataSubjectRight.RECTIFICATION,
            DataSubjectRight.ERASURE,
            DataSubjectRight.OBJECTION,
            DataSubjectRight.RESTRICTION,
            DataSubjectRight.PORTABILITY);
  }

  @Test
  void numberotp_infrastructure_providers_work_under_processing_agreements() {
    PrivacyPolicy policy = numberotp();

    for (String key : List.of("vercel", "upstash", "mongodb_atlas")) {
      assertThat(policy.recipient(key).orElseThrow().dpa()).as(key).isEqualTo(DpaStatus.IN_PLACE);
    }
    assertThat(policy.recipient("stripe").orElseThrow().dpa()).isEqualTo(DpaStatus.NOT_STATED);
    assertThat(policy.recipients()).noneMatch(Recipient::mayReceiveOutsideEea);
  }

  @Test
  void numberotp_tells_users_of_a_breach_as_the_law_requires_without_a_deadline() {
    PrivacyPolicy policy = numberotp();
    var breach = policy.breach().orElseThrow();

    assertThat(breach.notifySubjects()).isTrue();
    assertThat(breach.authorityWithin()).isNull();
    assertThat(policy.minimumAge()).contains(18);
    assertThat(policy.cookies())
        .extracting(c -> c.cookieClass())
        .containsExactly(
            CookieClass.STRICTLY_NECESSARY, CookieClass.FUNCTIONAL, CookieClass.ANALYTICS);
  }
}
