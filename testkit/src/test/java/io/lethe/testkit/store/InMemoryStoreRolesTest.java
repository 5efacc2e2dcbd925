package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@link InMemoryStore}'s roles do beyond the store contract, as {@code RolesTest} shows for
 * JDBC stores: messages reached through a lesson name their sender in a role, a role's key column
 * is never cleared, and the mappings it refuses. Tom teaches Sue (lesson 1) and Ann (lesson 2); Sue
 * wrote message 10 on lesson 1, Tom messages 11 (lesson 1) and 12 (lesson 2).
 */
class InMemoryStoreRolesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SubjectRef TOM = SubjectRef.account("tom");
  private static final SubjectRef SUE = SubjectRef.account("sue");

  private final InMemoryStore lessons =
      InMemoryStore.builder("lessons")
          .key("id")
          .category("user.content")
          .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
          .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
          .field("topic", "user.content")
          .fieldOfRole("tutor", "tutor_note", "user.content.private")
          .build();
  private final InMemoryStore messages =
      InMemoryStore.builder("messages")
          .key("id")
          .category("user.content.private")
          .reference("lesson_id", lessons, "id")
          .subjectInRole("sender", "sender_id", IdentifierType.ACCOUNT_ID)
          .field("body", "user.content.private")
          .build();

  InMemoryStoreRolesTest() {
    lessons.insert(
        RecordKey.of(1L),
        Map.of(
            "tutor_id",
            "tom",
            "student_id",
            "sue",
            "topic",
            "algebra",
            "tutor_note",
            "needs practice",
            "collected",
            T0));
    lessons.insert(
        RecordKey.of(2L),
        Map.of(
            "tutor_id",
            "tom",
            "student_id",
            "ann",
            "topic",
            "geometry",
            "tutor_note",
            "quick learner",
            "collected",
            T0));
    messages.insert(
        RecordKey.of(10L),
        Map.of("lesson_id", 1L, "sender_id", "sue", "body", "hi Tom", "collected", T0));
    messages.insert(
        RecordKey.of(11L),
        Map.of("lesson_id", 1L, "sender_id", "tom", "body", "hi Sue", "collected", T0));
    messages.insert(
        RecordKey.of(12L),
        Map.of("lesson_id", 2L, "sender_id", "tom", "body", "hi Ann", "collected", T0));
  }

  private static List<PersonalRecord> read(InMemoryStore store, SubjectRef subject) {
    try (Stream<PersonalRecord> records = store.recordsOf(Set.of(subject))) {
      return records.toList();
    }
  }

  private static List<RecordKey> keys(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(RecordKey::of).toList();
  }

  @Test
  void a_message_reached_through_its_lesson_names_its_sender_only_to_the_sender() {
    List<PersonalRecord> sues = read(messages, SUE);

    // Sue's lesson's messages: her own, and Tom's without his identifier
    assertThat(sues)
        .extracting(r -> r.key().value(), PersonalRecord::subjects)
        .containsExactly(tuple(10L, Set.of(SUE)), tuple(11L, Set.of()));
    assertThat(messages.linkedIdentities(SUE)).isEmpty();
  }

  @Test
  void the_messages_of_a_shared_lesson_are_shared_until_only_one_person_is_left_on_it() {
    assertThat(messages.sharedWithOthers(keys(10, 11), Set.of(SUE)))
        .as("Tom teaches the lesson of Sue's message, and sent the other")
        .containsExactly(RecordKey.of(10L), RecordKey.of(11L));
    assertThat(messages.sharedWithOthers(keys(11, 12), Set.of(TOM)))
        .as("Sue and Ann are on Tom's lessons")
        .containsExactly(RecordKey.of(11L), RecordKey.of(12L));

    Set<RecordKey> fromMessages = messages.detach(keys(10, 11), Set.of(SUE));
    Set<RecordKey> fromLessons = lessons.detach(keys(1), Set.of(SUE));

    assertThat(fromMessages).as("message 11 does not name Sue").containsExactly(RecordKey.of(10L));
    assertThat(fromLessons).containsExactly(RecordKey.of(1L));
    assertThat(messages.row(RecordKey.of(10L)).orElseThrow())
        .containsEntry("sender_id", null)
        .containsEntry("body", "hi Tom")
        .containsEntry("lesson_id", 1L);
    assertThat(lessons.row(RecordKey.of(1L)).orElseThrow())
        .containsEntry("student_id", null)
        .containsEntry("tutor_id", "tom")
        .containsEntry("tutor_note", "needs practice");
    assertThat(messages.sharedWithOthers(keys(10, 11), Set.of(TOM)))
        .as("lesson 1 names nobody but Tom any more")
        .isEmpty();
  }

  @Test
  void a_role_column_holding_an_empty_text_names_nobody() {
    lessons.insert(RecordKey.of(3L), Map.of("tutor_id", "tom", "student_id", "", "collected", T0));

    assertThat(lessons.sharedWithOthers(keys(3), Set.of(TOM))).isEmpty();
    assertThat(read(lessons, TOM))
        .filteredOn(r -> r.key().equals(RecordKey.of(3L)))
        .singleElement()
        .satisfies(r -> assertThat(r.subjects()).containsExactly(TOM));
  }

  @Test
  void one_identifier_column_per_role_links_no_identifiers() {
    assertThat(lessons.linksIdentities()).isFalse();
    assertThat(lessons.linkedIdentities(TOM)).isEmpty();
  }

  @Test
  void a_role_whose_column_is_part_of_the_key_is_not_detached() {
    InMemoryStore slots =
        InMemoryStore.builder("slots")
            .key("tutor_id", "slot")
            .category("user.content")
            .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
            .subjectInRole("student", "student_id", IdentifierType.ACCOUNT_ID)
            .build();
    RecordKey monday = RecordKey.composite(List.of("tom", 1L));
    slots.insert(monday, Map.of("student_id", "sue", "collected", T0));

    assertThat(slots.detach(List.of(monday), Set.of(TOM))).isEmpty();
    assertThat(slots.detach(List.of(monday), Set.of(SUE))).containsExactly(monday);
    Map<String, Object> expected = new HashMap<>();
    expected.put("tutor_id", "tom");
    expected.put("slot", 1L);
    expected.put("student_id", null);
    expected.put("collected", T0);
    assertThat(slots.row(monday)).contains(expected);
  }

  @Test
  void a_store_whose_rows_name_one_person_detaches_nothing() {
    InMemoryStore accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .build();
    accounts.insert(RecordKey.of(1L), Map.of("account_id", "tom", "collected", T0));

    assertThat(accounts.detach(keys(1), Set.of(TOM))).isEmpty();
    assertThat(accounts.row(RecordKey.of(1L)).orElseThrow()).containsEntry("account_id", "tom");
  }

  @Test
  void roles_given_to_some_subject_columns_only_or_to_no_subject_column_are_refused() {
    assertThatThrownBy(
            () ->
                InMemoryStore.builder("lessons")
                    .category("user.content")
                    .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
                    .subject("student_id", IdentifierType.ACCOUNT_ID)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the subject columns [tutor_id] have roles");
    assertThatThrownBy(
            () ->
                InMemoryStore.builder("lessons")
                    .category("user.content")
                    .subjectInRole("tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
                    .fieldOfRole("teacher", "tutor_note", "user.content")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'tutor_note' has a role no subject column has");
    assertThatThrownBy(
            () ->
                InMemoryStore.builder("lessons")
                    .category("user.content")
                    .subjectInRole("Tutor", "tutor_id", IdentifierType.ACCOUNT_ID)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a role needs lower-case letters");
  }
}
