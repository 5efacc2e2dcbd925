package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A kind of data subject the policy covers, and how such a subject is identified.
 *
 * @param key id used by purposes, such as {@code customer}
 * @param kind what kind of person this is
 * @param description who this is, in the policy's words; may be null
 * @param identifiedBy the identifiers that link this subject's records, such as {@code email} and
 *     {@code account_id}, or only {@code tracking_id} for an anonymous buyer
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SubjectType(
    @NotNull(message = "every subject type needs a key")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String key,
    @NotNull(message = "every subject type needs a kind") SubjectKind kind,
    String description,
    List<@NotNull IdentifierType> identifiedBy) {

  /** Copies the list. */
  public SubjectType {
    identifiedBy = Copies.list(identifiedBy);
  }

  /**
   * A subject type identified by the given identifiers.
   *
   * @param key id used by purposes
   * @param kind what kind of person
   * @param identifiedBy how records link to the subject
   * @return the subject type
   */
  public static SubjectType of(String key, SubjectKind kind, IdentifierType... identifiedBy) {
    return new SubjectType(key, kind, null, List.of(identifiedBy));
  }

  /**
   * Returns this subject type with a description.
   *
   * @param text who this is
   * @return a copy
   */
  public SubjectType describedAs(String text) {
    return new SubjectType(key, kind, text, identifiedBy);
  }
}
