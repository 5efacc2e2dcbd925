package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identifiers are text, but a host's account id column is often a number: the store binds them as
 * the column's type, which PostgreSQL insists on, and a value the column cannot hold matches
 * nothing instead of failing.
 */
class NumericIdentifierColumnTest {

  private static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");

  private static JdbcStore store(String database) throws Exception {
    DataSource dataSource = TestDatabases.of(database, "numeric");
    String table = "numeric_ids_" + Math.abs(System.nanoTime() % 1_000_000_000L);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " (id BIGINT PRIMARY KEY, customer_id BIGINT,"
              + " email VARCHAR(100), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      s.execute(
          "INSERT INTO "
              + table
              + " VALUES (1, 42, 'ada@example.com',"
              + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'), (2, 7, 'bob@example.com',"
              + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
    }
    return JdbcStore.open(
        dataSource,
        JdbcMapping.builder("orders")
            .table(table, "id")
            .category("user.behavior.usage")
            .subject("customer_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .collectedAt("created_at")
            .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void a_numeric_account_id_column_is_read_resolved_and_excluded_by_its_text(String database)
      throws Exception {
    JdbcStore store = store(database);

    assertThat(keys(store, Set.of(SubjectRef.account("42")))).containsExactly(RecordKey.of(1L));
    assertThat(store.linkedIdentities(SubjectRef.account("42")))
        .containsExactly(SubjectRef.email("ada@example.com"));
    assertThat(store.linkedIdentities(SubjectRef.email("ada@example.com")))
        .containsExactly(SubjectRef.account("42"));
    List<RecordKey> expired =
        store.findExpired(
            new ExpiryQuery(
                USAGE,
                Anchor.COLLECTED,
                Instant.parse("2026-02-01T00:00:00Z"),
                Set.of(SubjectRef.account("7")),
                null,
                10,
                false));
    assertThat(expired).containsExactly(RecordKey.of(1L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void an_account_id_that_is_no_number_matches_nothing_in_a_numeric_column(String database)
      throws Exception {
    JdbcStore store = store(database);

    assertThat(
            keys(store, Set.of(SubjectRef.account("acc-42"), SubjectRef.email("bob@example.com"))))
        .containsExactly(RecordKey.of(2L));
    assertThat(store.linkedIdentities(SubjectRef.account("acc-42"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void an_account_id_spelled_otherwise_than_the_column_holds_it_matches_nothing(String database)
      throws Exception {
    JdbcStore store = store(database);

    // row 1's record carries account id "42"; it is not a record of account id "042"
    assertThat(keys(store, Set.of(SubjectRef.account("042")))).isEmpty();
    assertThat(store.linkedIdentities(SubjectRef.account("042"))).isEmpty();
    assertThat(store.linkedIdentities(SubjectRef.account(" 42"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void one_store_answers_questions_of_every_shape_in_turn(String database) throws Exception {
    JdbcStore store = store(database);
    SubjectRef ada = SubjectRef.email("ada@example.com");
    SubjectRef bob = SubjectRef.email("bob@example.com");
    SubjectRef account42 = SubjectRef.account("42");
    SubjectRef account7 = SubjectRef.account("7");

    // as many identifiers each time, but of other types: each shape has a query of its own
    assertThat(keys(store, Set.of(account42))).containsExactly(RecordKey.of(1L));
    assertThat(keys(store, Set.of(bob))).containsExactly(RecordKey.of(2L));
    assertThat(keys(store, Set.of(account42, account7)))
        .containsExactly(RecordKey.of(1L), RecordKey.of(2L));
    assertThat(keys(store, Set.of(account42, bob)))
        .containsExactly(RecordKey.of(1L), RecordKey.of(2L));
    assertThat(keys(store, Set.of(ada, bob))).containsExactly(RecordKey.of(1L), RecordKey.of(2L));
    assertThat(keys(store, Set.of(account7, ada)))
        .containsExactly(RecordKey.of(1L), RecordKey.of(2L));
    assertThat(keys(store, Set.of(account7, SubjectRef.account("no number"))))
        .containsExactly(RecordKey.of(2L));
    assertThat(keys(store, Set.of(account7))).containsExactly(RecordKey.of(2L));
    assertThat(keys(store, Set.of(ada))).containsExactly(RecordKey.of(1L));
  }

  /** {@return the keys of the store's records of the identifiers, in the order read} */
  private static List<RecordKey> keys(JdbcStore store, Set<SubjectRef> identities) {
    try (Stream<PersonalRecord> records = store.recordsOf(identities)) {
      return records.map(PersonalRecord::key).toList();
    }
  }
}
