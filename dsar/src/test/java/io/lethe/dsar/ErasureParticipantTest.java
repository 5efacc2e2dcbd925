package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.InMemoryRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ErasureParticipant;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.InMemoryErasureLedger;
import io.lethe.retention.RetentionEngine;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Participants outside the stores take part in an erasure, and the receipt tells what they did. */
class ErasureParticipantTest {

  private static final SubjectRef ADA = SubjectRef.email("ada@example.com");

  private final DsarWorld world = new DsarWorld("2026-03-01T09:00:00Z");
  private final PrivacyPolicy policy = DsarWorld.lawful();
  private final InMemoryStore accounts =
      InMemoryStore.builder("accounts")
          .category("user.account")
          .subject("account_id", IdentifierType.ACCOUNT_ID)
          .subject("email", IdentifierType.EMAIL)
          .field("email", "user.contact.email")
          .anchor(Anchor.COLLECTED, "created_at")
          .build();
  private final RetentionEngine engine =
      RetentionEngine.builder(policy)
          .stores(accounts)
          .audit(world.audit)
          .clock(world.clock)
          .erasureLedger(new InMemoryErasureLedger())
          .build();

  /** What each participant call was given. */
  private final List<ErasureParticipant.Erasure> calls = new ArrayList<>();

  private ErasureParticipant participant(
      Function<ErasureParticipant.Erasure, ParticipantErasure> erase) {
    return new ErasureParticipant() {
      @Override
      public String name() {
        return "consent ledger";
      }

      @Override
      public ParticipantErasure erase(Erasure erasure) {
        calls.add(erasure);
        return erase.apply(erasure);
      }
    };
  }

  private static ParticipantErasure withdrew(long consents, long events) {
    return ParticipantErasure.done(
        "consent ledger",
        List.of(
            new ParticipantErasure.Count(
                ParticipantErasure.Action.WITHDRAWN, consents, "consent", null, null),
            new ParticipantErasure.Count(
                ParticipantErasure.Action.KEPT,
                events,
                "event",
                "as keyed hashes only, as proof of consent",
                "GDPR Art. 7(1)")));
  }

  private DsarService service(ErasureParticipant participant) {
    return DsarService.builder(policy)
        .audit(world.audit)
        .clock(world.clock)
        .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
        .restrictions(
            Restrictions.create(
                new InMemoryRestrictionRegistry(), policy, world.audit, world.clock))
        .retention(engine)
        .erasureParticipant(participant)
        .build();
  }

  private static String started(DsarService service) {
    String id = service.receive(RequestType.ERASURE, ADA, Jurisdiction.GDPR).id();
    service.verifyIdentity(id, IdentityEvidence.of("email-link", Map.of()));
    service.start(id);
    return id;
  }

  @Test
  void a_participant_erases_after_the_stores_and_its_line_is_on_the_kept_receipt() {
    // GIVEN Ada's account, and a participant that withdraws two consents
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id",
            "a-1",
            "email",
            ADA.value(),
            "created_at",
            Instant.parse("2025-01-01T00:00:00Z")));
    DsarService service = service(participant(erasure -> withdrew(2, 7)));
    String id = started(service);

    // WHEN her erasure is fulfilled
    ErasureReceipt receipt = service.fulfilErasure(id);

    // THEN the participant got every identifier the stores linked, and the receipt says what it
    // did, here and in the ledger's copy; the request is complete
    assertThat(calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.reference()).isEqualTo(id);
              assertThat(call.identities()).containsExactly(ADA, SubjectRef.account("a-1"));
            });
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    assertThat(receipt.participant("consent ledger").orElseThrow().text())
        .isEqualTo(
            "consent ledger: 2 consents withdrawn; 7 events kept as keyed hashes only, as proof of"
                + " consent (GDPR Art. 7(1))");
    assertThat(engine.receipt(id, ADA)).contains(receipt);
    assertThat(service.get(id).state()).isEqualTo(RequestState.COMPLETED);
    assertThat(service.get(id).history().get(service.get(id).history().size() - 1).note())
        .contains("consent ledger: 2 consents withdrawn");
  }

  @Test
  void a_failing_participant_leaves_the_erasure_incomplete_and_a_retry_finishes_it() {
    // GIVEN Ada's account, and a participant that fails once, with a message naming her
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id",
            "a-1",
            "email",
            ADA.value(),
            "created_at",
            Instant.parse("2025-01-01T00:00:00Z")));
    List<Boolean> fail = new ArrayList<>(List.of(true));
    DsarService service =
        service(
            participant(
                erasure -> {
                  if (fail.get(0)) {
                    throw new IllegalStateException(
                        "cannot reach the ledger for " + erasure.subject());
                  }
                  return withdrew(0, 9);
                }));
    String id = started(service);

    // WHEN the erasure runs, then is retried once the participant works
    ErasureReceipt first = service.fulfilErasure(id);
    RequestState afterFirst = service.get(id).state();
    fail.set(0, false);
    ErasureReceipt retry = service.fulfilErasure(id);

    // THEN the first receipt is not complete, names the failure by type only, the stores were
    // left as they were and the request stays open; the retry, given both identifiers again,
    // completes it
    assertThat(first.complete()).isFalse();
    assertThat(first.stores()).isEmpty();
    assertThat(calls)
        .hasSize(2)
        .allSatisfy(
            call -> assertThat(call.identities()).containsExactly(ADA, SubjectRef.account("a-1")));
    assertThat(retry.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    assertThat(first.failedParticipants())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.failure()).isEqualTo("IllegalStateException");
              assertThat(line.text()).doesNotContain(ADA.value());
            });
    assertThat(afterFirst).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(world.auditEntries())
        .allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContain(ADA.value()));
    assertThat(retry.complete()).isTrue();
    assertThat(retry.participants()).containsExactly(withdrew(0, 9));
    assertThat(service.get(id).state()).isEqualTo(RequestState.COMPLETED);
  }

  @Test
  void a_participant_that_did_its_part_is_not_called_again_when_a_store_is_retried() {
    // GIVEN Ada's account in a store that fails to delete once, and a participant
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id",
            "a-1",
            "email",
            ADA.value(),
            "created_at",
            Instant.parse("2025-01-01T00:00:00Z")));
    List<Boolean> fail = new ArrayList<>(List.of(true));
    PersonalDataStore flaky =
        new ForwardingStore(accounts) {
          @Override
          public int delete(List<RecordKey> keys) {
            if (fail.get(0)) {
              throw new IllegalStateException("store down");
            }
            return super.delete(keys);
          }
        };
    RetentionEngine flakyEngine =
        RetentionEngine.builder(policy)
            .stores(flaky)
            .audit(world.audit)
            .clock(world.clock)
            .erasureLedger(new InMemoryErasureLedger())
            .build();
    DsarService service =
        DsarService.builder(policy)
            .audit(world.audit)
            .clock(world.clock)
            .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
            .restrictions(
                Restrictions.create(
                    new InMemoryRestrictionRegistry(), policy, world.audit, world.clock))
            .retention(flakyEngine)
            .erasureParticipant(participant(erasure -> withdrew(2, 7)))
            .build();
    String id = started(service);

    // WHEN the erasure fails in the store, and is retried once the store is back
    ErasureReceipt first = service.fulfilErasure(id);
    fail.set(0, false);
    ErasureReceipt retry = service.fulfilErasure(id);

    // THEN the participant ran once, and its line stands on both receipts
    assertThat(first.complete()).isFalse();
    assertThat(calls).hasSize(1);
    assertThat(first.participants()).containsExactly(withdrew(2, 7));
    assertThat(retry.participants()).containsExactly(withdrew(2, 7));
    assertThat(retry.complete()).isTrue();
  }

  @Test
  void a_participant_that_answers_nothing_has_failed() {
    DsarService service = service(participant(erasure -> null));
    String id = started(service);

    ErasureReceipt receipt = service.fulfilErasure(id);

    assertThat(receipt.complete()).isFalse();
    assertThat(receipt.failedParticipants())
        .extracting(ParticipantErasure::failure)
        .containsExactly("no line returned");
    assertThat(service.get(id).state()).isEqualTo(RequestState.IN_PROGRESS);
  }
}
