package io.lethe.consent;

import static io.lethe.consent.TestEvents.choice;
import static io.lethe.consent.TestEvents.hash;
import static io.lethe.consent.TestEvents.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.consent.spi.ConsentLedger.ConsentLedgerException;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.IdentifierType;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consent ledger in a table, as an attacker with write access to the database meets it (every
 * change found by the hash chain), and as a host meets its limits and failures. The behaviour every
 * ledger shares is the test kit's {@code ConsentLedgerContractTest}.
 */
class JdbcConsentLedgerTest {

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

  /** A ledger of ten choices, each of a subject of its own, in a table of the test's. */
  private record Ledger(
      ScratchTables tables, String table, JdbcConsentLedger ledger, List<String> subjects) {

    static Ledger ofTen(ScratchDatabase scratch, String database) {
      ScratchTables tables = scratch.open(database, "consent-ledger");
      String table = tables.name("consent");
      JdbcConsentLedger ledger =
          JdbcConsentLedger.of(tables.dataSource(), table).createTableIfMissing();
      List<String> subjects = new ArrayList<>();
      List<ConsentEvent> events = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        subjects.add(hash());
        events.add(choice(subjects.get(i), "marketing", ConsentStatus.CONSENT_GIVEN));
      }
      ledger.append(events);
      return new Ledger(tables, table, ledger, subjects);
    }

    void execute(String sql) throws SQLException {
      tables.execute(sql.replace("$t", table));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_column_changed_with_plain_sql_breaks_the_chain_at_its_event(String database)
      throws SQLException {
    Ledger given = Ledger.ofTen(scratch, database);
    assertThat(ConsentChain.verify(given.ledger()).intact()).isTrue();

    given.execute("UPDATE $t SET purpose = 'x' WHERE seq = 3");

    AuditVerification result = ConsentChain.verify(given.ledger());
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(3);
    assertThat(result.problem())
        .hasValue("event 3 was changed: its hash does not match its" + " content");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_deleted_row_breaks_the_chain_where_it_is_missing(String database) throws SQLException {
    Ledger given = Ledger.ofTen(scratch, database);

    given.execute("DELETE FROM $t WHERE seq = 3");

    AuditVerification result = ConsentChain.verify(given.ledger());
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(3);
    assertThat(result.problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("event 3 is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void two_swapped_rows_break_the_chain_at_the_first(String database) throws SQLException {
    Ledger given = Ledger.ofTen(scratch, database);

    given.execute("UPDATE $t SET seq = -1 WHERE seq = 3");
    given.execute("UPDATE $t SET seq = 3 WHERE seq = 5");
    given.execute("UPDATE $t SET seq = 5 WHERE seq = -1");

    AuditVerification result = ConsentChain.verify(given.ledger());
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(3);
    assertThat(result.entriesChecked()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void events_cut_off_the_end_are_found_only_against_a_head_kept_elsewhere(String database)
      throws SQLException {
    Ledger given = Ledger.ofTen(scratch, database);
    String head = given.ledger().last().orElseThrow().hash();

    given.execute("DELETE FROM $t WHERE seq > 8");

    assertThat(ConsentChain.verify(given.ledger()).intact()).isTrue();
    AuditVerification result = ConsentChain.verify(given.ledger(), head);
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(9);
    assertThat(result.problem())
        .hasValue("the ledger does not end at the expected head: events" + " after 8 were removed");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_row_that_is_no_event_breaks_the_chain_where_it_is_read(String database)
      throws SQLException {
    Ledger given = Ledger.ofTen(scratch, database);

    given.execute("UPDATE $t SET kind = 'VOTE' WHERE seq = 4");

    AuditVerification result = ConsentChain.verify(given.ledger());
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(4);
    assertThat(result.entriesChecked()).isEqualTo(3);
    assertThat(result.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("Consent event 4 in table " + given.table() + " is malformed"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_long_ledger_is_read_page_by_page_in_order(String database) {
    // GIVEN more events than three pages of 500 hold
    ScratchTables tables = scratch.open(database, "consent-pages");
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(tables.dataSource(), tables.name("consent")).createTableIfMissing();
    String subject = hash();
    for (int batch = 0; batch < 4; batch++) {
      List<ConsentEvent> events = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        events.add(choice(subject, "p" + batch, ConsentStatus.CONSENT_GIVEN));
      }
      ledger.append(events);
    }

    // WHEN it is read whole
    List<Long> sequences;
    try (Stream<ConsentEvent> all = ledger.readAll()) {
      sequences = all.map(ConsentEvent::sequence).toList();
    }

    // THEN every event comes once, in order, and the chain holds
    assertThat(sequences).hasSize(1600).isSorted().doesNotHaveDuplicates();
    assertThat(sequences.get(1599)).isEqualTo(1600);
    assertThat(ConsentChain.verify(ledger).entriesChecked()).isEqualTo(1600);
    assertThat(ledger.events(List.of(subject))).hasSize(1600);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_subjects_events_are_read_through_the_two_hash_indexes(String database)
      throws SQLException {
    ScratchTables tables = scratch.open(database, "consent-plan");
    String table = tables.name("consent");
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(tables.dataSource(), table).createTableIfMissing();

    String plan;
    try (Connection connection = tables.dataSource().getConnection()) {
      if (database.equals("postgresql")) {
        try (Statement statement = connection.createStatement()) {
          // an empty table is read fastest whole: ask for the plan of a large one
          statement.execute("SET enable_seqscan = off");
        }
      }
      try (PreparedStatement explain =
          connection.prepareStatement("EXPLAIN " + ledger.eventsSql(2))) {
        for (int i = 1; i <= 6; i++) {
          explain.setString(i, hash());
        }
        StringBuilder lines = new StringBuilder();
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            lines.append(rs.getString(1)).append('\n');
          }
        }
        plan = lines.toString().toLowerCase(Locale.ROOT);
      } finally {
        if (database.equals("postgresql")) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("RESET enable_seqscan");
          }
        }
      }
    }

    assertThat(plan).as(plan).contains(table + "_subject_ix", table + "_linked_ix");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void creating_the_tables_twice_keeps_the_ledger(String database) {
    ScratchTables tables = scratch.open(database, "consent-twice");
    String table = tables.name("consent");
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(tables.dataSource(), table).createTableIfMissing();
    ledger.append(List.of(choice(hash(), "marketing", ConsentStatus.CONSENT_GIVEN)));

    JdbcConsentLedger again =
        JdbcConsentLedger.of(tables.dataSource(), table).createTableIfMissing();
    again.append(List.of(choice(hash(), "marketing", ConsentStatus.CONSENT_REFUSED)));

    assertThat(ConsentChain.verify(again).entriesChecked()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void a_failure_names_the_table_and_no_subject(String database) {
    ScratchTables tables = scratch.open(database, "consent-missing");
    String table = tables.name("consent");
    JdbcConsentLedger notCreated = JdbcConsentLedger.of(tables.dataSource(), table);
    String subject = hash();

    assertThatThrownBy(
            () ->
                notCreated.append(
                    List.of(choice(subject, "marketing", ConsentStatus.CONSENT_GIVEN))))
        .isInstanceOf(ConsentLedgerException.class)
        .hasMessageStartingWith("Cannot append consent events in table " + table + ": SQL state")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(subject));
    assertThatThrownBy(() -> notCreated.events(List.of(subject)))
        .isInstanceOf(ConsentLedgerException.class)
        .hasMessageStartingWith("Cannot read consent events in table " + table)
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(subject));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void what_a_column_cannot_keep_is_refused_before_anything_is_written(String database) {
    ScratchTables tables = scratch.open(database, "consent-limits");
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(tables.dataSource(), tables.name("consent")).createTableIfMissing();
    String proof = "form-" + "9".repeat(2000);
    ConsentEvent fine = choice(hash(), "marketing", ConsentStatus.CONSENT_GIVEN);
    ConsentEvent tooLong =
        withProof(choice(hash(), "marketing", ConsentStatus.CONSENT_GIVEN), proof);
    ConsentEvent finerThanMicros =
        new ConsentEvent(
            0,
            "e-1",
            TestEvents.T0.plusNanos(1),
            ConsentEvent.Kind.CHOICE,
            hash(),
            IdentifierType.ACCOUNT_ID,
            "marketing",
            null,
            null,
            null,
            ConsentStatus.CONSENT_GIVEN,
            ConsentMethod.API,
            ExpressedBy.SUBJECT,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            ConsentEvent.GENESIS,
            "");

    assertThatThrownBy(() -> ledger.append(List.of(fine, tooLong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proof is longer than 2000 characters")
        .hasMessageNotContaining("form-");
    assertThatThrownBy(() -> ledger.append(List.of(fine, finerThanMicros)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at is finer than a microsecond");
    assertThat(ledger.last()).isEmpty();
  }

  @Test
  void a_table_name_must_be_a_plain_identifier_leaving_room_for_its_companions() {
    javax.sql.DataSource any = io.lethe.testsupport.TestDatabases.h2("consent-names");
    assertThatThrownBy(() -> JdbcConsentLedger.of(any, "consent; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcConsentLedger.of(any, "c".repeat(53)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 52 characters");
    assertThat(JdbcConsentLedger.of(any, "c".repeat(52))).isNotNull();
  }

  @Test
  void notification_payloads_stay_under_eight_thousand_bytes() {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      hashes.add(hash());
    }

    List<String> payloads = JdbcConsentLedger.payloads(hashes);

    assertThat(payloads).hasSize(4).allSatisfy(p -> assertThat(p.length()).isLessThan(8000));
    assertThat(String.join(",", payloads).split(",")).containsExactlyElementsOf(hashes);
    assertThat(JdbcConsentLedger.payloads(List.of())).isEmpty();
  }

  @Test
  void a_link_is_found_from_either_of_its_subjects_once() {
    ScratchTables tables = scratch.open("h2", "consent-link");
    JdbcConsentLedger ledger =
        JdbcConsentLedger.of(tables.dataSource(), tables.name("consent")).createTableIfMissing();
    String visitor = hash();
    String account = hash();
    ledger.append(List.of(link(visitor, account)));

    assertThat(ledger.events(List.of(visitor, account)))
        .hasSize(1)
        .first()
        .satisfies(e -> assertThat(e.linkedType()).isEqualTo(IdentifierType.ACCOUNT_ID));
  }

  private static ConsentEvent withProof(ConsentEvent e, String proof) {
    return new ConsentEvent(
        0,
        e.id(),
        e.at(),
        e.kind(),
        e.subject(),
        e.subjectType(),
        e.purpose(),
        e.noticeId(),
        e.noticeVersion(),
        e.noticeHash(),
        e.status(),
        e.method(),
        e.expressedBy(),
        e.jurisdiction(),
        e.expires(),
        proof,
        e.acknowledgesSignal(),
        e.signal(),
        e.linked(),
        e.linkedType(),
        ConsentEvent.GENESIS,
        "");
  }

  /** A failure and its causes, messages and all, as a log would show them. */
  private static String stackText(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
