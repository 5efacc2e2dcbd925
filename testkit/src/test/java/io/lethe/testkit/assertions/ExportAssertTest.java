package io.lethe.testkit.assertions;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static io.lethe.testkit.assertions.LetheAssertions.assertThatExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.store.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExportAssertTest {

  private static final String NL = System.lineSeparator();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SubjectRef ADA = SubjectRef.email("ada@example.org");
  private static final SubjectRef BOB = SubjectRef.email("bob@example.org");

  /** Ada's access export of the two stores below, as AccessExporter writes it. */
  private static final String ADA_EXPORT =
      """
      {
        "schema": "lethe-export/1",
        "kind": "access",
        "subject": {"identifiers": [{"type": "email", "value": "ada@example.org"},
                                    {"type": "account_id", "value": "acct-ada"}]},
        "generatedAt": "2026-03-01T10:00:00Z",
        "policy": {"id": "shop", "version": "1"},
        "records": [
          {"store": "accounts", "category": "user.account",
           "fields": {"email": "ada@example.org"},
           "anchors": {"collected": "2025-01-01T00:00:00Z"}},
          {"store": "orders", "category": "user.financial.transaction",
           "fields": {"amount": 120},
           "anchors": {"collected": "2025-02-01T00:00:00Z"}},
          {"store": "orders", "category": "user.financial.transaction",
           "fields": {"amount": 80.5},
           "anchors": {"collected": "2025-03-01T00:00:00Z"}}
        ],
        "categories": {
          "user.account": {"name": "Account", "purposes": [], "recipients": [],
                           "retention": null, "source": "provided"},
          "user.contact.email": {"name": "Email", "purposes": [], "recipients": [],
                                 "retention": null, "source": "provided"},
          "user.financial.transaction": {"name": "Transactions", "purposes": [],
                                         "recipients": [], "retention": null,
                                         "source": "provided"}
        },
        "summary": {"records": 3, "stores": {"accounts": {"user.account": 1},
                                             "orders": {"user.financial.transaction": 2}}}
      }
      """;

  private InMemoryStore accounts;
  private InMemoryStore orders;

  @BeforeEach
  void setUp() {
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .build();
    orders =
        InMemoryStore.builder("orders")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("amount", "user.financial.transaction")
            .build();
    accounts.insert(
        RecordKey.of(1L),
        Map.of(
            "account_id",
            "acct-ada",
            "email",
            "ada@example.org",
            "collected",
            Instant.parse("2025-01-01T00:00:00Z")));
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id",
            "acct-bob",
            "email",
            "bob@example.org",
            "collected",
            Instant.parse("2025-01-01T00:00:00Z")));
    order(10, "acct-ada", 120L, "2025-02-01T00:00:00Z");
    order(11, "acct-ada", new BigDecimal("80.50"), "2025-03-01T00:00:00Z");
    order(12, "acct-bob", 99L, "2025-02-01T00:00:00Z");
  }

  private void order(long key, String account, Object amount, String collected) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("amount", amount);
    row.put("collected", Instant.parse(collected));
    orders.insert(RecordKey.of(key), row);
  }

  private static ObjectNode adaExport() throws IOException {
    return (ObjectNode) MAPPER.readTree(ADA_EXPORT);
  }

  private static byte[] bytes(ObjectNode document) throws IOException {
    return MAPPER.writeValueAsBytes(document);
  }

  private static ArrayNode records(ObjectNode document) {
    return (ArrayNode) document.get("records");
  }

  private static ObjectNode record(
      String store, String category, String field, Object value, String collected) {
    ObjectNode record = MAPPER.createObjectNode().put("store", store).put("category", category);
    record.putObject("fields").putPOJO(field, value);
    record.putObject("anchors").put("collected", collected);
    return record;
  }

  private static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("csv/user.account/accounts.csv"));
      zip.write("email\r\nada@example.org\r\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void readsAJsonDocumentAndAZipHoldingItAsExportJson() throws IOException {
    ExportPackage json = ExportPackage.read(ADA_EXPORT.getBytes(StandardCharsets.UTF_8));
    ExportPackage zipped =
        ExportPackage.read(zip("export.json", ADA_EXPORT.getBytes(StandardCharsets.UTF_8)));

    for (ExportPackage export : new ExportPackage[] {json, zipped}) {
      assertThat(export.kind()).isEqualTo("access");
      assertThat(export.policy()).isEqualTo("shop");
      assertThat(export.identifiers()).containsExactly(ADA, SubjectRef.account("acct-ada"));
      assertThat(export.categories())
          .containsExactly("user.account", "user.contact.email", "user.financial.transaction");
      assertThat(export.records()).hasSize(3);
      assertThat(export.records().get(2).fields()).containsEntry("amount", new BigDecimal("80.5"));
      assertThat(export.records().get(0).anchors())
          .containsEntry("collected", "2025-01-01T00:00:00Z");
    }
    assertThat(json.toString() + json.records())
        .doesNotContain("ada@example.org", "acct-ada")
        .contains("records=3");
  }

  @Test
  void readRejectsWhatIsNotAnExportPackageWithoutQuotingIt() throws IOException {
    assertThatThrownBy(
            () ->
                ExportPackage.read(
                    "{\"schema\": ada@example.org}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the package is not valid JSON (line 1, column")
        .message()
        .doesNotContain("ada");
    ObjectNode other = adaExport().put("schema", "lethe-export/2");
    assertThatThrownBy(() -> ExportPackage.read(bytes(other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the package's schema is 'lethe-export/2', expected 'lethe-export/1'");
    byte[] csvOnly = zip("context.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ExportPackage.read(csvOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the ZIP package has no export.json (a CSV_ZIP package cannot be read back)");
  }

  @Test
  void isAccessExportAndIsPortabilityExportCheckTheKind() throws IOException {
    assertThatExport(bytes(adaExport())).isAccessExport();
    assertThatThrownBy(() -> assertThatExport(bytes(adaExport())).isPortabilityExport())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting an export package of policy \"shop\" to be a portability"
                + " export but it is an access export");
  }

  @Test
  void containsEveryCategoryOfPassesForAFullExportFromAnyOfTheSubjectsIdentifiers()
      throws IOException {
    assertThatExport(bytes(adaExport()))
        .against(accounts, orders)
        .containsEveryCategoryOf(ADA)
        .containsEveryCategoryOf(SubjectRef.account("acct-ada"));
    assertThat(ExportPackage.read(bytes(adaExport())))
        .isAccessExport()
        .against(accounts, orders)
        .containsEveryCategoryOf(ADA)
        .containsNoOtherSubject();
  }

  @Test
  void containsEveryCategoryOfFailsNamingMissingCategoriesRecordsAndIdentifierTypes()
      throws IOException {
    ObjectNode export = adaExport();
    ((ObjectNode) export.get("categories")).remove("user.contact.email");
    records(export).remove(2);
    ((ArrayNode) export.get("subject").get("identifiers")).remove(1);

    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export))
                    .against(accounts, orders)
                    .containsEveryCategoryOf(ADA))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting the access export of policy \"shop\" to contain everything"
                + " stores [\"accounts\", \"orders\"] hold of the given subject (2 identifiers) but:"
                + NL
                + "  \"subject.identifiers\" lacks 1 identifier the stores link to the subject,"
                + " of type [account_id]"
                + NL
                + "  store \"accounts\": category \"user.contact.email\" is not in \"categories\""
                + NL
                + "  store \"orders\": 1 of 2 records of category \"user.financial.transaction\""
                + " not in \"records\"")
        .message()
        .doesNotContain("ada@example.org", "acct-ada", "80");
  }

  @Test
  void containsEveryCategoryOfCountsARecordWhoseValueDiffersAsMissing() throws IOException {
    ObjectNode export = adaExport();
    ((ObjectNode) records(export).get(1).get("fields")).put("amount", 121);
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export))
                    .against(accounts, orders)
                    .containsEveryCategoryOf(ADA))
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "store \"orders\": 1 of 2 records of category"
                + " \"user.financial.transaction\" not in \"records\"");
  }

  @Test
  void containsEveryCategoryOfRefusesAPortabilityExport() throws IOException {
    ObjectNode export = adaExport().put("kind", "portability");
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export))
                    .against(accounts, orders)
                    .containsEveryCategoryOf(ADA))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting an export package of policy \"shop\" to be an access export"
                + " but it is a portability export");
  }

  @Test
  void containsNoOtherSubjectFailsForAnotherSubjectsRecordAndIdentifier() throws IOException {
    ObjectNode export = adaExport();
    records(export)
        .add(record("orders", "user.financial.transaction", "amount", 99, "2025-02-01T00:00:00Z"));
    ((ArrayNode) export.get("subject").get("identifiers"))
        .addObject()
        .put("type", "email")
        .put("value", "bob@example.org");

    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export)).against(accounts, orders).containsNoOtherSubject())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting the access export of policy \"shop\" to contain only data of"
                + " the given subject (2 identifiers) as stores [\"accounts\", \"orders\"] hold it but:"
                + NL
                + "  \"subject.identifiers\" lists 1 identifier the stores do not link to the"
                + " subject, of type [email]"
                + NL
                + "  store \"orders\": 1 record of category \"user.financial.transaction\""
                + " matches no record the store holds of the subject")
        .message()
        .doesNotContain("bob@example.org", "acct-bob", "99");
  }

  @Test
  void containsNoOtherSubjectCatchesARecordExportedTwice() throws IOException {
    ObjectNode export = adaExport();
    records(export).add(records(export).get(0).deepCopy());
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export)).against(accounts, orders).containsNoOtherSubject())
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "store \"accounts\": 1 record of category \"user.account\" matches"
                + " no record the store holds of the subject");
  }

  @Test
  void containsNoOtherSubjectFailsForRecordsOfAStoreNotGiven() throws IOException {
    assertThatThrownBy(
            () -> assertThatExport(bytes(adaExport())).against(accounts).containsNoOtherSubject())
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "store \"orders\" is not among the stores checked: 2 records cannot"
                + " be traced to the subject");
  }

  @Test
  void containsNoOtherSubjectThanFailsForSomebodyElsesPackage() throws IOException {
    assertThatExport(bytes(adaExport()))
        .against(accounts, orders)
        .containsNoOtherSubjectThan(SubjectRef.account("acct-ada"));
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(adaExport()))
                    .against(accounts, orders)
                    .containsNoOtherSubjectThan(BOB))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            NL
                + "Expecting the access export of policy \"shop\" to contain only data of"
                + " the given subject (2 identifiers) as stores [\"accounts\", \"orders\"] hold it but:"
                + NL
                + "  \"subject.identifiers\" lists 2 identifiers the stores do not link to the"
                + " subject, of type [email, account_id]"
                + NL
                + "  store \"accounts\": 1 record of category \"user.account\" matches no record"
                + " the store holds of the subject"
                + NL
                + "  store \"orders\": 2 records of category \"user.financial.transaction\" match"
                + " no record the store holds of the subject");
  }

  @Test
  void containsNoOtherSubjectFailsForAPackageThatListsNoIdentifier() throws IOException {
    ObjectNode export = adaExport();
    ((ArrayNode) export.get("subject").get("identifiers")).removeAll();
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export)).against(accounts, orders).containsNoOtherSubject())
        .isInstanceOf(AssertionError.class)
        .hasMessageEndingWith(
            "(0 identifiers) as stores [\"accounts\", \"orders\"] hold it but:"
                + NL
                + "  \"subject.identifiers\" is empty");
  }

  @Test
  void containsNoOtherSubjectTracesPortabilityRecordsByTheirExportedFields() throws IOException {
    ObjectNode export = adaExport().put("kind", "portability");
    records(export).forEach(r -> ((ObjectNode) r).remove("anchors"));
    assertThatExport(bytes(export))
        .isPortabilityExport()
        .against(accounts, orders)
        .containsNoOtherSubject();

    records(export)
        .add(
            record("accounts", "user.account", "email", "bob@example.org", "2025-01-01T00:00:00Z"));
    assertThatThrownBy(
            () ->
                assertThatExport(bytes(export)).against(accounts, orders).containsNoOtherSubject())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(NL + "Expecting the portability export of policy \"shop\"")
        .hasMessageEndingWith(
            "store \"accounts\": 1 record of category \"user.account\" matches"
                + " no record the store holds of the subject");
  }
}
