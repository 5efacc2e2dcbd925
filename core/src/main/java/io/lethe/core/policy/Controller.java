package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;

/**
 * Who is responsible for the processing, and how to reach them.
 *
 * <p>A controller states a {@code contact} where privacy requests go. Where the published notice
 * hides that address (a web page whose e-mail protection shows a placeholder instead), the policy
 * says so with {@code contactHidden} and states no contact, rather than copying the placeholder;
 * the lint then reports that subjects cannot reach the controller from the notice.
 *
 * @param name the controller's name
 * @param contact where privacy requests go, such as an email address; null only where {@code
 *     contactHidden} is true
 * @param website the service's address; may be null
 * @param representative the EU or UK representative (Art. 27), if any
 * @param dpo the data protection officer's contact (Art. 37), if any
 * @param contactHidden true where the published notice hides the contact address
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Controller(
    @NotBlank(message = "the controller needs a name") String name,
    String contact,
    String website,
    String representative,
    String dpo,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean contactHidden) {

  /**
   * A controller with every field but {@code contactHidden}, which is false.
   *
   * @param name its name
   * @param contact where privacy requests go
   * @param website the service's address; may be null
   * @param representative the EU or UK representative (Art. 27), if any
   * @param dpo the data protection officer's contact (Art. 37), if any
   */
  public Controller(
      String name, String contact, String website, String representative, String dpo) {
    this(name, contact, website, representative, dpo, false);
  }

  /**
   * A controller with a name and a contact.
   *
   * @param name its name
   * @param contact where privacy requests go
   * @return the controller
   */
  public static Controller of(String name, String contact) {
    return new Controller(name, contact, null, null, null, false);
  }

  /**
   * A controller whose published notice hides its contact address.
   *
   * @param name its name
   * @return the controller, with no contact and {@code contactHidden} true
   */
  public static Controller withHiddenContact(String name) {
    return new Controller(name, null, null, null, null, true);
  }
}
