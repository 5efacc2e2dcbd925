package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A store's records need not all have one shape: the exporter works out how to write a record once
 * for a run of records of the same category and fields, and must write every record as it is when
 * the shape changes, whether the names are the same objects or only equal.
 */
class RecordShapesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SubjectRef ADA = SubjectRef.account("a-1");
  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  static final CategoryKey ACCOUNT = CategoryKey.of("user.account");
  static final CategoryKey EMAIL = CategoryKey.of("user.contact.email");
  static final CategoryKey USERNAME = CategoryKey.of("user.account.username");
  static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");
  static final CategoryKey BROWSING = CategoryKey.of("user.behavior.browsing_history");

  /**
   * A store declaring {@code email}, {@code username} and {@code page}, handing out records in
   * several shapes: a name spelled in upper case, names equal to the last record's but other
   * objects, another category, fewer fields, a field of the same name in another category, another
   * name in the same category, the same fields in another record category, an undeclared field, and
   * the first shape again.
   */
  static AccessExporter exporter(AuditLog audit) {
    InMemoryStore declared =
        InMemoryStore.builder("mixed")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("email", "user.contact.email")
            .field("username", "user.account.username")
            .field("page", "user.behavior.browsing_history")
            .build();
    List<PersonalRecord> records =
        List.of(
            record(
                1,
                ACCOUNT,
                field("email", EMAIL, "one@example.com"),
                field("USERNAME", USERNAME, "ada")),
            record(
                2,
                ACCOUNT,
                field(new String("email"), CategoryKey.of("user.contact.email"), "two@example.com"),
                field(new String("USERNAME"), USERNAME, "ada2")),
            record(3, USAGE, field("page", BROWSING, "/home")),
            record(4, ACCOUNT, field("email", EMAIL, "four@example.com")),
            // the same name in a category the subject did not provide, then another name in it
            record(9, ACCOUNT, field("email", BROWSING, "/nine")),
            record(8, ACCOUNT, field("backup_email", BROWSING, "eight@example.com")),
            record(7, USAGE, field("email", EMAIL, "seven@example.com")),
            record(
                5,
                ACCOUNT,
                field("email", EMAIL, "five@example.com"),
                field("nickname", USAGE, "Addie")),
            record(
                6,
                ACCOUNT,
                field("email", EMAIL, "six@example.com"),
                field("USERNAME", USERNAME, "ada6")));
    ForwardingStore mixed =
        new ForwardingStore(declared) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            return identities.contains(ADA) ? records.stream() : Stream.empty();
          }

          @Override
          public boolean linksIdentities() {
            return false;
          }
        };
    return AccessExporter.builder(AccessExporterTest.policy())
        .stores(mixed)
        .audit(audit)
        .clock(MutableClock.at("2026-03-01T10:00:00Z"))
        .build();
  }

  static PersonalRecord record(long key, CategoryKey category, FieldValue... fields) {
    return new PersonalRecord(
        "mixed",
        RecordKey.of(key),
        category,
        List.of(fields),
        Set.of(ADA),
        AnchorTimes.collectedAt(T0.plusSeconds(key)));
  }

  static FieldValue field(String name, CategoryKey category, Object value) {
    return new FieldValue(name, category, value);
  }

  static AuditLog audit() {
    DataSource dataSource = TestDatabases.h2("shapes");
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource).createTableIfMissing(),
        AccessExporterTest.HASHER,
        MutableClock.at("2026-03-01T10:00:00Z"));
  }

  @Test
  void writesEveryRecordAsItIsWhateverTheShapeOfTheOneBefore() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExportSummary summary = exporter(audit()).export(ADA, out, ExportFormat.JSON);

    JsonNode doc = JSON.readTree(out.toByteArray());
    List<String> categories = new ArrayList<>();
    doc.get("records").forEach(record -> categories.add(record.get("category").asText()));
    assertThat(fields(doc))
        .containsExactly(
            Map.of("email", "one@example.com", "username", "ada"),
            Map.of("email", "two@example.com", "username", "ada2"),
            Map.of("page", "/home"),
            Map.of("email", "four@example.com"),
            Map.of("email", "/nine"),
            Map.of("backup_email", "eight@example.com"),
            Map.of("email", "seven@example.com"),
            Map.of("email", "five@example.com", "nickname", "Addie"),
            Map.of("email", "six@example.com", "username", "ada6"));
    assertThat(categories)
        .containsExactly(
            "user.account",
            "user.account",
            "user.behavior.usage",
            "user.account",
            "user.account",
            "user.account",
            "user.behavior.usage",
            "user.account",
            "user.account");
    List<List<String>> names = new ArrayList<>();
    doc.get("records").forEach(record -> names.add(fieldNames(record.get("fields"))));
    assertThat(names)
        .containsExactly(
            List.of("email", "username"),
            List.of("email", "username"),
            List.of("page"),
            List.of("email"),
            List.of("email"),
            List.of("backup_email"),
            List.of("email"),
            List.of("email", "nickname"),
            List.of("email", "username"));
    assertThat(doc.at("/records/2/anchors/" + Anchor.COLLECTED.event()).asText())
        .isEqualTo("2025-06-01T08:00:03Z");
    assertThat(fieldNames(doc.get("categories")))
        .containsExactly(
            "user.account",
            "user.contact.email",
            "user.account.username",
            "user.behavior.usage",
            "user.behavior.browsing_history");
    assertThat(fieldNames(doc.at("/summary/stores/mixed")))
        .containsExactly("user.account", "user.behavior.usage");
    assertThat(doc.at("/summary/stores/mixed/user.account").asLong()).isEqualTo(7);
    assertThat(doc.at("/summary/stores/mixed/user.behavior.usage").asLong()).isEqualTo(2);
    assertThat(doc.at("/summary/records").asLong()).isEqualTo(9);
    assertThat(summary.total()).isEqualTo(9);
  }

  @Test
  void portabilityDropsWhatWasNotProvidedFromEachShape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExportSummary summary = exporter(audit()).portability(ADA, out, ExportFormat.JSON);

    JsonNode doc = JSON.readTree(out.toByteArray());
    // observed browsing goes, and with it the records that held nothing else
    assertThat(fields(doc))
        .containsExactly(
            Map.of("email", "one@example.com", "username", "ada"),
            Map.of("email", "two@example.com", "username", "ada2"),
            Map.of("email", "four@example.com"),
            Map.of("email", "seven@example.com"),
            Map.of("email", "five@example.com"),
            Map.of("email", "six@example.com", "username", "ada6"));
    assertThat(fieldNames(doc.get("categories")))
        .containsExactly(
            "user.account", "user.contact.email", "user.account.username", "user.behavior.usage");
    assertThat(summary.total()).isEqualTo(6);
  }

  @Test
  void csvColumnsTakeTheDeclaredSpellingAndOtherFieldsKeepTheirs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    exporter(audit()).export(ADA, out, ExportFormat.CSV_ZIP);

    Map<String, String> entries = unzip(out.toByteArray());
    assertThat(entries.get("csv/user.account/mixed.csv").split("\r\n"))
        .containsExactly(
            "email,username,page,anchor:collected,other_fields",
            "one@example.com,ada,,2025-06-01T08:00:01Z,",
            "two@example.com,ada2,,2025-06-01T08:00:02Z,",
            "four@example.com,,,2025-06-01T08:00:04Z,",
            "/nine,,,2025-06-01T08:00:09Z,",
            ",,,2025-06-01T08:00:08Z,\"{\"\"backup_email\"\":\"\"eight@example.com\"\"}\"",
            "five@example.com,,,2025-06-01T08:00:05Z,\"{\"\"nickname\"\":\"\"Addie\"\"}\"",
            "six@example.com,ada6,,2025-06-01T08:00:06Z,");
    assertThat(entries.get("csv/user.behavior.usage/mixed.csv").split("\r\n"))
        .containsExactly(
            "email,username,page,anchor:collected,other_fields",
            ",,/home,2025-06-01T08:00:03Z,",
            "seven@example.com,,,2025-06-01T08:00:07Z,");
  }

  /** {@return each record's fields, in the order of the document} */
  private static List<Map<?, ?>> fields(JsonNode doc) {
    List<Map<?, ?>> fields = new ArrayList<>();
    doc.get("records")
        .forEach(record -> fields.add(JSON.convertValue(record.get("fields"), Map.class)));
    return fields;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
