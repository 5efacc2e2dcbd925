package io.lethe.core.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.spi.RestrictionRegistry;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restrictions, objections and opt-outs: what they block, what may end them, and that any of a
 * subject's identifiers finds them — in memory and in a database.
 */
class RestrictionsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final SubjectRef EMAIL = SubjectRef.email("ada@example.com");
  private static final SubjectRef ACCOUNT = SubjectRef.account("acc-ada");
  private static final CategoryKey CONTACT = CategoryKey.of("user.contact.email");
  private static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");

  private final PrivacyPolicy policy =
      PrivacyPolicy.builder("shop")
          .controller("Shop", "privacy@shop.example")
          .version("1")
          .effective(LocalDate.of(2026, 1, 1))
          .purpose(
              Purpose.builder("service")
                  .name("Provide the service")
                  .basis(LawfulBasis.CONTRACT)
                  .categories("user")
                  .build())
          .purpose(
              Purpose.builder("fraud")
                  .name("Prevent fraud")
                  .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                  .legitimateInterest("fraud prevention")
                  .objectionRoute("privacy@shop.example")
                  .categories("user")
                  .build())
          .purpose(
              Purpose.builder("newsletter")
                  .name("Newsletter")
                  .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                  .legitimateInterest("marketing to customers")
                  .objectionRoute("unsubscribe link")
                  .directMarketing(true)
                  .categories("user.contact")
                  .build())
          .purpose(
              Purpose.builder("offers")
                  .name("Partner offers")
                  .basis(LawfulBasis.CONSENT)
                  .notice("offers-v1")
                  .directMarketing(true)
                  .categories("user.contact")
                  .build())
          .notice(
              new ConsentNotice(
                  "offers-v1",
                  "1",
                  java.util.List.of("offers"),
                  LocalDate.of(2026, 1, 1),
                  null,
                  "Partner offers by email",
                  java.util.List.of()))
          .purpose(
              Purpose.builder("tax")
                  .name("Keep tax records")
                  .basis(LawfulBasis.LEGAL_OBLIGATION)
                  .categories("user.financial")
                  .build())
          .recipient(
              Recipient.builder("mailer")
                  .name("Mail provider")
                  .categories("user.contact")
                  .purposes("newsletter", "service")
                  .build())
          .recipient(
              Recipient.builder("ad-network")
                  .name("AdCo")
                  .role(RecipientRole.INDEPENDENT_CONTROLLER)
                  .categories("user.contact", "user.device")
                  .purposes("offers")
                  .sharing(true)
                  .build())
          .recipient(
              Recipient.builder("broker")
                  .name("List broker")
                  .role(RecipientRole.INDEPENDENT_CONTROLLER)
                  .categories("user.contact")
                  .sale(true)
                  .build())
          .recipient(
              Recipient.builder("partner")
                  .name("Offers partner")
                  .role(RecipientRole.INDEPENDENT_CONTROLLER)
                  .categories("user.contact")
                  .purposes("offers")
                  .build())
          .recipient(
              Recipient.builder("tax-office")
                  .name("Tax office")
                  .role(RecipientRole.PUBLIC_AUTHORITY)
                  .categories("user.financial")
                  .purposes("tax")
                  .build())
          .sellsPersonalData(true)
          .sharesForCrossContextAdvertising(true)
          .build();

  private Restrictions restrictions(String kind) {
    DataSource dataSource = TestDatabases.h2("restrictions");
    RestrictionRegistry registry =
        kind.equals("memory")
            ? new InMemoryRestrictionRegistry()
            : JdbcRestrictionRegistry.of(dataSource).createTableIfMissing();
    audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "restriction-test-secret-32-bytes".getBytes(StandardCharsets.UTF_8)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    return Restrictions.create(registry, policy, audit, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private AuditLog audit;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void a_restriction_blocks_processing_except_exempt_purposes_and_is_found_by_any_identifier(
      String kind) {
    Restrictions restrictions = restrictions(kind);
    ProcessingRestriction placed =
        restrictions.restrict(
            Set.of(EMAIL, ACCOUNT),
            Set.of(),
            Set.of("tax"),
            "accuracy contested (Art. 18(1)(a))",
            "req-7",
            "dsar",
            null);

    assertThat(restrictions.blocking(ACCOUNT, "service", USAGE, NOW)).contains(placed);
    assertThat(restrictions.blocking(EMAIL, "tax", CategoryKey.of("user.financial"), NOW))
        .as("Art. 18(2): kept for a legal obligation")
        .isEmpty();
    assertThat(restrictions.blocking(SubjectRef.email("bob@example.com"), "service", USAGE, NOW))
        .isEmpty();
    assertThat(restrictions.activeFor(EMAIL, NOW))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(ProcessingRestriction.Kind.RESTRICTION);
              assertThat(r.reference()).isEqualTo("req-7");
              assertThat(r.exemptPurposes()).containsExactly("tax");
              assertThat(r.subjects()).as("hashes only").noneMatch(h -> h.contains("ada"));
            });

    restrictions.lift(placed.id(), "dpo", "accuracy verified");
    assertThat(restrictions.blocking(ACCOUNT, "service", USAGE, NOW)).isEmpty();
    assertThat(restrictions.activeFor(ACCOUNT, NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void a_restriction_of_some_categories_blocks_only_those(String kind) {
    Restrictions restrictions = restrictions(kind);
    restrictions.restrict(
        Set.of(EMAIL),
        Set.of(CategoryKey.of("user.contact")),
        Set.of(),
        "kept under a floor",
        "req-8",
        "dsar",
        null);

    assertThat(restrictions.blocking(EMAIL, "fraud", CONTACT, NOW)).isPresent();
    assertThat(restrictions.blocking(EMAIL, "fraud", USAGE, NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void an_objection_to_direct_marketing_is_absolute_and_covers_every_marketing_purpose(
      String kind) {
    Restrictions restrictions = restrictions(kind);
    ProcessingRestriction objection =
        restrictions.object(Set.of(EMAIL), "newsletter", "req-9", "dsar");

    assertThat(objection.absolute()).isTrue();
    assertThat(restrictions.blocking(EMAIL, "newsletter", CONTACT, NOW)).contains(objection);
    assertThat(restrictions.blocking(EMAIL, "offers", CONTACT, NOW)).contains(objection);
    assertThat(restrictions.blocking(EMAIL, "fraud", USAGE, NOW)).isEmpty();
    assertThatThrownBy(() -> restrictions.overrule(objection.id(), "dpo", "we want to"))
        .isInstanceOf(RestrictionException.class)
        .hasMessageContaining("absolute (Art. 21(3))");
    assertThatThrownBy(() -> restrictions.lift(objection.id(), "dpo", "no"))
        .isInstanceOf(RestrictionException.class)
        .hasMessageContaining("not lifted");

    restrictions.withdraw(objection.id(), "subject");
    assertThat(restrictions.blocking(EMAIL, "newsletter", CONTACT, NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void an_objection_to_legitimate_interests_can_be_overruled_on_compelling_grounds(String kind) {
    Restrictions restrictions = restrictions(kind);
    ProcessingRestriction objection =
        restrictions.object(Set.of(ACCOUNT), "fraud", "req-10", "dsar");
    assertThat(objection.absolute()).isFalse();
    assertThat(restrictions.blocking(ACCOUNT, "fraud", USAGE, NOW)).contains(objection);
    assertThat(restrictions.blocking(ACCOUNT, "service", USAGE, NOW)).isEmpty();

    ProcessingRestriction overruled =
        restrictions.overrule(objection.id(), "dpo", "active fraud investigation");
    assertThat(overruled.liftedBy()).contains("compelling legitimate grounds");
    assertThat(restrictions.blocking(ACCOUNT, "fraud", USAGE, NOW)).isEmpty();
    assertThatThrownBy(() -> restrictions.withdraw(objection.id(), "subject"))
        .isInstanceOf(RestrictionException.class)
        .hasMessageContaining("no longer in force");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void objections_that_the_law_does_not_cover_are_refused_with_the_reason(String kind) {
    Restrictions restrictions = restrictions(kind);

    assertThatThrownBy(() -> restrictions.object(Set.of(EMAIL), "tax", "req", "dsar"))
        .isInstanceOf(RestrictionException.class)
        .hasMessage(
            "purpose 'tax' rests on Art. 6(1)(c) (LEGAL_OBLIGATION); the right to object"
                + " (GDPR Art. 21) covers processing based on legitimate interests or a public task"
                + " and direct marketing");
    assertThatThrownBy(() -> restrictions.object(Set.of(EMAIL), "nope", "req", "dsar"))
        .isInstanceOf(RestrictionException.class)
        .hasMessage("policy 'shop' has no purpose 'nope'");
    assertThatThrownBy(() -> restrictions.lift("missing", "dpo", "x"))
        .isInstanceOf(RestrictionException.class)
        .hasMessage("no restriction with id 'missing'");
    assertThat(restrictions.activeFor(EMAIL, NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void an_opt_out_of_sale_blocks_marketing_and_every_change_is_audited(String kind) {
    Restrictions restrictions = restrictions(kind);
    ProcessingRestriction optOut = restrictions.optOutOfSale(Set.of(EMAIL), "req-11", "dsar");

    assertThat(optOut.purposes()).containsExactlyInAnyOrder("newsletter", "offers");
    assertThat(restrictions.blocking(EMAIL, "offers", CONTACT, NOW)).contains(optOut);
    assertThat(restrictions.blocking(EMAIL, "service", CONTACT, NOW)).isEmpty();
    try (Stream<AuditEntry> entries = audit.entries()) {
      assertThat(entries.toList())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.action()).isEqualTo(AuditAction.OBJECTION);
                assertThat(e.reference()).isEqualTo("req-11");
                assertThat(e.subjectHash()).isEqualTo(audit.hasher().hash(EMAIL));
                assertThat(e.detail()).doesNotContain("ada@example.com");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void an_opt_out_of_sale_forbids_disclosure_to_every_recipient_sold_or_shared_to(String kind) {
    Restrictions restrictions = restrictions(kind);
    assertThat(restrictions.blockingDisclosure(EMAIL, "broker", CONTACT, NOW)).isEmpty();

    ProcessingRestriction optOut =
        restrictions.optOutOfSale(Set.of(EMAIL, ACCOUNT), "req-12", "dsar");

    assertThat(restrictions.blockingDisclosure(ACCOUNT, "broker", CONTACT, NOW))
        .as("sold to")
        .contains(optOut);
    assertThat(
            restrictions.blockingDisclosure(
                EMAIL, "ad-network", CategoryKey.of("user.device.ip_address"), NOW))
        .as("shared with")
        .contains(optOut);
    assertThat(restrictions.blockingDisclosure(EMAIL, "partner", CONTACT, NOW))
        .as("serves only the direct marketing the opt-out blocks")
        .contains(optOut);
    assertThat(restrictions.blockingDisclosure(EMAIL, "mailer", CONTACT, NOW))
        .as("neither sold nor shared to, and serves the service too")
        .isEmpty();
    assertThat(
            restrictions.blockingDisclosure(
                SubjectRef.email("bob@example.com"), "broker", CONTACT, NOW))
        .isEmpty();
    assertThat(optOut.reason()).endsWith("; no disclosure to [ad-network, broker]");
    assertThatThrownBy(() -> restrictions.blockingDisclosure(EMAIL, "brokr", CONTACT, NOW))
        .isInstanceOf(RestrictionException.class)
        .hasMessage("policy 'shop' has no recipient 'brokr'");

    restrictions.withdraw(optOut.id(), "ada");
    assertThat(restrictions.blockingDisclosure(EMAIL, "broker", CONTACT, NOW)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2"})
  void a_restriction_forbids_disclosure_unless_the_recipient_serves_only_exempt_purposes(
      String kind) {
    Restrictions restrictions = restrictions(kind);
    ProcessingRestriction placed =
        restrictions.restrict(
            Set.of(EMAIL), Set.of(), Set.of("tax"), "kept against erasure", "req-13", "dsar", null);

    assertThat(restrictions.blockingDisclosure(EMAIL, "mailer", CONTACT, NOW)).contains(placed);
    assertThat(restrictions.blockingDisclosure(EMAIL, "broker", CONTACT, NOW))
        .as("a recipient that names no purpose is never exempt")
        .contains(placed);
    assertThat(
            restrictions.blockingDisclosure(
                EMAIL, "tax-office", CategoryKey.of("user.financial.transaction"), NOW))
        .as("Art. 18(2)")
        .isEmpty();

    restrictions.object(Set.of(ACCOUNT), "newsletter", "req-14", "dsar");
    restrictions.lift(placed.id(), "dpo", "erasure finished");
    assertThat(restrictions.blockingDisclosure(EMAIL, "mailer", CONTACT, NOW))
        .as("objections concern purposes: blocking(subject, purpose, ...) answers them")
        .isEmpty();
    assertThat(restrictions.blocking(ACCOUNT, "newsletter", CONTACT, NOW)).isPresent();
  }
}
