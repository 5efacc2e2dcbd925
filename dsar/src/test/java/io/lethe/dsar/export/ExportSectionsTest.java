package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.parseCsv;
import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sections other modules contribute to an access export, in every format. */
class ExportSectionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SubjectRef ADA = SubjectRef.email("ada@example.com");
  private static final Instant GIVEN = Instant.parse("2026-02-01T09:30:00.250Z");

  private AuditLog audit;
  private InMemoryStore accounts;
  private MutableClock clock;

  /** The identities each call of the section was given. */
  private final List<Set<SubjectRef>> asked = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T10:00:00Z");
    audit =
        AuditLog.create(
            JdbcAuditStorage.of(TestDatabases.h2("export-sections")).createTableIfMissing(),
            AccessExporterTest.HASHER,
            clock);
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .build();
    accounts.insert(
        RecordKey.of(1L),
        Map.of("account_id", "a-1", "email", ADA.value(), "collected", AccessExporterTest.T0));
    accounts.insert(
        RecordKey.of(2L),
        Map.of(
            "account_id", "b-2", "email", "bob@example.com", "collected", AccessExporterTest.T0));
  }

  /** A section answering the given entries, noting the identities it was asked with. */
  private ExportSection section(
      String name, Function<Set<SubjectRef>, List<Map<String, Object>>> entries) {
    return new ExportSection() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "What the " + name + " ledger holds; identifiers only as keyed hashes.";
      }

      @Override
      public List<String> columns() {
        return List.of("time", "purpose", "status");
      }

      @Override
      public List<Map<String, Object>> entries(Set<SubjectRef> identities) {
        asked.add(identities);
        return entries.apply(identities);
      }
    };
  }

  private static Map<String, Object> entry(String purpose, Object... more) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", GIVEN);
    entry.put("purpose", purpose);
    entry.put("status", "dpv:ConsentGiven");
    for (int i = 0; i < more.length; i += 2) {
      entry.put((String) more[i], more[i + 1]);
    }
    return entry;
  }

  private AccessExporter exporter(ExportSection... sections) {
    AccessExporter.Builder builder =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(accounts)
            .audit(audit)
            .clock(clock);
    Stream.of(sections).forEach(builder::section);
    return builder.build();
  }

  private static byte[] export(AccessExporter exporter, ExportFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.export(ADA, out, format);
    return out.toByteArray();
  }

  @Test
  void an_access_export_carries_each_section_with_its_description_and_entries() throws Exception {
    // GIVEN a section with two entries for Ada
    AccessExporter exporter =
        exporter(
            section(
                "consent",
                ids ->
                    List.of(
                        entry("newsletter", "acknowledgesSignal", false, "noticeVersion", 3),
                        entry("analytics", "proof", null, "purposes", List.of("a", "b")))));

    // WHEN she asks for her data
    JsonNode document = JSON.readTree(export(exporter, ExportFormat.JSON));

    // THEN the section is there, asked once, with every identifier resolved
    JsonNode consent = document.at("/sections/consent");
    assertThat(consent.get("description").asText()).contains("keyed hashes");
    assertThat(consent.get("entries")).hasSize(2);
    assertThat(consent.at("/entries/0/time").asText()).isEqualTo("2026-02-01T09:30:00.250Z");
    assertThat(consent.at("/entries/0/acknowledgesSignal").isBoolean()).isTrue();
    assertThat(consent.at("/entries/0/noticeVersion").asInt()).isEqualTo(3);
    assertThat(consent.at("/entries/1/proof").isNull()).isTrue();
    assertThat(consent.at("/entries/1/purposes/1").asText()).isEqualTo("b");
    assertThat(asked).containsExactly(Set.of(ADA, SubjectRef.account("a-1")));
    assertThat(document.get("records")).hasSize(1);
    try (Stream<AuditEntry> entries = audit.entries()) {
      assertThat(entries.filter(e -> e.action() == AuditAction.EXPORT))
          .singleElement()
          .satisfies(e -> assertThat(e.counts()).containsEntry("section_entries", 2L));
    }
  }

  @Test
  void the_zip_formats_write_one_csv_per_section_and_name_it_in_the_context() throws Exception {
    // GIVEN two sections, one of them with a cell a spreadsheet would run
    AccessExporter exporter =
        exporter(
            section(
                "consent",
                ids ->
                    List.of(
                        entry("newsletter"), entry("=HYPERLINK(\"x\")", "purposes", List.of("a")))),
            section("empty", ids -> List.of()));

    // WHEN the subject's data is exported as CSV, and as JSON and CSV together
    Map<String, String> csvZip = unzip(export(exporter, ExportFormat.CSV_ZIP));
    Map<String, String> zip = unzip(export(exporter, ExportFormat.ZIP));

    // THEN each section is a CSV entry, its columns first, listed in the context with its file
    for (Map<String, String> archive : List.of(csvZip, zip)) {
      List<List<String>> rows = parseCsv(archive.get("sections/consent.csv"));
      assertThat(rows.get(0)).containsExactly("time", "purpose", "status", "purposes");
      assertThat(rows.get(1))
          .containsExactly("2026-02-01T09:30:00.250Z", "newsletter", "dpv:ConsentGiven", "");
      assertThat(rows.get(2))
          .containsExactly(
              "2026-02-01T09:30:00.250Z", "'=HYPERLINK(\"x\")", "dpv:ConsentGiven", "[\"a\"]");
      assertThat(parseCsv(archive.get("sections/empty.csv")))
          .containsExactly(List.of("time", "purpose", "status"));
      JsonNode context = JSON.readTree(archive.get("context.json"));
      assertThat(context.get("files"))
          .extracting(JsonNode::asText)
          .contains("sections/consent.csv", "sections/empty.csv");
      assertThat(context.at("/sections/consent/file").asText()).isEqualTo("sections/consent.csv");
      assertThat(context.at("/sections/consent").has("entries")).isFalse();
    }
    assertThat(JSON.readTree(zip.get("export.json")).at("/sections/consent/entries")).hasSize(2);
    assertThat(asked).as("asked once per export").hasSize(4);
  }

  @Test
  void a_portability_export_has_no_sections_and_never_asks_for_them() throws Exception {
    AccessExporter exporter = exporter(section("consent", ids -> List.of(entry("newsletter"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    exporter.portability(ADA, out, ExportFormat.ZIP);

    Map<String, String> archive = unzip(out.toByteArray());
    assertThat(JSON.readTree(archive.get("export.json")).has("sections")).isFalse();
    assertThat(archive.keySet()).noneMatch(name -> name.startsWith("sections/"));
    assertThat(asked).isEmpty();
  }

  @Test
  void an_exporter_without_sections_writes_an_empty_object() throws Exception {
    JsonNode document = JSON.readTree(export(exporter(), ExportFormat.JSON));

    assertThat(document.get("sections").isObject()).isTrue();
    assertThat(document.get("sections")).isEmpty();
  }

  @Test
  void a_failing_section_fails_the_export_and_the_audit_says_so() {
    AccessExporter exporter =
        exporter(
            section(
                "consent",
                ids -> {
                  throw new IllegalStateException("ledger down for " + ids);
                }));

    assertThatThrownBy(() -> export(exporter, ExportFormat.JSON))
        .isInstanceOf(IllegalStateException.class);
    try (Stream<AuditEntry> entries = audit.entries()) {
      assertThat(entries.filter(e -> e.action() == AuditAction.EXPORT))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
                assertThat(e.detail()).doesNotContain(ADA.value());
              });
    }
  }

  @Test
  void section_names_must_be_keys_and_unique() {
    AccessExporter.Builder builder =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(accounts)
            .audit(audit)
            .clock(clock)
            .section(section("consent", ids -> List.of()))
            .section(section("consent", ids -> List.of()))
            .section(section("Consent History", ids -> List.of()));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sections[1]: name 'consent' is taken")
        .hasMessageContaining("sections[2]: name 'Consent History' must match");
  }
}
