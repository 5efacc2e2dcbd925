package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.List;

/**
 * A versioned notice that asks for consent to some purposes. A consent ledger records which version
 * a subject agreed to.
 *
 * @param id the notice's id, referred to by purposes and cookies
 * @param version the notice's version; a new version may need consent again
 * @param purposes the purposes it asks consent for
 * @param effective when this version took effect; may be null
 * @param text the notice's words or a link to them; may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConsentNotice(
    @NotNull(message = "every consent notice needs an id")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String id,
    @NotBlank(message = "every consent notice needs a version") String version,
    List<@NotNull String> purposes,
    LocalDate effective,
    String text) {

  /** Copies the list. */
  public ConsentNotice {
    purposes = Copies.list(purposes);
  }

  /**
   * A notice asking consent for the given purposes.
   *
   * @param id the notice's id
   * @param version its version
   * @param purposes the purposes' keys
   * @return the notice
   */
  public static ConsentNotice of(String id, String version, String... purposes) {
    return new ConsentNotice(id, version, List.of(purposes), null, null);
  }
}
