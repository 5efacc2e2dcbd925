package io.lethe.core.erasure;

import io.lethe.core.internal.TextTable;
import io.lethe.core.policy.CategoryKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an erasure did, store by store: the truth about a data subject's erasure request.
 *
 * <p>An erasure is {@linkplain #complete() complete} only if every store was reached and did what
 * it was asked, and every participant outside the stores (such as the consent ledger, {@link
 * ParticipantErasure}) did its part; a failed store or participant is listed with its failure and
 * the request stays open. Records kept for a legal ground are listed with the ground and, where
 * Lethe will erase them itself later, when. {@link #recipientsToNotify()} lists the recipients the
 * policy discloses the erased categories to, who must be told (GDPR Art. 19).
 *
 * <p>An erasure may take several attempts: a request retried after a store failed, a sweep
 * finishing what a floor or a hold kept. {@link #followedBy} folds a later attempt into the
 * receipt, so the receipt of a request tells everything done for it, not only the last attempt.
 *
 * @param reference the request or job it answers
 * @param policy the policy's id
 * @param at when the erasure last ran
 * @param subjectHash the keyed hash of the identifier the erasure started from
 * @param identities how many identifiers the stores link to the subject (the most any attempt
 *     found)
 * @param stores one line per store
 * @param recipientsToNotify keys of the recipients and third parties to tell, in policy order
 *     (after several attempts: the earlier attempts' first)
 * @param participants one line per participant outside the stores, in the order they ran; empty if
 *     none took part (and in receipts stored before participants existed, which read as empty)
 */
public record ErasureReceipt(
    String reference,
    String policy,
    Instant at,
    String subjectHash,
    int identities,
    List<StoreErasure> stores,
    List<String> recipientsToNotify,
    List<ParticipantErasure> participants) {

  /** Checks the parts are present; missing participants (a receipt stored before) are none. */
  public ErasureReceipt {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(subjectHash, "subjectHash");
    stores = List.copyOf(stores);
    recipientsToNotify = List.copyOf(recipientsToNotify);
    participants = participants == null ? List.of() : List.copyOf(participants);
  }

  /**
   * A receipt of the stores alone, no participant outside them having taken part.
   *
   * @param reference the request or job it answers
   * @param policy the policy's id
   * @param at when the erasure last ran
   * @param subjectHash the keyed hash of the identifier the erasure started from
   * @param identities how many identifiers the stores link to the subject
   * @param stores one line per store
   * @param recipientsToNotify keys of the recipients and third parties to tell
   */
  public ErasureReceipt(
      String reference,
      String policy,
      Instant at,
      String subjectHash,
      int identities,
      List<StoreErasure> stores,
      List<String> recipientsToNotify) {
    this(reference, policy, at, subjectHash, identities, stores, recipientsToNotify, List.of());
  }

  /**
   * {@return whether every store was reached and did its part, and every participant outside the
   * stores did its}
   */
  public boolean complete() {
    return failed().isEmpty() && failedParticipants().isEmpty();
  }

  /** {@return the participants outside the stores that failed} */
  public List<ParticipantErasure> failedParticipants() {
    return participants.stream()
        .filter(p -> p.status() == ParticipantErasure.Status.FAILED)
        .toList();
  }

  /**
   * The line of one participant outside the stores.
   *
   * @param participant its name, such as {@code consent ledger}
   * @return its line, if it took part
   */
  public Optional<ParticipantErasure> participant(String participant) {
    return participants.stream().filter(p -> p.participant().equals(participant)).findFirst();
  }

  /**
   * This receipt with lines of participants outside the stores added, as {@link #followedBy} folds
   * a later attempt's: a participant already listed gets its lines folded ({@link
   * ParticipantErasure#followedBy}), a new one is added at the end.
   *
   * @param lines what the participants did
   * @return the receipt with them
   */
  public ErasureReceipt withParticipants(List<ParticipantErasure> lines) {
    return new ErasureReceipt(
        reference,
        policy,
        at,
        subjectHash,
        identities,
        stores,
        recipientsToNotify,
        foldParticipants(participants, lines));
  }

  private static List<ParticipantErasure> foldParticipants(
      List<ParticipantErasure> earlier, List<ParticipantErasure> later) {
    Map<String, ParticipantErasure> laterLines = new LinkedHashMap<>();
    later.forEach(
        line -> laterLines.merge(line.participant(), line, ParticipantErasure::followedBy));
    List<ParticipantErasure> lines = new ArrayList<>();
    for (ParticipantErasure line : earlier) {
      ParticipantErasure again = laterLines.remove(line.participant());
      lines.add(again == null ? line : line.followedBy(again));
    }
    lines.addAll(laterLines.values());
    return lines;
  }

  /** {@return the stores that failed} */
  public List<StoreErasure> failed() {
    return stores.stream().filter(s -> s.status() == StoreErasure.Status.FAILED).toList();
  }

  /**
   * The line of one store.
   *
   * @param store the store's name
   * @return its line, if the erasure covered it
   */
  public Optional<StoreErasure> store(String store) {
    return stores.stream().filter(s -> s.store().equals(store)).findFirst();
  }

  /**
   * What was kept of a category, across stores.
   *
   * @param category the category
   * @return every retained entry of exactly that category
   */
  public List<RetainedRecords> retained(CategoryKey category) {
    return stores.stream()
        .flatMap(s -> s.retained().stream())
        .filter(r -> r.category().equals(category))
        .toList();
  }

  /** {@return every retained entry, across stores} */
  public List<RetainedRecords> retained() {
    return stores.stream().flatMap(s -> s.retained().stream()).toList();
  }

  /** {@return records deleted, across stores} */
  public long deleted() {
    return stores.stream().mapToLong(StoreErasure::deleted).sum();
  }

  /** {@return records anonymized, across stores} */
  public long anonymized() {
    return stores.stream().mapToLong(StoreErasure::anonymized).sum();
  }

  /** {@return records kept, across stores} */
  public long retainedCount() {
    return stores.stream().mapToLong(StoreErasure::retainedCount).sum();
  }

  /**
   * {@return the receipt as a text table: a row per store, with a note under it for a failure and
   * for each category kept, then a line per participant outside the stores, and the recipients to
   * notify}
   */
  public String toTable() {
    TextTable table = new TextTable("store", "status", "found", "deleted", "anonymized", "kept");
    for (StoreErasure store : stores) {
      table.row(
          store.store(),
          store.status(),
          store.found(),
          store.deleted(),
          store.anonymized(),
          store.retainedCount());
      if (store.failure() != null) {
        table.note("failed: " + store.failure());
      }
      for (RetainedRecords kept : store.retained()) {
        table.note(
            "kept "
                + kept.records()
                + " "
                + kept.category()
                + ": "
                + kept.ground().article()
                + " "
                + kept.reason()
                + (kept.until() == null ? "" : "; until " + kept.until())
                + (kept.deferred() ? "; erased then" : ""));
      }
    }
    StringBuilder text = new StringBuilder(table.render());
    participants.forEach(line -> text.append(TextTable.paragraph(line.text())));
    return text
        + (recipientsToNotify.isEmpty()
            ? ""
            : TextTable.paragraph("notify (Art. 19): " + String.join(", ", recipientsToNotify)));
  }

  /**
   * This receipt followed by a later attempt at the same erasure: a store both reached gets {@link
   * StoreErasure#followedBy its two lines folded}, a store only one of them reached keeps its line
   * (so a store erased by the first attempt stays erased, and one that failed and was not reached
   * again stays failed), and the recipients to notify add up. Participants outside the stores fold
   * the same way ({@link ParticipantErasure#followedBy}). The receipt's time is the later of the
   * two, its identifier count the larger, its policy the later attempt's.
   *
   * @param later the later attempt's receipt, with the same reference and subject hash
   * @return the receipt of both attempts
   * @throws IllegalArgumentException if {@code later} answers another reference or subject
   */
  public ErasureReceipt followedBy(ErasureReceipt later) {
    Objects.requireNonNull(later, "later");
    if (!Objects.equals(reference, later.reference)) {
      throw new IllegalArgumentException(
          "cannot follow the receipt of '" + reference + "' with one of '" + later.reference + "'");
    }
    if (!subjectHash.equals(later.subjectHash)) {
      throw new IllegalArgumentException(
          "cannot follow the receipt of '" + reference + "' with one of another subject");
    }
    Map<String, StoreErasure> laterLines = new LinkedHashMap<>();
    later.stores.forEach(line -> laterLines.put(line.store(), line));
    List<StoreErasure> lines = new ArrayList<>();
    for (StoreErasure line : stores) {
      StoreErasure again = laterLines.remove(line.store());
      lines.add(again == null ? line : line.followedBy(again));
    }
    lines.addAll(laterLines.values());
    Set<String> recipients = new LinkedHashSet<>(recipientsToNotify);
    recipients.addAll(later.recipientsToNotify);
    return new ErasureReceipt(
        reference,
        later.policy,
        later.at.isAfter(at) ? later.at : at,
        subjectHash,
        Math.max(identities, later.identities),
        lines,
        List.copyOf(recipients),
        foldParticipants(participants, later.participants));
  }
}
