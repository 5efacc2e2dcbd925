package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessExporterTest {

  static final SubjectHasher HASHER =
      SubjectHasher.withSecret("export-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8));
  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  MutableClock clock;
  AuditLog audit;
  InMemoryStore accounts;
  InMemoryStore orders;
  InMemoryStore events;
  AccessExporter exporter;

  static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop GmbH", "privacy@shop.example")
        .version("7")
        .effective(LocalDate.of(2026, 1, 1))
        .timeZone(ZoneId.of("UTC"))
        .purpose(
            Purpose.builder("accounts")
                .name("Running your account")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.account", "user.contact.email")
                .build())
        .purpose(
            Purpose.builder("billing")
                .name("Billing")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial.transaction", "user.contact.address")
                .build())
        .purpose(
            Purpose.builder("analytics")
                .name("Improving the shop")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("a better shop")
                .categories("user.behavior")
                .build())
        .recipient(
            Recipient.builder("mailer")
                .name("Mailer Inc")
                .role(RecipientRole.PROCESSOR)
                .categories("user.contact.email")
                .purposes("accounts")
                .location("US")
                .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact")
                .anchor(Anchor.ACCOUNT_CLOSED)
                .maximum("P1Y")
                .build())
        .rule(
            RetentionRule.builder("tax")
                .categories("user.financial")
                .maximum("P10Y")
                .minimum("P10Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("HGB 257")
                .build())
        .rule(RetentionRule.builder("behavior").categories("user.behavior").maximum("P90D").build())
        .build();
  }

  @BeforeEach
  void setUp() {
    DataSource dataSource = TestDatabases.h2("export");
    clock = MutableClock.at("2026-03-01T10:00:00Z");
    audit = AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(), HASHER, clock);
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .field("username", "user.account.username")
            .build();
    orders =
        InMemoryStore.builder("orders")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("amount", "user.financial.transaction")
            .field("address", "user.contact.address")
            .build();
    events =
        InMemoryStore.builder("events")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("page", "user.behavior.browsing_history")
            .build();
    // Ada, and Bob at the same email domain.
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id", "a-1", "email", "ada@example.com", "username", "ada", "collected", T0));
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id", "b-2", "email", "bob@example.com", "username", "bob", "collected", T0));
    // Mallory's account id is the text of Ada's email address.
    accounts.insert(
        RecordKey.of(3L),
        Map.of(
            "account_id",
            "ada@example.com",
            "email",
            "mallory@example.org",
            "username",
            "mallory",
            "collected",
            T0));
    orders.insert(
        RecordKey.of(10L),
        Map.of(
            "account_id",
            "a-1",
            "amount",
            4200L,
            "address",
            "1 Ada Street, \"Flat\" 2",
            "collected",
            T0));
    orders.insert(
        RecordKey.of(11L),
        Map.of("account_id", "b-2", "amount", 999L, "address", "9 Bob Road", "collected", T0));
    orders.insert(
        RecordKey.of(12L),
        Map.of(
            "account_id",
            "ada@example.com",
            "amount",
            666L,
            "address",
            "6 Mallory Lane",
            "collected",
            T0));
    events.insert(
        RecordKey.of(20L), Map.of("account_id", "a-1", "page", "/ada-page", "collected", T0));
    events.insert(
        RecordKey.of(21L),
        Map.of("account_id", "ada@example.com", "page", "/mallory-page", "collected", T0));
    exporter =
        AccessExporter.builder(policy())
            .stores(accounts, orders, events)
            .audit(audit)
            .clock(clock)
            .build();
  }

  @Test
  void keepsNoUndeclaredFieldNameOnceTheExportIsDone() throws Exception {
    // a store may hand out fields it did not declare, named after anything, a person included
    io.lethe.core.spi.PersonalDataStore talkative =
        new io.lethe.testkit.store.ForwardingStore(events) {
          @Override
          public java.util.stream.Stream<io.lethe.core.spi.PersonalRecord> recordsOf(
              java.util.Set<SubjectRef> identities) {
            return super.recordsOf(identities)
                .map(
                    r ->
                        new io.lethe.core.spi.PersonalRecord(
                            r.store(),
                            r.key(),
                            r.category(),
                            java.util.List.of(
                                new io.lethe.core.spi.FieldValue(
                                    "friend:carol@other.example", r.category(), "met at a fair")),
                            r.subjects(),
                            r.anchors()));
          }
        };
    AccessExporter chatty =
        AccessExporter.builder(policy())
            .stores(accounts, talkative)
            .audit(audit)
            .clock(clock)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    chatty.export(SubjectRef.account("a-1"), out, ExportFormat.JSON);

    JsonNode doc = JSON.readTree(out.toByteArray());
    assertThat(doc.at("/records/1/fields/friend:carol@other.example").asText())
        .isEqualTo("met at a fair");
    java.lang.reflect.Field shared = AccessExporter.class.getDeclaredField("shared");
    shared.setAccessible(true);
    java.lang.reflect.Field cache = EncodedNames.class.getDeclaredField("texts");
    cache.setAccessible(true);
    EncodedNames names = ((ExportRun.Shared) shared.get(chatty)).names();
    assertThat(cache.get(names).toString()).doesNotContain("carol");
  }

  @Test
  void resolvesAccountIdFromEmailButNotAnAccountIdSpelledLikeTheEmail() {
    assertThat(exporter.resolveIdentities(SubjectRef.email("ada@example.com")))
        .containsExactlyInAnyOrder(SubjectRef.email("ada@example.com"), SubjectRef.account("a-1"));
  }

  @Test
  void exportReachesRecordsKeyedByAccountIdAndNothingOfAnybodyElse() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportSummary summary =
        exporter.export(SubjectRef.email("ada@example.com"), out, ExportFormat.JSON);

    String text = out.toString(StandardCharsets.UTF_8);
    JsonNode doc = JSON.readTree(text);
    assertThat(doc.get("schema").asText()).isEqualTo(AccessExporter.SCHEMA);
    assertThat(doc.at("/policy/id").asText()).isEqualTo("shop");
    assertThat(doc.at("/policy/version").asText()).isEqualTo("7");
    assertThat(doc.get("generatedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(doc.at("/subject/identifiers")).hasSize(2);
    assertThat(doc.get("records")).hasSize(3);
    assertThat(doc.at("/records/1/store").asText()).isEqualTo("orders");
    assertThat(doc.at("/records/1/fields/amount").asLong()).isEqualTo(4200L);
    assertThat(doc.at("/records/0/anchors/collected").asText()).isEqualTo(T0.toString());
    assertThat(text)
        .contains("/ada-page")
        .doesNotContain("bob", "mallory", "Mallory", "666", "999");
    assertThat(summary.total()).isEqualTo(3);
    assertThat(summary.count("orders", CategoryKey.of("user.financial.transaction"))).isEqualTo(1);
    assertThat(summary.identities()).isEqualTo(2);
  }

  @Test
  void everyCategoryFoundCarriesItsArt15Context() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.export(SubjectRef.account("a-1"), out, ExportFormat.JSON);
    JsonNode categories = JSON.readTree(out.toByteArray()).get("categories");

    List<String> found =
        Stream.of(
                "user.account",
                "user.contact.email",
                "user.account.username",
                "user.financial.transaction",
                "user.contact.address",
                "user.behavior.usage",
                "user.behavior.browsing_history")
            .toList();
    assertThat(iterable(categories.fieldNames())).containsExactlyInAnyOrderElementsOf(found);
    for (String category : found) {
      assertThat(categories.get(category).get("source").asText()).isEqualTo(AccessExporter.SOURCE);
      assertThat(categories.get(category).get("purposes")).isNotEmpty();
      assertThat(categories.get(category).get("retention").isObject()).isTrue();
    }
    JsonNode email = categories.get("user.contact.email");
    assertThat(email.at("/purposes/0/lawfulBasis").asText()).isEqualTo("contract");
    assertThat(email.at("/recipients/0/name").asText()).isEqualTo("Mailer Inc");
    assertThat(email.at("/recipients/0/role").asText())
        .as("spelled as in policy files")
        .isEqualTo("processor");
    assertThat(email.at("/recipients/0/location").asText()).isEqualTo("US");
    assertThat(email.at("/recipients/0/outsideEea").asBoolean()).isTrue();
    assertThat(email.at("/recipients/0/safeguards/0").asText())
        .isEqualTo("standard_contractual_clauses");
    assertThat(email.at("/retention/rule").asText()).isEqualTo("accounts");
    assertThat(email.at("/retention/anchor").asText()).isEqualTo("account.closed");
    assertThat(email.at("/retention/action").asText()).isEqualTo("delete");
    JsonNode money = categories.get("user.financial.transaction");
    assertThat(money.at("/retention/minimum").asText()).isEqualTo("P10Y");
    assertThat(money.at("/retention/legalReference").asText()).isEqualTo("HGB 257");
    assertThat(categories.at("/user.behavior.usage/purposes/0/legitimateInterest").asText())
        .isEqualTo("a better shop");
  }

  @Test
  void zipHoldsJsonCsvPerStoreAndCategoryAndContext() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.export(SubjectRef.email("ada@example.com"), out, ExportFormat.ZIP);
    Map<String, String> entries = unzip(out.toByteArray());

    assertThat(entries.keySet())
        .containsExactly(
            "export.json",
            "csv/user.account/accounts.csv",
            "csv/user.financial.transaction/orders.csv",
            "csv/user.behavior.usage/events.csv",
            "context.json");
    assertThat(entries.get("csv/user.financial.transaction/orders.csv"))
        .isEqualTo(
            "amount,address,anchor:collected,other_fields\r\n"
                + "4200,\"1 Ada Street, \"\"Flat\"\" 2\",2025-06-01T08:00:00Z,\r\n");
    JsonNode context = JSON.readTree(entries.get("context.json"));
    assertThat(context.has("records")).isFalse();
    assertThat(context.get("files")).hasSize(3);
    assertThat(context.at("/categories/user.contact.email/source").asText())
        .isEqualTo(AccessExporter.SOURCE);
    assertThat(JSON.readTree(entries.get("export.json")).get("records")).hasSize(3);
    assertThat(String.join("", entries.values())).doesNotContain("bob", "mallory", "Mallory");
  }

  @Test
  void csvZipHasNoJsonDocumentButTheContext() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportSummary summary = exporter.export(SubjectRef.account("b-2"), out, ExportFormat.CSV_ZIP);
    Map<String, String> entries = unzip(out.toByteArray());
    assertThat(entries.keySet())
        .containsExactly(
            "csv/user.account/accounts.csv",
            "csv/user.financial.transaction/orders.csv",
            "context.json");
    assertThat(entries.get("csv/user.account/accounts.csv"))
        .contains("bob@example.com")
        .doesNotContain("ada");
    assertThat(summary.total()).isEqualTo(2);
  }

  @Test
  void portabilityKeepsOnlyProvidedDataWithoutObservedAnchors() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportSummary summary =
        exporter.portability(SubjectRef.email("ada@example.com"), out, ExportFormat.JSON);
    JsonNode doc = JSON.readTree(out.toByteArray());
    assertThat(doc.get("kind").asText()).isEqualTo("portability");
    assertThat(doc.get("records")).hasSize(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("/ada-page", "anchors");
    assertThat(doc.at("/records/1/fields/amount").asLong()).isEqualTo(4200L);
    assertThat(doc.at("/records/1/fields/address").asText()).startsWith("1 Ada Street");
    assertThat(iterable(doc.get("categories").fieldNames()))
        .doesNotContain("user.behavior.browsing_history");
    assertThat(summary.portability()).isTrue();
    assertThat(summary.storesWithRecords()).isEqualTo(2);
  }

  @Test
  void oneAuditEntryPerExportWithoutRawIdentifiers() {
    exporter.export(
        SubjectRef.email("ada@example.com"), new ByteArrayOutputStream(), ExportFormat.CSV_ZIP);
    List<AuditEntry> entries;
    try (Stream<AuditEntry> all = audit.entries()) {
      entries = all.collect(Collectors.toList());
    }
    assertThat(entries).hasSize(1);
    AuditEntry entry = entries.get(0);
    assertThat(entry.action()).isEqualTo(AuditAction.EXPORT);
    assertThat(entry.subjectHash()).isEqualTo(HASHER.hash(SubjectRef.email("ada@example.com")));
    assertThat(entry.counts())
        .containsEntry("records", 3L)
        .containsEntry("stores", 3L)
        .containsEntry("identities", 2L);
    assertThat(String.valueOf(entry)).doesNotContain("ada@example.com", "a-1");
    assertThat(entry.detail()).doesNotContain("ada", "a-1");
    assertThat(audit.verify().intact()).isTrue();
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> list = new java.util.ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
