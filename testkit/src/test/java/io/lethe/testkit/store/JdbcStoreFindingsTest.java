package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.DeletedPage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestDatabases;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two things {@link JdbcStore} once did otherwise than {@link InMemoryStore}, found while writing
 * the contract's masking and role tests, outside what the contract's fixtures can reach (a key of
 * text, an identifier column holding an empty text).
 */
class JdbcStoreFindingsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final CategoryKey IP = CategoryKey.of("user.device.ip_address");

  private ScratchTables tables;

  @AfterEach
  void dropTables() throws SQLException {
    if (tables != null) {
      tables.close();
    }
  }

  /**
   * JdbcStore.deleteExpiredPage starts again from the first page when {@code after} does not fit
   * its key (a heap page number from a PostgreSQL checkpoint, on a key of text), and keeps the
   * query's {@code stillHolding}: the page spares records whose fields are already cleared, as
   * findExpired does.
   */
  @Test
  void a_page_restarted_after_a_key_of_another_kind_still_spares_what_holds_nothing()
      throws SQLException {
    tables = new ScratchTables(TestDatabases.h2("findings"));
    String visits = tables.name("visits");
    tables.execute(
        "CREATE TABLE "
            + visits
            + " (id VARCHAR(10) PRIMARY KEY, account_id"
            + " VARCHAR(20) NOT NULL, ip VARCHAR(40), created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "INSERT INTO "
            + visits
            + " VALUES ('a', 'ada', '203.0.113.1', TIMESTAMP"
            + " '2025-01-01 00:00:00'), ('b', 'bob', NULL, TIMESTAMP '2025-01-01 00:00:00')");
    JdbcStore store =
        JdbcStore.open(
            tables.dataSource(),
            JdbcMapping.builder("visits")
                .table(visits, "id")
                .category("user.behavior")
                .subject("account_id", IdentifierType.ACCOUNT_ID)
                .field("ip", "user.device.ip_address")
                .collectedAt("created_at")
                .build());
    ExpiryQuery query =
        ExpiryQuery.firstPage(CategoryKey.of("user.behavior"), Anchor.COLLECTED, T0, 100)
            .stillHolding(Set.of(IP));

    DeletedPage page = store.deleteExpiredPage(query.next(RecordKey.of(5L)));

    assertThat(page.deleted()).as("only the visit still holding an IP address").isEqualTo(1);
    assertThat(tables.strings("SELECT id FROM " + visits)).containsExactly("b");
  }

  /**
   * JdbcStore reads a role column holding an empty text as naming nobody (records, subjects,
   * links), and so does sharedWithOthers: a lesson whose student is {@code ''} is not shared, so an
   * erasure of its tutor deletes it rather than keeping it for nobody.
   */
  @Test
  void a_role_column_holding_an_empty_text_shares_the_row_with_nobody() throws SQLException {
    tables = new ScratchTables(TestDatabases.h2("findings"));
    String lessons = tables.name("lessons");
    tables.execute(
        "CREATE TABLE "
            + lessons
            + " (id BIGINT PRIMARY KEY, tutor_id VARCHAR(20),"
            + " student_id VARCHAR(20), created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "INSERT INTO " + lessons + " VALUES (1, 'tom', '', TIMESTAMP" + " '2025-01-01 00:00:00')");
    JdbcStore store =
        JdbcStore.open(
            tables.dataSource(),
            JdbcMapping.builder("lessons")
                .table(lessons, "id")
                .category("user.content")
                .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
                .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("created_at")
                .build());

    assertThat(store.linkedIdentities(SubjectRef.account("tom"))).isEmpty();
    assertThat(store.sharedWithOthers(List.of(RecordKey.of(1L)), Set.of(SubjectRef.account("tom"))))
        .as("nobody else is named")
        .isEmpty();
  }
}
