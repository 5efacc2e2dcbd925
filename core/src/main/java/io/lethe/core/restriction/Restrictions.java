package io.lethe.core.restriction;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.spi.RestrictionRegistry;
import io.lethe.core.subject.SubjectRef;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Records restrictions of processing, objections and opt-outs, and answers whether one forbids a
 * processing operation: the contract between the DSAR engine, which writes them, and whatever
 * decides processing (the consent layer), which reads them through {@link #blocking}.
 *
 * <p>A subject is given as every identifier the stores link to them; each is stored as a keyed hash
 * under the audit trail's secret, so a later question about any one identifier finds the
 * restriction. Every change is appended to the audit trail ({@link AuditAction#RESTRICTION} or
 * {@link AuditAction#OBJECTION}).
 *
 * <p>What may be undone follows the GDPR: a restriction may be lifted by the controller (Art.
 * 18(3): the subject must be told first); an objection to processing on legitimate interests may be
 * overruled on compelling legitimate grounds (Art. 21(1)); an objection to direct marketing and a
 * CCPA opt-out are absolute and end only when the subject withdraws them.
 */
public final class Restrictions {

  private final RestrictionRegistry registry;
  private final PrivacyPolicy policy;
  private final AuditLog audit;
  private final Clock clock;
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

  private Restrictions(
      RestrictionRegistry registry, PrivacyPolicy policy, AuditLog audit, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates the facade.
   *
   * @param registry where restrictions are kept
   * @param policy the policy whose purposes objections name
   * @param audit the audit trail; its hasher hashes subjects
   * @param clock the clock
   * @return the facade
   */
  public static Restrictions create(
      RestrictionRegistry registry, PrivacyPolicy policy, AuditLog audit, Clock clock) {
    return new Restrictions(registry, policy, audit, clock);
  }

  /**
   * Restricts processing of a subject's data (GDPR Art. 18), or of the records an erasure had to
   * keep.
   *
   * @param identities every identifier of the subject
   * @param categories the categories restricted; empty for all
   * @param exemptPurposes purposes that may go on (Art. 18(2)); must exist in the policy
   * @param reason why, without personal data
   * @param reference the request, or null
   * @param placedBy who records it
   * @param until when it ends by itself, or null
   * @return the restriction
   * @throws RestrictionException if an exempt purpose is not in the policy
   */
  public ProcessingRestriction restrict(
      Set<SubjectRef> identities,
      Set<CategoryKey> categories,
      Set<String> exemptPurposes,
      String reason,
      String reference,
      String placedBy,
      Instant until) {
    exemptPurposes.forEach(this::purpose);
    return place(
        ProcessingRestriction.Kind.RESTRICTION,
        identities,
        categories,
        Set.of(),
        exemptPurposes,
        false,
        reason,
        reference,
        placedBy,
        until);
  }

  /**
   * Records an objection to one purpose (GDPR Art. 21). An objection to a direct-marketing purpose
   * is absolute and covers every direct-marketing purpose.
   *
   * @param identities every identifier of the subject
   * @param purposeKey the purpose objected to
   * @param reference the request, or null
   * @param placedBy who records it
   * @return the objection
   * @throws RestrictionException if the purpose is unknown, or rests on a basis the right to object
   *     does not cover (consent is withdrawn instead; contract and legal obligation cannot be
   *     objected to)
   */
  public ProcessingRestriction object(
      Set<SubjectRef> identities, String purposeKey, String reference, String placedBy) {
    Purpose purpose = purpose(purposeKey);
    boolean objectable =
        purpose.directMarketing()
            || purpose.basis() == LawfulBasis.LEGITIMATE_INTERESTS
            || purpose.basis() == LawfulBasis.PUBLIC_TASK;
    if (!objectable) {
      throw RestrictionException.objectionNotApplicable(
          purposeKey, purpose.basis().article() + " (" + purpose.basis().name() + ")");
    }
    String reason =
        purpose.directMarketing()
            ? "objection to direct marketing (Art. 21(2)-(3)): absolute"
            : "objection to processing on " + purpose.basis().name() + " (Art. 21(1))";
    return place(
        ProcessingRestriction.Kind.OBJECTION,
        identities,
        Set.of(),
        Set.of(purposeKey),
        Set.of(),
        purpose.directMarketing(),
        reason,
        reference,
        placedBy,
        null);
  }

  /**
   * Records a CCPA opt-out of sale and sharing: absolute, blocking every direct-marketing purpose
   * and every disclosure to a recipient the policy marks {@code sale} or {@code sharing} ({@link
   * #blockingDisclosure}).
   *
   * @param identities every identifier of the subject
   * @param reference the request, or null
   * @param placedBy who records it
   * @return the opt-out
   */
  public ProcessingRestriction optOutOfSale(
      Set<SubjectRef> identities, String reference, String placedBy) {
    Set<String> marketing =
        policy.purposes().stream()
            .filter(Purpose::directMarketing)
            .map(Purpose::key)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> soldOrShared =
        policy.recipients().stream().filter(Recipient::soldOrShared).map(Recipient::key).toList();
    return place(
        ProcessingRestriction.Kind.OPT_OUT_OF_SALE,
        identities,
        Set.of(),
        marketing,
        Set.of(),
        true,
        "opt-out of sale and sharing ("
            + ProcessingRestriction.Kind.OPT_OUT_OF_SALE.article()
            + ")"
            + (soldOrShared.isEmpty() ? "" : "; no disclosure to " + soldOrShared),
        reference,
        placedBy,
        null);
  }

  /**
   * Lifts a restriction of processing (Art. 18(3)).
   *
   * @param id the restriction
   * @param by who lifts it
   * @param why why, as told to the subject beforehand
   * @return the lifted restriction
   * @throws RestrictionException if unknown, not a restriction, or no longer active
   */
  public ProcessingRestriction lift(String id, String by, String why) {
    ProcessingRestriction restriction = active(id, "lift");
    if (restriction.kind() != ProcessingRestriction.Kind.RESTRICTION) {
      throw RestrictionException.refused(
          restriction, "lift", "objections are overruled or" + " withdrawn, not lifted");
    }
    return end(restriction, by, "lifted: " + why);
  }

  /**
   * Overrules an objection to processing on legitimate interests or a public task, on compelling
   * legitimate grounds (Art. 21(1)).
   *
   * @param id the objection
   * @param by who decides
   * @param compellingGrounds the grounds, without personal data
   * @return the overruled objection
   * @throws RestrictionException if unknown, not an objection, inactive, or absolute (direct
   *     marketing, opt-out of sale)
   */
  public ProcessingRestriction overrule(String id, String by, String compellingGrounds) {
    ProcessingRestriction objection = active(id, "overrule");
    if (objection.kind() == ProcessingRestriction.Kind.RESTRICTION) {
      throw RestrictionException.refused(
          objection, "overrule", "a restriction is lifted, not" + " overruled");
    }
    if (objection.absolute()) {
      throw RestrictionException.refused(
          objection,
          "overrule",
          "an objection to direct"
              + " marketing or an opt-out of sale is absolute (Art. 21(3)); only the subject can"
              + " withdraw it");
    }
    return end(objection, by, "overruled on compelling legitimate grounds: " + compellingGrounds);
  }

  /**
   * Ends a restriction, objection or opt-out at the subject's own wish.
   *
   * @param id which
   * @param by who records the withdrawal
   * @return the withdrawn entry
   * @throws RestrictionException if unknown or no longer active
   */
  public ProcessingRestriction withdraw(String id, String by) {
    return end(active(id, "withdraw"), by, "withdrawn by the subject");
  }

  /**
   * Every restriction, objection and opt-out in force for a subject.
   *
   * @param identity any of the subject's identifiers
   * @param at the instant
   * @return the active entries, oldest first
   */
  public List<ProcessingRestriction> activeFor(SubjectRef identity, Instant at) {
    return activeFor(Set.of(identity), at);
  }

  /**
   * Every restriction, objection and opt-out in force for any of a subject's identifiers.
   *
   * @param identities the subject's identifiers
   * @param at the instant
   * @return the active entries, oldest first
   */
  public List<ProcessingRestriction> activeFor(Collection<SubjectRef> identities, Instant at) {
    return registry.forSubjects(hashes(identities)).stream().filter(r -> r.activeAt(at)).toList();
  }

  /**
   * Says whether processing a subject's data of a category for a purpose is forbidden, and by what.
   * This is what a processing decision asks.
   *
   * @param identity any of the subject's identifiers
   * @param purposeKey the purpose
   * @param category the category processed
   * @param at the instant
   * @return the first entry that forbids it, or empty if none does
   * @throws RestrictionException if the purpose is not in the policy
   */
  public Optional<ProcessingRestriction> blocking(
      SubjectRef identity, String purposeKey, CategoryKey category, Instant at) {
    Purpose purpose = purpose(purposeKey);
    return activeFor(identity, at).stream()
        .filter(r -> r.blocks(purpose, category, at))
        .findFirst();
  }

  /**
   * Says whether disclosing a subject's data of a category to a recipient is forbidden, and by
   * what: an opt-out of sale and sharing forbids disclosure to every recipient the policy marks
   * {@code sale} or {@code sharing}, and to one serving only direct-marketing purposes; a
   * restriction of processing covering the category forbids disclosure to recipients that serve a
   * purpose it does not exempt ({@link ProcessingRestriction#blocksDisclosure}). This is what a
   * decision to send data to a recipient (a sync to an ad network, a data broker's export) asks;
   * objections, and disclosures for one of several purposes a recipient serves, concern purposes
   * and are answered by {@link #blocking}.
   *
   * @param identity any of the subject's identifiers
   * @param recipientKey the recipient's key in the policy
   * @param category the category disclosed
   * @param at the instant
   * @return the first entry that forbids it, or empty if none does
   * @throws RestrictionException if the recipient is not in the policy
   * @throws NullPointerException if an argument is null
   */
  public Optional<ProcessingRestriction> blockingDisclosure(
      SubjectRef identity, String recipientKey, CategoryKey category, Instant at) {
    Objects.requireNonNull(recipientKey, "recipient");
    Recipient recipient =
        policy.recipients().stream()
            .filter(p -> p.key().equals(recipientKey))
            .findFirst()
            .orElseThrow(() -> RestrictionException.unknownRecipient(policy.id(), recipientKey));
    return activeFor(identity, at).stream()
        .filter(r -> r.blocksDisclosure(recipient, category, at))
        .findFirst();
  }

  private ProcessingRestriction place(
      ProcessingRestriction.Kind kind,
      Set<SubjectRef> identities,
      Set<CategoryKey> categories,
      Set<String> purposes,
      Set<String> exempt,
      boolean absolute,
      String reason,
      String reference,
      String placedBy,
      Instant until) {
    Objects.requireNonNull(identities, "identities");
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("a restriction needs at least one identifier");
    }
    categories.forEach(
        c -> {
          if (!policy.taxonomy().contains(c)) {
            throw new IllegalArgumentException(
                "policy '" + policy.id() + "' has no category '" + c + "'");
          }
        });
    ProcessingRestriction restriction =
        new ProcessingRestriction(
            UUID.randomUUID().toString(),
            kind,
            hashes(identities),
            categories,
            purposes,
            exempt,
            absolute,
            reason,
            reference,
            placedBy,
            clock.instant(),
            until,
            null,
            null);
    registry.save(restriction);
    changed(restriction.subjects());
    audit.append(
        AuditEvent.of(action(kind), placedBy)
            .reference(reference)
            .subject(identities.iterator().next())
            .detail(
                kind
                    + " "
                    + restriction.id()
                    + " placed: "
                    + reason
                    + (categories.isEmpty() ? "" : "; categories " + sorted(categories))
                    + (purposes.isEmpty() ? "" : "; purposes " + sorted(purposes))
                    + (exempt.isEmpty() ? "" : "; exempt " + sorted(exempt))
                    + (until == null ? "" : "; until " + until))
            .build());
    return restriction;
  }

  private ProcessingRestriction end(ProcessingRestriction restriction, String by, String why) {
    Objects.requireNonNull(by, "by");
    ProcessingRestriction ended = restriction.liftedAt(clock.instant(), by + ": " + why);
    registry.save(ended);
    changed(restriction.subjects());
    audit.append(
        AuditEvent.of(action(restriction.kind()), by)
            .reference(restriction.reference())
            .detail(restriction.kind() + " " + restriction.id() + " " + why)
            .build());
    return ended;
  }

  private ProcessingRestriction active(String id, String attempted) {
    ProcessingRestriction restriction =
        registry
            .find(Objects.requireNonNull(id, "id"))
            .orElseThrow(() -> RestrictionException.unknown(id));
    if (!restriction.activeAt(clock.instant())) {
      throw RestrictionException.refused(restriction, attempted, "it is no longer in force");
    }
    return restriction;
  }

  /**
   * Every restriction, objection and opt-out ever recorded for any of the given subject hashes,
   * active or not: for a consent engine that has only the hashes of identifiers linked to each
   * other, and evaluates them at many instants.
   *
   * @param subjectHashes keyed hashes under this instance's hasher
   * @return the entries, oldest first
   */
  public List<ProcessingRestriction> forSubjectHashes(Collection<String> subjectHashes) {
    return registry.forSubjects(subjectHashes);
  }

  /**
   * Asks to be told of every change this instance makes: a restriction, objection or opt-out
   * placed, lifted, overruled or withdrawn. A consent engine drops the decisions it cached for
   * those subjects.
   *
   * @param listener called after each change, on the thread that made it, with the keyed hashes of
   *     the subject's identifiers
   */
  public void onChange(Consumer<Set<String>> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void changed(Set<String> subjectHashes) {
    for (Consumer<Set<String>> listener : listeners) {
      listener.accept(subjectHashes);
    }
  }

  private Purpose purpose(String key) {
    return policy
        .purpose(Objects.requireNonNull(key, "purpose"))
        .orElseThrow(() -> RestrictionException.unknownPurpose(policy.id(), key));
  }

  private Set<String> hashes(Collection<SubjectRef> identities) {
    Set<String> hashes = new LinkedHashSet<>();
    identities.forEach(s -> hashes.add(audit.hasher().hash(s)));
    return hashes;
  }

  private static String sorted(Set<?> values) {
    return values.stream().map(Object::toString).sorted().toList().toString();
  }

  private static AuditAction action(ProcessingRestriction.Kind kind) {
    return kind == ProcessingRestriction.Kind.RESTRICTION
        ? AuditAction.RESTRICTION
        : AuditAction.OBJECTION;
  }
}
