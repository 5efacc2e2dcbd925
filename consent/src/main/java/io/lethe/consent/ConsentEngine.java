package io.lethe.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lethe.consent.internal.Rules;
import io.lethe.consent.internal.SubjectView;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent for a policy: records choices, opt-out preference signals and links between a subject's
 * identifiers in a hash-chained {@link ConsentLedger}, and answers, before processing, whether a
 * purpose may go ahead for a subject now.
 *
 * <pre>{@code
 * ConsentEngine consent = ConsentEngine.builder(policy)
 *     .ledger(JdbcConsentLedger.of(dataSource).createTableIfMissing())
 *     .audit(auditLog)                 // its hasher turns identifiers into keyed hashes
 *     .restrictions(restrictions)      // a restriction or objection always wins over consent
 *     .build();
 * consent.record(ConsentChoice.given(subject, "marketing_emails").withMethod(ConsentMethod.BANNER));
 * Decision decision = consent.decide(subject, "marketing_emails", Instant.now(),
 *     Signals.fromHeaders(requestHeaders));
 * }</pre>
 *
 * <h2>How a decision is made</h2>
 *
 * <ol>
 *   <li>A purpose the policy does not declare is denied (purpose limitation, GDPR Art. 5(1)(b)).
 *   <li>A restriction (Art. 18), an objection (Art. 21) or an opt-out of sale that blocks the
 *       purpose denies it, whatever the subject consented to.
 *   <li>For a purpose the policy marks for sale, sharing or targeted advertising, an opt-out
 *       preference signal recorded for the subject or any identifier linked to it, or sent with the
 *       question, denies it (CCPA regulations §7025(c)(1)); only a consent given later that
 *       acknowledges the signal wins over it (§7025(c)(3)). A signal that stops arriving is not
 *       consent (§7025(c)(5)): once recorded, it stays.
 *   <li>A purpose on consent needs the newest choice to be a valid consent ({@code ConsentGiven} or
 *       {@code RenewedConsentGiven}) to a notice version not materially changed since, within its
 *       expiry and the policy's refresh period; otherwise it is denied, saying why and whether to
 *       ask again.
 *   <li>A purpose on another basis (contract, legal obligation, legitimate interests, …) is
 *       permitted, except one that opt-outs cover whose newest choice refuses or withdraws consent:
 *       a no to sale, sharing or targeted advertising is an opt-out, and a refused or withdrawn
 *       consent is not replaced by another basis.
 * </ol>
 *
 * <h2>Caching</h2>
 *
 * <p>Decisions are cached per subject with Caffeine; a cached decision is returned without
 * allocating. Every write this engine makes to the ledger, and every change made through the {@link
 * Restrictions} given to it, drops the cached decisions of the subjects concerned before the write
 * returns: the next decision sees it. Host instances sharing a ledger hear each other's writes
 * where the ledger can tell them ({@link ConsentLedger#hearsOtherInstances()}: a {@link
 * JdbcConsentLedger} on PostgreSQL, through {@code LISTEN/NOTIFY}); elsewhere a decision cached on
 * one instance can miss another instance's write for at most {@link Builder#staleness(Duration)} (5
 * seconds unless set).
 *
 * <p>Instances are safe for use by several threads. {@link #close()} stops listening to the ledger.
 */
public final class ConsentEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsentEngine.class);
  private static final int MAX_LINK_HOPS = 64;

  /** How long a subject's view is cached at most, heard changes or not. */
  private static final Duration VIEW_LIFETIME = Duration.ofMinutes(10);

  private final PrivacyPolicy policy;
  private final ConsentLedger ledger;
  private final AuditLog audit;
  private final SubjectHasher hasher;
  private final Restrictions restrictions;
  private final Clock clock;
  private final String actor;
  private final boolean signalsMatter;

  /** Purposes served by a cookie that needs consent, whatever their basis (ePrivacy Art. 5(3)). */
  private final Set<String> cookieConsentPurposes;

  private final Cache<SubjectRef, SubjectView> cache;

  /**
   * For each subject hash changed lately, the change's number: a cached view read before it is
   * stale. Kept as long as a view lives, so that no view outlives the record of a change it missed.
   */
  private final Cache<String, Long> changedAt;

  /** Numbers changes. */
  private final AtomicLong changes = new AtomicLong();

  /**
   * Counts changes whose marks are all in {@link #changedAt}: a view found fresh when this count
   * was read stays fresh until it moves, so a cached decision is returned without looking the
   * view's hashes up while nothing changes.
   */
  private final AtomicLong settled = new AtomicLong();

  private final AutoCloseable subscription;

  private ConsentEngine(Builder b) {
    this.policy = b.policy;
    this.ledger = Objects.requireNonNull(b.ledger, "a consent engine needs a ledger");
    this.audit = Objects.requireNonNull(b.audit, "a consent engine needs the audit log");
    this.hasher = audit.hasher();
    this.restrictions = b.restrictions;
    this.clock = b.clock;
    this.actor = b.actor;
    this.signalsMatter = policy.purposes().stream().anyMatch(Purpose::honoursOptOutSignals);
    this.cookieConsentPurposes =
        CookieRules.of(policy).needingConsent().stream()
            .map(Cookie::purpose)
            .filter(Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());
    Duration lifetime =
        ledger.hearsOtherInstances()
            ? VIEW_LIFETIME
            : b.staleness.compareTo(VIEW_LIFETIME) < 0 ? b.staleness : VIEW_LIFETIME;
    this.cache =
        Caffeine.newBuilder().maximumSize(b.maximumSubjects).expireAfterWrite(lifetime).build();
    this.changedAt = Caffeine.newBuilder().expireAfterWrite(lifetime.plus(lifetime)).build();
    if (restrictions != null) {
      restrictions.onChange(
          hashes -> {
            changed(hashes);
            ledger.announce(hashes);
          });
    }
    this.subscription =
        ledger.subscribe(
            hashes -> {
              if (hashes.isEmpty()) {
                invalidateAll();
              } else {
                changed(hashes);
              }
            });
  }

  /**
   * Starts an engine for a policy.
   *
   * @param policy the policy whose purposes, notices and refresh periods decide
   * @return a builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /** {@return the policy} */
  public PrivacyPolicy policy() {
    return policy;
  }

  /** {@return the ledger} */
  public ConsentLedger ledger() {
    return ledger;
  }

  // ---------------------------------------------------------------------------------- writing

  /**
   * Records a consent choice. A consent to a purpose the subject had consented to before is
   * recorded as {@link ConsentStatus#RENEWED_CONSENT_GIVEN}. The notice version is the one the
   * choice names, else the purpose's current one, and its content hash is recorded with it.
   *
   * @param choice the choice
   * @return the stored event
   * @throws ConsentException if the policy declares no such purpose; a consent is given to a
   *     purpose that rests neither on consent nor on an opt-out the signal rules cover; the notice
   *     has no such version; or a subject known to be below the age of consent consents without a
   *     guardian (GDPR Art. 8(1))
   * @throws ConsentLedger.ConsentLedgerException if the ledger cannot be written
   */
  public ConsentEvent record(ConsentChoice choice) {
    Objects.requireNonNull(choice, "choice");
    Purpose purpose = declared(choice.purpose());
    ConsentStatus status = choice.status();
    if (status.validForProcessing()) {
      if (purpose.basis() != LawfulBasis.CONSENT
          && !purpose.honoursOptOutSignals()
          && !cookieConsentPurposes.contains(purpose.key())) {
        throw new ConsentException(
            "purpose '"
                + purpose.key()
                + "' rests on "
                + purpose.basis().name().toLowerCase(java.util.Locale.ROOT)
                + " ("
                + purpose.basis().article()
                + "), not on consent, and sets no cookie that needs"
                + " consent: a consent to it would misstate its basis");
      }
      Jurisdiction jurisdiction =
          choice.jurisdiction() == null ? Jurisdiction.GLOBAL : choice.jurisdiction();
      int age = policy.consentAge(jurisdiction);
      if (choice.subjectAge() != null
          && choice.subjectAge() < age
          && choice.expressedBy() != ExpressedBy.GUARDIAN) {
        throw new ConsentException(
            "a subject below the age of consent ("
                + age
                + " under "
                + jurisdiction.name().toLowerCase(java.util.Locale.ROOT)
                + ") needs a holder of"
                + " parental responsibility to consent to purpose '"
                + purpose.key()
                + "' (GDPR Art. 8(1)); record it as expressed by a guardian");
      }
    }
    String noticeId = null;
    String version = null;
    String noticeHash = null;
    if (purpose.notice() != null) {
      ConsentNotice notice =
          policy
              .notice(purpose.notice())
              .orElseThrow(
                  () ->
                      new ConsentException(
                          "purpose '"
                              + purpose.key()
                              + "' names notice '"
                              + purpose.notice()
                              + "', which the policy does not have"));
      noticeId = notice.id();
      version = choice.noticeVersion() == null ? notice.version() : choice.noticeVersion();
      if (notice.version(version).isEmpty()) {
        throw new ConsentException(
            "notice '"
                + notice.id()
                + "' has no version '"
                + version
                + "'; its versions are "
                + notice.versions().stream().map(v -> v.version()).toList());
      }
      noticeHash = notice.contentHash(version);
    } else if (choice.noticeVersion() != null) {
      throw new ConsentException(
          "purpose '"
              + purpose.key()
              + "' has no consent notice, so no"
              + " notice version can be recorded for it");
    }
    String subjectHash = hasher.hash(choice.subject());
    if (status == ConsentStatus.CONSENT_GIVEN) {
      SubjectView view = load(choice.subject(), subjectHash);
      ConsentEvent before = Rules.latestChoice(view.events(), purpose.key(), Instant.MAX);
      if (before != null
          && (before.status().validForProcessing()
              || before.status() == ConsentStatus.CONSENT_EXPIRED
              || before.status() == ConsentStatus.CONSENT_INVALIDATED)) {
        status = ConsentStatus.RENEWED_CONSENT_GIVEN;
      }
    }
    ConsentEvent event =
        new ConsentEvent(
            0,
            UUID.randomUUID().toString(),
            now(),
            ConsentEvent.Kind.CHOICE,
            subjectHash,
            choice.subject().type(),
            purpose.key(),
            noticeId,
            version,
            noticeHash,
            status,
            choice.method(),
            choice.expressedBy(),
            choice.jurisdiction(),
            choice.expires() == null ? null : choice.expires().truncatedTo(ChronoUnit.MICROS),
            choice.proof(),
            choice.acknowledgesSignal(),
            null,
            null,
            null,
            ConsentEvent.GENESIS,
            "");
    return append(
        event,
        choice.subject(),
        "purpose "
            + purpose.key()
            + ": "
            + status.dpvTerm()
            + " ("
            + choice.method().name().toLowerCase(java.util.Locale.ROOT)
            + ", by "
            + choice.expressedBy().name().toLowerCase(java.util.Locale.ROOT)
            + ")");
  }

  /**
   * Withdraws a consent, as easily as it was given (GDPR Art. 7(3)).
   *
   * @param subject the subject
   * @param purposeKey the purpose
   * @param by who withdraws it: the subject, a guardian or an agent
   * @return the stored event
   * @throws ConsentException if the policy declares no such purpose
   */
  public ConsentEvent withdraw(SubjectRef subject, String purposeKey, ExpressedBy by) {
    return record(ConsentChoice.withdrawn(subject, purposeKey).withExpressedBy(by));
  }

  /**
   * Withdraws every consent the subject (or an identifier linked to it) holds that is valid for
   * processing, such as when the subject's data is erased.
   *
   * @param subject the subject
   * @param method how, such as {@link ConsentMethod#REQUEST}
   * @param by who
   * @param reference the request, or null; kept as the events' proof reference
   * @return the withdrawal events, one per purpose
   */
  public List<ConsentEvent> withdrawAll(
      SubjectRef subject, ConsentMethod method, ExpressedBy by, String reference) {
    Objects.requireNonNull(subject, "subject");
    SubjectView view = load(subject, hasher.hash(subject));
    Set<String> purposes = new LinkedHashSet<>();
    for (ConsentEvent event : view.events()) {
      if (event.kind() == ConsentEvent.Kind.CHOICE) {
        purposes.add(event.purpose());
      }
    }
    List<ConsentEvent> withdrawn = new ArrayList<>();
    for (String purpose : purposes) {
      ConsentEvent latest = Rules.latestChoice(view.events(), purpose, Instant.MAX);
      if (latest.status().validForProcessing() && policy.purpose(purpose).isPresent()) {
        withdrawn.add(
            record(
                new ConsentChoice(
                    ConsentStatus.CONSENT_WITHDRAWN,
                    subject,
                    purpose,
                    latest.noticeVersion(),
                    method,
                    by,
                    latest.jurisdiction(),
                    null,
                    reference,
                    false,
                    null)));
      }
    }
    return withdrawn;
  }

  /**
   * Records that an opt-out preference signal came from the subject, unless one is already recorded
   * for them or an identifier linked to them. {@link #decide(SubjectRef, String, Instant, Signals)
   * decide} records it by itself when a signal comes with the question.
   *
   * @param subject the browser's or device's identifier, or the account's
   * @param signal the signal
   * @return the stored event, or empty if one was recorded before
   */
  public Optional<ConsentEvent> honour(SubjectRef subject, OptOutSignal signal) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(signal, "signal");
    String subjectHash = hasher.hash(subject);
    SubjectView view = load(subject, subjectHash);
    for (ConsentEvent event : view.events()) {
      if (event.kind() == ConsentEvent.Kind.SIGNAL && event.signal().equals(signal.key())) {
        return Optional.empty();
      }
    }
    ConsentEvent event =
        new ConsentEvent(
            0,
            UUID.randomUUID().toString(),
            now(),
            ConsentEvent.Kind.SIGNAL,
            subjectHash,
            subject.type(),
            null,
            null,
            null,
            null,
            null,
            ConsentMethod.OPT_OUT_SIGNAL,
            ExpressedBy.SUBJECT,
            null,
            null,
            null,
            false,
            signal.key(),
            null,
            null,
            ConsentEvent.GENESIS,
            "");
    return Optional.of(
        append(
            event,
            subject,
            "opt-out preference signal " + signal.key() + " honoured: " + SignalStatus.HONORED));
  }

  /**
   * Links two identifiers of one subject, such as a visitor's cookie id to the account they signed
   * up for: from now on, choices, signals and restrictions recorded for either apply to both. A
   * decision about an instant before the link goes by the links recorded by then.
   *
   * @param one an identifier, such as the device's
   * @param other another, such as the account's
   * @return the stored event
   */
  public ConsentEvent link(SubjectRef one, SubjectRef other) {
    Objects.requireNonNull(one, "one");
    Objects.requireNonNull(other, "other");
    if (one.equals(other)) {
      throw new ConsentException("an identifier cannot be linked to itself");
    }
    ConsentEvent event =
        new ConsentEvent(
            0,
            UUID.randomUUID().toString(),
            now(),
            ConsentEvent.Kind.LINK,
            hasher.hash(one),
            one.type(),
            null,
            null,
            null,
            null,
            null,
            ConsentMethod.API,
            ExpressedBy.CONTROLLER,
            null,
            null,
            null,
            false,
            null,
            hasher.hash(other),
            other.type(),
            ConsentEvent.GENESIS,
            "");
    Set<String> before = new LinkedHashSet<>(load(one, event.subject()).hashes());
    before.addAll(load(other, event.linked()).hashes());
    ConsentEvent stored =
        append(
            event,
            one,
            "identifiers linked: "
                + one.type().name().toLowerCase(java.util.Locale.ROOT)
                + " to "
                + other.type().name().toLowerCase(java.util.Locale.ROOT));
    changed(before);
    return stored;
  }

  private ConsentEvent append(ConsentEvent event, SubjectRef subject, String detail) {
    SubjectView view = load(subject, event.subject());
    ConsentEvent stored = ledger.append(List.of(event)).get(0);
    Set<String> concerned = new LinkedHashSet<>(view.hashes());
    concerned.add(stored.subject());
    if (stored.linked() != null) {
      concerned.add(stored.linked());
    }
    changed(concerned);
    audit.append(
        AuditEvent.of(AuditAction.CONSENT_CHANGE, actor)
            .subject(subject)
            .reference(stored.id())
            .detail(detail)
            .build());
    return stored;
  }

  // ---------------------------------------------------------------------------------- reading

  /**
   * Decides now, by the engine's clock, for every category the purpose uses, with no signal.
   *
   * @param subject the subject
   * @param purposeKey the purpose
   * @return the decision
   */
  public Decision decide(SubjectRef subject, String purposeKey) {
    return decide(subject, purposeKey, null, clock.instant(), Signals.NONE);
  }

  /**
   * Decides at an instant, for every category the purpose uses, with no signal.
   *
   * @param subject the subject
   * @param purposeKey the purpose
   * @param at the instant
   * @return the decision
   */
  public Decision decide(SubjectRef subject, String purposeKey, Instant at) {
    return decide(subject, purposeKey, null, at, Signals.NONE);
  }

  /**
   * Decides at an instant, for every category the purpose uses, with the signals that came with the
   * request.
   *
   * @param subject the subject
   * @param purposeKey the purpose
   * @param at the instant
   * @param signals the request's opt-out preference signals ({@link Signals#fromHeaders})
   * @return the decision
   */
  public Decision decide(SubjectRef subject, String purposeKey, Instant at, Signals signals) {
    return decide(subject, purposeKey, null, at, signals);
  }

  /**
   * Decides whether data of one category may be processed for a purpose. A signal that came with
   * the request and is not in the ledger yet is recorded first ({@link #honour}), if the policy has
   * a purpose it concerns. A decision cached earlier that still holds is returned as it is, without
   * allocating.
   *
   * @param subject the subject, by any identifier linked to them
   * @param purposeKey the purpose
   * @param category the category processed, or null for every category the purpose uses
   * @param at the instant
   * @param signals the request's opt-out preference signals
   * @return the decision
   * @throws ConsentLedger.ConsentLedgerException if the ledger cannot be read
   */
  public Decision decide(
      SubjectRef subject, String purposeKey, CategoryKey category, Instant at, Signals signals) {
    SubjectView view = fresh(cache.getIfPresent(subject));
    boolean signalNew =
        signalsMatter && !signals.isEmpty() && (view == null || !view.signalRecorded());
    if (view != null && !signalNew) {
      Decision remembered = view.remembered(purposeKey, category, at);
      if (remembered != null) {
        return remembered;
      }
    }
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purposeKey, "purpose");
    Objects.requireNonNull(at, "at");
    if (view == null) {
      view = load(subject, hasher.hash(subject));
    }
    if (signalNew && !view.signalRecorded()) {
      for (OptOutSignal signal : signals.present()) {
        honour(subject, signal);
      }
      view = load(subject, hasher.hash(subject));
    }
    Decision decision = Rules.decide(policy, purposeKey, category, view, at, false);
    view.remember(purposeKey, category, decision);
    return decision;
  }

  /**
   * The subject's consent to a purpose at an instant: the replay of the ledger's events up to it.
   *
   * @param subject the subject
   * @param purposeKey the purpose
   * @param at the instant
   * @return the state
   * @throws ConsentException if the policy declares no such purpose
   */
  public ConsentState stateAt(SubjectRef subject, String purposeKey, Instant at) {
    Purpose purpose = declared(purposeKey);
    SubjectView view = load(subject, hasher.hash(subject));
    ConsentEvent choice = Rules.latestChoice(view.eventsAt(at), purposeKey, at);
    if (choice == null) {
      return new ConsentState(
          purposeKey,
          at,
          ConsentStatus.CONSENT_UNKNOWN,
          ConsentStatus.CONSENT_UNKNOWN,
          Optional.empty(),
          Optional.empty(),
          false);
    }
    ConsentStatus effective = choice.status();
    Instant expiry = null;
    boolean again = false;
    if (effective.validForProcessing()) {
      expiry = Rules.expiry(policy, choice);
      if (Rules.stale(policy, purpose, choice, at)) {
        effective = ConsentStatus.CONSENT_INVALIDATED;
        again = true;
      } else if (expiry != null && !at.isBefore(expiry)) {
        effective = ConsentStatus.CONSENT_EXPIRED;
        again = true;
      }
    }
    return new ConsentState(
        purposeKey,
        at,
        choice.status(),
        effective,
        Optional.of(choice),
        Optional.ofNullable(expiry),
        again);
  }

  /**
   * Every ledger event of the subject and of every identifier linked to it, oldest first: the
   * consent history a controller shows to demonstrate consent (GDPR Art. 7(1)) and an access export
   * includes (Art. 15).
   *
   * @param subject the subject
   * @return the events
   */
  public List<ConsentEvent> history(SubjectRef subject) {
    return load(subject, hasher.hash(Objects.requireNonNull(subject, "subject"))).events();
  }

  /**
   * The opt-out preference signal status to show the subject now.
   *
   * @param subject the subject
   * @return the status
   */
  public SignalStatus signalStatus(SubjectRef subject) {
    return signalStatus(subject, clock.instant());
  }

  /**
   * The opt-out preference signal status at an instant.
   *
   * @param subject the subject
   * @param at the instant
   * @return the status
   */
  public SignalStatus signalStatus(SubjectRef subject, Instant at) {
    SubjectView view = load(subject, hasher.hash(Objects.requireNonNull(subject, "subject")));
    List<ConsentEvent> events = view.eventsAt(at);
    ConsentEvent signal = Rules.latestSignal(events, at);
    if (signal == null) {
      return new SignalStatus(
          false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
    }
    ConsentEvent first =
        events.stream()
            .filter(e -> e.kind() == ConsentEvent.Kind.SIGNAL && !e.at().isAfter(at))
            .findFirst()
            .orElse(signal);
    List<String> optedOut = new ArrayList<>();
    List<String> overridden = new ArrayList<>();
    for (Purpose purpose : policy.purposes()) {
      if (!purpose.honoursOptOutSignals()) {
        continue;
      }
      Decision decision = Rules.decide(policy, purpose.key(), null, view, at, false);
      if (decision.reason() == Decision.Reason.CONSENT_OVER_SIGNAL) {
        overridden.add(purpose.key());
      } else {
        optedOut.add(purpose.key());
      }
    }
    return new SignalStatus(
        true,
        Optional.of(OptOutSignal.ofKey(signal.signal())),
        Optional.of(first.at()),
        Optional.of(first.id()),
        optedOut,
        overridden);
  }

  /**
   * The cookies of the policy that may be set for the subject: strictly necessary ones always; any
   * other only with a consent valid for processing recorded for the purpose it serves (on whatever
   * lawful basis the processing itself rests: storing or reading a cookie needs consent of its own,
   * ePrivacy Directive Art. 5(3)) and when the purpose is permitted.
   *
   * @param subject the subject, such as the visitor's cookie id
   * @param at the instant
   * @param signals the request's opt-out preference signals
   * @return the cookies, in policy order
   */
  public List<Cookie> cookiesAllowed(SubjectRef subject, Instant at, Signals signals) {
    List<Cookie> allowed = new ArrayList<>();
    for (Cookie cookie : policy.cookies()) {
      if (!cookie.cookieClass().requiresConsent()) {
        allowed.add(cookie);
      } else if (cookie.purpose() != null
          && decide(subject, cookie.purpose(), null, at, signals).permitted()
          && stateAt(subject, cookie.purpose(), at).validForProcessing()) {
        allowed.add(cookie);
      }
    }
    return allowed;
  }

  /**
   * Checks the ledger's hash chain.
   *
   * @return the result, naming the first problem found
   */
  public AuditVerification verify() {
    return ConsentChain.verify(ledger);
  }

  /** Drops every cached decision. */
  public void invalidateAll() {
    changes.incrementAndGet();
    cache.invalidateAll();
    settled.incrementAndGet();
  }

  /** Stops listening to the ledger for other instances' changes. */
  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.warn("Stopping the consent ledger subscription failed: {}", e.getClass().getSimpleName());
    }
  }

  // ---------------------------------------------------------------------------------- internals

  private Purpose declared(String key) {
    Objects.requireNonNull(key, "purpose");
    return policy
        .purpose(key)
        .orElseThrow(
            () ->
                new ConsentException(
                    "policy '" + policy.id() + "' declares no purpose '" + key + "'"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Reads the subject's view, from the cache or the ledger, caching what it reads. */
  private SubjectView load(SubjectRef subject, String subjectHash) {
    SubjectView cached = fresh(cache.getIfPresent(subject));
    if (cached != null) {
      return cached;
    }
    long settledBefore = settled.get();
    long before = changes.get();
    Set<String> hashes = new LinkedHashSet<>();
    hashes.add(subjectHash);
    List<ConsentEvent> events = ledger.events(hashes);
    for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
      List<String> more = SubjectView.linkedBeyond(events, hashes);
      if (more.isEmpty()) {
        break;
      }
      hashes.addAll(more);
      events = ledger.events(hashes);
    }
    List<ProcessingRestriction> found =
        restrictions == null ? List.of() : restrictions.forSubjectHashes(hashes);
    SubjectView view = new SubjectView(policy, subjectHash, hashes, events, found, before);
    view.checkedAt(settledBefore);
    cache.put(subject, view);
    return view;
  }

  /**
   * The view if no change to any of its subject's hashes was numbered after it was read, else null:
   * at once if no change settled since the view was last found fresh, else by looking its hashes
   * up. Allocates nothing.
   */
  private SubjectView fresh(SubjectView view) {
    if (view == null) {
      return null;
    }
    long now = settled.get();
    if (view.checkedAt() == now) {
      return view;
    }
    String[] hashes = view.hashArray();
    for (int i = 0; i < hashes.length; i++) {
      Long change = changedAt.getIfPresent(hashes[i]);
      if (change != null && change > view.readAfter()) {
        return null;
      }
    }
    view.checkedAt(now);
    return view;
  }

  /**
   * Marks the views of every subject that names one of the hashes as stale: numbers the change,
   * marks the hashes, then counts it settled, so that a view checked before the marks were all in
   * place is checked again.
   */
  private void changed(Collection<String> hashes) {
    Long change = changes.incrementAndGet();
    for (String hash : hashes) {
      changedAt.put(hash, change);
    }
    settled.incrementAndGet();
  }

  /** Fluent builder for {@link ConsentEngine}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private ConsentLedger ledger;
    private AuditLog audit;
    private Restrictions restrictions;
    private Clock clock = Clock.systemUTC();
    private Duration staleness = Duration.ofSeconds(5);
    private long maximumSubjects = 100_000;
    private String actor = "lethe-consent";

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * Sets where events are kept; required.
     *
     * @param value the ledger
     * @return this builder
     */
    public Builder ledger(ConsentLedger value) {
      this.ledger = Objects.requireNonNull(value, "ledger");
      return this;
    }

    /**
     * Sets the audit trail, which records every consent change and whose hasher turns identifiers
     * into keyed hashes; required.
     *
     * @param value the audit log
     * @return this builder
     */
    public Builder audit(AuditLog value) {
      this.audit = Objects.requireNonNull(value, "audit");
      return this;
    }

    /**
     * Sets the restrictions, objections and opt-outs that win over consent; without them, only the
     * ledger decides.
     *
     * @param value the restrictions, sharing the audit log's secret
     * @return this builder
     */
    public Builder restrictions(Restrictions value) {
      this.restrictions = Objects.requireNonNull(value, "restrictions");
      return this;
    }

    /**
     * Sets the clock that stamps events and answers {@link ConsentEngine#decide(SubjectRef,
     * String)}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how long a cached decision may miss another host instance's write, where the ledger
     * cannot tell (5 seconds unless set). Writes through this engine are seen at once.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder staleness(Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("staleness must be a positive duration");
      }
      this.staleness = value;
      return this;
    }

    /**
     * Sets how many subjects' decisions are cached at most (100,000 unless set).
     *
     * @param value a positive number
     * @return this builder
     */
    public Builder maximumSubjects(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maximumSubjects must be positive");
      }
      this.maximumSubjects = value;
      return this;
    }

    /**
     * Sets who audit entries name as having recorded consent changes.
     *
     * @param value such as the service's name
     * @return this builder
     */
    public Builder actor(String value) {
      this.actor = Objects.requireNonNull(value, "actor");
      return this;
    }

    /**
     * Builds the engine and starts listening to the ledger for other instances' changes.
     *
     * @return the engine
     * @throws NullPointerException if the ledger or audit log is missing
     */
    public ConsentEngine build() {
      return new ConsentEngine(this);
    }
  }
}
