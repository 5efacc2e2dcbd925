package io.lethe.dsar;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.ParticipantErasure;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.restriction.ProcessingRestriction;
import io.lethe.core.restriction.RestrictionException;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.dsar.export.ExportSummary;
import io.lethe.dsar.spi.ErasureParticipant;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.dsar.spi.RequestRepository;
import io.lethe.retention.RetentionEngine;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs data-subject requests through their lifecycle.
 *
 * <p>{@link #receive} computes the due date from the policy's {@link RightsProfile} for the
 * jurisdiction: the stricter of the policy's promise and the law, calendar units in the policy's
 * time zone (GDPR: one month, so a request of 31 January is due on 28 or 29 February). Nothing can
 * start before the host's {@link IdentityVerifier} answers {@code VERIFIED}; a rejection denies the
 * request with {@link DenialReason#IDENTITY_NOT_VERIFIED}. A request may be extended once, before
 * its original due date (GDPR Art. 12(3): the requester must be told within the first month), up to
 * the profile's {@link RightsProfile#extendedDueDate}.
 *
 * <p>Every change is saved to the {@link RequestRepository} and appended to the audit trail as
 * {@link AuditAction#REQUEST_STATE} with the request id as reference; the log hashes the subject. A
 * forbidden change throws {@link IllegalRequestTransitionException} and changes nothing.
 *
 * <p>Methods are synchronized: one service instance serialises its changes. Several instances over
 * one shared repository are not coordinated with each other.
 */
public final class DsarService {

  private final PrivacyPolicy policy;
  private final RequestRepository repository;
  private final AuditLog audit;
  private final Clock clock;
  private final IdentityVerifier verifier;
  private final String actor;
  private final Supplier<String> ids;
  private final Restrictions restrictions;
  private final RetentionEngine retention;
  private final AccessExporter exporter;
  private final List<ErasureParticipant> participants;

  private DsarService(Builder b) {
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.repository = Objects.requireNonNull(b.repository, "repository");
    this.audit = Objects.requireNonNull(b.audit, "audit");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.verifier = Objects.requireNonNull(b.verifier, "identity verifier");
    this.actor = Objects.requireNonNull(b.actor, "actor");
    this.ids = Objects.requireNonNull(b.ids, "ids");
    this.restrictions = b.restrictions;
    this.retention = b.retention;
    this.exporter = b.exporter;
    this.participants = List.copyOf(b.participants);
  }

  /**
   * Starts a builder.
   *
   * @param policy the policy whose rights profiles set the deadlines
   * @return a builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(policy);
  }

  /**
   * Records a new request, due by the stricter of the policy's promise and the law.
   *
   * @param type what is asked for
   * @param subject who asks
   * @param jurisdiction the law the request is made under
   * @return the request, {@link RequestState#RECEIVED}
   * @throws JurisdictionNotCoveredException if the policy has no rights profile for the
   *     jurisdiction, or neither it nor the law sets a deadline
   */
  public synchronized DataSubjectRequest receive(
      RequestType type, SubjectRef subject, Jurisdiction jurisdiction) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    RightsProfile profile = profile(jurisdiction);
    Instant now = clock.instant();
    Instant due =
        profile
            .dueDate(now, policy.timeZone())
            .orElseThrow(
                () -> JurisdictionNotCoveredException.noDeadline(policy.id(), jurisdiction));
    StateChange change =
        new StateChange(
            now,
            null,
            RequestState.RECEIVED,
            actor,
            type + " under " + jurisdiction + ", due " + due);
    DataSubjectRequest request =
        new DataSubjectRequest(
            ids.get(),
            type,
            subject,
            jurisdiction,
            now,
            RequestState.RECEIVED,
            due,
            null,
            null,
            null,
            List.of(change));
    return record(request, change);
  }

  /**
   * Asks the host's verifier whether the requester is the subject. {@code VERIFIED} moves the
   * request to {@link RequestState#IDENTITY_VERIFIED}; {@code REJECTED} denies it with {@link
   * DenialReason#IDENTITY_NOT_VERIFIED}.
   *
   * @param id the request
   * @param evidence what the requester offered; passed to the verifier, never stored
   * @return the request after the check
   * @throws IllegalRequestTransitionException unless the request is {@link RequestState#RECEIVED}
   */
  public synchronized DataSubjectRequest verifyIdentity(String id, IdentityEvidence evidence) {
    DataSubjectRequest request = load(id);
    require(request, RequestState.IDENTITY_VERIFIED, "verify identity");
    IdentityVerifier.Verdict verdict =
        Objects.requireNonNull(
            verifier.verify(request, evidence), "the identity verifier returned no verdict");
    if (verdict == IdentityVerifier.Verdict.VERIFIED) {
      return move(
          request,
          RequestState.IDENTITY_VERIFIED,
          null,
          "identity verified by " + evidence.method());
    }
    return move(
        request,
        RequestState.DENIED,
        DenialReason.IDENTITY_NOT_VERIFIED,
        "identity rejected by " + evidence.method());
  }

  /**
   * Starts work on a verified request.
   *
   * @param id the request
   * @return the request, {@link RequestState#IN_PROGRESS}
   * @throws IllegalRequestTransitionException unless the identity was verified
   */
  public synchronized DataSubjectRequest start(String id) {
    DataSubjectRequest request = load(id);
    require(request, RequestState.IN_PROGRESS, "start");
    return move(request, RequestState.IN_PROGRESS, null, null);
  }

  /**
   * Extends an open request's deadline to the profile's extended due date. Allowed once, and only
   * before the original due date.
   *
   * @param id the request
   * @param reason why, as told to the requester, without personal data (GDPR Art. 12(3): complexity
   *     and number of requests)
   * @return the request with {@link DataSubjectRequest#extendedUntil()} set
   * @throws IllegalRequestTransitionException if the request is final, already extended, past its
   *     original due date, or the policy and law allow no extension
   */
  public synchronized DataSubjectRequest extend(String id, String reason) {
    Objects.requireNonNull(reason, "reason");
    DataSubjectRequest request = load(id);
    Instant now = clock.instant();
    if (request.state().isFinal()) {
      throw IllegalRequestTransitionException.of(
          id, request.state(), "extend", "the request is final");
    }
    if (request.isExtended()) {
      throw IllegalRequestTransitionException.of(
          id,
          request.state(),
          "extend",
          "it was already extended until "
              + request.extendedUntil()
              + "; only one extension is"
              + " allowed");
    }
    if (!now.isBefore(request.dueAt())) {
      throw IllegalRequestTransitionException.of(
          id,
          request.state(),
          "extend",
          "the original due date "
              + request.dueAt()
              + " has passed; the requester must be told"
              + " of an extension within the first period");
    }
    Instant until =
        profile(request.jurisdiction())
            .extendedDueDate(request.receivedAt(), policy.timeZone())
            .orElse(request.dueAt());
    if (!until.isAfter(request.dueAt())) {
      throw IllegalRequestTransitionException.of(
          id,
          request.state(),
          "extend",
          "neither the policy nor the law allows an extension under " + request.jurisdiction());
    }
    StateChange change =
        new StateChange(
            now,
            request.state(),
            request.state(),
            actor,
            "extended until " + until + ": " + reason);
    return record(request.extended(until, reason, change), change);
  }

  /**
   * Extends an open request's deadline for one of the reasons the law names, recorded with its DPV
   * justification; otherwise as {@link #extend(String, String)}.
   *
   * @param id the request
   * @param reason complexity or number of requests
   * @param explanation what the requester is told, without personal data
   * @return the request with {@link DataSubjectRequest#extendedUntil()} set
   * @throws IllegalRequestTransitionException as {@link #extend(String, String)} does
   */
  public DataSubjectRequest extend(String id, ExtensionReason reason, String explanation) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(explanation, "explanation");
    return extend(id, reason.name() + " (" + reason.dpvTerm() + "): " + explanation);
  }

  /**
   * Completes a request in progress.
   *
   * @param id the request
   * @return the request, {@link RequestState#COMPLETED}
   * @throws IllegalRequestTransitionException unless it is {@link RequestState#IN_PROGRESS}
   */
  public synchronized DataSubjectRequest complete(String id) {
    DataSubjectRequest request = load(id);
    require(request, RequestState.COMPLETED, "complete");
    return move(request, RequestState.COMPLETED, null, null);
  }

  /**
   * Denies an open request.
   *
   * @param id the request
   * @param reason why
   * @return the request, {@link RequestState#DENIED}
   * @throws IllegalRequestTransitionException if the request is final
   */
  public synchronized DataSubjectRequest deny(String id, DenialReason reason) {
    Objects.requireNonNull(reason, "reason");
    DataSubjectRequest request = load(id);
    require(request, RequestState.DENIED, "deny");
    return move(request, RequestState.DENIED, reason, "denied: " + reason);
  }

  /**
   * Cancels an open request at the requester's wish.
   *
   * @param id the request
   * @return the request, {@link RequestState#CANCELLED}
   * @throws IllegalRequestTransitionException if the request is final
   */
  public synchronized DataSubjectRequest cancel(String id) {
    DataSubjectRequest request = load(id);
    require(request, RequestState.CANCELLED, "cancel");
    return move(request, RequestState.CANCELLED, null, null);
  }

  /**
   * Fulfils an access, portability or CCPA "know" request: exports the subject's data into {@code
   * out}. Only a request in progress can be fulfilled, which means its identity was verified first:
   * nothing is read from any store before that.
   *
   * @param id the request
   * @param out where the package goes; not closed
   * @param format the package's format
   * @return what was exported
   * @throws IllegalRequestTransitionException if the request is not in progress or not a request
   *     for data
   * @throws java.io.IOException if writing fails
   * @throws IllegalStateException if the service was built without {@link Builder#exporter};
   *     nothing was read
   */
  public ExportSummary fulfilAccess(String id, OutputStream out, ExportFormat format)
      throws java.io.IOException {
    DataSubjectRequest request =
        inProgress(
            id, "export", RequestType.ACCESS, RequestType.PORTABILITY, RequestType.CCPA_KNOW);
    AccessExporter exporter = requireExporter();
    return request.type() == RequestType.PORTABILITY
        ? exporter.portability(request.subject(), out, format)
        : exporter.export(request.subject(), out, format);
  }

  /**
   * Fulfils an erasure or CCPA "delete" request through the retention engine, which deletes or
   * anonymizes what it may and keeps, with its legal ground, what a floor, a hold or a legal
   * obligation protects (see {@link RetentionEngine#erase(SubjectRef, String, Instant)}). Every
   * category kept is then restricted (GDPR Art. 18(1)(c) and 17(3)): blocked for every purpose
   * except those resting on a legal obligation that covers it, until the protection ends.
   *
   * <p>Before the stores are erased, every {@link ErasureParticipant} outside them does its part
   * (the consent ledger, wired by {@code Lethe}, withdraws every consent), given every identifier
   * the stores link to the subject; its line goes on the receipt ({@link
   * ErasureReceipt#participants()}) and into the receipt the erasure ledger keeps. A participant
   * that throws is listed as failed, by its name and the exception's type, and then the stores are
   * left as they are for this attempt: erasing them would lose the identifiers that link the
   * subject's other identifiers, which a retry needs to give the participant again. A participant
   * that did its part in an earlier attempt is not called again.
   *
   * <p>The request is completed only if the receipt is {@linkplain ErasureReceipt#complete()
   * complete} (every store and every participant did its part); otherwise it stays in progress, the
   * failure is in its history and the audit trail, and calling this again retries (what was erased
   * stays erased). The next sweep also retries the failed stores; calling this afterwards completes
   * the request. The receipt returned tells what every attempt for the request did, not only this
   * one ({@link RetentionEngine#receipt(String, SubjectRef)} reads it at any time).
   *
   * @param id the request
   * @return the receipt of every attempt so far; {@link ErasureReceipt#recipientsToNotify()} lists
   *     whom to tell (Art. 19)
   * @throws IllegalRequestTransitionException if the request is not an erasure in progress
   * @throws IllegalStateException if the service was built without {@link Builder#restrictions};
   *     nothing was erased
   * @throws io.lethe.core.store.AmbiguousSubjectException if the subject's identifiers reach more
   *     than one account; nothing was erased and the request stays in progress
   */
  public ErasureReceipt fulfilErasure(String id) {
    DataSubjectRequest request =
        inProgress(id, "erase", RequestType.ERASURE, RequestType.CCPA_DELETE);
    RetentionEngine engine = requireRetention("erase");
    requireRestrictions("restrict what an erasure has to keep");
    Set<SubjectRef> identities = engine.identitiesOf(request.subject());
    Instant at = clock.instant();
    Optional<ErasureReceipt> before =
        participants.isEmpty() ? Optional.empty() : engine.receipt(id, request.subject());
    List<ParticipantErasure> lines =
        participate(new ErasureParticipant.Erasure(id, request.subject(), identities, at), before);
    ErasureReceipt receipt;
    if (lines.stream().anyMatch(l -> l.status() == ParticipantErasure.Status.FAILED)) {
      // the stores stay as they are, so that a retry finds every identifier again
      receipt =
          engine.addParticipants(
              before.orElseGet(
                  () ->
                      new ErasureReceipt(
                          id,
                          policy.id(),
                          at,
                          audit.hasher().hash(request.subject()),
                          identities.size(),
                          List.of(),
                          List.of())),
              lines);
    } else {
      ErasureReceipt erased = engine.erase(request.subject(), id, at);
      if (!erased.retained().isEmpty()) {
        restrictRetained(request, erased, identities, engine);
      }
      receipt = engine.addParticipants(erased, lines);
    }
    String summary =
        "deleted "
            + receipt.deleted()
            + ", anonymized "
            + receipt.anonymized()
            + ", kept "
            + receipt.retainedCount()
            + (receipt.recipientsToNotify().isEmpty()
                ? ""
                : "; notify " + receipt.recipientsToNotify())
            + receipt.participants().stream()
                .map(p -> "; " + p.text())
                .collect(java.util.stream.Collectors.joining());
    synchronized (this) {
      DataSubjectRequest current = load(id);
      if (receipt.complete()) {
        move(current, RequestState.COMPLETED, null, "erased: " + summary);
      } else {
        List<String> failedIn = new ArrayList<>();
        receipt.failed().forEach(s -> failedIn.add(s.store()));
        receipt.failedParticipants().forEach(p -> failedIn.add(p.participant()));
        StateChange change =
            new StateChange(
                clock.instant(),
                current.state(),
                current.state(),
                actor,
                "erasure incomplete, failed in " + failedIn + ": " + summary);
        record(current.moved(change, current.denialReason()), change);
      }
    }
    return receipt;
  }

  /**
   * Lets every participant that has not done its part in an earlier attempt do it; one that throws
   * or answers nothing is listed as failed, by the exception's type only (its message might name
   * the subject).
   */
  private List<ParticipantErasure> participate(
      ErasureParticipant.Erasure erasure, Optional<ErasureReceipt> before) {
    List<ParticipantErasure> lines = new ArrayList<>();
    for (ErasureParticipant participant : participants) {
      String name = participant.name();
      boolean done =
          before
              .flatMap(r -> r.participant(name))
              .filter(line -> line.status() != ParticipantErasure.Status.FAILED)
              .isPresent();
      if (done) {
        continue;
      }
      ParticipantErasure line;
      try {
        line = participant.erase(erasure);
        if (line == null) {
          line = ParticipantErasure.failed(name, "no line returned");
        }
      } catch (RuntimeException e) {
        line = ParticipantErasure.failed(name, e.getClass().getSimpleName());
      }
      lines.add(line);
    }
    return lines;
  }

  /**
   * Restricts what the erasure kept: per store and ground, every category the store's records carry
   * (the kept transaction's wallet field too), until the protection ends.
   */
  private void restrictRetained(
      DataSubjectRequest request,
      ErasureReceipt receipt,
      Set<SubjectRef> identities,
      RetentionEngine engine) {
    Restrictions registry = requireRestrictions("keep records an erasure could not remove");
    List<ProcessingRestriction> placed = registry.activeFor(identities, clock.instant());
    for (StoreErasure store : receipt.stores()) {
      Set<CategoryKey> categories = engine.categoriesOf(store.store());
      for (RetainedRecords kept : store.retained()) {
        boolean already =
            placed.stream()
                .anyMatch(
                    r ->
                        request.id().equals(r.reference())
                            && r.categories().equals(categories)
                            && r.reason().contains(kept.source()));
        if (already) {
          continue;
        }
        Set<String> exempt = new LinkedHashSet<>();
        if (kept.ground() != RetainedRecords.Ground.LEGAL_HOLD) {
          policy.purposesUsing(kept.category()).stream()
              .filter(p -> p.basis() == LawfulBasis.LEGAL_OBLIGATION)
              .map(Purpose::key)
              .forEach(exempt::add);
        }
        registry.restrict(
            identities,
            categories,
            exempt,
            "kept against erasure ("
                + kept.ground().article()
                + ", "
                + kept.source()
                + "): "
                + kept.reason(),
            request.id(),
            actor,
            kept.until());
      }
    }
  }

  /**
   * Fulfils a rectification (GDPR Art. 16; CCPA "correct") request: every record of the subject
   * with a field of a corrected category gets the new value, then the request is completed.
   *
   * @param id the request
   * @param corrections the new value per field category
   * @return per store, how many records were corrected
   * @throws IllegalRequestTransitionException if the request is not a rectification in progress
   * @throws IllegalArgumentException if a category is unknown, held by no store, or null
   */
  public Map<String, Long> fulfilRectification(String id, Map<CategoryKey, Object> corrections) {
    DataSubjectRequest request = inProgress(id, "rectify", RequestType.RECTIFICATION);
    Map<String, Long> corrected =
        requireRetention("rectify").rectify(request.subject(), corrections, id);
    synchronized (this) {
      move(
          load(id),
          RequestState.COMPLETED,
          null,
          "rectified "
              + corrections.keySet().stream().map(CategoryKey::value).sorted().toList()
              + " in "
              + corrected);
    }
    return corrected;
  }

  /**
   * Fulfils a restriction request (GDPR Art. 18): processing of the categories named is blocked
   * (storage goes on) until the restriction is lifted; the request is completed.
   *
   * @param id the request
   * @param categories the categories restricted; empty for all of the subject's data
   * @param reason the Art. 18(1) ground, without personal data
   * @return the restriction
   * @throws IllegalRequestTransitionException if the request is not a restriction in progress
   */
  public ProcessingRestriction fulfilRestriction(
      String id, Set<CategoryKey> categories, String reason) {
    DataSubjectRequest request = inProgress(id, "restrict", RequestType.RESTRICTION);
    ProcessingRestriction placed =
        requireRestrictions("restrict processing")
            .restrict(
                requireRetention("restrict").identitiesOf(request.subject()),
                categories,
                Set.of(),
                reason,
                id,
                actor,
                null);
    complete(id, "restriction " + placed.id() + " in force");
    return placed;
  }

  /**
   * Fulfils an objection (GDPR Art. 21) to one purpose. An objection to direct marketing is
   * absolute. If the right to object does not cover the purpose (consent, contract, legal
   * obligation), the request is denied with {@link DenialReason#LEGAL_EXEMPTION} and the reason.
   *
   * @param id the request
   * @param purposeKey the purpose objected to
   * @return the objection
   * @throws IllegalRequestTransitionException if the request is not an objection in progress
   * @throws IllegalArgumentException if the policy has no such purpose; the request is unchanged
   * @throws RestrictionException if the purpose is not open to objection; the request was denied
   */
  public ProcessingRestriction fulfilObjection(String id, String purposeKey) {
    DataSubjectRequest request = inProgress(id, "object", RequestType.OBJECTION);
    if (policy.purpose(Objects.requireNonNull(purposeKey, "purposeKey")).isEmpty()) {
      throw new IllegalArgumentException(
          "policy '"
              + policy.id()
              + "' has no purpose '"
              + purposeKey
              + "'; the request is unchanged");
    }
    ProcessingRestriction objection;
    try {
      objection =
          requireRestrictions("record objections")
              .object(
                  requireRetention("record objections").identitiesOf(request.subject()),
                  purposeKey,
                  id,
                  actor);
    } catch (RestrictionException e) {
      synchronized (this) {
        move(load(id), RequestState.DENIED, DenialReason.LEGAL_EXEMPTION, e.getMessage());
      }
      throw e;
    }
    complete(
        id,
        "objection "
            + objection.id()
            + " to '"
            + purposeKey
            + "' in force"
            + (objection.absolute() ? " (absolute)" : ""));
    return objection;
  }

  /**
   * Fulfils a CCPA opt-out of sale and sharing: recorded as absolute, blocking every
   * direct-marketing purpose and every disclosure to a recipient the policy marks {@code sale} or
   * {@code sharing} ({@link Restrictions#blockingDisclosure}); the request is completed.
   *
   * @param id the request
   * @return the opt-out
   * @throws IllegalRequestTransitionException if the request is not an opt-out in progress
   */
  public ProcessingRestriction fulfilOptOut(String id) {
    DataSubjectRequest request = inProgress(id, "opt out", RequestType.CCPA_OPT_OUT);
    ProcessingRestriction optOut =
        requireRestrictions("record opt-outs")
            .optOutOfSale(
                requireRetention("record opt-outs").identitiesOf(request.subject()), id, actor);
    complete(id, "opt-out " + optOut.id() + " in force");
    return optOut;
  }

  private synchronized void complete(String id, String note) {
    move(load(id), RequestState.COMPLETED, null, note);
  }

  private RetentionEngine requireRetention(String what) {
    if (retention == null) {
      throw new IllegalStateException(
          "this DsarService has no RetentionEngine to "
              + what
              + " with; build it with .retention(RetentionEngine.builder(...).build())");
    }
    return retention;
  }

  private AccessExporter requireExporter() {
    if (exporter == null) {
      throw new IllegalStateException(
          "this DsarService has no AccessExporter to export with;"
              + " build it with .exporter(AccessExporter.builder(policy)...build())");
    }
    return exporter;
  }

  private Restrictions requireRestrictions(String what) {
    if (restrictions == null) {
      throw new IllegalStateException(
          "this DsarService has no Restrictions to "
              + what
              + "; build it with .restrictions(Restrictions.create(...))");
    }
    return restrictions;
  }

  /** Loads a request that must be in progress and of one of the given types. */
  private DataSubjectRequest inProgress(String id, String attempted, RequestType... types) {
    DataSubjectRequest request;
    synchronized (this) {
      request = load(id);
    }
    if (!List.of(types).contains(request.type())) {
      throw IllegalRequestTransitionException.of(
          id,
          request.state(),
          attempted,
          "a " + request.type() + " request is not a request to " + attempted);
    }
    if (request.state() != RequestState.IN_PROGRESS) {
      throw IllegalRequestTransitionException.of(
          id,
          request.state(),
          attempted,
          "requests are fulfilled only in progress, after identity verification");
    }
    return request;
  }

  /**
   * Reads a request.
   *
   * @param id the request
   * @return the request
   * @throws RequestNotFoundException if unknown
   */
  public DataSubjectRequest get(String id) {
    return load(id);
  }

  private RightsProfile profile(Jurisdiction jurisdiction) {
    return policy
        .rightsUnder(jurisdiction)
        .orElseThrow(() -> JurisdictionNotCoveredException.notInPolicy(policy.id(), jurisdiction));
  }

  private DataSubjectRequest load(String id) {
    Objects.requireNonNull(id, "id");
    return repository.find(id).orElseThrow(() -> new RequestNotFoundException(id));
  }

  private static void require(DataSubjectRequest request, RequestState target, String attempted) {
    if (!request.state().canMoveTo(target)) {
      String why =
          request.state().isFinal()
              ? "the request is final"
              : "from " + request.state() + " it may only move to " + request.state().next();
      throw IllegalRequestTransitionException.of(request.id(), request.state(), attempted, why);
    }
  }

  private DataSubjectRequest move(
      DataSubjectRequest request, RequestState target, DenialReason denial, String note) {
    StateChange change = new StateChange(clock.instant(), request.state(), target, actor, note);
    return record(request.moved(change, denial), change);
  }

  private DataSubjectRequest record(DataSubjectRequest request, StateChange change) {
    repository.save(request);
    audit.append(
        AuditEvent.of(AuditAction.REQUEST_STATE, change.actor())
            .reference(request.id())
            .subject(request.subject())
            .detail(
                request.type()
                    + " "
                    + request.jurisdiction()
                    + " "
                    + (change.from() == null ? "" : change.from() + " -> ")
                    + change.to()
                    + (change.note() == null ? "" : "; " + change.note()))
            .build());
    return request;
  }

  /** Fluent builder for {@link DsarService}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private RequestRepository repository = new InMemoryRequestRepository();
    private AuditLog audit;
    private Clock clock = Clock.systemUTC();
    private IdentityVerifier verifier = IdentityVerifier.rejectAll();
    private String actor = "dsar-engine";
    private Supplier<String> ids = () -> UUID.randomUUID().toString();
    private Restrictions restrictions;
    private RetentionEngine retention;
    private AccessExporter exporter;
    private final List<ErasureParticipant> participants = new ArrayList<>();

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * @param value where requests are kept; in memory by default @return this builder
     */
    public Builder repository(RequestRepository value) {
      this.repository = value;
      return this;
    }

    /**
     * @param value the audit trail; required @return this builder
     */
    public Builder audit(AuditLog value) {
      this.audit = value;
      return this;
    }

    /**
     * @param value the clock; the system's UTC clock by default @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * @param value the host's identity check; rejects everyone by default @return this builder
     */
    public Builder identityVerifier(IdentityVerifier value) {
      this.verifier = value;
      return this;
    }

    /**
     * @param value who the history and audit name as actor @return this builder
     */
    public Builder actor(String value) {
      this.actor = value;
      return this;
    }

    /**
     * @param value makes request ids; random UUIDs by default @return this builder
     */
    public Builder ids(Supplier<String> value) {
      this.ids = value;
      return this;
    }

    /**
     * Sets where restrictions, objections and opt-outs are recorded, and where an erasure restricts
     * what it had to keep; required for those requests.
     *
     * @param value the restrictions facade
     * @return this builder
     */
    public Builder restrictions(Restrictions value) {
      this.restrictions = value;
      return this;
    }

    /**
     * Sets the retention engine over the host's stores: it erases, rectifies, and finds every
     * identifier of a subject for restrictions, objections and opt-outs; required for those
     * requests.
     *
     * @param value the engine
     * @return this builder
     */
    public Builder retention(RetentionEngine value) {
      this.retention = value;
      return this;
    }

    /**
     * Sets the exporter over the host's stores; required for access, portability and CCPA "know"
     * requests.
     *
     * @param value the exporter
     * @return this builder
     */
    public Builder exporter(AccessExporter value) {
      this.exporter = value;
      return this;
    }

    /**
     * Adds a participant outside the stores that takes part in every erasure after the stores, such
     * as the consent ledger; participants run in the order added.
     *
     * @param value the participant
     * @return this builder
     */
    public Builder erasureParticipant(ErasureParticipant value) {
      participants.add(Objects.requireNonNull(value, "erasureParticipant"));
      return this;
    }

    /**
     * @return the service
     */
    public DsarService build() {
      return new DsarService(this);
    }
  }
}
