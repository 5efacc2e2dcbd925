package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.LetheException;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.IdentityVerifier;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RequestLifecycleTest {

  private static final String EMAIL = "alice@example.org";
  private static final SubjectRef ALICE = SubjectRef.email(EMAIL);
  private static final IdentityEvidence GOOD =
      IdentityEvidence.of("email-link", Map.of("code", "123456"));
  private static final IdentityEvidence BAD =
      IdentityEvidence.of("email-link", Map.of("code", "000000"));

  private final DsarWorld world = new DsarWorld("2026-01-31T10:00:00Z");
  private final List<DataSubjectRequest> verified = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final DsarService service =
      world
          .service(DsarWorld.lawful(), new InMemoryRequestRepository())
          .identityVerifier(
              (request, evidence) -> {
                verified.add(request);
                return "123456".equals(evidence.attributes().get("code"))
                    ? IdentityVerifier.Verdict.VERIFIED
                    : IdentityVerifier.Verdict.REJECTED;
              })
          .ids(() -> "req-" + ids.incrementAndGet())
          .build();

  private String received() {
    return service.receive(RequestType.ACCESS, ALICE, Jurisdiction.GDPR).id();
  }

  private static void assertIllegal(
      Runnable action, String id, RequestState state, String attempted) {
    assertThatThrownBy(action::run)
        .isInstanceOf(LetheException.class)
        .isInstanceOfSatisfying(
            IllegalRequestTransitionException.class,
            e -> {
              assertThat(e.requestId()).isEqualTo(id);
              assertThat(e.state()).isEqualTo(state);
              assertThat(e.attempted()).isEqualTo(attempted);
              assertThat(e.getMessage())
                  .contains(id, state.name(), attempted)
                  .doesNotContain(EMAIL);
            });
  }

  @Test
  void verifiedRequestRunsToCompletionWithFullHistory() {
    String id = received();
    service.verifyIdentity(id, GOOD);
    service.start(id);
    DataSubjectRequest done = service.complete(id);

    assertThat(done.state()).isEqualTo(RequestState.COMPLETED);
    assertThat(done.history())
        .extracting(StateChange::to)
        .containsExactly(
            RequestState.RECEIVED,
            RequestState.IDENTITY_VERIFIED,
            RequestState.IN_PROGRESS,
            RequestState.COMPLETED);
    assertThat(done.history())
        .extracting(StateChange::from)
        .containsExactly(
            null, RequestState.RECEIVED, RequestState.IDENTITY_VERIFIED, RequestState.IN_PROGRESS);
    assertThat(done.history()).allSatisfy(c -> assertThat(c.actor()).isEqualTo("dsar-engine"));
    assertThat(service.get(id)).isEqualTo(done);
  }

  @Test
  void nothingStartsBeforeIdentityIsVerified() {
    String id = received();
    assertIllegal(() -> service.start(id), id, RequestState.RECEIVED, "start");
    assertIllegal(() -> service.complete(id), id, RequestState.RECEIVED, "complete");
    assertThat(service.get(id).state()).isEqualTo(RequestState.RECEIVED);
  }

  @Test
  void rejectedIdentityDeniesTheRequestAndNothingCanStartAfterwards() {
    String id = received();
    DataSubjectRequest denied = service.verifyIdentity(id, BAD);

    assertThat(denied.state()).isEqualTo(RequestState.DENIED);
    assertThat(denied.denialReason()).isEqualTo(DenialReason.IDENTITY_NOT_VERIFIED);
    assertIllegal(() -> service.start(id), id, RequestState.DENIED, "start");
    assertIllegal(
        () -> service.verifyIdentity(id, GOOD), id, RequestState.DENIED, "verify identity");
    assertThat(verified).hasSize(1);
  }

  @Test
  void defaultVerifierRejectsEveryone() {
    DsarService strict = world.service(DsarWorld.lawful(), new InMemoryRequestRepository()).build();
    String id = strict.receive(RequestType.ERASURE, ALICE, Jurisdiction.GDPR).id();
    assertThat(strict.verifyIdentity(id, GOOD).denialReason())
        .isEqualTo(DenialReason.IDENTITY_NOT_VERIFIED);
  }

  @Test
  void verifierSeesTheRequestAndTheEvidenceIsNeverStored() {
    String id = received();
    DataSubjectRequest after = service.verifyIdentity(id, GOOD);
    assertThat(verified).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
    assertThat(after.history().toString()).doesNotContain("123456");
    assertThat(world.auditEntries().toString()).doesNotContain("123456");
  }

  @Test
  void illegalTransitionsAreTyped() {
    String denied = received();
    service.deny(denied, DenialReason.MANIFESTLY_UNFOUNDED);
    assertIllegal(() -> service.complete(denied), denied, RequestState.DENIED, "complete");
    assertIllegal(() -> service.cancel(denied), denied, RequestState.DENIED, "cancel");
    assertIllegal(
        () -> service.deny(denied, DenialReason.EXCESSIVE), denied, RequestState.DENIED, "deny");

    String verifiedOnly = received();
    service.verifyIdentity(verifiedOnly, GOOD);
    assertIllegal(
        () -> service.complete(verifiedOnly),
        verifiedOnly,
        RequestState.IDENTITY_VERIFIED,
        "complete");
    assertIllegal(
        () -> service.verifyIdentity(verifiedOnly, GOOD),
        verifiedOnly,
        RequestState.IDENTITY_VERIFIED,
        "verify identity");

    String cancelled = received();
    service.cancel(cancelled);
    assertIllegal(() -> service.start(cancelled), cancelled, RequestState.CANCELLED, "start");
    assertIllegal(
        () -> service.extend(cancelled, "volume"), cancelled, RequestState.CANCELLED, "extend");

    assertThatThrownBy(() -> service.start("no-such-request"))
        .isInstanceOf(RequestNotFoundException.class)
        .hasMessageContaining("no-such-request");
  }

  @Test
  void anyOpenStateCanBeDeniedOrCancelled() {
    List<Consumer<String>> toState =
        List.of(
            id -> {},
            id -> service.verifyIdentity(id, GOOD),
            id -> {
              service.verifyIdentity(id, GOOD);
              service.start(id);
            });
    for (Consumer<String> setUp : toState) {
      String a = received();
      setUp.accept(a);
      assertThat(service.deny(a, DenialReason.NO_DATA_FOUND).denialReason())
          .isEqualTo(DenialReason.NO_DATA_FOUND);
      String b = received();
      setUp.accept(b);
      assertThat(service.cancel(b).state()).isEqualTo(RequestState.CANCELLED);
    }
  }

  @Test
  void extensionIsAllowedOnceWithinTheFirstPeriod() {
    String id = received();
    world.clock.advance(Duration.ofDays(27)); // 27 February, before the 28 February due date
    DataSubjectRequest extended = service.extend(id, "complexity of the request");

    assertThat(extended.extendedUntil()).isEqualTo("2026-04-30T10:00:00Z");
    assertThat(extended.state()).isEqualTo(RequestState.RECEIVED);
    assertThat(extended.history())
        .last()
        .satisfies(
            c -> {
              assertThat(c.from()).isEqualTo(RequestState.RECEIVED);
              assertThat(c.to()).isEqualTo(RequestState.RECEIVED);
              assertThat(c.note()).contains("complexity of the request", "2026-04-30");
            });
    assertIllegal(() -> service.extend(id, "again"), id, RequestState.RECEIVED, "extend");
    assertThat(service.get(id).extensionReason()).isEqualTo("complexity of the request");
  }

  @Test
  void anExtensionForTheReasonsTheLawNamesCarriesItsDpvJustification() {
    String id = received();
    DataSubjectRequest extended =
        service.extend(
            id, ExtensionReason.NUMBER_OF_REQUESTS, "a surge of requests after a press article");

    assertThat(extended.extensionReason())
        .isEqualTo(
            "NUMBER_OF_REQUESTS"
                + " (https://w3id.org/dpv/justifications#HighVolumeOfProcesses): a surge of requests"
                + " after a press article");
    assertThat(ExtensionReason.COMPLEXITY.dpvTerm())
        .isEqualTo("https://w3id.org/dpv/justifications#ComplexityOfProcess");
  }

  @Test
  void denialReasonsMapToTheDataRightsProtocolAndDpvWhereATermMatches() {
    assertThat(DenialReason.IDENTITY_NOT_VERIFIED.dpvTerm())
        .contains("https://w3id.org/dpv/justifications#IdentityVerificationFailure");
    assertThat(DenialReason.MANIFESTLY_UNFOUNDED.dpvTerm())
        .contains("https://w3id.org/dpv/justifications#ProcessUnfounded");
    assertThat(DenialReason.MANIFESTLY_UNFOUNDED.drpReason()).isEmpty();
    assertThat(DenialReason.EXCESSIVE.dpvTerm())
        .contains("https://w3id.org/dpv/justifications#ProcessExcessive");
    assertThat(DenialReason.LEGAL_EXEMPTION.dpvTerm())
        .contains("https://w3id.org/dpv/justifications#LegallyExempted");
    assertThat(DenialReason.LEGAL_EXEMPTION.drpReason()).contains("claim_not_covered");
    assertThat(DenialReason.NO_DATA_FOUND.dpvTerm()).isEmpty();
    assertThat(DenialReason.OUTSIDE_JURISDICTION.dpvTerm()).isEmpty();
  }

  @Test
  void extensionAfterTheOriginalDueDateIsRefused() {
    String id = received();
    service.verifyIdentity(id, GOOD);
    service.start(id);
    world.clock.advance(Period.ofMonths(1)); // exactly the due date: too late
    assertIllegal(() -> service.extend(id, "volume"), id, RequestState.IN_PROGRESS, "extend");
    assertThat(service.get(id).extendedUntil()).isNull();
  }

  @Test
  void everyChangeIsAuditedUnderTheRequestIdWithoutTheRawSubject() {
    String id = received();
    service.verifyIdentity(id, GOOD);
    service.extend(id, "volume");
    service.start(id);
    service.complete(id);

    List<AuditEntry> entries = world.auditEntries();
    assertThat(entries)
        .hasSize(5)
        .allSatisfy(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.REQUEST_STATE);
              assertThat(e.reference()).isEqualTo(id);
              assertThat(e.actor()).isEqualTo("dsar-engine");
              assertThat(e.subjectHash()).isEqualTo(DsarWorld.HASHER.hash(ALICE));
            });
    assertThat(entries)
        .extracting(AuditEntry::detail)
        .satisfiesExactly(
            d -> assertThat(d).contains("RECEIVED", "due 2026-02-28"),
            d -> assertThat(d).contains("RECEIVED -> IDENTITY_VERIFIED"),
            d -> assertThat(d).contains("extended until 2026-04-30", "volume"),
            d -> assertThat(d).contains("IDENTITY_VERIFIED -> IN_PROGRESS"),
            d -> assertThat(d).contains("IN_PROGRESS -> COMPLETED"));
    assertThat(entries.toString()).doesNotContain(EMAIL);
    assertThat(world.audit.verify().intact()).isTrue();
  }

  @Test
  void refusedTransitionLeavesNoAuditEntry() {
    String id = received();
    assertIllegal(() -> service.start(id), id, RequestState.RECEIVED, "start");
    assertThat(world.auditEntries()).hasSize(1);
  }

  @Test
  void requestToStringHidesTheSubject() {
    DataSubjectRequest request = service.get(received());
    assertThat(request.toString())
        .doesNotContain(EMAIL)
        .contains("SubjectRef[email:***]", request.id());
    assertThat(GOOD.toString()).doesNotContain("123456");
  }
}
