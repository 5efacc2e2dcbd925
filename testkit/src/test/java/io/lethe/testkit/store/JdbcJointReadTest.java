package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.ObservedDataSource;
import io.lethe.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcStore#recordsOfJointly}: on PostgreSQL, stores on one data source read a subject's
 * first pages with one statement; elsewhere every store is read on its own.
 */
class JdbcJointReadTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<String> prepared = new ArrayList<>();
  private DataSource counting;
  private JdbcStore usage;
  private JdbcStore notes;

  @BeforeEach
  void loadTables() throws SQLException {
    DataSource postgres = TestPostgres.dataSource();
    List<ContractRow> rows = new ArrayList<>();
    for (long id = 1; id <= 620; id++) {
      rows.add(new ContractRow(id, id % 2 == 0 ? "alice" : "bob", null, null, T0, null));
    }
    ContractTables.load(postgres, rows);
    try (Connection connection = postgres.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS contract_notes");
      ddl.execute(
          "CREATE TABLE contract_notes (id BIGINT PRIMARY KEY, owner_email VARCHAR(200)"
              + " NOT NULL, note VARCHAR(200) NOT NULL, written_at TIMESTAMP NOT NULL)");
      ddl.execute(
          "INSERT INTO contract_notes VALUES (1, 'alice@example.com', 'first',"
              + " TIMESTAMP '2026-01-01 00:00:00'), (2, 'bob@example.com', 'second', TIMESTAMP"
              + " '2026-01-02 00:00:00'), (3, 'alice@example.com', 'third', TIMESTAMP"
              + " '2026-01-03 00:00:00')");
    }
    counting = counting(postgres, prepared);
    usage = JdbcStore.open(counting, ContractTables.mapping());
    notes =
        JdbcStore.open(
            counting,
            JdbcMapping.builder("notes")
                .table("contract_notes", "id")
                .category("user.content.private")
                .subject("owner_email", IdentifierType.EMAIL)
                .field("note", "user.content.private")
                .collectedAt("written_at")
                .build());
    prepared.clear();
  }

  @Test
  void stores_on_one_postgresql_data_source_read_their_first_pages_in_one_statement() {
    Set<SubjectRef> alice =
        Set.of(SubjectRef.account("alice"), SubjectRef.email("alice@example.com"));

    List<Stream<PersonalRecord>> streams = usage.recordsOfJointly(List.of(usage, notes), alice);

    assertThat(prepared).hasSize(1);
    assertThat(prepared.get(0)).contains("contract_records", "contract_notes");
    assertThat(keys(streams.get(1))).containsExactly(1L, 3L);
    assertThat(prepared).as("two pages read; the notes came with the first").hasSize(1);
    List<Object> usageKeys = keys(streams.get(0));
    assertThat(usageKeys).hasSize(310).first().isEqualTo(2L);
    assertThat(usageKeys).last().isEqualTo(620L);
    assertThat(prepared).as("310 records fit the first page").hasSize(1);
  }

  @Test
  void a_store_with_more_than_a_page_reads_the_rest_on_its_own() {
    List<Stream<PersonalRecord>> streams =
        usage.recordsOfJointly(
            List.of(notes, usage),
            Set.of(
                SubjectRef.account("alice"),
                SubjectRef.account("bob"),
                SubjectRef.email("alice@example.com")));

    assertThat(keys(streams.get(0))).containsExactly(1L, 3L);
    List<Object> all = keys(streams.get(1));

    assertThat(all)
        .hasSize(620)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
    assertThat(prepared).as("the joint statement, then the usage store's second page").hasSize(2);
    assertThat(prepared.get(0)).contains("contract_records", "contract_notes");
    assertThat(prepared.get(1)).contains("contract_records").doesNotContain("contract_notes");
  }

  @Test
  void a_store_holding_none_of_the_identifier_types_is_left_out_of_the_statement() {
    List<Stream<PersonalRecord>> streams =
        usage.recordsOfJointly(List.of(notes, usage), Set.of(SubjectRef.account("alice")));

    assertThat(keys(streams.get(0))).isEmpty();
    assertThat(keys(streams.get(1))).hasSize(310);
    assertThat(prepared).hasSize(1);
    assertThat(prepared.get(0)).doesNotContain("contract_notes");
  }

  @Test
  void groups_are_equal_for_stores_on_the_same_data_source_only() throws SQLException {
    JdbcStore elsewhere =
        JdbcStore.open(
            counting(TestPostgres.dataSource(), new ArrayList<>()), ContractTables.mapping());

    assertThat(usage.jointReadGroup())
        .isNotNull()
        .isEqualTo(notes.jointReadGroup())
        .hasSameHashCodeAs(notes.jointReadGroup());
    assertThat(elsewhere.jointReadGroup()).isNotEqualTo(usage.jointReadGroup());
    assertThatThrownBy(
            () ->
                usage.recordsOfJointly(
                    List.of(usage, elsewhere), Set.of(SubjectRef.account("alice"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store 'contract' is not of the joint read group of store 'contract'");
    assertThat(prepared).isEmpty();
  }

  @Test
  void stores_on_h2_have_no_group_and_are_read_one_by_one() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:joint;DB_CLOSE_DELAY=-1");
    JdbcStore store =
        ContractTables.load(h2, List.of(new ContractRow(1, "alice", null, null, T0, null)));

    assertThat(store.jointReadGroup()).isNull();
    List<Stream<PersonalRecord>> streams =
        store.recordsOfJointly(List.of(store, store), Set.of(SubjectRef.account("alice")));
    assertThat(keys(streams.get(0))).containsExactly(1L);
    assertThat(keys(streams.get(1))).containsExactly(1L);
  }

  private static List<Object> keys(Stream<PersonalRecord> stream) {
    try (stream) {
      return stream.map(r -> r.key().value()).toList();
    }
  }

  /** A data source that notes the text of every statement prepared on its connections. */
  private static DataSource counting(DataSource target, List<String> prepared) {
    return ObservedDataSource.of(target, prepared::add);
  }
}
