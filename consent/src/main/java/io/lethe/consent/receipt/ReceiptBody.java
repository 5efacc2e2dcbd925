package io.lethe.consent.receipt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.consent.ConsentEvent;
import io.lethe.consent.ExpressedBy;
import io.lethe.core.policy.Controller;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import java.time.Instant;
import java.util.List;

/**
 * Writes the body of a receipt, the part its signature covers, as a JSON tree in the four sections
 * of ISO/IEC TS 27560 (header, processing, parties, events): one job, the mapping from a ledger
 * event and its policy to the receipt's fields. {@code ConsentReceiptSchemaTest} checks that the
 * names written here are the ones the schema declares.
 */
final class ReceiptBody {

  /** The party id of the controller. */
  static final String CONTROLLER_PARTY = "controller";

  /** The party id of the data subject. */
  static final String SUBJECT_PARTY = "data-subject";

  /** The prefix of a recipient's party id; policy keys hold no colon, so ids cannot collide. */
  static final String RECIPIENT_PARTY = "recipient:";

  /** How the subject's identifier was turned into the id the receipt holds. */
  static final String SUBJECT_HASH = "HMAC-SHA-256";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ReceiptBody() {}

  /** What the header says about the receipt itself, besides the event. */
  record Issue(
      String receiptId,
      Instant issued,
      SigningAlgorithm algorithm,
      String keyId,
      String keyCheck) {}

  /**
   * The body of a receipt for a choice or a signal.
   *
   * @param purpose the choice's purpose from the policy; null for a signal
   * @param recipients the recipients to name: those of the purpose, or for a signal those it stops
   *     disclosures to
   */
  static ObjectNode of(
      ConsentEvent event,
      PrivacyPolicy policy,
      Purpose purpose,
      List<Recipient> recipients,
      Issue issue) {
    ObjectNode body = NODES.objectNode();
    body.set("header", header(event, policy, issue));
    body.set("processing", processing(event, purpose, recipients));
    body.set("parties", parties(event, policy.controller(), recipients));
    body.set("events", NODES.arrayNode().add(event(event)));
    return body;
  }

  private static ObjectNode header(ConsentEvent event, PrivacyPolicy policy, Issue issue) {
    ObjectNode header = NODES.objectNode();
    header.put("schema_version", ConsentReceipts.SCHEMA_ID);
    header.put("receipt_id", issue.receiptId());
    header.put("receipt_timestamp", issue.issued().toString());
    header.put("record_id", event.id());
    header.put("record_kind", event.kind().name());
    header.put("record_timestamp", event.at().toString());
    header.put("record_sequence", event.sequence());
    header.put("record_hash", event.hash());
    header.put("policy_id", policy.id());
    header.put("policy_version", policy.version());
    ObjectNode key = header.putObject("signing_key");
    key.put("alg", issue.algorithm().joseName());
    key.put("kid", issue.keyId());
    key.put("key_check", issue.keyCheck());
    return header;
  }

  private static ObjectNode processing(
      ConsentEvent event, Purpose purpose, List<Recipient> recipients) {
    ObjectNode processing = NODES.objectNode();
    if (event.noticeId() != null) {
      ObjectNode notice = processing.putObject("privacy_notice");
      notice.put("notice_id", event.noticeId());
      putIfPresent(notice, "notice_version", event.noticeVersion());
      putIfPresent(notice, "notice_hash", event.noticeHash());
    }
    ArrayNode purposes = processing.putArray("purposes");
    if (purpose == null) {
      processing.set("recipient_third_parties", recipientIds(recipients));
      return processing;
    }
    ObjectNode entry = purposes.addObject();
    entry.put("purpose_id", purpose.key());
    entry.put("purpose", purpose.name());
    if (purpose.directMarketing()) {
      entry.set("purpose_type", concept(Dpv.DIRECT_MARKETING));
    }
    LawfulBasis basis = purpose.basis();
    ObjectNode lawfulBasis = concept(basis.dpvTerm());
    lawfulBasis.put("article", basis.article());
    lawfulBasis.put("gdpr_iri", Dpv.GDPR_NS + Dpv.gdprLegalBasis(basis));
    entry.set("lawful_basis", lawfulBasis);
    ArrayNode information = entry.putArray("pii_information");
    purpose
        .categories()
        .forEach(category -> information.addObject().put("pii_type", category.value()));
    entry.putArray("pii_controllers").add(CONTROLLER_PARTY);
    entry.set("recipient_third_parties", recipientIds(recipients));
    return processing;
  }

  private static ArrayNode parties(
      ConsentEvent event, Controller controller, List<Recipient> recipients) {
    ArrayNode parties = NODES.arrayNode();
    ObjectNode owner = parties.addObject();
    owner.put("party_id", CONTROLLER_PARTY);
    owner.set("party_role", concept(Dpv.DATA_CONTROLLER));
    owner.put("party_name", controller.name());
    putIfPresent(owner, "party_contact", controller.contact());
    putIfPresent(owner, "party_url", controller.website());

    ObjectNode subject = parties.addObject();
    subject.put("party_id", SUBJECT_PARTY);
    subject.set("party_role", concept(Dpv.DATA_SUBJECT));
    ObjectNode principal = subject.putObject("pii_principal_id");
    principal.put("keyed_hash", event.subject());
    principal.put("hash_algorithm", SUBJECT_HASH);
    principal.put("identifier_type", event.subjectType().name());

    for (Recipient recipient : recipients) {
      ObjectNode party = parties.addObject();
      party.put("party_id", RECIPIENT_PARTY + recipient.key());
      party.set("party_role", concept(Dpv.recipientRole(recipient.role())));
      party.put("party_name", recipient.name());
      party.put("recipient_role", recipient.role().name());
      if (recipient.location() != null) {
        party.put("party_location", recipient.location().code());
      }
    }
    return parties;
  }

  private static ObjectNode event(ConsentEvent event) {
    ObjectNode entry = NODES.objectNode();
    entry.put("event_time", event.at().toString());
    if (event.status() != null) {
      entry.set(
          "event_state",
          NODES
              .objectNode()
              .put("term", event.status().dpvTerm())
              .put("iri", event.status().dpvIri()));
    }
    entry.put("method", event.method().name());
    entry.put("expressed_by", event.expressedBy().name());
    if (event.expressedBy() == ExpressedBy.SUBJECT) {
      entry.put("entity_id", SUBJECT_PARTY);
    } else if (event.expressedBy() == ExpressedBy.CONTROLLER) {
      entry.put("entity_id", CONTROLLER_PARTY);
    }
    if (event.jurisdiction() != null) {
      entry.put("jurisdiction", event.jurisdiction().name());
    }
    if (event.expires() != null) {
      entry.put("valid_until", event.expires().toString());
    }
    putIfPresent(entry, "proof", event.proof());
    if (event.kind() == ConsentEvent.Kind.CHOICE) {
      entry.put("acknowledges_signal", event.acknowledgesSignal());
    } else {
      entry.put("signal", event.signal());
    }
    return entry;
  }

  private static ArrayNode recipientIds(List<Recipient> recipients) {
    ArrayNode ids = NODES.arrayNode();
    recipients.forEach(recipient -> ids.add(RECIPIENT_PARTY + recipient.key()));
    return ids;
  }

  /** A DPV core term with its IRI. */
  private static ObjectNode concept(String term) {
    return NODES.objectNode().put("term", term).put("iri", Dpv.NS + term);
  }

  private static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }
}
