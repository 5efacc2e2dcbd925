package io.lethe.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JsonLinesAuditStorage;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.restriction.InMemoryRestrictionRegistry;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent engine on the in-memory ledger; its subclasses run the same tests on the JDBC ledger
 * on H2 and on PostgreSQL.
 */
class ConsentEngineTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final SubjectRef ANNA = SubjectRef.email("anna@example.com");
  private static final SubjectRef ANNA_ACCOUNT = SubjectRef.account("acct-17");
  private static final SubjectRef VISITOR = SubjectRef.of(IdentifierType.TRACKING_ID, "v-9f2");

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(START);
  private final PrivacyPolicy policy = ConsentPolicies.shop().build();
  private ConsentLedger ledger;
  private AuditLog audit;
  private Restrictions restrictions;
  private ConsentEngine consent;

  @BeforeEach
  void setUp() {
    ledger = newLedger();
    audit =
        AuditLog.create(
            JsonLinesAuditStorage.at(dir.resolve("audit.jsonl")),
            SubjectHasher.withSecret(new byte[32]),
            clock);
    restrictions = Restrictions.create(new InMemoryRestrictionRegistry(), policy, audit, clock);
    consent =
        ConsentEngine.builder(policy)
            .ledger(ledger)
            .audit(audit)
            .restrictions(restrictions)
            .clock(clock)
            .build();
  }

  /** Stops listening to the ledger: on PostgreSQL that returns the listening connection. */
  @AfterEach
  void tearDown() {
    consent.close();
  }

  /** {@return a fresh, empty ledger for one test} */
  ConsentLedger newLedger() {
    return new InMemoryConsentLedger();
  }

  @Test
  void a_purpose_the_policy_does_not_declare_is_denied() {
    Decision decision = consent.decide(ANNA, "profiling");

    assertThat(decision.permitted()).isFalse();
    assertThat(decision.reason()).isEqualTo(Decision.Reason.UNDECLARED_PURPOSE);
    assertThat(decision.rule()).isEqualTo("GDPR Art. 5(1)(b)");
  }

  @Test
  void a_contract_purpose_is_permitted_without_any_consent_record() {
    Decision decision = consent.decide(ANNA, "orders");

    assertThat(decision.permitted()).isTrue();
    assertThat(decision.reason()).isEqualTo(Decision.Reason.LAWFUL_BASIS);
    assertThat(decision.rule()).contains("6(1)(b)");
    assertThat(ledger.readAll()).isEmpty();
  }

  @Test
  void a_consent_purpose_needs_a_consent_and_a_withdrawal_ends_it_at_once() {
    assertThat(consent.decide(ANNA, "newsletter").reason()).isEqualTo(Decision.Reason.NO_CONSENT);

    ConsentEvent given =
        consent.record(
            ConsentChoice.given(ANNA, "newsletter")
                .withMethod(ConsentMethod.BANNER)
                .withProof("form-1"));
    Decision permitted = consent.decide(ANNA, "newsletter");
    clock.move(Duration.ofMinutes(1));
    consent.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);
    Decision after = consent.decide(ANNA, "newsletter");

    assertThat(permitted.permitted()).isTrue();
    assertThat(permitted.evidence()).containsExactly(given.id());
    assertThat(permitted.noticeHash())
        .isEqualTo(policy.notice("newsletter").orElseThrow().contentHash("3"));
    assertThat(after.permitted()).isFalse();
    assertThat(after.reason()).isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    assertThat(after.status()).isEqualTo(ConsentStatus.CONSENT_WITHDRAWN);
  }

  @Test
  void a_cached_decision_is_returned_as_it_is_until_a_write_changes_it() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    Instant at = clock.instant();

    Decision first = consent.decide(ANNA, "newsletter", at);
    Decision second = consent.decide(ANNA, "newsletter", at.plusSeconds(30));
    consent.record(ConsentChoice.refused(ANNA, "newsletter"));
    Decision third = consent.decide(ANNA, "newsletter", at.plusSeconds(30));

    assertThat(second).isSameAs(first);
    assertThat(third.reason()).isEqualTo(Decision.Reason.CONSENT_REFUSED);
  }

  @Test
  void a_cached_decision_outlives_other_subjects_writes_but_not_its_own() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    Instant at = clock.instant();
    Decision first = consent.decide(ANNA, "newsletter", at);

    consent.record(ConsentChoice.given(VISITOR, "analytics"));
    Decision afterOthers = consent.decide(ANNA, "newsletter", at);
    Decision again = consent.decide(ANNA, "newsletter", at);
    restrictions.object(Set.of(ANNA), "newsletter", "req-1", "support");
    Decision afterObjection = consent.decide(ANNA, "newsletter", at);

    assertThat(afterOthers).isSameAs(first);
    assertThat(again).isSameAs(first);
    assertThat(afterObjection.reason()).isEqualTo(Decision.Reason.OBJECTION);
    assertThat(consent.decide(ANNA, "newsletter", at)).isSameAs(afterObjection);
  }

  @Test
  void consent_again_is_recorded_as_renewed() {
    ConsentEvent first = consent.record(ConsentChoice.given(ANNA, "newsletter"));
    clock.move(Duration.ofDays(1));
    ConsentEvent again = consent.record(ConsentChoice.given(ANNA, "newsletter"));
    clock.move(Duration.ofDays(1));
    consent.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);
    ConsentEvent afterWithdrawal = consent.record(ConsentChoice.given(ANNA, "newsletter"));

    assertThat(first.status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(again.status()).isEqualTo(ConsentStatus.RENEWED_CONSENT_GIVEN);
    assertThat(afterWithdrawal.status()).isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void consent_to_a_purpose_on_contract_is_refused() {
    assertThatThrownBy(() -> consent.record(ConsentChoice.given(ANNA, "orders")))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("not on consent");
    assertThatThrownBy(() -> consent.record(ConsentChoice.given(ANNA, "profiling")))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("no purpose 'profiling'");
    assertThat(ledger.readAll()).isEmpty();
  }

  @Test
  void a_material_notice_change_makes_an_older_consent_stale_and_an_editorial_one_does_not() {
    consent.record(ConsentChoice.given(ANNA, "newsletter").withNoticeVersion("1"));
    consent.record(ConsentChoice.given(ANNA_ACCOUNT, "newsletter").withNoticeVersion("2"));
    Instant beforeChange = Instant.parse("2026-05-31T12:00:00Z");
    Instant afterChange = Instant.parse("2026-06-02T12:00:00Z");

    Decision staleLater = consent.decide(ANNA, "newsletter", afterChange);
    Decision validBefore = consent.decide(ANNA, "newsletter", beforeChange);
    Decision editorial = consent.decide(ANNA_ACCOUNT, "newsletter", afterChange);

    assertThat(staleLater.permitted()).isFalse();
    assertThat(staleLater.reason()).isEqualTo(Decision.Reason.NOTICE_CHANGED);
    assertThat(staleLater.reconsentNeeded()).isTrue();
    assertThat(staleLater.status()).isEqualTo(ConsentStatus.CONSENT_INVALIDATED);
    assertThat(validBefore.permitted()).isTrue();
    assertThat(editorial.permitted()).isTrue();
    assertThat(editorial.noticeHash())
        .isEqualTo(policy.notice("newsletter").orElseThrow().contentHash("2"));
  }

  @Test
  void an_unknown_notice_version_is_refused() {
    assertThatThrownBy(
            () -> consent.record(ConsentChoice.given(ANNA, "newsletter").withNoticeVersion("9")))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("no version '9'");
  }

  @Test
  void a_consent_expires_when_its_refresh_period_passes() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    Instant expiry = START.atZone(ZoneId.of("UTC")).plusMonths(24).toInstant();

    assertThat(consent.decide(ANNA, "newsletter", expiry.minusSeconds(1)).permitted()).isTrue();
    Decision expired = consent.decide(ANNA, "newsletter", expiry);
    assertThat(expired.reason()).isEqualTo(Decision.Reason.CONSENT_EXPIRED);
    assertThat(expired.reconsentNeeded()).isTrue();
    assertThat(consent.stateAt(ANNA, "newsletter", expiry).effective())
        .isEqualTo(ConsentStatus.CONSENT_EXPIRED);
    assertThat(consent.stateAt(ANNA, "newsletter", expiry).recorded())
        .isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void a_consent_given_under_no_jurisdiction_is_refreshed_as_the_global_profile_says() {
    // found by ConsentPropertyTest: the GLOBAL profile set the age of consent for such a
    // consent, but not its refresh period, so it never expired
    PrivacyPolicy everyone =
        ConsentPolicies.shop()
            .rights(
                RightsProfile.of(Jurisdiction.GLOBAL, DataSubjectRight.ACCESS)
                    .withConsentRefresh(Period.ofMonths(6)))
            .build();
    ConsentEngine engine =
        ConsentEngine.builder(everyone)
            .ledger(new InMemoryConsentLedger())
            .audit(audit)
            .clock(clock)
            .build();
    engine.record(ConsentChoice.given(ANNA, "analytics"));
    engine.record(ConsentChoice.given(VISITOR, "analytics").withJurisdiction(Jurisdiction.CCPA));
    Instant refresh = START.atZone(ZoneOffset.UTC).plusMonths(6).toInstant();

    assertThat(engine.decide(ANNA, "analytics", refresh.minusNanos(1)).permitted()).isTrue();
    assertThat(engine.decide(ANNA, "analytics", refresh).reason())
        .isEqualTo(Decision.Reason.CONSENT_EXPIRED);
    assertThat(engine.decide(VISITOR, "analytics", refresh).permitted())
        .as("the CCPA profile sets no refresh period")
        .isTrue();
  }

  @Test
  void a_child_below_the_age_of_consent_needs_a_guardian_and_either_may_withdraw() {
    assertThatThrownBy(
            () ->
                consent.record(
                    ConsentChoice.given(ANNA, "newsletter")
                        .withJurisdiction(Jurisdiction.GDPR)
                        .withSubjectAge(15)))
        .isInstanceOf(ConsentException.class)
        .hasMessageContaining("age of consent (16 under gdpr)")
        .hasMessageContaining("Art. 8(1)")
        .hasMessageNotContaining("15");

    consent.record(
        ConsentChoice.given(ANNA, "newsletter")
            .withJurisdiction(Jurisdiction.GDPR)
            .withSubjectAge(15)
            .withExpressedBy(ExpressedBy.GUARDIAN));
    assertThat(consent.decide(ANNA, "newsletter").permitted()).isTrue();
    consent.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);
    assertThat(consent.decide(ANNA, "newsletter").permitted()).isFalse();

    consent.record(
        ConsentChoice.given(ANNA, "newsletter")
            .withJurisdiction(Jurisdiction.GDPR)
            .withSubjectAge(16));
    assertThat(consent.decide(ANNA, "newsletter").permitted()).isTrue();
  }

  @Test
  void a_restriction_or_objection_wins_over_consent() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    assertThat(consent.decide(ANNA, "fraud").permitted()).isTrue();

    ProcessingRestriction objection =
        restrictions.object(Set.of(ANNA), "newsletter", "req-1", "support");
    Decision afterObjection = consent.decide(ANNA, "newsletter");
    restrictions.restrict(
        Set.of(ANNA), Set.of(), Set.of(), "accuracy contested", "req-2", "support", null);
    Decision fraud = consent.decide(ANNA, "fraud");

    assertThat(afterObjection.permitted()).isFalse();
    assertThat(afterObjection.reason()).isEqualTo(Decision.Reason.OBJECTION);
    assertThat(afterObjection.evidence()).contains(objection.id());
    assertThat(fraud.reason()).isEqualTo(Decision.Reason.RESTRICTION);
    assertThat(fraud.rule()).isEqualTo("GDPR Art. 18");
  }

  @Test
  void a_restriction_of_one_category_blocks_only_that_category() {
    restrictions.restrict(
        Set.of(ANNA),
        Set.of(CategoryKey.of("user.device")),
        Set.of(),
        "contested",
        null,
        "support",
        null);

    assertThat(
            consent
                .decide(
                    ANNA,
                    "fraud",
                    CategoryKey.of("user.device.ip_address"),
                    clock.instant(),
                    Signals.NONE)
                .permitted())
        .isFalse();
    assertThat(
            consent
                .decide(
                    ANNA,
                    "orders",
                    CategoryKey.of("user.contact.email"),
                    clock.instant(),
                    Signals.NONE)
                .permitted())
        .isTrue();
    assertThat(consent.decide(ANNA, "orders").permitted()).isTrue();
  }

  @Test
  void a_global_privacy_control_signal_opts_out_is_recorded_once_and_stays_when_it_stops() {
    Decision before = consent.decide(VISITOR, "ads");
    Decision withSignal = consent.decide(VISITOR, "ads", clock.instant(), Signals.GPC);
    clock.move(Duration.ofHours(1));
    Decision again = consent.decide(VISITOR, "ads", clock.instant(), Signals.GPC);
    Decision withoutSignal = consent.decide(VISITOR, "ads", clock.instant(), Signals.NONE);

    assertThat(before.permitted()).isTrue();
    assertThat(withSignal.permitted()).isFalse();
    assertThat(withSignal.reason()).isEqualTo(Decision.Reason.OPT_OUT_SIGNAL);
    assertThat(withSignal.signal()).isEqualTo(OptOutSignal.GLOBAL_PRIVACY_CONTROL);
    assertThat(again.permitted()).isFalse();
    assertThat(withoutSignal.permitted()).isFalse();
    assertThat(ledger.readAll().filter(e -> e.kind() == ConsentEvent.Kind.SIGNAL)).hasSize(1);
    assertThat(consent.decide(VISITOR, "fraud", clock.instant(), Signals.GPC).permitted()).isTrue();
    SignalStatus status = consent.signalStatus(VISITOR);
    assertThat(status.displayText()).contains("Opt-Out Request Honored");
    assertThat(status.purposes()).containsExactly("ads");
  }

  @Test
  void only_a_later_consent_that_acknowledges_the_signal_wins_over_it() {
    consent.record(ConsentChoice.given(VISITOR, "ads"));
    clock.move(Duration.ofMinutes(1));
    consent.honour(VISITOR, OptOutSignal.GLOBAL_PRIVACY_CONTROL);
    assertThat(consent.decide(VISITOR, "ads").reason()).isEqualTo(Decision.Reason.OPT_OUT_SIGNAL);

    clock.move(Duration.ofMinutes(1));
    consent.record(ConsentChoice.given(VISITOR, "ads"));
    assertThat(consent.decide(VISITOR, "ads", clock.instant(), Signals.GPC).permitted()).isFalse();

    clock.move(Duration.ofMinutes(1));
    ConsentEvent acknowledged =
        consent.record(ConsentChoice.given(VISITOR, "ads").acknowledgingSignal());
    Decision decision = consent.decide(VISITOR, "ads", clock.instant(), Signals.GPC);

    assertThat(acknowledged.acknowledgesSignal()).isTrue();
    assertThat(decision.permitted()).isTrue();
    assertThat(decision.reason()).isEqualTo(Decision.Reason.CONSENT_OVER_SIGNAL);
    assertThat(consent.signalStatus(VISITOR).overriddenFor()).containsExactly("ads");
  }

  @Test
  void a_no_to_a_purpose_opt_outs_cover_stops_it_though_it_rests_on_legitimate_interests() {
    // found by ConsentPropertyTest: after a withdrawal of consent to ads (legitimate interests,
    // marked for sharing and targeted advertising) ads were permitted again on that basis
    consent.record(ConsentChoice.given(VISITOR, "ads"));
    Decision given = consent.decide(VISITOR, "ads");
    clock.move(Duration.ofMinutes(1));
    consent.withdraw(VISITOR, "ads", ExpressedBy.SUBJECT);
    Decision withdrawn = consent.decide(VISITOR, "ads");
    consent.record(ConsentChoice.refused(ANNA, "ads"));
    Decision refused = consent.decide(ANNA, "ads");
    consent.withdraw(ANNA, "fraud", ExpressedBy.SUBJECT);

    assertThat(given.permitted()).isTrue();
    assertThat(withdrawn.permitted()).isFalse();
    assertThat(withdrawn.reason()).isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    assertThat(withdrawn.rule()).isEqualTo("CCPA §1798.120(a)");
    assertThat(refused.permitted()).isFalse();
    assertThat(refused.reason()).isEqualTo(Decision.Reason.CONSENT_REFUSED);
    assertThat(consent.decide(ANNA, "fraud").reason())
        .as("only an objection stops fraud checks")
        .isEqualTo(Decision.Reason.LAWFUL_BASIS);
    clock.move(Duration.ofMinutes(1));
    consent.record(ConsentChoice.given(VISITOR, "ads"));
    assertThat(consent.decide(VISITOR, "ads").permitted()).isTrue();
  }

  @Test
  void a_visitors_choice_and_signal_follow_them_into_their_account() {
    consent.record(ConsentChoice.given(VISITOR, "analytics"));
    consent.honour(VISITOR, OptOutSignal.GLOBAL_PRIVACY_CONTROL);
    assertThat(consent.decide(ANNA_ACCOUNT, "analytics").permitted()).isFalse();
    assertThat(consent.decide(ANNA_ACCOUNT, "ads").permitted()).isTrue();

    consent.link(VISITOR, ANNA_ACCOUNT);

    assertThat(consent.decide(ANNA_ACCOUNT, "analytics").permitted()).isTrue();
    assertThat(consent.decide(ANNA_ACCOUNT, "ads").reason())
        .isEqualTo(Decision.Reason.OPT_OUT_SIGNAL);
    assertThat(consent.history(ANNA_ACCOUNT))
        .extracting(ConsentEvent::kind)
        .containsExactly(
            ConsentEvent.Kind.CHOICE, ConsentEvent.Kind.SIGNAL, ConsentEvent.Kind.LINK);
  }

  @Test
  void a_link_joins_two_identifiers_from_when_it_was_made_not_before() {
    // found by ConsentPropertyTest: a decision about an instant before the link counted the
    // other identifier's choices and restrictions already
    consent.record(ConsentChoice.given(VISITOR, "analytics"));
    restrictions.restrict(Set.of(VISITOR), Set.of(), Set.of(), "contested", null, "support", null);
    Instant beforeLink = clock.instant().plus(Duration.ofHours(1));
    clock.move(Duration.ofDays(1));
    consent.link(VISITOR, ANNA_ACCOUNT);
    Instant afterLink = clock.instant();

    Decision analyticsBefore = consent.decide(ANNA_ACCOUNT, "analytics", beforeLink);
    Decision ordersBefore = consent.decide(ANNA_ACCOUNT, "orders", beforeLink);
    Decision ordersAfter = consent.decide(ANNA_ACCOUNT, "orders", afterLink);

    assertThat(analyticsBefore.reason()).isEqualTo(Decision.Reason.NO_CONSENT);
    assertThat(consent.stateAt(ANNA_ACCOUNT, "analytics", beforeLink).recorded())
        .isEqualTo(ConsentStatus.CONSENT_UNKNOWN);
    assertThat(ordersBefore.permitted()).isTrue();
    assertThat(ordersAfter.reason()).isEqualTo(Decision.Reason.RESTRICTION);
    assertThat(consent.decide(VISITOR, "orders", beforeLink).reason())
        .isEqualTo(Decision.Reason.RESTRICTION);
    assertThat(consent.stateAt(ANNA_ACCOUNT, "analytics", afterLink).recorded())
        .isEqualTo(ConsentStatus.CONSENT_GIVEN);
  }

  @Test
  void state_at_an_instant_is_the_replay_of_the_events_up_to_it() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    Instant given = clock.instant();
    clock.move(Duration.ofDays(10));
    consent.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);

    assertThat(consent.stateAt(ANNA, "newsletter", given.minusSeconds(1)).recorded())
        .isEqualTo(ConsentStatus.CONSENT_UNKNOWN);
    assertThat(consent.stateAt(ANNA, "newsletter", given).effective())
        .isEqualTo(ConsentStatus.CONSENT_GIVEN);
    assertThat(consent.stateAt(ANNA, "newsletter", clock.instant()).effective())
        .isEqualTo(ConsentStatus.CONSENT_WITHDRAWN);
    assertThat(consent.decide(ANNA, "newsletter", given.plusSeconds(5)).permitted()).isTrue();
    assertThat(consent.decide(ANNA, "newsletter", clock.instant()).permitted()).isFalse();
  }

  @Test
  void withdraw_all_takes_back_every_valid_consent() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    consent.record(ConsentChoice.given(ANNA, "analytics"));
    consent.record(ConsentChoice.refused(ANNA, "ads"));

    List<ConsentEvent> withdrawn =
        consent.withdrawAll(ANNA, ConsentMethod.REQUEST, ExpressedBy.CONTROLLER, "req-9");

    assertThat(withdrawn)
        .extracting(ConsentEvent::purpose)
        .containsExactly("newsletter", "analytics");
    assertThat(consent.decide(ANNA, "newsletter").permitted()).isFalse();
    assertThat(consent.decide(ANNA, "analytics").permitted()).isFalse();
  }

  @Test
  void every_change_is_audited_and_the_ledger_holds_no_identifier() {
    consent.record(ConsentChoice.given(ANNA, "newsletter").withProof("form-1"));
    consent.link(VISITOR, ANNA);

    assertThat(audit.entries().filter(e -> e.action() == AuditAction.CONSENT_CHANGE)).hasSize(2);
    assertThat(ledger.readAll().map(Object::toString))
        .noneMatch(text -> text.contains("anna@example.com") || text.contains("v-9f2"));
    assertThat(consent.verify().intact()).isTrue();
  }

  @Test
  void a_changed_event_breaks_the_chain() {
    consent.record(ConsentChoice.given(ANNA, "newsletter"));
    ConsentEvent withdrawn = consent.withdraw(ANNA, "newsletter", ExpressedBy.SUBJECT);
    consent.record(ConsentChoice.given(ANNA, "analytics"));

    assumeTrue(
        ledger instanceof InMemoryConsentLedger,
        "tampering with tables: " + "JdbcConsentLedgerTest");
    ((InMemoryConsentLedger) ledger)
        .tamper(
            2,
            new ConsentEvent(
                withdrawn.sequence(),
                withdrawn.id(),
                withdrawn.at(),
                withdrawn.kind(),
                withdrawn.subject(),
                withdrawn.subjectType(),
                withdrawn.purpose(),
                withdrawn.noticeId(),
                withdrawn.noticeVersion(),
                withdrawn.noticeHash(),
                ConsentStatus.CONSENT_GIVEN,
                withdrawn.method(),
                withdrawn.expressedBy(),
                withdrawn.jurisdiction(),
                withdrawn.expires(),
                withdrawn.proof(),
                false,
                null,
                null,
                null,
                withdrawn.previousHash(),
                withdrawn.hash()));

    assertThat(consent.verify().intact()).isFalse();
    assertThat(consent.verify().brokenAt()).isEqualTo(2);
    assertThat(consent.verify().problem())
        .hasValueSatisfying(p -> assertThat(p).contains("event 2 was changed"));
  }

  @Test
  void cookies_that_need_consent_wait_for_it() {
    List<Cookie> before = consent.cookiesAllowed(VISITOR, clock.instant(), Signals.NONE);
    consent.record(ConsentChoice.given(VISITOR, "analytics"));
    List<Cookie> after = consent.cookiesAllowed(VISITOR, clock.instant(), Signals.NONE);

    assertThat(before).extracting(Cookie::name).containsExactly("session");
    assertThat(after).extracting(Cookie::name).containsExactly("session", "_ga");
  }

  @Test
  void sec_gpc_counts_only_with_the_exact_value_1() {
    assertThat(Signals.fromHeaders(Map.of("Sec-GPC", List.of("1")))).isSameAs(Signals.GPC);
    assertThat(Signals.fromHeaders(Map.of("sec-gpc", List.of("1")))).isSameAs(Signals.GPC);
    assertThat(Signals.fromHeaders(Map.of("SEC-GPC", List.of(" 1\t")))).isSameAs(Signals.GPC);
    assertThat(Signals.fromHeaders(Map.of("Sec-GPC", List.of("0", "1")))).isSameAs(Signals.GPC);
    assertThat(Signals.fromHeaders(Map.of("Sec-GPC", List.of("0, 1")))).isSameAs(Signals.GPC);
    for (String other : List.of("0", "true", "01", "1.0", "yes", "", "1 1", "\u00a01")) {
      assertThat(Signals.fromHeaders(Map.of("Sec-GPC", List.of(other))))
          .as("Sec-GPC: '%s'", other)
          .isSameAs(Signals.NONE);
    }
    assertThat(Signals.fromHeaders(Map.of("DNT", List.of("1")))).isSameAs(Signals.NONE);
    assertThat(Signals.fromHeaders(Map.of())).isSameAs(Signals.NONE);
  }

  /** A clock tests move by hand. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
