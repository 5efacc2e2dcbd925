package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;

/**
 * Who is responsible for the processing, and how to reach them.
 *
 * @param name the controller's name
 * @param contact where privacy requests go, such as an email address
 * @param website the service's address; may be null
 * @param representative the EU or UK representative (Art. 27), if any
 * @param dpo the data protection officer's contact (Art. 37), if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Controller(
    @NotBlank(message = "the controller needs a name") String name,
    @NotBlank(message = "the controller needs a contact for privacy requests") String contact,
    String website,
    String representative,
    String dpo) {

  /**
   * A controller with a name and a contact.
   *
   * @param name its name
   * @param contact where privacy requests go
   * @return the controller
   */
  public static Controller of(String name, String contact) {
    return new Controller(name, contact, null, null, null);
  }
}
