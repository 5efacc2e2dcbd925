package io.lethe.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.consent.Decision.Reason;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.NoticeChange;
import io.lethe.core.policy.NoticeVersion;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.restriction.InMemoryRestrictionRegistry;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.RestrictionException;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-based test of {@link ConsentEngine}: for every seed, a random sequence of steps —
 * consents given, refused, withdrawn, revoked, requested and deferred (to old and current notice
 * versions, under random jurisdictions, some with an expiry of their own, some acknowledging an
 * opt-out signal, some by children with or without a guardian), withdrawals one by one and all at
 * once, time moving forward by minutes to years, Global Privacy Control recorded through {@link
 * ConsentEngine#honour} and through {@link ConsentEngine#decide(SubjectRef, String, Instant,
 * Signals) decide(..., Signals.GPC)}, restrictions, objections and opt-outs of sale placed, lifted,
 * overruled, withdrawn and running out through the {@link Restrictions} given to the engine, and
 * links between devices, emails and accounts. After every step, for every subject and every purpose
 * (and one the policy does not declare), the engine's decision now, asked twice (the second from
 * its cache), and at a probe instant (in the past, in the future, on a notice version's effective
 * date, on a consent's expiry or a restriction's end) equals what an independent oracle computes
 * from the rules of the issue and the {@link ConsentEngine} class description; it never calls
 * {@code Rules} or the engine's internals. Three properties are also asserted on their own: after a
 * withdrawal commits no decision for that purpose permits; a recorded signal is never undone by
 * requests without it; a restriction always wins.
 *
 * <p>No property-testing library: cases come from a {@link SplittableRandom} seeded per case and
 * run as a JUnit 5 parameterized test. A failure prints its seed, the steps that led to it and the
 * command that replays it.
 *
 * <ul>
 *   <li>Default: 50 seeds of 200 steps.
 *   <li>More: {@code -Dlethe.consent.seeds=2000} (and {@code -Dlethe.consent.steps=400}).
 *   <li>Replay one: {@code -Dlethe.consent.seed=<seed>}.
 * </ul>
 */
class ConsentPropertyTest {

  private static final int DEFAULT_SEEDS = 50;
  private static final int STEPS = Integer.getInteger("lethe.consent.steps", 200);
  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
  private static final String UNDECLARED = "profiling";
  private static final SubjectHasher HASHER =
      SubjectHasher.withSecret(
          "consent property test secret, 32 bytes".getBytes(StandardCharsets.UTF_8));

  private static final PrivacyPolicy POLICY = ConsentPolicies.everyBasis();
  private static final ZoneId ZONE = POLICY.timeZone();
  private static final Map<String, Facts> FACTS = facts(POLICY);
  private static final List<String> DECLARED = List.copyOf(FACTS.keySet());
  private static final List<String> ASKED =
      Stream.concat(DECLARED.stream(), Stream.of(UNDECLARED)).toList();

  /** Purposes a consent may be given to: on consent, covered by opt-out signals, or cookies. */
  private static final List<String> CONSENTABLE =
      DECLARED.stream().filter(k -> FACTS.get(k).consentable()).toList();

  private static final List<String> OBJECTABLE =
      DECLARED.stream()
          .filter(
              k ->
                  FACTS.get(k).directMarketing()
                      || FACTS.get(k).basis() == LawfulBasis.LEGITIMATE_INTERESTS
                      || FACTS.get(k).basis() == LawfulBasis.PUBLIC_TASK)
          .toList();
  private static final List<String> RESTRICTED_CATEGORIES =
      List.of(
          "user.contact", "user.contact.email", "user.device", "user.behavior", "user.financial");
  private static final Map<String, List<NoticeVersion>> NOTICES = notices(POLICY);
  private static final List<Instant> EFFECTIVE = effectiveInstants();
  private static final Jurisdiction[] JURISDICTIONS = {
    null, Jurisdiction.GDPR, Jurisdiction.UK_GDPR, Jurisdiction.CCPA, Jurisdiction.GLOBAL
  };

  private static final List<SubjectRef> DEVICES =
      List.of(
          SubjectRef.of(IdentifierType.TRACKING_ID, "d-1"),
          SubjectRef.of(IdentifierType.TRACKING_ID, "d-2"),
          SubjectRef.of(IdentifierType.TRACKING_ID, "d-3"));
  private static final List<SubjectRef> ACCOUNTS =
      List.of(SubjectRef.account("a-1"), SubjectRef.account("a-2"));
  private static final SubjectRef EMAIL = SubjectRef.email("e-1@example.com");
  private static final List<SubjectRef> SUBJECTS =
      Stream.of(DEVICES, ACCOUNTS, List.of(EMAIL)).flatMap(List::stream).toList();
  private static final Map<SubjectRef, String> NAMES = names();

  /** What the oracle knows of a purpose, read from the policy's data. */
  private record Facts(
      String key,
      LawfulBasis basis,
      boolean directMarketing,
      boolean optOuts,
      boolean cookieConsent,
      List<String> categories,
      Period refresh,
      String notice,
      CategoryKey firstCategory) {

    boolean consentable() {
      return basis == LawfulBasis.CONSENT || optOuts || cookieConsent;
    }
  }

  private static Map<String, Facts> facts(PrivacyPolicy policy) {
    Set<String> cookiePurposes = new LinkedHashSet<>();
    for (Cookie cookie : policy.cookies()) {
      if (cookie.cookieClass().requiresConsent() && cookie.purpose() != null) {
        cookiePurposes.add(cookie.purpose());
      }
    }
    Map<String, Facts> facts = new LinkedHashMap<>();
    for (Purpose p : policy.purposes()) {
      facts.put(
          p.key(),
          new Facts(
              p.key(),
              p.basis(),
              p.directMarketing(),
              !p.optOuts().isEmpty(),
              cookiePurposes.contains(p.key()),
              p.categories().stream().map(CategoryKey::value).toList(),
              p.consentRefresh(),
              p.notice(),
              p.categories().get(0)));
    }
    return facts;
  }

  private static Map<String, List<NoticeVersion>> notices(PrivacyPolicy policy) {
    Map<String, List<NoticeVersion>> notices = new LinkedHashMap<>();
    for (ConsentNotice notice : policy.notices()) {
      List<NoticeVersion> versions = new ArrayList<>(notice.previous());
      versions.add(
          new NoticeVersion(notice.version(), notice.effective(), notice.change(), notice.text()));
      notices.put(notice.id(), List.copyOf(versions));
    }
    return notices;
  }

  private static List<Instant> effectiveInstants() {
    List<Instant> instants = new ArrayList<>();
    for (List<NoticeVersion> versions : NOTICES.values()) {
      for (NoticeVersion version : versions) {
        if (version.effective() != null) {
          instants.add(version.effective().atStartOfDay(ZONE).toInstant());
        }
      }
    }
    return List.copyOf(instants);
  }

  private static Map<SubjectRef, String> names() {
    Map<SubjectRef, String> names = new HashMap<>();
    for (SubjectRef subject : SUBJECTS) {
      names.put(subject, subject.value().replace("@example.com", ""));
    }
    return names;
  }

  static LongStream seeds() {
    Long single = Long.getLong("lethe.consent.seed");
    if (single != null) {
      return LongStream.of(single);
    }
    int count = Integer.getInteger("lethe.consent.seeds", DEFAULT_SEEDS);
    SplittableRandom seeds = new SplittableRandom(0xC0_25E7L);
    return LongStream.generate(seeds::nextLong).limit(count);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void every_decision_equals_the_oracles_after_every_step(long seed) {
    Run run = new Run(seed);
    try {
      run.play(STEPS);
    } catch (AssertionError | RuntimeException e) {
      System.err.println(
          "ConsentPropertyTest failed for seed "
              + seed
              + " at step "
              + run.step
              + "; replay with: ./mvnw -B test -pl consent -am -Dtest=ConsentPropertyTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -Dlethe.consent.seed="
              + seed
              + "\nsteps:\n  "
              + String.join("\n  ", run.log));
      throw e;
    }
  }

  // ------------------------------------------------------------------ the oracle's model

  /** One event of the oracle's ledger, in the order the engine must have stored it. */
  private record Ev(
      long seq,
      String id,
      Instant at,
      ConsentEvent.Kind kind,
      SubjectRef subject,
      String purpose,
      ConsentStatus status,
      String version,
      Jurisdiction jurisdiction,
      Instant expires,
      boolean acknowledges,
      SubjectRef linked) {}

  /** One restriction, objection or opt-out of sale, as the oracle keeps it. */
  private static final class Limit {
    final String id;
    final ProcessingRestriction.Kind kind;
    final Set<SubjectRef> subjects;
    final Set<String> categories;
    final String purpose;
    final Set<String> exempt;
    final boolean absolute;
    final Instant since;
    final Instant until;
    Instant ended;

    Limit(
        String id,
        ProcessingRestriction.Kind kind,
        Set<SubjectRef> subjects,
        Set<String> categories,
        String purpose,
        Set<String> exempt,
        boolean absolute,
        Instant since,
        Instant until) {
      this.id = id;
      this.kind = kind;
      this.subjects = subjects;
      this.categories = categories;
      this.purpose = purpose;
      this.exempt = exempt;
      this.absolute = absolute;
      this.since = since;
      this.until = until;
    }

    boolean activeAt(Instant t) {
      return !t.isBefore(since)
          && (until == null || t.isBefore(until))
          && (ended == null || t.isBefore(ended));
    }

    /** Whether it forbids the purpose, for one category or (null) any category it uses. */
    boolean blocks(Facts p, String category, Instant t) {
      if (!activeAt(t)) {
        return false;
      }
      boolean covered = categories.isEmpty();
      for (String used : category == null ? p.categories() : List.of(category)) {
        for (String restricted : categories) {
          covered |=
              used.startsWith(restricted)
                  && (used.length() == restricted.length()
                      || used.charAt(restricted.length()) == '.');
        }
      }
      if (!covered) {
        return false;
      }
      return switch (kind) {
        // Art. 18: every purpose but those exempted
        case RESTRICTION -> !exempt.contains(p.key());
        // Art. 21: the purpose objected to; direct marketing absolutely, every such purpose
        case OBJECTION -> p.key().equals(purpose) || (absolute && p.directMarketing());
        // §1798.120: direct marketing and whatever the policy marks for sale or sharing
        case OPT_OUT_OF_SALE -> p.directMarketing() || p.optOuts();
      };
    }

    @Override
    public String toString() {
      return kind
          + (purpose == null ? "" : " of " + purpose)
          + " on "
          + names(subjects)
          + (categories.isEmpty() ? "" : " categories " + categories)
          + (exempt.isEmpty() ? "" : " exempt " + exempt)
          + " since "
          + since
          + (until == null ? "" : " until " + until)
          + (ended == null ? "" : " ended " + ended);
    }
  }

  /** What the oracle expects of one decision. */
  private record Expect(
      boolean permitted,
      Set<Reason> reasons,
      ConsentStatus recorded,
      Map<Reason, Set<String>> evidence,
      Supplier<String> why) {

    static Expect of(
        boolean permitted,
        Reason reason,
        ConsentStatus recorded,
        String evidence,
        Supplier<String> why) {
      return new Expect(
          permitted,
          Set.of(reason),
          recorded,
          evidence == null ? Map.of() : Map.of(reason, Set.of(evidence)),
          why);
    }
  }

  /**
   * The oracle's view of one subject at one instant: who is linked, the newest choices and signal,
   * and the restrictions naming any of them.
   */
  private record Snapshot(
      Set<SubjectRef> group, Map<String, Ev> choices, Ev signal, List<Limit> limits) {}

  private static String names(Set<SubjectRef> subjects) {
    return subjects.stream().map(NAMES::get).sorted().toList().toString();
  }

  /** The oracle, and the engine it checks, over one seed's steps. */
  private static final class Run {
    final long seed;
    final SplittableRandom random;
    final MovableClock clock = new MovableClock(START);
    final InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    final AuditLog audit = AuditLog.create(new MemoryAuditStorage(), HASHER, clock);
    final Restrictions restrictions =
        Restrictions.create(new InMemoryRestrictionRegistry(), POLICY, audit, clock);
    final ConsentEngine engine =
        ConsentEngine.builder(POLICY)
            .ledger(ledger)
            .audit(audit)
            .restrictions(restrictions)
            .clock(clock)
            .build();
    final List<Ev> events = new ArrayList<>();
    final List<Limit> limits = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    int step;

    Run(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
    }

    void play(int steps) {
      for (step = 1; step <= steps; step++) {
        int roll = random.nextInt(100);
        if (roll < 26) {
          choose();
        } else if (roll < 33) {
          withdraw();
        } else if (roll < 35) {
          withdrawAll();
        } else if (roll < 55) {
          advance();
        } else if (roll < 59) {
          honour();
        } else if (roll < 64) {
          decideWithSignal();
        } else if (roll < 70) {
          link();
        } else if (roll < 75) {
          restrict();
        } else if (roll < 80) {
          object();
        } else if (roll < 82) {
          optOutOfSale();
        } else if (roll < 90) {
          endLimit();
        } else {
          log("probe only");
        }
        checkEverySubject();
      }
      assertThat(ledger.readAll().count())
          .as("seed %d: events in the ledger", seed)
          .isEqualTo(events.size());
      assertThat(engine.verify().intact()).as("seed %d: ledger chain intact", seed).isTrue();
    }

    // ---------------------------------------------------------------- steps

    void choose() {
      SubjectRef subject = any(SUBJECTS);
      int which = random.nextInt(100);
      String purpose = which < 85 ? any(CONSENTABLE) : which < 95 ? any(DECLARED) : UNDECLARED;
      int s = random.nextInt(100);
      ConsentStatus status =
          s < 55
              ? ConsentStatus.CONSENT_GIVEN
              : s < 70
                  ? ConsentStatus.CONSENT_REFUSED
                  : s < 82
                      ? ConsentStatus.CONSENT_WITHDRAWN
                      : s < 88
                          ? ConsentStatus.CONSENT_REVOKED
                          : s < 94
                              ? ConsentStatus.CONSENT_REQUESTED
                              : ConsentStatus.CONSENT_REQUEST_DEFERRED;
      Facts facts = FACTS.get(purpose);
      String version = null;
      int v = random.nextInt(100);
      if (facts != null && facts.notice() != null) {
        List<NoticeVersion> versions = NOTICES.get(facts.notice());
        version = v < 45 ? null : v < 97 ? any(versions).version() : "9";
      } else if (v < 4) {
        version = "1";
      }
      Jurisdiction jurisdiction = JURISDICTIONS[random.nextInt(JURISDICTIONS.length)];
      Instant expires = random.nextInt(100) < 12 ? clock.instant().plus(duration()) : null;
      boolean acknowledges = random.nextInt(100) < (status.validForProcessing() ? 35 : 10);
      Integer age = random.nextInt(100) < 12 ? 10 + random.nextInt(10) : null;
      ExpressedBy by =
          age != null && random.nextBoolean()
              ? ExpressedBy.GUARDIAN
              : random.nextInt(100) < 85 ? ExpressedBy.SUBJECT : any(List.of(ExpressedBy.values()));
      ConsentMethod method =
          any(List.of(ConsentMethod.BANNER, ConsentMethod.API, ConsentMethod.EMAIL_LINK));
      ConsentChoice choice =
          new ConsentChoice(
              status,
              subject,
              purpose,
              version,
              method,
              by,
              jurisdiction,
              expires,
              random.nextBoolean() ? "proof-" + step : null,
              acknowledges,
              age);
      log(
          "record %s %s %s version=%s jurisdiction=%s expires=%s ack=%s age=%s by=%s",
          name(subject), purpose, status, version, jurisdiction, expires, acknowledges, age, by);
      record(choice);
    }

    void record(ConsentChoice choice) {
      String refusal = refusal(choice);
      ConsentEvent stored;
      try {
        stored = engine.record(choice);
      } catch (ConsentException e) {
        if (refusal == null) {
          throw new AssertionError(
              "seed " + seed + ": the engine refused a valid choice: " + e.getMessage(), e);
        }
        return;
      }
      if (refusal != null) {
        throw new AssertionError(
            "seed "
                + seed
                + ": the engine recorded a choice it should"
                + " have refused ("
                + refusal
                + ")");
      }
      Facts facts = FACTS.get(choice.purpose());
      ConsentStatus status = choice.status();
      if (status == ConsentStatus.CONSENT_GIVEN) {
        Ev before = snapshot(choice.subject(), Instant.MAX).choices().get(choice.purpose());
        if (before != null
            && (before.status().validForProcessing()
                || before.status() == ConsentStatus.CONSENT_EXPIRED
                || before.status() == ConsentStatus.CONSENT_INVALIDATED)) {
          status = ConsentStatus.RENEWED_CONSENT_GIVEN;
        }
      }
      String version =
          choice.noticeVersion() != null
              ? choice.noticeVersion()
              : facts.notice() == null ? null : current(facts.notice());
      Ev ev =
          new Ev(
              events.size() + 1,
              stored.id(),
              stored.at(),
              ConsentEvent.Kind.CHOICE,
              choice.subject(),
              choice.purpose(),
              status,
              version,
              choice.jurisdiction(),
              choice.expires(),
              choice.acknowledgesSignal(),
              null);
      expectStored(stored, ev);
      events.add(ev);
    }

    /** Why the engine must refuse to record a choice, or null if it must record it. */
    String refusal(ConsentChoice choice) {
      Facts facts = FACTS.get(choice.purpose());
      if (facts == null) {
        return "undeclared purpose";
      }
      if (choice.status().validForProcessing()) {
        if (!facts.consentable()) {
          return "a consent to a purpose on " + facts.basis();
        }
        Jurisdiction under =
            choice.jurisdiction() == null ? Jurisdiction.GLOBAL : choice.jurisdiction();
        if (choice.subjectAge() != null
            && choice.subjectAge() < consentAge(under)
            && choice.expressedBy() != ExpressedBy.GUARDIAN) {
          return "a child below the age of consent without a guardian";
        }
      }
      if (facts.notice() == null) {
        return choice.noticeVersion() == null ? null : "a version of no notice";
      }
      if (choice.noticeVersion() != null
          && NOTICES.get(facts.notice()).stream()
              .noneMatch(v -> v.version().equals(choice.noticeVersion()))) {
        return "an unknown notice version";
      }
      return null;
    }

    void withdraw() {
      SubjectRef subject = any(SUBJECTS);
      String purpose =
          random.nextInt(100) < 95
              ? (random.nextInt(100) < 85 ? any(CONSENTABLE) : any(DECLARED))
              : UNDECLARED;
      ExpressedBy by = any(List.of(ExpressedBy.values()));
      log("withdraw %s %s by %s", name(subject), purpose, by);
      record(ConsentChoice.withdrawn(subject, purpose).withExpressedBy(by));
      if (!FACTS.containsKey(purpose) || !FACTS.get(purpose).consentable()) {
        return;
      }
      // the withdrawal has committed: nothing linked to the subject may be processed for it
      for (SubjectRef linked : snapshot(subject, Instant.MAX).group()) {
        for (boolean withSignal : new boolean[] {false, true}) {
          Decision decision =
              withSignal
                  ? decideWithSignal(linked, purpose)
                  : engine.decide(linked, purpose, clock.instant());
          if (decision.permitted()) {
            throw new AssertionError(
                "seed "
                    + seed
                    + ": after a withdrawal of "
                    + purpose
                    + " by "
                    + name(subject)
                    + ", "
                    + name(linked)
                    + " is still permitted: "
                    + decision);
          }
        }
      }
    }

    void withdrawAll() {
      SubjectRef subject = any(SUBJECTS);
      log("withdraw all of %s", name(subject));
      Snapshot now = snapshot(subject, Instant.MAX);
      Set<String> expected = new LinkedHashSet<>();
      for (Map.Entry<String, Ev> latest : now.choices().entrySet()) {
        if (latest.getValue().status().validForProcessing()) {
          expected.add(latest.getKey());
        }
      }
      List<ConsentEvent> withdrawn =
          engine.withdrawAll(subject, ConsentMethod.REQUEST, ExpressedBy.CONTROLLER, "req-" + step);
      assertThat(withdrawn)
          .extracting(ConsentEvent::purpose)
          .as("seed %d: purposes withdrawn", seed)
          .containsExactlyInAnyOrderElementsOf(expected);
      for (ConsentEvent stored : withdrawn) {
        Ev latest = now.choices().get(stored.purpose());
        Ev ev =
            new Ev(
                events.size() + 1,
                stored.id(),
                stored.at(),
                ConsentEvent.Kind.CHOICE,
                subject,
                stored.purpose(),
                ConsentStatus.CONSENT_WITHDRAWN,
                latest.version(),
                latest.jurisdiction(),
                null,
                false,
                null);
        expectStored(stored, ev);
        events.add(ev);
      }
    }

    void advance() {
      int r = random.nextInt(100);
      Duration by =
          r < 55
              ? Duration.ofMinutes(1 + random.nextInt(720))
              : r < 83
                  ? Duration.ofDays(1 + random.nextInt(45))
                  : r < 97
                      ? Duration.ofDays(30L * (1 + random.nextInt(13)))
                      : Duration.ofDays(365L * (1 + random.nextInt(2)));
      by = by.plusSeconds(random.nextInt(60)).plusNanos(random.nextInt(3) * 1_000L);
      clock.move(by);
      log("advance %s to %s", by, clock.instant());
    }

    void honour() {
      SubjectRef subject = any(SUBJECTS);
      log("honour gpc from %s", name(subject));
      boolean expectNew = !signalInGroup(subject);
      Optional<ConsentEvent> stored = engine.honour(subject, OptOutSignal.GLOBAL_PRIVACY_CONTROL);
      assertThat(stored.isPresent())
          .as("seed %d: a new signal event for %s", seed, name(subject))
          .isEqualTo(expectNew);
      stored.ifPresent(this::addSignal);
    }

    void decideWithSignal() {
      SubjectRef subject = any(SUBJECTS);
      String purpose = any(ASKED);
      log("decide %s %s with Sec-GPC: 1", name(subject), purpose);
      Instant now = clock.instant();
      Decision decision = decideWithSignal(subject, purpose);
      compare(
          decision,
          expect(snapshot(subject, now), purpose, null, now),
          subject,
          purpose,
          now,
          "with Sec-GPC");
    }

    /**
     * Asks now with {@code Sec-GPC: 1}; the engine records the signal first unless one is recorded
     * for an identifier linked to the subject, and the oracle follows.
     */
    Decision decideWithSignal(SubjectRef subject, String purpose) {
      boolean expectNew = !signalInGroup(subject);
      long before = ledger.last().map(ConsentEvent::sequence).orElse(0L);
      Decision decision = engine.decide(subject, purpose, clock.instant(), Signals.GPC);
      Optional<ConsentEvent> last = ledger.last();
      boolean recorded = last.isPresent() && last.get().sequence() > before;
      assertThat(recorded)
          .as("seed %d: a request with the signal from %s recorded it", seed, name(subject))
          .isEqualTo(expectNew);
      if (recorded) {
        assertThat(last.get().kind())
            .as("seed %d: the event recorded", seed)
            .isEqualTo(ConsentEvent.Kind.SIGNAL);
        addSignal(last.get());
      }
      return decision;
    }

    boolean signalInGroup(SubjectRef subject) {
      Set<SubjectRef> group = snapshot(subject, Instant.MAX).group();
      for (Ev ev : events) {
        if (ev.kind() == ConsentEvent.Kind.SIGNAL && group.contains(ev.subject())) {
          return true;
        }
      }
      return false;
    }

    void addSignal(ConsentEvent stored) {
      SubjectRef subject = bySubjectHash(stored.subject());
      Ev ev =
          new Ev(
              events.size() + 1,
              stored.id(),
              stored.at(),
              ConsentEvent.Kind.SIGNAL,
              subject,
              null,
              null,
              null,
              null,
              null,
              false,
              null);
      expectStored(stored, ev);
      events.add(ev);
    }

    void link() {
      SubjectRef one = random.nextInt(100) < 80 ? any(DEVICES) : EMAIL;
      SubjectRef other = random.nextInt(100) < 95 ? any(ACCOUNTS) : one;
      if (random.nextBoolean()) {
        SubjectRef swap = one;
        one = other;
        other = swap;
      }
      log("link %s to %s", name(one), name(other));
      if (one.equals(other)) {
        try {
          engine.link(one, other);
          throw new AssertionError("seed " + seed + ": an identifier was linked to itself");
        } catch (ConsentException expected) {
          return;
        }
      }
      ConsentEvent stored = engine.link(one, other);
      Ev ev =
          new Ev(
              events.size() + 1,
              stored.id(),
              stored.at(),
              ConsentEvent.Kind.LINK,
              one,
              null,
              null,
              null,
              null,
              null,
              false,
              other);
      expectStored(stored, ev);
      events.add(ev);
    }

    void restrict() {
      Set<SubjectRef> identities = identities();
      Set<String> categories = new LinkedHashSet<>();
      if (random.nextInt(100) < 40) {
        categories.add(any(RESTRICTED_CATEGORIES));
        if (random.nextBoolean()) {
          categories.add(any(RESTRICTED_CATEGORIES));
        }
      }
      Set<String> exempt = random.nextInt(100) < 30 ? Set.of(any(DECLARED)) : Set.of();
      Instant until = random.nextInt(100) < 30 ? clock.instant().plus(duration()) : null;
      log(
          "restrict %s categories=%s exempt=%s until=%s",
          names(identities), categories, exempt, until);
      ProcessingRestriction placed =
          restrictions.restrict(
              identities,
              categories.stream().map(CategoryKey::of).collect(Collectors.toSet()),
              exempt,
              "contested",
              "req-" + step,
              "support",
              until);
      limits.add(
          new Limit(
              placed.id(),
              ProcessingRestriction.Kind.RESTRICTION,
              identities,
              categories,
              null,
              exempt,
              false,
              clock.instant(),
              until));
    }

    void object() {
      Set<SubjectRef> identities = identities();
      boolean objectable = random.nextInt(100) < 95;
      String purpose =
          objectable
              ? any(OBJECTABLE)
              : any(DECLARED.stream().filter(p -> !OBJECTABLE.contains(p)).toList());
      log("object %s to %s", names(identities), purpose);
      ProcessingRestriction placed;
      try {
        placed = restrictions.object(identities, purpose, "req-" + step, "support");
      } catch (RestrictionException e) {
        assertThat(objectable).as("seed %d: objection to %s refused", seed, purpose).isFalse();
        return;
      }
      assertThat(objectable).as("seed %d: objection to %s placed", seed, purpose).isTrue();
      limits.add(
          new Limit(
              placed.id(),
              ProcessingRestriction.Kind.OBJECTION,
              identities,
              Set.of(),
              purpose,
              Set.of(),
              FACTS.get(purpose).directMarketing(),
              clock.instant(),
              null));
    }

    void optOutOfSale() {
      Set<SubjectRef> identities = identities();
      log("opt %s out of sale and sharing", names(identities));
      ProcessingRestriction placed =
          restrictions.optOutOfSale(identities, "req-" + step, "support");
      limits.add(
          new Limit(
              placed.id(),
              ProcessingRestriction.Kind.OPT_OUT_OF_SALE,
              identities,
              Set.of(),
              null,
              Set.of(),
              true,
              clock.instant(),
              null));
    }

    void endLimit() {
      Instant now = clock.instant();
      List<Limit> active = limits.stream().filter(l -> l.activeAt(now)).toList();
      if (active.isEmpty()) {
        log("end a restriction: none is active");
        return;
      }
      Limit limit = any(active);
      boolean byWithdrawal = random.nextInt(100) < 40;
      log("end %s by %s", limit, byWithdrawal ? "withdrawal" : "lift or overrule");
      if (byWithdrawal) {
        restrictions.withdraw(limit.id, "subject");
      } else if (limit.kind == ProcessingRestriction.Kind.RESTRICTION) {
        restrictions.lift(limit.id, "controller", "accuracy verified");
      } else if (!limit.absolute) {
        restrictions.overrule(limit.id, "controller", "compelling grounds");
      } else {
        try {
          restrictions.overrule(limit.id, "controller", "compelling grounds");
          throw new AssertionError(
              "seed " + seed + ": an absolute " + limit.kind + " was overruled");
        } catch (RestrictionException expected) {
          return;
        }
      }
      limit.ended = now;
    }

    /** A subject and, sometimes, identifiers linked to it: what a request names. */
    Set<SubjectRef> identities() {
      SubjectRef subject = any(SUBJECTS);
      Set<SubjectRef> identities = new LinkedHashSet<>();
      identities.add(subject);
      for (SubjectRef linked : snapshot(subject, Instant.MAX).group()) {
        if (random.nextInt(100) < 30) {
          identities.add(linked);
        }
      }
      return identities;
    }

    // ---------------------------------------------------------------- checks

    /**
     * Every subject's decision on every purpose now, asked twice; for two subjects also at a probe
     * instant and for one category (all six every step would double the run's time).
     */
    void checkEverySubject() {
      Instant now = clock.instant();
      Instant probe = probe();
      Set<SubjectRef> probed =
          Set.of(SUBJECTS.get(random.nextInt(3)), SUBJECTS.get(3 + random.nextInt(3)));
      for (SubjectRef subject : SUBJECTS) {
        Snapshot atNow = snapshot(subject, now);
        Snapshot atProbe = probed.contains(subject) ? snapshot(subject, probe) : null;
        for (String purpose : ASKED) {
          Expect expected = expect(atNow, purpose, null, now);
          Decision first = engine.decide(subject, purpose, now);
          compare(first, expected, subject, purpose, now, "now");
          Decision cached = engine.decide(subject, purpose, now, Signals.NONE);
          compare(cached, expected, subject, purpose, now, "now, again");
          if (!cached.equals(first)) {
            throw new AssertionError(
                "seed "
                    + seed
                    + ": asked again, "
                    + name(subject)
                    + "/"
                    + purpose
                    + " changed from "
                    + first
                    + " to "
                    + cached);
          }
          Facts facts = FACTS.get(purpose);
          if (atProbe != null) {
            compare(
                engine.decide(subject, purpose, probe),
                expect(atProbe, purpose, null, probe),
                subject,
                purpose,
                probe,
                "at the probe");
            if (facts != null) {
              compare(
                  engine.decide(subject, purpose, facts.firstCategory(), now, Signals.NONE),
                  expect(atNow, purpose, facts.firstCategory().value(), now),
                  subject,
                  purpose,
                  now,
                  "for a category");
            }
          }
          if (facts != null) {
            checkSignalStays(subject, purpose, facts, atNow, first);
            checkRestrictionWins(subject, purpose, facts, atNow, now, first);
          }
        }
      }
    }

    /** A recorded signal holds for requests without it, unless a later consent overrides it. */
    void checkSignalStays(
        SubjectRef subject, String purpose, Facts facts, Snapshot now, Decision decision) {
      if (facts.optOuts()
          && now.signal() != null
          && decision.permitted()
          && decision.reason() != Reason.CONSENT_OVER_SIGNAL) {
        throw new AssertionError(
            "seed "
                + seed
                + ": "
                + name(subject)
                + " sent an opt-out"
                + " signal, yet "
                + purpose
                + " is permitted without it: "
                + decision);
      }
    }

    /** An active restriction, objection or opt-out of the subject always wins. */
    void checkRestrictionWins(
        SubjectRef subject,
        String purpose,
        Facts facts,
        Snapshot now,
        Instant at,
        Decision decision) {
      for (Limit limit : now.limits()) {
        if (limit.blocks(facts, null, at)
            && (decision.permitted()
                || !Set.of(Reason.RESTRICTION, Reason.OBJECTION, Reason.OPTED_OUT)
                    .contains(decision.reason()))) {
          throw new AssertionError(
              "seed "
                  + seed
                  + ": "
                  + limit
                  + " blocks "
                  + purpose
                  + " for "
                  + name(subject)
                  + ", yet the decision is "
                  + decision);
        }
      }
    }

    void compare(
        Decision actual,
        Expect expected,
        SubjectRef subject,
        String purpose,
        Instant at,
        String when) {
      String problem = null;
      if (actual.permitted() != expected.permitted()) {
        problem = (expected.permitted() ? "permitted" : "denied") + " expected";
      } else if (!expected.reasons().contains(actual.reason())) {
        problem = "reason " + expected.reasons() + " expected";
      } else {
        ConsentStatus status =
            actual.reason() == Reason.NOTICE_CHANGED
                ? ConsentStatus.CONSENT_INVALIDATED
                : actual.reason() == Reason.CONSENT_EXPIRED
                    ? ConsentStatus.CONSENT_EXPIRED
                    : expected.recorded();
        Set<String> evidence = expected.evidence().get(actual.reason());
        if (actual.status() != status) {
          problem = "status " + status + " expected";
        } else if (evidence != null && evidence.stream().noneMatch(actual.evidence()::contains)) {
          problem = "evidence naming one of " + evidence + " expected";
        } else if (!actual.holdsAt(at)) {
          problem = "a decision that holds at " + at + " expected";
        } else if (actual.reason() == Reason.OPT_OUT_SIGNAL
            && actual.signal() != OptOutSignal.GLOBAL_PRIVACY_CONTROL) {
          problem = "the signal named";
        }
      }
      if (problem != null) {
        throw new AssertionError(
            String.format(
                Locale.ROOT,
                "seed %d, step %d: %s/%s at %s (%s):"
                    + " %s (oracle: %s), engine decided %s%nlinked: %s%nevents:%n  %s%nlimits:%n  %s",
                seed,
                step,
                name(subject),
                purpose,
                at,
                when,
                problem,
                expected.why().get(),
                actual,
                names(snapshot(subject, at).group()),
                String.join("\n  ", events.stream().map(this::describe).toList()),
                String.join("\n  ", limits.stream().map(Limit::toString).toList())));
      }
    }

    // ---------------------------------------------------------------- the rules

    /** The subject's linked identifiers, newest choices and newest signal at an instant. */
    Snapshot snapshot(SubjectRef subject, Instant at) {
      Set<SubjectRef> group = new LinkedHashSet<>();
      group.add(subject);
      ArrayDeque<SubjectRef> open = new ArrayDeque<>(group);
      while (!open.isEmpty()) {
        SubjectRef next = open.pop();
        for (Ev ev : events) {
          // a link joins two identifiers from when it was made
          if (ev.kind() == ConsentEvent.Kind.LINK && !ev.at().isAfter(at)) {
            SubjectRef other =
                ev.subject().equals(next)
                    ? ev.linked()
                    : ev.linked().equals(next) ? ev.subject() : null;
            if (other != null && group.add(other)) {
              open.push(other);
            }
          }
        }
      }
      Map<String, Ev> choices = new HashMap<>();
      Ev signal = null;
      for (Ev ev : events) {
        if (!group.contains(ev.subject()) || ev.at().isAfter(at)) {
          continue;
        }
        if (ev.kind() == ConsentEvent.Kind.CHOICE) {
          choices.put(ev.purpose(), ev);
        } else if (ev.kind() == ConsentEvent.Kind.SIGNAL) {
          signal = ev;
        }
      }
      List<Limit> naming = new ArrayList<>();
      for (Limit limit : limits) {
        for (SubjectRef named : limit.subjects) {
          if (group.contains(named)) {
            naming.add(limit);
            break;
          }
        }
      }
      return new Snapshot(group, choices, signal, naming);
    }

    Expect expect(Snapshot s, String purpose, String category, Instant t) {
      Facts p = FACTS.get(purpose);
      if (p == null) {
        return Expect.of(
            false,
            Reason.UNDECLARED_PURPOSE,
            ConsentStatus.CONSENT_UNKNOWN,
            null,
            () -> "not declared");
      }
      Ev choice = s.choices().get(purpose);
      ConsentStatus recorded = choice == null ? ConsentStatus.CONSENT_UNKNOWN : choice.status();
      String choiceId = choice == null ? null : choice.id();

      Map<Reason, Set<String>> blocking = new EnumMap<>(Reason.class);
      for (Limit limit : s.limits()) {
        if (limit.blocks(p, category, t)) {
          Reason reason =
              switch (limit.kind) {
                case RESTRICTION -> Reason.RESTRICTION;
                case OBJECTION -> Reason.OBJECTION;
                case OPT_OUT_OF_SALE -> Reason.OPTED_OUT;
              };
          blocking.computeIfAbsent(reason, r -> new LinkedHashSet<>()).add(limit.id);
        }
      }
      if (!blocking.isEmpty()) {
        return new Expect(
            false, blocking.keySet(), recorded, blocking, () -> "blocked by " + blocking);
      }

      boolean overSignal = false;
      if (p.optOuts()) {
        if (s.signal() != null) {
          // only a later consent, valid, acknowledging the signal wins over it
          boolean overrides =
              choice != null
                  && choice.acknowledges()
                  && choice.status().validForProcessing()
                  && choice.seq() > s.signal().seq();
          if (!overrides) {
            return Expect.of(
                false,
                Reason.OPT_OUT_SIGNAL,
                recorded,
                s.signal().id(),
                () -> "opt-out signal " + s.signal().seq());
          }
          overSignal = true;
        } else if (p.basis() != LawfulBasis.CONSENT
            && choice != null
            && (choice.status() == ConsentStatus.CONSENT_REFUSED
                || choice.status() == ConsentStatus.CONSENT_WITHDRAWN)) {
          // the subject said no to a purpose marked for sale, sharing or targeted advertising:
          // no other basis takes over from the refused or withdrawn consent
          return Expect.of(
              false,
              choice.status() == ConsentStatus.CONSENT_REFUSED
                  ? Reason.CONSENT_REFUSED
                  : Reason.CONSENT_WITHDRAWN,
              recorded,
              choiceId,
              () -> "said no to an opt-out purpose");
        }
      }
      if (p.basis() != LawfulBasis.CONSENT && !overSignal) {
        return Expect.of(true, Reason.LAWFUL_BASIS, recorded, null, () -> "basis " + p.basis());
      }
      if (choice == null) {
        return Expect.of(false, Reason.NO_CONSENT, recorded, null, () -> "no choice");
      }
      Reason denial =
          switch (choice.status()) {
            case CONSENT_GIVEN, RENEWED_CONSENT_GIVEN -> null;
            case CONSENT_REFUSED -> Reason.CONSENT_REFUSED;
            case CONSENT_WITHDRAWN, CONSENT_REVOKED -> Reason.CONSENT_WITHDRAWN;
            case CONSENT_REQUESTED, CONSENT_REQUEST_DEFERRED, CONSENT_UNKNOWN -> Reason.NO_CONSENT;
            case CONSENT_EXPIRED -> Reason.CONSENT_EXPIRED;
            case CONSENT_INVALIDATED -> Reason.CONSENT_INVALIDATED;
          };
      if (denial != null) {
        return Expect.of(false, denial, recorded, choiceId, () -> "choice " + choice.seq());
      }
      boolean stale = stale(p, choice, t);
      Instant expiry = expiry(p, choice);
      boolean expired = expiry != null && !t.isBefore(expiry);
      if (stale || expired) {
        Set<Reason> reasons = new LinkedHashSet<>();
        Map<Reason, Set<String>> evidence = new EnumMap<>(Reason.class);
        if (stale) {
          reasons.add(Reason.NOTICE_CHANGED);
          evidence.put(Reason.NOTICE_CHANGED, Set.of(choiceId));
        }
        if (expired) {
          reasons.add(Reason.CONSENT_EXPIRED);
          evidence.put(Reason.CONSENT_EXPIRED, Set.of(choiceId));
        }
        return new Expect(
            false,
            reasons,
            recorded,
            evidence,
            () ->
                "choice "
                    + choice.seq()
                    + (stale ? ", notice changed" : "")
                    + (expired ? ", expired at " + expiry : ""));
      }
      return Expect.of(
          true,
          overSignal ? Reason.CONSENT_OVER_SIGNAL : Reason.CONSENT_GIVEN,
          recorded,
          choiceId,
          () -> "choice " + choice.seq() + (expiry == null ? "" : ", until " + expiry));
    }

    /** Whether a later version of the notice, in effect at t, changed it materially. */
    static boolean stale(Facts p, Ev choice, Instant t) {
      if (p.notice() == null || choice.version() == null) {
        return false;
      }
      List<NoticeVersion> versions = NOTICES.get(p.notice());
      int given = -1;
      for (int i = 0; i < versions.size(); i++) {
        if (versions.get(i).version().equals(choice.version())) {
          given = i;
        }
      }
      if (given < 0) {
        return true;
      }
      for (NoticeVersion later : versions.subList(given + 1, versions.size())) {
        boolean material = later.change() != NoticeChange.EDITORIAL;
        LocalDate effective = later.effective();
        if (material
            && (effective == null || !t.isBefore(effective.atStartOfDay(ZONE).toInstant()))) {
          return true;
        }
      }
      return false;
    }

    /**
     * When a consent ends: its own expiry or the refresh period after it was given, whichever is
     * first. The period is the purpose's own, else the profile's of the jurisdiction it was given
     * under; one given under none falls under the policy's promise to everyone (GLOBAL), as it does
     * for the age of consent.
     */
    static Instant expiry(Facts p, Ev choice) {
      Period refresh =
          p.refresh() != null
              ? p.refresh()
              : profileRefresh(
                  choice.jurisdiction() == null ? Jurisdiction.GLOBAL : choice.jurisdiction());
      Instant refreshed =
          refresh == null ? null : choice.at().atZone(ZONE).plus(refresh).toInstant();
      if (choice.expires() == null) {
        return refreshed;
      }
      return refreshed == null || choice.expires().isBefore(refreshed)
          ? choice.expires()
          : refreshed;
    }

    static Period profileRefresh(Jurisdiction jurisdiction) {
      for (RightsProfile profile : POLICY.rights()) {
        if (profile.jurisdiction() == jurisdiction) {
          return profile.consentRefresh();
        }
      }
      return null;
    }

    static int consentAge(Jurisdiction jurisdiction) {
      for (RightsProfile profile : POLICY.rights()) {
        if (profile.jurisdiction() == jurisdiction && profile.consentAge() != null) {
          return profile.consentAge();
        }
      }
      return jurisdiction.defaultConsentAge();
    }

    static String current(String notice) {
      List<NoticeVersion> versions = NOTICES.get(notice);
      return versions.get(versions.size() - 1).version();
    }

    // ---------------------------------------------------------------- helpers

    /** An instant to decide at besides now: past, future, or on an edge the rules have. */
    Instant probe() {
      Instant now = clock.instant();
      int r = random.nextInt(100);
      long nudge =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> 1;
            default -> -1_000_000_000L;
          };
      if (r < 20) {
        return now;
      } else if (r < 40) {
        long span = Duration.between(START, now).toMillis();
        return START.plusMillis(span == 0 ? 0 : random.nextLong(span + 1));
      } else if (r < 60) {
        return any(EFFECTIVE).plusNanos(nudge);
      } else if (r < 80) {
        List<Instant> edges = new ArrayList<>();
        for (Ev ev : events) {
          edges.add(ev.at());
          if (ev.kind() == ConsentEvent.Kind.CHOICE && FACTS.containsKey(ev.purpose())) {
            Instant expiry = expiry(FACTS.get(ev.purpose()), ev);
            if (expiry != null) {
              edges.add(expiry);
            }
          }
        }
        for (Limit limit : limits) {
          edges.add(limit.since);
          if (limit.until != null) {
            edges.add(limit.until);
          }
          if (limit.ended != null) {
            edges.add(limit.ended);
          }
        }
        return edges.isEmpty() ? now : any(edges).plusNanos(nudge);
      }
      return now.plus(Duration.ofHours(1 + random.nextInt(3 * 365 * 24)));
    }

    Duration duration() {
      return random.nextBoolean()
          ? Duration.ofHours(1 + random.nextInt(24 * 60))
          : Duration.ofDays(1 + random.nextInt(3 * 365));
    }

    <T> T any(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    void expectStored(ConsentEvent stored, Ev ev) {
      String problem = null;
      if (stored.sequence() != ev.seq()) {
        problem = "sequence " + ev.seq();
      } else if (stored.kind() != ev.kind()) {
        problem = "kind " + ev.kind();
      } else if (!stored.subject().equals(HASHER.hash(ev.subject()))) {
        problem = "subject " + name(ev.subject());
      } else if (ev.kind() == ConsentEvent.Kind.CHOICE
          && (stored.status() != ev.status()
              || !Objects.equals(stored.noticeVersion(), ev.version()))) {
        problem = "status " + ev.status() + " and notice version " + ev.version();
      } else if (!stored.at().equals(clock.instant().truncatedTo(ChronoUnit.MICROS))) {
        problem = "the clock's instant";
      }
      if (problem != null) {
        throw new AssertionError(
            "seed " + seed + ", step " + step + ": stored " + stored + ", expected " + problem);
      }
    }

    SubjectRef bySubjectHash(String hash) {
      for (SubjectRef subject : SUBJECTS) {
        if (HASHER.hash(subject).equals(hash)) {
          return subject;
        }
      }
      throw new AssertionError("seed " + seed + ": unknown subject hash " + hash);
    }

    String describe(Ev ev) {
      return ev.seq()
          + " "
          + ev.at()
          + " "
          + name(ev.subject())
          + " "
          + switch (ev.kind()) {
            case CHOICE ->
                ev.purpose()
                    + " "
                    + ev.status()
                    + " v"
                    + ev.version()
                    + " "
                    + ev.jurisdiction()
                    + (ev.expires() == null ? "" : " expires " + ev.expires())
                    + (ev.acknowledges() ? " acknowledging" : "");
            case SIGNAL -> "gpc";
            case LINK -> "linked to " + name(ev.linked());
          };
    }

    String name(SubjectRef subject) {
      return NAMES.get(subject);
    }

    void log(String format, Object... args) {
      log.add(step + ". " + String.format(Locale.ROOT, format, args));
    }
  }

  /** A clock the test moves by hand. */
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

  /** An audit trail in memory, so that thousands of steps write no files. */
  private static final class MemoryAuditStorage implements AuditStorage {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized Optional<AuditEntry> last() {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public synchronized AuditEntry append(Function<Optional<AuditEntry>, AuditEntry> next) {
      AuditEntry entry = next.apply(last());
      entries.add(entry);
      return entry;
    }

    @Override
    public synchronized Stream<AuditEntry> readAll() {
      return List.copyOf(entries).stream();
    }
  }
}
