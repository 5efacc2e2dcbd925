package io.lethe;

import io.lethe.consent.ConsentEngine;
import io.lethe.consent.ConsentEvent;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the consent ledger's history of a subject into the access export as the section {@code
 * consent}: every event recorded for any of the subject's identifiers or one linked to them in the
 * ledger (a visitor's device before sign-up), once each, in ledger order. The entries carry no
 * keyed hash: the subject gains nothing from one.
 */
final class ConsentHistorySection implements ExportSection {

  /** The section's name in the export. */
  static final String NAME = "consent";

  /** The description written with the section. */
  static final String DESCRIPTION =
      "Your consent history from the consent ledger: every consent"
          + " choice, opt-out preference signal and link between your identifiers recorded for you,"
          + " or for an identifier linked to you, oldest first, as the controller keeps it to"
          + " demonstrate consent (GDPR Art. 7(1)). The ledger keeps identifiers only as keyed"
          + " hashes, never the identifiers themselves.";

  private static final List<String> COLUMNS =
      List.of(
          "id",
          "time",
          "kind",
          "identifierType",
          "purpose",
          "noticeId",
          "noticeVersion",
          "noticeHash",
          "status",
          "method",
          "expressedBy",
          "jurisdiction",
          "expires",
          "proof",
          "acknowledgesSignal",
          "signal",
          "linkedIdentifierType");

  private final ConsentEngine consent;

  ConsentHistorySection(ConsentEngine consent) {
    this.consent = consent;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public List<Map<String, Object>> entries(Set<SubjectRef> identities) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (ConsentEvent event : history(consent, identities)) {
      entries.add(entry(event));
    }
    return entries;
  }

  /** {@return every event of any of the identities, once each, in ledger order} */
  static List<ConsentEvent> history(ConsentEngine consent, Set<SubjectRef> identities) {
    Map<String, ConsentEvent> byId = new LinkedHashMap<>();
    for (SubjectRef identity : identities) {
      for (ConsentEvent event : consent.history(identity)) {
        byId.putIfAbsent(event.id(), event);
      }
    }
    List<ConsentEvent> events = new ArrayList<>(byId.values());
    events.sort(Comparator.comparingLong(ConsentEvent::sequence));
    return events;
  }

  private static Map<String, Object> entry(ConsentEvent event) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", event.id());
    entry.put("time", event.at());
    entry.put("kind", event.kind().name());
    entry.put("identifierType", event.subjectType().name());
    entry.put("purpose", event.purpose());
    entry.put("noticeId", event.noticeId());
    entry.put("noticeVersion", event.noticeVersion());
    entry.put("noticeHash", event.noticeHash());
    entry.put("status", event.status() == null ? null : event.status().dpvTerm());
    entry.put("method", event.method().name());
    entry.put("expressedBy", event.expressedBy().name());
    entry.put("jurisdiction", event.jurisdiction() == null ? null : event.jurisdiction().name());
    entry.put("expires", event.expires());
    entry.put("proof", event.proof());
    entry.put("acknowledgesSignal", event.acknowledgesSignal());
    entry.put("signal", event.signal());
    entry.put(
        "linkedIdentifierType", event.linkedType() == null ? null : event.linkedType().name());
    return entry;
  }
}
