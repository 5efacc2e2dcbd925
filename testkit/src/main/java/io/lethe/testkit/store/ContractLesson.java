package io.lethe.testkit.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the data set that {@link PersonalDataStoreContract} loads into a store whose rows name
 * two people, each in a role, for its optional role tests ({@link
 * PersonalDataStoreContract#createRoleStore}): a lesson names its tutor and its student.
 *
 * <p>The store is named {@code contract_lessons} and maps these rows as follows:
 *
 * <ul>
 *   <li>key: {@link #id()}, a whole number;
 *   <li>record category {@code user.content};
 *   <li>role {@code tutor}: subjects {@link #tutorId()} as {@code account_id} and {@link
 *       #tutorEmail()} as {@code email}; field {@link #tutorNote()} as {@code
 *       user.content.private}, about the tutor;
 *   <li>role {@code student}: subjects {@link #studentId()} as {@code account_id} and {@link
 *       #studentEmail()} as {@code email}; field {@link #studentRating()} as {@code
 *       user.content.rating}, about the student;
 *   <li>field {@link #topic()} as {@code user.content}, about everyone on the row;
 *   <li>anchor: {@link #createdAt()} as {@code collected}.
 * </ul>
 *
 * <p>Every column of a role may be null, so that a person can be taken off a lesson. With a {@link
 * io.lethe.core.store.jdbc.JdbcMapping}: {@code subjectInRole("tutor", "tutor_id", ACCOUNT_ID)},
 * {@code subjectInRole("tutor", "tutor_email", EMAIL)}, {@code fieldOfRole("tutor", "tutor_note",
 * "user.content.private")}, and the same for the student.
 *
 * @param id the key
 * @param tutorId the tutor's account id, may be null
 * @param tutorEmail the tutor's email, may be null
 * @param studentId the student's account id, may be null
 * @param studentEmail the student's email, may be null
 * @param topic what the lesson is about, may be null
 * @param tutorNote the tutor's note, may be null
 * @param studentRating the student's rating of the lesson, may be null
 * @param createdAt when the row was collected
 */
public record ContractLesson(
    long id,
    String tutorId,
    String tutorEmail,
    String studentId,
    String studentEmail,
    String topic,
    String tutorNote,
    String studentRating,
    Instant createdAt) {

  /** Rejects a missing creation time. */
  public ContractLesson {
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Hides the personal values. */
  @Override
  public String toString() {
    return "ContractLesson[id=" + id + "]";
  }
}
