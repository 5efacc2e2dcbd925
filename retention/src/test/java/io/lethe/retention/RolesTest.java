package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.erasure.RetainedRecords;
import io.lethe.core.erasure.StoreErasure;
import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.store.jdbc.InvalidMappingException;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tutoring marketplace: a lesson names a tutor and a student, and messages belong with their
 * lesson and name their sender. Tom teaches Sue (lesson 1) and Ann (lesson 2). Each person's export
 * shows the lesson without the other's identifiers and fields; one person's erasure takes them off
 * the lesson and keeps it for the other; the last one's erasure deletes it. On H2 and PostgreSQL,
 * with foreign keys, in both registration orders.
 */
class RolesTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final SubjectRef TOM = SubjectRef.account("tom");
  private static final SubjectRef SUE = SubjectRef.account("sue");
  private static final SubjectRef ANN = SubjectRef.account("ann");

  private final MutableClock clock = MutableClock.at(NOW);
  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();
  private ScratchTables tables;
  private DataSource dataSource;
  private AuditLog audit;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"h2", "postgresql"})
  void each_person_reads_the_lesson_without_the_other_persons_identifiers_and_fields(
      String database) throws SQLException {
    List<JdbcStore> stores = school(database);
    JdbcStore lessons = stores.get(1);
    JdbcStore messages = stores.get(2);

    List<PersonalRecord> sues = read(lessons, SUE);
    List<PersonalRecord> toms = read(lessons, TOM);

    assertThat(sues)
        .singleElement()
        .satisfies(
            lesson -> {
              assertThat(lesson.subjects()).containsExactly(SUE);
              assertThat(lesson.fields())
                  .extracting(FieldValue::name)
                  .containsExactly("topic", "student_rating");
            });
    assertThat(toms)
        .hasSize(2)
        .allSatisfy(
            lesson -> {
              assertThat(lesson.subjects()).containsExactly(TOM);
              assertThat(lesson.fields())
                  .extracting(FieldValue::name)
                  .containsExactly("tutor_id", "topic", "tutor_note");
            });
    // Sue's lesson's messages: her own, and Tom's without his identifier
    assertThat(read(messages, SUE))
        .extracting(r -> r.fields().get(0).value(), r -> r.subjects())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("hi Tom", Set.of(SUE)),
            org.assertj.core.groups.Tuple.tuple("hi Sue", Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"h2", "postgresql"})
  void no_role_joins_the_tutor_and_the_student_into_one_subject(String database)
      throws SQLException {
    List<JdbcStore> stores = school(database);
    List<AuditedStore> audited = stores.stream().map(s -> AuditedStore.of(s, audit())).toList();

    Set<SubjectRef> sue =
        SubjectIdentities.resolveOne(
            SUE, audited, new AuditContext(AuditAction.EXPORT, "test", "req", null, SUE));

    assertThat(sue).containsExactly(SUE);
    assertThat(stores.get(1).linkedIdentities(TOM)).isEmpty();
  }

  @ParameterizedTest(name = "{0}, lessons registered first: {1}")
  @CsvSource({"h2, true", "h2, false", "postgresql, true", "postgresql, false"})
  void an_erasure_takes_one_person_off_the_lesson_and_the_last_erasure_deletes_it(
      String database, boolean parentsFirst) throws SQLException {
    List<JdbcStore> stores = new ArrayList<>(school(database));
    if (!parentsFirst) {
      Collections.reverse(stores);
    }
    RetentionEngine engine = engine(stores);

    ErasureReceipt sue = engine.erase(SUE, "req-sue");

    // the lesson stays Tom's, with his note; Sue's column and rating are cleared
    assertThat(
            rows(
                "SELECT id, tutor_id, student_id, topic, tutor_note, student_rating FROM "
                    + tables.name("lessons")
                    + " ORDER BY id"))
        .containsExactly(
            "1|tom|null|algebra|needs practice|null", "2|tom|ann|geometry|quick learner|4");
    assertThat(sue.store("lessons").orElseThrow())
        .extracting(
            StoreErasure::status,
            StoreErasure::found,
            StoreErasure::deleted,
            StoreErasure::anonymized)
        .containsExactly(StoreErasure.Status.ERASED, 1L, 0L, 1L);
    // her message loses its sender; Tom's message to her stays, as his
    assertThat(rows("SELECT id, sender_id, body FROM " + tables.name("messages") + " ORDER BY id"))
        .containsExactly("10|null|hi Tom", "11|tom|hi Sue", "12|tom|hi Ann");
    StoreErasure messages = sue.store("messages").orElseThrow();
    assertThat(messages)
        .extracting(StoreErasure::status, StoreErasure::found, StoreErasure::anonymized)
        .containsExactly(StoreErasure.Status.PARTLY_RETAINED, 2L, 1L);
    assertThat(messages.retained())
        .singleElement()
        .extracting(RetainedRecords::ground, RetainedRecords::records)
        .containsExactly(RetainedRecords.Ground.SHARED, 1L);
    assertThat(sue.store("users").orElseThrow().deleted()).isEqualTo(1);
    assertThat(
            read(
                stores.stream().filter(s -> s.name().equals("lessons")).findFirst().orElseThrow(),
                SUE))
        .isEmpty();

    ErasureReceipt tom = engine.erase(TOM, "req-tom");

    // lesson 1 named nobody else any more: gone with its messages; lesson 2 stays Ann's
    assertThat(
            rows(
                "SELECT id, tutor_id, student_id, topic, tutor_note, student_rating FROM "
                    + tables.name("lessons")
                    + " ORDER BY id"))
        .containsExactly("2|null|ann|geometry|null|4");
    assertThat(rows("SELECT id, sender_id, body FROM " + tables.name("messages") + " ORDER BY id"))
        .containsExactly("12|null|hi Ann");
    assertThat(tom.store("lessons").orElseThrow())
        .extracting(
            StoreErasure::status,
            StoreErasure::found,
            StoreErasure::deleted,
            StoreErasure::anonymized)
        .containsExactly(StoreErasure.Status.ERASED, 2L, 1L, 1L);
    assertThat(tom.store("messages").orElseThrow())
        .extracting(
            StoreErasure::status,
            StoreErasure::found,
            StoreErasure::deleted,
            StoreErasure::anonymized)
        .containsExactly(StoreErasure.Status.ERASED, 3L, 2L, 1L);

    ErasureReceipt ann = engine.erase(ANN, "req-ann");

    assertThat(ann.store("lessons").orElseThrow())
        .extracting(StoreErasure::status, StoreErasure::deleted)
        .containsExactly(StoreErasure.Status.ERASED, 1L);
    assertThat(rows("SELECT id FROM " + tables.name("lessons"))).isEmpty();
    assertThat(rows("SELECT id FROM " + tables.name("messages"))).isEmpty();
  }

  @Test
  void a_mapping_that_gives_some_subject_columns_a_role_and_not_others_is_refused()
      throws SQLException {
    tables = scratch.open("h2", "roles-errors");
    dataSource = tables.dataSource();

    assertThatThrownBy(
            () ->
                JdbcStore.open(
                    dataSource,
                    JdbcMapping.builder("lessons")
                        .table(tables.name("lessons"), "id")
                        .category("user.content")
                        .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
                        .subject("student_id", IdentifierType.ACCOUNT_ID)
                        .fieldOfRole("teacher", "tutor_note", "user.content")
                        .build()))
        .isInstanceOf(InvalidMappingException.class)
        .hasMessageContaining("subjects[1].role: the other subject columns have roles [tutor]")
        .hasMessageContaining("fields[0].role: no subject column has role 'teacher'");
  }

  private List<JdbcStore> school(String database) throws SQLException {
    tables = scratch.open(database, "roles");
    dataSource = tables.dataSource();
    String users = tables.name("users");
    String lessons = tables.name("lessons");
    String messages = tables.name("messages");
    tables.execute(
        "CREATE TABLE "
            + users
            + " (id VARCHAR(20) PRIMARY KEY, email VARCHAR(100),"
            + " created_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + lessons
            + " (id BIGINT PRIMARY KEY, tutor_id VARCHAR(20)"
            + " REFERENCES "
            + users
            + " (id), student_id VARCHAR(20) REFERENCES "
            + users
            + " (id), topic VARCHAR(40) NOT NULL, tutor_note VARCHAR(100), student_rating INT,"
            + " starts_at TIMESTAMP NOT NULL)");
    tables.execute(
        "CREATE TABLE "
            + messages
            + " (id BIGINT PRIMARY KEY, lesson_id BIGINT NOT"
            + " NULL REFERENCES "
            + lessons
            + " (id), sender_id VARCHAR(20) REFERENCES "
            + users
            + " (id), body VARCHAR(100), sent_at TIMESTAMP NOT NULL)");
    String at = "TIMESTAMP '2026-01-01 00:00:00'";
    tables.execute(
        "INSERT INTO "
            + users
            + " VALUES ('tom', 'tom@example.com', "
            + at
            + "),"
            + " ('sue', 'sue@example.com', "
            + at
            + "), ('ann', 'ann@example.com', "
            + at
            + ")");
    tables.execute(
        "INSERT INTO "
            + lessons
            + " VALUES (1, 'tom', 'sue', 'algebra', 'needs"
            + " practice', 5, "
            + at
            + "), (2, 'tom', 'ann', 'geometry', 'quick learner', 4, "
            + at
            + ")");
    tables.execute(
        "INSERT INTO "
            + messages
            + " VALUES (10, 1, 'sue', 'hi Tom', "
            + at
            + "),"
            + " (11, 1, 'tom', 'hi Sue', "
            + at
            + "), (12, 2, 'tom', 'hi Ann', "
            + at
            + ")");
    return JdbcStores.open(
        dataSource,
        clock,
        JdbcMapping.builder("users")
            .table(users, "id")
            .category("user.account")
            .subject("id", IdentifierType.ACCOUNT_ID)
            .field("email", "user.contact.email")
            .collectedAt("created_at")
            .build(),
        JdbcMapping.builder("lessons")
            .table(lessons, "id")
            .category("user.content")
            .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
            // a role's column mapped as a field too is that role's: Sue never sees it
            .field("tutor_id", "user.unique_id")
            .field("topic", "user.content")
            .fieldOfRole("tutor", "tutor_note", "user.content")
            .fieldOfRole("student", "student_rating", "user.content")
            .collectedAt("starts_at")
            .build(),
        JdbcMapping.builder("messages")
            .table(messages, "id")
            .category("user.content.private")
            .reference("lesson_id", "lessons", "id")
            .subjectInRole("sender", "sender_id", IdentifierType.ACCOUNT_ID)
            .field("body", "user.content.private")
            .collectedAt("sent_at")
            .build());
  }

  private AuditLog audit() {
    if (audit == null) {
      audit =
          AuditLog.create(
              JdbcAuditStorage.of(dataSource, tables.name("audit")).createTableIfMissing(),
              SubjectHasher.withSecret(
                  "roles-test-secret-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8)),
              clock);
    }
    return audit;
  }

  private RetentionEngine engine(List<JdbcStore> stores) {
    PrivacyPolicy policy =
        PrivacyPolicy.builder("school")
            .controller("School", "privacy@school.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(RetentionRule.builder("all").categories("user").maximum("P5Y").build())
            .build();
    return RetentionEngine.builder(policy)
        .stores(stores.toArray(PersonalDataStore[]::new))
        .audit(audit())
        .clock(clock)
        .build();
  }

  private static List<PersonalRecord> read(JdbcStore store, SubjectRef subject) {
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(subject))) {
      return records.toList();
    }
  }

  /** Each row's columns joined with '|', NULL as "null". */
  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        var rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(values.stream().collect(Collectors.joining("|")));
      }
    }
    return rows;
  }
}
