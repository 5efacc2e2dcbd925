package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What processing is for, on which lawful basis, and which categories it uses.
 *
 * <p>Built with {@link #builder(String)}; validated as part of a {@link PrivacyPolicy}.
 *
 * @param key id used by recipients, notices and requests, such as {@code authentication}
 * @param name a short description in the policy's words
 * @param basis the lawful basis, GDPR Art. 6(1)
 * @param categories the categories this purpose uses
 * @param subjects the subject types whose data it uses; empty means every subject type
 * @param notice for a consent-based purpose, the id of the consent notice that asks for it
 * @param legitimateInterest for a legitimate-interests purpose, the interest pursued
 * @param objectionRoute how a subject objects (Art. 21), such as an address or a setting
 * @param directMarketing whether this is direct marketing, to which an objection is absolute (Art.
 *     21(3))
 * @param optOuts what an opt-out preference signal such as Global Privacy Control stops of this
 *     purpose: a purpose that sells personal data, shares it for cross-context behavioral
 *     advertising or uses it for targeted advertising lists it, so that a signal stops it (CCPA
 *     §1798.120, §1798.135; Colorado Privacy Act); empty if no opt-out stops it; no value twice
 * @param consentRefresh for a consent-based purpose, how long a consent to it lasts before it must
 *     be asked for again, such as {@code P24M}; positive; null if the policy sets no limit of its
 *     own for this purpose (a rights profile may set one per jurisdiction, see {@link
 *     PrivacyPolicy#consentRefresh(String, Jurisdiction)})
 * @param specialCategoryCondition the Art. 9(2) condition when special-category data is used
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Purpose(
    @NotNull(message = "every purpose needs a key")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String key,
    @NotBlank(message = "every purpose needs a name") String name,
    @NotNull(message = "every purpose needs a lawful basis (GDPR Art. 6(1))") LawfulBasis basis,
    List<@NotNull CategoryKey> categories,
    List<@NotNull String> subjects,
    String notice,
    String legitimateInterest,
    String objectionRoute,
    boolean directMarketing,
    List<@NotNull OptOut> optOuts,
    Period consentRefresh,
    Art9Condition specialCategoryCondition,
    String note) {

  /** Copies the lists. */
  public Purpose {
    categories = Copies.list(categories);
    subjects = Copies.list(subjects);
    optOuts = Copies.list(optOuts);
  }

  /**
   * {@return whether an opt-out preference signal stops this purpose, that is whether it lists any
   * {@link #optOuts()}}
   */
  public boolean honoursOptOutSignals() {
    return !optOuts.isEmpty();
  }

  /**
   * {@return how long a consent to this purpose lasts before it must be refreshed, empty if the
   * purpose sets no limit of its own}
   */
  public Optional<Period> refreshAfter() {
    return Optional.ofNullable(consentRefresh);
  }

  /**
   * Starts a purpose.
   *
   * @param key the purpose's id
   * @return a builder
   */
  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** Fluent builder for {@link Purpose}. */
  public static final class Builder {
    private final String key;
    private String name;
    private LawfulBasis basis;
    private final List<CategoryKey> categories = new ArrayList<>();
    private final List<String> subjects = new ArrayList<>();
    private String notice;
    private String legitimateInterest;
    private String objectionRoute;
    private boolean directMarketing;
    private final List<OptOut> optOuts = new ArrayList<>();
    private Period consentRefresh;
    private Art9Condition specialCategoryCondition;
    private String note;

    private Builder(String key) {
      this.key = key;
    }

    /**
     * Sets name.
     *
     * @param name a short description
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets basis.
     *
     * @param basis the lawful basis
     * @return this builder
     */
    public Builder basis(LawfulBasis basis) {
      this.basis = basis;
      return this;
    }

    /**
     * Sets categories.
     *
     * @param keys category keys this purpose uses
     * @return this builder
     */
    public Builder categories(String... keys) {
      categories.addAll(Copies.keys(keys));
      return this;
    }

    /**
     * Sets subjects.
     *
     * @param keys subject type keys
     * @return this builder
     */
    public Builder subjects(String... keys) {
      subjects.addAll(List.of(keys));
      return this;
    }

    /**
     * Sets notice.
     *
     * @param noticeId the consent notice asking for this purpose
     * @return this builder
     */
    public Builder notice(String noticeId) {
      this.notice = noticeId;
      return this;
    }

    /**
     * Sets legitimate interest.
     *
     * @param interest the legitimate interest pursued
     * @return this builder
     */
    public Builder legitimateInterest(String interest) {
      this.legitimateInterest = interest;
      return this;
    }

    /**
     * Sets objection route.
     *
     * @param route how a subject objects
     * @return this builder
     */
    public Builder objectionRoute(String route) {
      this.objectionRoute = route;
      return this;
    }

    /**
     * Sets direct marketing.
     *
     * @param value whether this is direct marketing
     * @return this builder
     */
    public Builder directMarketing(boolean value) {
      this.directMarketing = value;
      return this;
    }

    /**
     * Adds the opt-outs that stop this purpose: what an opt-out preference signal such as Global
     * Privacy Control opts a subject out of.
     *
     * @param values such as {@link OptOut#SALE} and {@link OptOut#TARGETED_ADVERTISING}
     * @return this builder
     */
    public Builder optOuts(OptOut... values) {
      optOuts.addAll(java.util.Arrays.asList(values));
      return this;
    }

    /**
     * Sets how long a consent to this purpose lasts before it must be refreshed; only for a
     * consent-based purpose.
     *
     * @param period a positive period, such as {@code Period.ofMonths(24)}
     * @return this builder
     */
    public Builder consentRefresh(Period period) {
      this.consentRefresh = period;
      return this;
    }

    /**
     * Sets special category condition.
     *
     * @param condition the Art. 9(2) condition
     * @return this builder
     */
    public Builder specialCategoryCondition(Art9Condition condition) {
      this.specialCategoryCondition = condition;
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
     * Builds the purpose; it is validated when its policy is built.
     *
     * @return the purpose
     */
    public Purpose build() {
      return new Purpose(
          key,
          name,
          basis,
          categories,
          subjects,
          notice,
          legitimateInterest,
          objectionRoute,
          directMarketing,
          optOuts,
          consentRefresh,
          specialCategoryCondition,
          note);
    }
  }
}
