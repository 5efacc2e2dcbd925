package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A recipient of personal data: a processor, an independent controller, an authority.
 *
 * <p>Built with {@link #builder(String)}; validated as part of a {@link PrivacyPolicy}.
 *
 * @param key id, such as {@code email-provider}
 * @param name the recipient's name, or a description where the policy does not name it
 * @param role what the recipient is to the controller
 * @param categories the categories it receives
 * @param purposes the purposes it serves
 * @param location where it processes data; null where the policy does not say
 * @param safeguards the Chapter V grounds for a transfer outside the EEA
 * @param dpa whether a data processing agreement binds it
 * @param sale whether the controller sells it personal data: discloses it for money or other
 *     valuable consideration (CCPA/CPRA, Cal. Civ. Code §1798.140(ad)); a CCPA opt-out blocks every
 *     disclosure to it
 * @param sharing whether the controller shares personal data with it for cross-context behavioral
 *     advertising (§1798.140(ah)); a CCPA opt-out blocks every disclosure to it
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Recipient(
    @NotNull(message = "every recipient needs a key")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String key,
    @NotBlank(message = "every recipient needs a name") String name,
    @NotNull(message = "every recipient needs a role") RecipientRole role,
    List<@NotNull CategoryKey> categories,
    List<@NotNull String> purposes,
    Location location,
    List<@NotNull TransferSafeguard> safeguards,
    DpaStatus dpa,
    boolean sale,
    boolean sharing,
    String note) {

  /** Copies the lists; a missing DPA status means {@link DpaStatus#NOT_STATED}. */
  public Recipient {
    categories = Copies.list(categories);
    purposes = Copies.list(purposes);
    safeguards = Copies.list(safeguards);
    dpa = dpa == null ? DpaStatus.NOT_STATED : dpa;
  }

  /**
   * {@return whether a CCPA opt-out of sale and sharing covers disclosures to this recipient: it is
   * sold or shared to}
   */
  public boolean soldOrShared() {
    return sale || sharing;
  }

  /** {@return whether this recipient may receive data outside the EEA} */
  public boolean mayReceiveOutsideEea() {
    return location != null && location.mayLeaveEea();
  }

  /**
   * Starts a recipient.
   *
   * @param key the recipient's id
   * @return a builder
   */
  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** Fluent builder for {@link Recipient}. */
  public static final class Builder {
    private final String key;
    private String name;
    private RecipientRole role = RecipientRole.PROCESSOR;
    private final List<CategoryKey> categories = new ArrayList<>();
    private final List<String> purposes = new ArrayList<>();
    private Location location;
    private final List<TransferSafeguard> safeguards = new ArrayList<>();
    private DpaStatus dpa = DpaStatus.NOT_STATED;
    private boolean sale;
    private boolean sharing;
    private String note;

    private Builder(String key) {
      this.key = key;
    }

    /**
     * Sets name.
     *
     * @param name the recipient's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets role.
     *
     * @param role the recipient's role; default {@code PROCESSOR}
     * @return this builder
     */
    public Builder role(RecipientRole role) {
      this.role = role;
      return this;
    }

    /**
     * Sets categories.
     *
     * @param keys category keys it receives
     * @return this builder
     */
    public Builder categories(String... keys) {
      categories.addAll(Copies.keys(keys));
      return this;
    }

    /**
     * Sets purposes.
     *
     * @param keys purpose keys it serves
     * @return this builder
     */
    public Builder purposes(String... keys) {
      purposes.addAll(List.of(keys));
      return this;
    }

    /**
     * Sets location.
     *
     * @param code country code or region
     * @return this builder
     */
    public Builder location(String code) {
      this.location = Location.of(code);
      return this;
    }

    /**
     * Sets safeguards.
     *
     * @param values transfer safeguards
     * @return this builder
     */
    public Builder safeguards(TransferSafeguard... values) {
      safeguards.addAll(List.of(values));
      return this;
    }

    /**
     * Sets dpa.
     *
     * @param status whether a DPA is in place
     * @return this builder
     */
    public Builder dpa(DpaStatus status) {
      this.dpa = status;
      return this;
    }

    /**
     * Marks the recipient as one the controller sells personal data to (CCPA §1798.140(ad)).
     *
     * @param value whether it is sold to; default false
     * @return this builder
     */
    public Builder sale(boolean value) {
      this.sale = value;
      return this;
    }

    /**
     * Marks the recipient as one the controller shares personal data with for cross-context
     * behavioral advertising (CCPA §1798.140(ah)).
     *
     * @param value whether it is shared with; default false
     * @return this builder
     */
    public Builder sharing(boolean value) {
      this.sharing = value;
      return this;
    }

    /**
     * Sets note.
     *
     * @param text the policy's own words
     * @return this builder
     */
    public Builder note(String text) {
      this.note = text;
      return this;
    }

    /**
     * Builds the recipient; it is validated when its policy is built.
     *
     * @return the recipient
     */
    public Recipient build() {
      return new Recipient(
          key, name, role, categories, purposes, location, safeguards, dpa, sale, sharing, note);
    }
  }
}
