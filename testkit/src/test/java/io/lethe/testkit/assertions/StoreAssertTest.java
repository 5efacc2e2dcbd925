package io.lethe.testkit.assertions;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static io.lethe.testkit.assertions.LetheAssertions.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreAssertTest {

  private static final String NL = System.lineSeparator();
  private static final String EMAIL = "ada@example.org";
  private static final String ACCOUNT = "acct-4711";
  private static final SubjectRef ADA = SubjectRef.email(EMAIL);
  private static final SubjectRef ADA_ACCOUNT = SubjectRef.account(ACCOUNT);
  private static final SubjectRef BOB = SubjectRef.email("bob@example.org");

  private final PrivacyPolicy policy = TestPolicies.shop();
  private final MutableClock clock = clockAt("2026-06-01T00:00:00Z");
  private InMemoryStore orders;

  @BeforeEach
  void setUp() {
    orders =
        InMemoryStore.builder("orders")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .build();
  }

  private void order(long key, String account, String email, String collected, String closed) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("email", email);
    row.put("collected", Instant.parse(collected));
    if (closed != null) {
      row.put("closed_at", Instant.parse(closed));
    }
    orders.insert(RecordKey.of(key), row);
  }

  @Test
  void clockAtIsASettableClock() {
    MutableClock c = LetheAssertions.clockAt("2026-01-01T00:00:00Z");
    c.advance(Period.ofDays(1));
    assertThat(c.instant()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(LetheAssertions.clockAt(Instant.EPOCH).instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void holdsNothingPastRetentionPassesWhenEveryRecordIsWithinItsMaximum() {
    order(1, ACCOUNT, EMAIL, "2020-01-01T00:00:00Z", null);
    order(2, "acct-2", "b@example.org", "2025-01-01T00:00:00Z", "2026-04-01T00:00:00Z");
    assertThat(orders).at(clock).holdsNothingPastRetention(policy);
  }

  @Test
  void holdsNothingPastRetentionPassesForAnEmptyStore() {
    assertThat(orders).at(Instant.parse("2040-01-01T00:00:00Z")).holdsNothingPastRetention(policy);
  }

  @Test
  void holdsNothingPastRetentionFailsWithCategoryRuleAndCountOnly() {
    order(1, ACCOUNT, EMAIL, "2019-01-01T00:00:00Z", null);
    order(2, "acct-2", "b@example.org", "2019-09-01T00:00:00Z", "2026-01-01T00:00:00Z");
    order(3, "acct-3", "c@example.org", "2025-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    order(4, "acct-4", "d@example.org", "2025-01-01T00:00:00Z", "2026-05-01T00:00:00Z");

    assertThatThrownBy(() -> assertThat(orders).at(clock).holdsNothingPastRetention(policy))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"orders\" to hold nothing past the retention of policy"
                + " \"shop\" at 2026-06-01T00:00:00Z but:"
                + NL
                + "  category \"user.financial.transaction\" under rule \"transactions\""
                + " (maximum P7Y from collected): 1 record"
                + NL
                + "  category \"user.contact.email\" under rule \"email\""
                + " (maximum P90D from account.closed): 2 records")
        .message()
        .doesNotContain(EMAIL, ACCOUNT, "acct-2", "b@example.org", "c@example.org");
  }

  @Test
  void holdsNothingPastRetentionFollowsTheClock() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", "2026-06-01T00:00:00Z");
    assertThat(orders).at(clock).holdsNothingPastRetention(policy);
    clock.advance(Duration.ofDays(90).minusNanos(1000));
    assertThat(orders).at(clock).holdsNothingPastRetention(policy);
    clock.advance(Duration.ofNanos(1000));
    assertThatThrownBy(() -> assertThat(orders).at(clock).holdsNothingPastRetention(policy))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "category \"user.contact.email\" under rule \"email\""
                + " (maximum P90D from account.closed): 1 record");
  }

  @Test
  void holdsNothingPastRetentionFailsWhenTheStoreCannotReportTheAnchor() {
    InMemoryStore contacts =
        InMemoryStore.builder("contacts")
            .category("user.contact")
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .build();
    assertThatThrownBy(() -> assertThat(contacts).at(clock).holdsNothingPastRetention(policy))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"contacts\" to hold nothing past the retention of"
                + " policy \"shop\" at 2026-06-01T00:00:00Z but:"
                + NL
                + "  category \"user.contact\" under rule \"contact\": the store cannot tell when"
                + " account.closed happened"
                + NL
                + "  category \"user.contact.email\" under rule \"email\": the store cannot tell when"
                + " account.closed happened");
  }

  @Test
  void holdsNoRecordsOfPassesWhenNoRecordLinksToTheSubject() {
    order(1, "acct-2", "b@example.org", "2025-01-01T00:00:00Z", null);
    assertThat(orders).holdsNoRecordsOf(ADA, ADA_ACCOUNT);
    assertThat(orders).at(clock).holdsNoRecordsOf(ADA);
  }

  @Test
  void holdsNoRecordsOfFailsSayingHowManyButNotWhich() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", null);
    order(2, ACCOUNT, null, "2025-02-01T00:00:00Z", null);
    order(3, "acct-2", "b@example.org", "2025-01-01T00:00:00Z", null);
    assertThatThrownBy(() -> assertThat(orders).holdsNoRecordsOf(ADA, ADA_ACCOUNT))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"orders\" to hold no records of the given subject"
                + " (2 identifiers) but it holds 2 records")
        .message()
        .doesNotContain(EMAIL, ACCOUNT, "RecordKey");
  }

  @Test
  void holdsNoRecordsOfFailsForOneRecordOfOneIdentifier() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", null);
    assertThatThrownBy(() -> assertThat(orders).holdsNoRecordsOf(ADA))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"orders\" to hold no records of the given subject"
                + " (1 identifier) but it holds 1 record");
  }

  @Test
  void stillHoldsPassesForTheRecordCategoryAndForAFieldCategory() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", null);
    assertThat(orders).stillHolds("user.financial.transaction").of(ADA);
    assertThat(orders).stillHolds("user.financial").of(ADA_ACCOUNT);
    assertThat(orders).at(clock).stillHolds("user.contact.email").of(ADA_ACCOUNT);
  }

  @Test
  void stillHoldsFailsWhenNoRecordOfTheSubjectHoldsTheCategory() {
    order(1, ACCOUNT, null, "2025-01-01T00:00:00Z", null);
    assertThatThrownBy(() -> assertThat(orders).stillHolds("user.contact.email").of(ADA_ACCOUNT))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"orders\" to still hold category"
                + " \"user.contact.email\" of the given subject but none of its 1 record holds it")
        .message()
        .doesNotContain(ACCOUNT);
  }

  @Test
  void stillHoldsFailsWhenTheSubjectHasNoRecords() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", null);
    assertThatThrownBy(() -> assertThat(orders).stillHolds("user.financial.transaction").of(BOB))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting store \"orders\" to still hold category"
                + " \"user.financial.transaction\" of the given subject but none of its 0 records"
                + " holds it")
        .message()
        .doesNotContain("bob@example.org");
  }

  @Test
  void anErasedSubjectLeavesOnlyWhatAFloorKeeps() {
    order(1, ACCOUNT, EMAIL, "2025-01-01T00:00:00Z", null);
    orders.rectify(RecordKey.of(1L), Map.of(CategoryKey.of("user.contact.email"), ""));
    assertThat(orders).stillHolds("user.financial.transaction").of(ADA_ACCOUNT);
    orders.delete(List.of(RecordKey.of(1L)));
    assertThat(orders).holdsNoRecordsOf(ADA, ADA_ACCOUNT);
  }

  @Test
  void anonymizedRecordsDoNotCountUnderAnAnonymizingRule() {
    PrivacyPolicy anonymizing =
        PrivacyPolicy.builder("logs")
            .controller("Shop Ltd", "privacy@shop.example")
            .version("2026-01")
            .effective(java.time.LocalDate.of(2026, 1, 1))
            .subject(
                io.lethe.core.policy.SubjectType.of(
                    "visitor",
                    io.lethe.core.policy.SubjectKind.CUSTOMER,
                    IdentifierType.ACCOUNT_ID))
            .purpose(
                io.lethe.core.policy.Purpose.builder("security")
                    .name("Security")
                    .basis(io.lethe.core.policy.LawfulBasis.CONTRACT)
                    .categories("user.device.ip_address")
                    .build())
            .rule(
                io.lethe.core.policy.RetentionRule.builder("ip")
                    .categories("user.device.ip_address")
                    .maximum("P30D")
                    .anonymize(
                        "user.device.ip_address", FieldStrategy.of(FieldStrategy.Kind.REDACT))
                    .build())
            .build();
    InMemoryStore logs =
        InMemoryStore.builder("logs")
            .category("user.device.ip_address")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .build();
    logs.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id",
            ACCOUNT,
            "ip",
            "192.0.2.7",
            "collected",
            Instant.parse("2026-01-01T00:00:00Z")));
    assertThatThrownBy(() -> assertThat(logs).at(clock).holdsNothingPastRetention(anonymizing))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "category \"user.device.ip_address\" under rule \"ip\""
                + " (maximum P30D from collected): 1 record")
        .message()
        .doesNotContain("192.0.2.7", ACCOUNT);
    logs.anonymize(
        List.of(RecordKey.of(1L)),
        new Anonymization(
            Map.of(
                CategoryKey.of("user.device.ip_address"),
                FieldStrategy.of(FieldStrategy.Kind.REDACT)),
            SubjectHasher.withSecret(new byte[32])));
    assertThat(logs).at(clock).holdsNothingPastRetention(anonymizing);
  }
}
