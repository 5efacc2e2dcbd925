package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueDateTest {

  private static final SubjectRef ALICE = SubjectRef.email("alice@example.org");

  private DataSubjectRequest receive(
      PrivacyPolicy policy, String at, RequestType type, Jurisdiction jurisdiction) {
    DsarWorld world = new DsarWorld(at);
    return world
        .service(policy, new InMemoryRequestRepository())
        .build()
        .receive(type, ALICE, jurisdiction);
  }

  private DataSubjectRequest receiveAndExtend(
      PrivacyPolicy policy, String at, RequestType type, Jurisdiction jurisdiction) {
    DsarWorld world = new DsarWorld(at);
    DsarService service = world.service(policy, new InMemoryRequestRepository()).build();
    return service.extend(service.receive(type, ALICE, jurisdiction).id(), "complexity");
  }

  @Test
  void gdprRequestReceivedOn31JanuaryIsDueOn28February() {
    DataSubjectRequest request =
        receive(DsarWorld.lawful(), "2026-01-31T10:00:00Z", RequestType.ACCESS, Jurisdiction.GDPR);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
    assertThat(request.state()).isEqualTo(RequestState.RECEIVED);
  }

  @Test
  void gdprRequestReceivedOn31JanuaryOfALeapYearIsDueOn29February() {
    DataSubjectRequest request =
        receive(DsarWorld.lawful(), "2028-01-31T10:00:00Z", RequestType.ERASURE, Jurisdiction.GDPR);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2028-02-29T10:00:00Z"));
  }

  @Test
  void gdprMonthIsCountedInThePolicyTimeZone() {
    // 23:30 UTC on 31 January is already 1 February in Berlin: due 1 March, Berlin time.
    DataSubjectRequest request =
        receive(DsarWorld.berlin(), "2026-01-31T23:30:00Z", RequestType.ACCESS, Jurisdiction.GDPR);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-02-28T23:30:00Z"));
  }

  @Test
  void gdprExtensionAddsTwoCalendarMonths() {
    DataSubjectRequest request =
        receiveAndExtend(
            DsarWorld.lawful(), "2026-01-31T10:00:00Z", RequestType.ACCESS, Jurisdiction.GDPR);
    assertThat(request.extendedUntil()).isEqualTo(Instant.parse("2026-04-30T10:00:00Z"));
    assertThat(request.effectiveDueAt()).isEqualTo(request.extendedUntil());
    assertThat(request.extensionReason()).isEqualTo("complexity");
  }

  @Test
  void ccpaRequestIsDueIn45DaysExtendableBy45() {
    DataSubjectRequest request =
        receiveAndExtend(
            DsarWorld.lawful(), "2026-01-01T12:00:00Z", RequestType.CCPA_DELETE, Jurisdiction.CCPA);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-02-15T12:00:00Z"));
    assertThat(request.extendedUntil()).isEqualTo(Instant.parse("2026-04-01T12:00:00Z"));
  }

  @Test
  void vzgenPromiseOf30DaysWinsWhenStricterThanTheGdprMonth() {
    // 15 January (Berlin): 30 days is 14 February, a month is 15 February.
    DataSubjectRequest request =
        receiveAndExtend(
            DsarWorld.vzgen(), "2026-01-15T09:00:00Z", RequestType.ACCESS, Jurisdiction.GDPR);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-02-14T09:00:00Z"));
    // extendable to 60 days (16 March), well inside the law's three months.
    assertThat(request.extendedUntil()).isEqualTo(Instant.parse("2026-03-16T09:00:00Z"));
  }

  @Test
  void gdprMonthWinsOverVzgenPromiseInFebruary() {
    // 1 February (Berlin): a month is 1 March, stricter than 30 days (3 March).
    DataSubjectRequest request =
        receive(DsarWorld.vzgen(), "2026-02-01T09:00:00Z", RequestType.ACCESS, Jurisdiction.GDPR);
    assertThat(request.dueAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
  }

  @Test
  void jurisdictionThePolicyLacksIsRefusedWithATypedException() {
    DsarWorld world = new DsarWorld("2026-01-01T00:00:00Z");
    DsarService service = world.service(DsarWorld.vzgen(), new InMemoryRequestRepository()).build();
    assertThatThrownBy(() -> service.receive(RequestType.CCPA_KNOW, ALICE, Jurisdiction.CCPA))
        .isInstanceOfSatisfying(
            JurisdictionNotCoveredException.class,
            e -> {
              assertThat(e.jurisdiction()).isEqualTo(Jurisdiction.CCPA);
              assertThat(e.policyId()).isEqualTo("vzgen");
              assertThat(e.getMessage()).doesNotContain("alice");
            });
    assertThat(world.auditEntries()).isEmpty();
  }
}
