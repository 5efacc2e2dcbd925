package io.lethe.testkit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.consent.ConsentChain;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ConsentEvent.Kind;
import io.lethe.consent.ConsentMethod;
import io.lethe.consent.ConsentStatus;
import io.lethe.consent.ExpressedBy;
import io.lethe.consent.OptOutSignal;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.testkit.store.Requirement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consent ledger contract, as JUnit 5 tests: a {@link ConsentLedger} implementation proves it
 * keeps the hash chain as Lethe's consent engine expects by extending this class and implementing
 * {@link #newLedger()}.
 *
 * <pre>{@code
 * class MyLedgerContractTest extends ConsentLedgerContractTest {
 *   @Override
 *   protected ConsentLedger newLedger() {
 *     return new MyLedger(freshEmptyCollection());
 *   }
 * }
 * }</pre>
 *
 * <p>Every test calls {@code newLedger} once and expects it empty. The events the tests append hold
 * texts up to the lengths {@link io.lethe.consent.JdbcConsentLedger} keeps, which a ledger must
 * keep exactly, character for character: a {@linkplain ConsentEvent#proof() proof} of 2000
 * characters, a purpose and a notice id of 200, ids, hashes, identifier types and notice versions
 * of 100; and instants to the microsecond. Subjects are 64 lower-case hex digits, as keyed hashes
 * are. One test appends from eight threads at once, and expects the ledger to let them take turns.
 */
@ExtendWith(ConsentRequirementReporter.class)
public abstract class ConsentLedgerContractTest {

  /** A time of the tests' events, to the microsecond. */
  private static final Instant T0 = Instant.parse("2026-03-01T09:30:00.123456Z");

  private static final IdentifierType DEVICE = IdentifierType.of("device_id");

  /** Creates the contract's tests; a subclass implements {@link #newLedger()}. */
  protected ConsentLedgerContractTest() {}

  /**
   * Creates a ledger to test: a fresh one, holding no event.
   *
   * @return the ledger
   */
  protected abstract ConsentLedger newLedger();

  // ------------------------------------------------------------------ events of the tests

  /** A stand-in for the keyed hash of an identifier: 64 lower-case hex digits. */
  private static String hash(String identifier) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(identifier.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String ADA = hash("ada");
  private static final String BOB = hash("bob");
  private static final String VISITOR = hash("visitor-7f3a");
  private static final String DEVICE_ID = hash("device-91");

  private static ConsentEvent choice(String subject, String purpose, ConsentStatus status) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        T0,
        Kind.CHOICE,
        subject,
        IdentifierType.ACCOUNT_ID,
        purpose,
        "privacy-notice",
        "4",
        null,
        status,
        ConsentMethod.BANNER,
        ExpressedBy.SUBJECT,
        Jurisdiction.GDPR,
        null,
        null,
        false,
        null,
        null,
        null,
        ConsentEvent.GENESIS,
        "");
  }

  private static ConsentEvent signal(String subject) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        T0,
        Kind.SIGNAL,
        subject,
        IdentifierType.TRACKING_ID,
        null,
        null,
        null,
        null,
        null,
        ConsentMethod.OPT_OUT_SIGNAL,
        ExpressedBy.SUBJECT,
        Jurisdiction.CCPA,
        null,
        null,
        false,
        OptOutSignal.GLOBAL_PRIVACY_CONTROL.key(),
        null,
        null,
        ConsentEvent.GENESIS,
        "");
  }

  private static ConsentEvent link(String subject, String linked) {
    return new ConsentEvent(
        0,
        UUID.randomUUID().toString(),
        T0,
        Kind.LINK,
        subject,
        IdentifierType.TRACKING_ID,
        null,
        null,
        null,
        null,
        null,
        ConsentMethod.API,
        ExpressedBy.SUBJECT,
        null,
        null,
        null,
        false,
        null,
        linked,
        IdentifierType.ACCOUNT_ID,
        ConsentEvent.GENESIS,
        "");
  }

  /** Events as the ledger must return them: sealed in order after {@code previous}. */
  private static List<ConsentEvent> sealed(List<ConsentEvent> events, long after, String previous) {
    List<ConsentEvent> sealed = new ArrayList<>();
    long sequence = after;
    for (ConsentEvent event : events) {
      ConsentEvent next = event.sealedAt(++sequence, previous);
      sealed.add(next);
      previous = next.hash();
    }
    return sealed;
  }

  private static List<ConsentEvent> all(ConsentLedger ledger) {
    try (Stream<ConsentEvent> events = ledger.readAll()) {
      return events.toList();
    }
  }

  // ------------------------------------------------------------------ the contract

  @Test
  @Requirement(
      "append seals the events in the order given, numbering them from 1 without gaps:"
          + " the first links to GENESIS, each hash matches its event's content, and the events"
          + " returned are the given ones sealed with ConsentEvent.sealedAt")
  void append_seals_in_order_from_one_after_genesis() {
    ConsentLedger ledger = newLedger();
    List<ConsentEvent> given =
        List.of(
            choice(ADA, "marketing", ConsentStatus.CONSENT_GIVEN), signal(BOB), link(VISITOR, ADA));

    List<ConsentEvent> stored = ledger.append(given);

    assertThat(stored).containsExactlyElementsOf(sealed(given, 0, ConsentEvent.GENESIS));
    assertThat(stored).extracting(ConsentEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(stored.get(0).previousHash()).isEqualTo(ConsentEvent.GENESIS);
    assertThat(stored)
        .allSatisfy(e -> assertThat(e.isIntact()).as("event %d intact", e.sequence()).isTrue());
  }

  @Test
  @Requirement(
      "each append continues the chain: its first event takes the next sequence"
          + " number and links to the hash of the newest event before it")
  void each_append_links_to_the_newest_event_before_it() {
    ConsentLedger ledger = newLedger();
    ConsentEvent first =
        ledger.append(List.of(choice(ADA, "marketing", ConsentStatus.CONSENT_GIVEN))).get(0);

    List<ConsentEvent> next =
        ledger.append(
            List.of(choice(ADA, "marketing", ConsentStatus.CONSENT_WITHDRAWN), signal(ADA)));
    ConsentEvent third = ledger.append(List.of(link(VISITOR, ADA))).get(0);

    assertThat(next.get(0).sequence()).isEqualTo(2);
    assertThat(next.get(0).previousHash()).isEqualTo(first.hash());
    assertThat(next.get(1).previousHash()).isEqualTo(next.get(0).hash());
    assertThat(third.sequence()).isEqualTo(4);
    assertThat(third.previousHash()).isEqualTo(next.get(1).hash());
    assertThat(ledger.append(List.of())).isEmpty();
    assertThat(ledger.last()).contains(third);
  }

  @Test
  @Requirement(
      "after many appends of one to forty events, ConsentChain.verify finds the whole"
          + " chain intact, every event checked, and ending at the newest event's hash")
  void the_chain_verifies_intact_after_many_appends() {
    ConsentLedger ledger = newLedger();
    int total = 0;
    for (int append = 0; append < 60; append++) {
      List<ConsentEvent> events = new ArrayList<>();
      for (int i = 0; i <= append % 40; i++) {
        events.add(
            i % 7 == 3
                ? link(hash("v" + append), hash("a" + i))
                : choice(hash("s" + i), "p" + append, ConsentStatus.values()[i % 10]));
      }
      ledger.append(events);
      total += events.size();
    }

    AuditVerification result = ConsentChain.verify(ledger, ledger.last().orElseThrow().hash());

    assertThat(result.problem()).isEmpty();
    assertThat(result.intact()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(total);
  }

  @Test
  @Requirement(
      "an append of several events is all or none: readers see all of them, next to"
          + " each other and in order, or none; an append that fails (here: a null among the events)"
          + " leaves the ledger as it was")
  void an_append_of_several_is_all_or_none() throws Exception {
    ConsentLedger ledger = newLedger();
    List<ConsentEvent> before = ledger.append(List.of(signal(BOB)));

    // a failed append leaves nothing behind
    List<ConsentEvent> withNull =
        Arrays.asList(choice(ADA, "marketing", ConsentStatus.CONSENT_GIVEN), null);
    assertThatThrownBy(() -> ledger.append(withNull)).isInstanceOf(RuntimeException.class);
    assertThat(all(ledger)).isEqualTo(before);

    // batches of ten, read while they are appended: the newest event always ends a batch
    ExecutorService writer = Executors.newSingleThreadExecutor();
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      Future<?> appends =
          writer.submit(
              () -> {
                try {
                  for (int batch = 0; batch < 30; batch++) {
                    List<ConsentEvent> ten = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                      ten.add(choice(ADA, "batch-" + batch, ConsentStatus.CONSENT_GIVEN));
                    }
                    ledger.append(ten);
                  }
                } finally {
                  writing.set(false);
                }
              });
      List<Long> seen = new ArrayList<>();
      while (writing.get()) {
        ledger.last().ifPresent(e -> seen.add(e.sequence()));
      }
      appends.get(1, TimeUnit.MINUTES);
      assertThat(seen)
          .as(
              "newest sequence numbers seen while batches of ten were appended"
                  + " after one event")
          .allSatisfy(s -> assertThat((s - 1) % 10).isZero());
    } finally {
      writer.shutdownNow();
    }
    List<ConsentEvent> events = all(ledger);
    assertThat(events).hasSize(301);
    for (int batch = 0; batch < 30; batch++) {
      assertThat(events.subList(1 + batch * 10, 11 + batch * 10))
          .extracting(ConsentEvent::purpose)
          .containsOnly("batch-" + batch);
    }
  }

  @Test
  @Requirement(
      "events(hashes) returns exactly the events that name any of the hashes, as the"
          + " subject or as a link's other identifier, each once, in chain order; nothing for hashes"
          + " no event names, or for no hashes")
  void events_returns_exactly_the_events_naming_any_hash_in_chain_order() {
    ConsentLedger ledger = newLedger();
    List<ConsentEvent> stored =
        ledger.append(
            List.of(
                choice(ADA, "marketing", ConsentStatus.CONSENT_GIVEN), // 1
                choice(BOB, "marketing", ConsentStatus.CONSENT_REFUSED), // 2
                link(VISITOR, ADA), // 3
                choice(ADA, "analytics", ConsentStatus.CONSENT_GIVEN), // 4
                signal(DEVICE_ID), // 5
                link(BOB, VISITOR), // 6
                choice(VISITOR, "analytics", ConsentStatus.CONSENT_WITHDRAWN), // 7
                link(ADA, ADA))); // 8: an identifier linked to itself names it once

    assertThat(ledger.events(List.of(ADA)))
        .extracting(ConsentEvent::sequence)
        .containsExactly(1L, 3L, 4L, 8L);
    assertThat(ledger.events(List.of(VISITOR)))
        .extracting(ConsentEvent::sequence)
        .containsExactly(3L, 6L, 7L);
    assertThat(ledger.events(List.of(BOB, ADA, ADA)))
        .extracting(ConsentEvent::sequence)
        .containsExactly(1L, 2L, 3L, 4L, 6L, 8L);
    assertThat(ledger.events(List.of(DEVICE_ID))).containsExactly(stored.get(4));
    assertThat(ledger.events(List.of(hash("nobody")))).isEmpty();
    assertThat(ledger.events(List.of())).isEmpty();
    assertThat(ledger.events(List.of(VISITOR, ADA, BOB)))
        .containsExactlyElementsOf(
            stored.stream().filter(e -> !e.subject().equals(DEVICE_ID)).toList());
  }

  @Test
  @Requirement(
      "last() is empty for an empty ledger, and otherwise the newest event, as append"
          + " returned it")
  void last_is_the_newest_event() {
    ConsentLedger ledger = newLedger();
    assertThat(ledger.last()).isEmpty();

    ledger.append(List.of(signal(BOB), choice(BOB, "marketing", ConsentStatus.CONSENT_GIVEN)));
    List<ConsentEvent> later = ledger.append(List.of(link(VISITOR, BOB)));

    assertThat(ledger.last()).isEqualTo(Optional.of(later.get(0)));
  }

  @Test
  @Requirement(
      "readAll() streams every event in chain order, as append returned them, and can"
          + " be read again")
  void read_all_streams_every_event_in_order() {
    ConsentLedger ledger = newLedger();
    assertThat(all(ledger)).isEmpty();
    List<ConsentEvent> stored = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      stored.addAll(
          ledger.append(
              List.of(
                  choice(hash("r" + i), "marketing", ConsentStatus.CONSENT_GIVEN),
                  link(hash("v" + i), hash("r" + i)))));
    }

    assertThat(all(ledger)).containsExactlyElementsOf(stored);
    assertThat(all(ledger)).containsExactlyElementsOf(stored);
  }

  @Test
  @Requirement(
      "appends from eight threads at once take turns: every event is kept, once, in one"
          + " unbroken chain, each append's events next to each other and in order")
  void concurrent_appends_make_one_unbroken_chain() throws Exception {
    ConsentLedger ledger = newLedger();
    int threads = 8;
    int appendsEach = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<List<ConsentEvent>>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        String subject = hash("thread-" + t);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<List<ConsentEvent>> appended = new ArrayList<>();
                  for (int a = 0; a < appendsEach; a++) {
                    List<ConsentEvent> events = new ArrayList<>();
                    for (int i = 0; i <= a % 3; i++) {
                      events.add(choice(subject, "p" + a + "-" + i, ConsentStatus.CONSENT_GIVEN));
                    }
                    appended.add(ledger.append(events));
                  }
                  return appended;
                }));
      }
      start.countDown();
      List<ConsentEvent> returned = new ArrayList<>();
      for (Future<List<List<ConsentEvent>>> result : results) {
        for (List<ConsentEvent> append : result.get(2, TimeUnit.MINUTES)) {
          for (int i = 1; i < append.size(); i++) {
            assertThat(append.get(i).sequence())
                .as("an append's events next to each other")
                .isEqualTo(append.get(i - 1).sequence() + 1);
          }
          returned.addAll(append);
        }
      }

      List<ConsentEvent> stored = all(ledger);
      assertThat(stored).hasSize(returned.size()).containsExactlyInAnyOrderElementsOf(returned);
      assertThat(ConsentChain.verify(ledger).intact()).isTrue();
      assertThat(stored).extracting(ConsentEvent::sequence).doesNotHaveDuplicates();
      assertThat(stored.get(stored.size() - 1).sequence()).isEqualTo(returned.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Requirement(
      "every field of every event comes back exactly as appended: each kind, status,"
          + " method, expresser and jurisdiction, absent fields as null, instants to the microsecond,"
          + " both booleans, identifier types of the host's own, and texts character for character"
          + " up to the documented lengths (a proof of 2000 characters), an empty text distinct from"
          + " none")
  void every_field_round_trips_exactly() {
    ConsentLedger ledger = newLedger();
    List<ConsentEvent> given = new ArrayList<>();
    ConsentStatus[] statuses = ConsentStatus.values();
    ConsentMethod[] methods = ConsentMethod.values();
    ExpressedBy[] expressers = ExpressedBy.values();
    Jurisdiction[] jurisdictions = Jurisdiction.values();
    String longProof = "submission::" + "0123456789abcdef".repeat(124) + ":end";
    assertThat(longProof).hasSize(2000);
    String longPurpose = "p".repeat(200);
    for (int i = 0; i < statuses.length; i++) {
      Instant at = T0.plusSeconds(86_400L * i).plusNanos(1_000L * i);
      boolean full = i % 2 == 0;
      given.add(
          new ConsentEvent(
              0,
              "evt-" + i + "-" + "x".repeat(90),
              at,
              Kind.CHOICE,
              hash("subject-" + i),
              i == 4 ? DEVICE : IdentifierType.EMAIL,
              i == 3 ? longPurpose : "purpose_" + i,
              full ? "n".repeat(200) : null,
              full ? "v" + i : (i == 1 ? "" : null),
              full ? hash("notice-" + i) : null,
              statuses[i],
              methods[i % methods.length],
              expressers[i % expressers.length],
              full ? jurisdictions[(i / 2) % jurisdictions.length] : null,
              full ? at.plusSeconds(31_536_000L).plusNanos(999_000L) : null,
              i == 0 ? longProof : (i == 2 ? "form 42 / Bestätigung ✓ " : null),
              i % 3 == 0,
              null,
              null,
              null,
              ConsentEvent.GENESIS,
              ""));
    }
    given.add(signal(DEVICE_ID));
    given.add(
        new ConsentEvent(
            0,
            "link-1",
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Kind.LINK,
            hash("cookie"),
            IdentifierType.TRACKING_ID,
            null,
            null,
            null,
            null,
            null,
            ConsentMethod.IMPORT,
            ExpressedBy.AGENT,
            Jurisdiction.UK_GDPR,
            Instant.parse("2100-01-01T00:00:00Z"),
            "",
            true,
            null,
            hash("account"),
            DEVICE,
            ConsentEvent.GENESIS,
            ""));
    given.add(
        new ConsentEvent(
            0,
            "signal-2",
            T0.plusNanos(1_000),
            Kind.SIGNAL,
            hash("gpc"),
            IdentifierType.TRACKING_ID,
            null,
            null,
            null,
            null,
            null,
            ConsentMethod.SYSTEM,
            ExpressedBy.CONTROLLER,
            null,
            null,
            null,
            true,
            "gpc",
            null,
            null,
            ConsentEvent.GENESIS,
            ""));
    List<ConsentEvent> expected = sealed(given, 0, ConsentEvent.GENESIS);

    assertThat(ledger.append(given)).containsExactlyElementsOf(expected);

    List<ConsentEvent> read = all(ledger);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(read.get(i)).as("event %d as read back", i + 1).isEqualTo(expected.get(i));
      assertThat(read.get(i).isIntact()).as("event %d intact", i + 1).isTrue();
    }
    assertThat(read).hasSize(expected.size());
    assertThat(ledger.events(List.of(hash("account"), hash("subject-2"))))
        .containsExactly(expected.get(2), expected.get(statuses.length + 1));
    assertThat(ledger.last()).contains(expected.get(expected.size() - 1));
  }
}
