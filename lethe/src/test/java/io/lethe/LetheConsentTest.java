package io.lethe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.consent.ConsentChoice;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.Decision;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.OptOutSignal;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DataSubjectRequest;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.RequestState;
import io.lethe.dsar.RequestType;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consent engine that {@link Lethe} wires in: its history goes into access exports, and an
 * erasure request withdraws every consent and says so on the receipt.
 */
class LetheConsentTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final byte[] SECRET =
      "a-32-byte-secret-kept-elsewhere!".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SubjectRef ADA = SubjectRef.email("ada@example.com");
  private static final SubjectRef ADA_ACCOUNT = SubjectRef.account("acct-ada");
  private static final SubjectRef BOB = SubjectRef.email("bob@example.com");

  /** Ada's browser before she signed up: known only to the consent ledger, linked there. */
  private static final SubjectRef VISITOR = SubjectRef.of(IdentifierType.TRACKING_ID, "v-9f2");

  private final MutableClock clock = MutableClock.at(T0);
  private final DataSource dataSource = TestDatabases.h2("lethe-consent");
  private final InMemoryStore accounts =
      InMemoryStore.builder("accounts")
          .category("user.account")
          .subject("account_id", IdentifierType.ACCOUNT_ID)
          .subject("email", IdentifierType.EMAIL)
          .field("email", "user.contact.email")
          .anchor(Anchor.COLLECTED, "created_at")
          .build();
  private final FailingLedger ledger = new FailingLedger();
  private Lethe lethe;

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop Ltd", "privacy@shop.example")
        .version("2026-01")
        .effective(LocalDate.of(2026, 1, 1))
        .sharesForCrossContextAdvertising(true)
        .purpose(
            Purpose.builder("accounts")
                .name("Run the account")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.account", "user.contact.email")
                .build())
        .purpose(
            Purpose.builder("newsletter")
                .name("Send the newsletter")
                .basis(LawfulBasis.CONSENT)
                .categories("user.contact.email")
                .notice("newsletter")
                .build())
        .purpose(
            Purpose.builder("analytics")
                .name("Measure the site")
                .basis(LawfulBasis.CONSENT)
                .categories("user.behavior.usage")
                .notice("cookies")
                .build())
        .purpose(
            Purpose.builder("ads")
                .name("Show ads that follow you")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .categories("user.behavior.browsing_history")
                .legitimateInterest("funding the shop")
                .objectionRoute("the ads settings page")
                .optOuts(OptOut.SHARING)
                .build())
        .notice(ConsentNotice.of("newsletter", "1", "newsletter"))
        .notice(ConsentNotice.of("cookies", "1", "analytics"))
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact", "user.behavior")
                .maximum("P2Y")
                .build())
        .rights(
            RightsProfile.of(
                Jurisdiction.GDPR,
                DataSubjectRight.of(DataSubjectRight.Family.GDPR).toArray(DataSubjectRight[]::new)))
        .build();
  }

  private Lethe lethe() {
    lethe =
        Lethe.builder(policy())
            .dataSource(dataSource)
            .secret(SECRET)
            .stores(accounts)
            .clock(clock)
            .consentLedger(ledger)
            .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
            .build();
    return lethe;
  }

  @AfterEach
  void close() {
    if (lethe != null) {
      lethe.close();
    }
  }

  /**
   * Ada's account, her browser's newsletter consent and opt-out signal from before she signed up,
   * linked to her account, and her account's analytics consent; Bob's newsletter consent.
   */
  private void adaAndBob(Lethe lethe) {
    accounts.insert(
        RecordKey.of(1L),
        Map.of("account_id", ADA_ACCOUNT.value(), "email", ADA.value(), "created_at", T0));
    accounts.insert(
        RecordKey.of(2L), Map.of("account_id", "acct-bob", "email", BOB.value(), "created_at", T0));
    lethe
        .consent()
        .record(
            ConsentChoice.given(VISITOR, "newsletter")
                .withMethod(ConsentMethod.BANNER)
                .withProof("banner-form-17"));
    clock.advance(Duration.ofMinutes(1));
    lethe.consent().honour(VISITOR, OptOutSignal.GLOBAL_PRIVACY_CONTROL);
    clock.advance(Duration.ofMinutes(1));
    lethe.consent().link(VISITOR, ADA_ACCOUNT);
    clock.advance(Duration.ofMinutes(1));
    lethe.consent().record(ConsentChoice.given(ADA_ACCOUNT, "analytics"));
    lethe.consent().record(ConsentChoice.given(BOB, "newsletter").withProof("bobs-form"));
    clock.advance(Duration.ofMinutes(1));
  }

  private static DataSubjectRequest started(Lethe lethe, RequestType type, SubjectRef subject) {
    DataSubjectRequest request = lethe.requests().receive(type, subject, Jurisdiction.GDPR);
    lethe.requests().verifyIdentity(request.id(), IdentityEvidence.of("signed-in", Map.of()));
    return lethe.requests().start(request.id());
  }

  private static byte[] export(Lethe lethe, ExportFormat format) throws Exception {
    DataSubjectRequest access = started(lethe, RequestType.ACCESS, ADA);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lethe.requests().fulfilAccess(access.id(), out, format);
    return out.toByteArray();
  }

  /** Every text that must not reach Ada's export: the device's id, Bob, and any keyed hash. */
  private List<String> neverExported(Lethe lethe) {
    return List.of(
        VISITOR.value(),
        BOB.value(),
        "bobs-form",
        lethe.audit().hasher().hash(ADA),
        lethe.audit().hasher().hash(ADA_ACCOUNT),
        lethe.audit().hasher().hash(VISITOR),
        lethe.audit().hasher().hash(BOB));
  }

  @Test
  void an_access_export_carries_the_consent_history_of_every_linked_identifier() throws Exception {
    // GIVEN Ada's consents, some given on her browser before she signed up, and Bob's
    Lethe lethe = lethe();
    adaAndBob(lethe);

    // WHEN she asks for her data by email
    String text = new String(export(lethe, ExportFormat.JSON), StandardCharsets.UTF_8);
    JsonNode consent = JSON.readTree(text).at("/sections/consent");

    // THEN her four events are there once each, oldest first, the browser's included, with
    // every field the ledger keeps but the keyed hashes; nothing of Bob or of the browser's id
    assertThat(consent.get("description").asText()).contains("keyed hashes", "GDPR Art. 7(1)");
    JsonNode entries = consent.get("entries");
    assertThat(entries)
        .extracting(e -> e.get("kind").asText())
        .containsExactly("CHOICE", "SIGNAL", "LINK", "CHOICE");
    JsonNode banner = entries.get(0);
    assertThat(banner.get("identifierType").asText()).isEqualTo("tracking_id");
    assertThat(banner.get("purpose").asText()).isEqualTo("newsletter");
    assertThat(banner.get("status").asText()).isEqualTo("ConsentGiven");
    assertThat(banner.get("method").asText()).isEqualTo("BANNER");
    assertThat(banner.get("expressedBy").asText()).isEqualTo("SUBJECT");
    assertThat(banner.get("proof").asText()).isEqualTo("banner-form-17");
    assertThat(banner.get("time").asText()).isEqualTo("2026-06-01T00:00:00Z");
    assertThat(banner.get("acknowledgesSignal").asBoolean()).isFalse();
    assertThat(banner.fieldNames())
        .toIterable()
        .contains(
            "noticeId",
            "noticeVersion",
            "noticeHash",
            "jurisdiction",
            "expires",
            "signal",
            "linkedIdentifierType",
            "id");
    assertThat(entries.get(1).get("signal").asText())
        .isEqualTo(OptOutSignal.GLOBAL_PRIVACY_CONTROL.key());
    assertThat(entries.get(2).get("linkedIdentifierType").asText()).isEqualTo("account_id");
    assertThat(entries.get(3).get("purpose").asText()).isEqualTo("analytics");
    List<String> ids = lethe.consent().history(ADA_ACCOUNT).stream().map(ConsentEvent::id).toList();
    assertThat(entries).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(ids);
    assertThat(text).doesNotContain(neverExported(lethe));
  }

  @Test
  void the_zip_formats_carry_the_consent_history_as_its_own_csv() throws Exception {
    Lethe lethe = lethe();
    adaAndBob(lethe);

    Map<String, String> csvZip = unzip(export(lethe, ExportFormat.CSV_ZIP));
    Map<String, String> zip = unzip(export(lethe, ExportFormat.ZIP));

    for (Map<String, String> archive : List.of(csvZip, zip)) {
      List<String> rows = archive.get("sections/consent.csv").lines().toList();
      assertThat(rows).hasSize(5);
      assertThat(rows.get(0)).startsWith("id,time,kind,identifierType,purpose,");
      assertThat(rows.get(1)).contains(",CHOICE,tracking_id,newsletter,", "banner-form-17");
      assertThat(JSON.readTree(archive.get("context.json")).at("/sections/consent/file").asText())
          .isEqualTo("sections/consent.csv");
      assertThat(String.join("\n", archive.values())).doesNotContain(neverExported(lethe));
    }
    assertThat(JSON.readTree(zip.get("export.json")).at("/sections/consent/entries")).hasSize(4);
  }

  @Test
  void an_erasure_withdraws_every_consent_and_the_receipt_says_what_the_ledger_keeps() {
    // GIVEN Ada's two consents, one given on her browser before she signed up
    Lethe lethe = lethe();
    adaAndBob(lethe);
    assertThat(lethe.consent().decide(VISITOR, "newsletter").permitted()).isTrue();
    assertThat(lethe.consent().decide(ADA_ACCOUNT, "analytics").permitted()).isTrue();

    // WHEN she asks to be erased, by email
    DataSubjectRequest request = started(lethe, RequestType.ERASURE, ADA);
    ErasureReceipt receipt = lethe.requests().fulfilErasure(request.id());

    // THEN both consents are withdrawn, on her browser too, Bob's stands, and the receipt
    // (and the erasure ledger's copy) says the events stay as keyed hashes only
    Decision newsletter = lethe.consent().decide(VISITOR, "newsletter");
    assertThat(newsletter.permitted()).isFalse();
    assertThat(newsletter.reason()).isEqualTo(Decision.Reason.CONSENT_WITHDRAWN);
    assertThat(lethe.consent().decide(ADA_ACCOUNT, "analytics").permitted()).isFalse();
    assertThat(lethe.consent().decide(BOB, "newsletter").permitted()).isTrue();
    assertThat(lethe.consent().history(ADA_ACCOUNT))
        .filteredOn(e -> e.status() != null && e.status().dpvTerm().equals("ConsentWithdrawn"))
        .allSatisfy(
            e -> {
              assertThat(e.method()).isEqualTo(ConsentMethod.REQUEST);
              assertThat(e.proof()).isEqualTo(request.id());
            })
        .hasSize(2);
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    ParticipantErasure line = receipt.participant("consent ledger").orElseThrow();
    assertThat(line.text())
        .isEqualTo(
            "consent ledger: 2 consents withdrawn; 6 events kept as"
                + " keyed hashes only, as proof of consent (GDPR Art. 7(1))");
    assertThat(line.count(ParticipantErasure.Action.DELETED)).isZero();
    assertThat(receipt.toTable()).contains("consent ledger: 2 consents withdrawn");
    assertThat(lethe.retention().receipt(request.id(), ADA).orElseThrow().participants())
        .containsExactly(line);
    assertThat(lethe.requests().get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
    assertThat(lethe.consent().verify().intact()).isTrue();
  }

  @Test
  void an_erasure_whose_withdrawal_fails_is_not_complete_until_a_retry_withdraws() {
    // GIVEN Ada's consents, and a consent ledger that cannot be written
    Lethe lethe = lethe();
    adaAndBob(lethe);
    ledger.failing = true;

    // WHEN her erasure runs, then is retried once the ledger is back
    DataSubjectRequest request = started(lethe, RequestType.ERASURE, ADA);
    ErasureReceipt first = lethe.requests().fulfilErasure(request.id());
    RequestState afterFirst = lethe.requests().get(request.id()).state();
    int accountsAfterFirst = accounts.keys().size();
    boolean permittedMeanwhile = lethe.consent().decide(VISITOR, "newsletter").permitted();
    ledger.failing = false;
    ErasureReceipt retry = lethe.requests().fulfilErasure(request.id());

    // THEN the first receipt is not complete, the stores were left for the retry to find her
    // account again, the request stayed open, and the retry withdrew both consents, erased her
    // account and completed it
    assertThat(first.stores()).isEmpty();
    assertThat(first.complete()).isFalse();
    assertThat(accountsAfterFirst).isEqualTo(2);
    assertThat(retry.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    assertThat(first.participant("consent ledger").orElseThrow().text())
        .isEqualTo("consent ledger: failed: ConsentLedgerException");
    assertThat(afterFirst).isEqualTo(RequestState.IN_PROGRESS);
    assertThat(permittedMeanwhile).isTrue();
    assertThat(retry.complete()).isTrue();
    assertThat(retry.participant("consent ledger").orElseThrow().text())
        .isEqualTo(
            "consent ledger: 2 consents withdrawn; 6 events kept as keyed hashes only, as proof of"
                + " consent (GDPR Art. 7(1))");
    assertThat(lethe.consent().decide(VISITOR, "newsletter").permitted()).isFalse();
    assertThat(lethe.requests().get(request.id()).state()).isEqualTo(RequestState.COMPLETED);
    try (Stream<AuditEntry> entries = lethe.audit().entries()) {
      assertThat(entries.map(e -> String.valueOf(e.detail())))
          .noneMatch(detail -> detail.contains(ADA.value()) || detail.contains(VISITOR.value()));
    }
  }

  @Test
  void a_subject_without_consent_events_gets_a_receipt_that_says_nothing_was_found() {
    Lethe lethe = lethe();
    adaAndBob(lethe);

    DataSubjectRequest request =
        started(lethe, RequestType.ERASURE, SubjectRef.email("carol@example.com"));
    ErasureReceipt receipt = lethe.requests().fulfilErasure(request.id());

    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.participant("consent ledger").orElseThrow().text())
        .isEqualTo("consent ledger: nothing found");
  }

  @Test
  void closing_lethe_stops_the_consent_engine_listening_to_its_ledger() {
    Lethe lethe = lethe();
    assertThat(ledger.listening).isTrue();

    lethe.close();

    assertThat(ledger.listening).isFalse();
  }

  private static Map<String, String> unzip(byte[] bytes) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  /** A ledger in memory that can be made to fail its writes, and tells whether it is heard. */
  private static final class FailingLedger implements ConsentLedger {
    private final InMemoryConsentLedger events = new InMemoryConsentLedger();
    volatile boolean failing;
    volatile boolean listening;

    @Override
    public List<ConsentEvent> append(List<ConsentEvent> unsealed) {
      if (failing) {
        throw new ConsentLedgerException("the consent ledger could not be written", null);
      }
      return events.append(unsealed);
    }

    @Override
    public List<ConsentEvent> events(Collection<String> subjectHashes) {
      return events.events(subjectHashes);
    }

    @Override
    public Optional<ConsentEvent> last() {
      return events.last();
    }

    @Override
    public Stream<ConsentEvent> readAll() {
      return events.readAll();
    }

    @Override
    public AutoCloseable subscribe(Consumer<Set<String>> listener) {
      listening = true;
      return () -> listening = false;
    }
  }
}
