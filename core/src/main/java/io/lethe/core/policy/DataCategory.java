package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A kind of data in the category hierarchy, built in or added by a policy.
 *
 * <p>Flags are inherited: a category below a special category is special too, and so is one below
 * an anonymized category. {@link Taxonomy} answers the inherited value.
 *
 * @param key the hierarchical key, such as {@code user.contact.email}
 * @param name a short human-readable name
 * @param description what the category covers; may be null
 * @param dpvTerm the matching W3C DPV personal-data term (local name in {@code
 *     https://w3id.org/dpv/pd#}, such as {@code EmailAddress}); null where DPV has none
 * @param specialCategory whether this is special-category data (GDPR Art. 9) or criminal data (Art.
 *     10)
 * @param anonymized whether this is anonymized or aggregate data, which is not personal data
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record DataCategory(
    @NotNull(message = "every category needs a key") CategoryKey key,
    @NotBlank(message = "every category needs a name") String name,
    String description,
    @Pattern(
            regexp = "[A-Za-z][A-Za-z0-9]*",
            message = "must be a DPV term's local name, such as EmailAddress")
        String dpvTerm,
    boolean specialCategory,
    boolean anonymized) {

  /** The namespace of {@link #dpvTerm()}. */
  public static final String DPV_PD_NAMESPACE = "https://w3id.org/dpv/pd#";

  /**
   * A personal, non-special category.
   *
   * @param key the dotted key
   * @param name a short name
   * @return the category
   */
  public static DataCategory of(String key, String name) {
    return new DataCategory(CategoryKey.of(key), name, null, null, false, false);
  }

  /**
   * A category holding anonymized or aggregate data, which may be kept indefinitely.
   *
   * @param key the dotted key
   * @param name a short name
   * @return the category
   */
  public static DataCategory anonymized(String key, String name) {
    return new DataCategory(CategoryKey.of(key), name, null, null, false, true);
  }

  /**
   * Returns this category with a description.
   *
   * @param text what the category covers
   * @return a copy
   */
  public DataCategory describedAs(String text) {
    return new DataCategory(key, name, text, dpvTerm, specialCategory, anonymized);
  }

  /**
   * Returns this category mapped to a W3C DPV personal-data term.
   *
   * @param term local name in {@link #DPV_PD_NAMESPACE}
   * @return a copy
   */
  public DataCategory withDpvTerm(String term) {
    return new DataCategory(key, name, description, term, specialCategory, anonymized);
  }

  /** {@return this category's DPV term as a full IRI, or null if it has none} */
  public String dpvIri() {
    return dpvTerm == null ? null : DPV_PD_NAMESPACE + dpvTerm;
  }
}
