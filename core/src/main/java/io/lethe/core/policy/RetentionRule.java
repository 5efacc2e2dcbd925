package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the data of some categories may live, and what happens when that time is up.
 *
 * <p>A rule governs its categories and their descendants, unless a descendant has a rule of its
 * own: the most specific rule wins. Its clock starts at the {@link #anchor()}. The {@link
 * #maximum()} says when the data must be gone; the {@link #minimum()} is a legal floor before which
 * nothing, not even an erasure request, removes it. A rule states at least one of the two, or, for
 * a policy that gives no period, the {@link #criteria()} it gives instead (GDPR Art. 13(2)(a)).
 *
 * <p>Built with {@link #builder(String)}; validated as part of a {@link PrivacyPolicy}.
 *
 * @param id the rule's id, used in audit entries and reports
 * @param categories the categories it governs
 * @param anchor when the clock starts; default {@link Anchor#COLLECTED}
 * @param maximum how long after the anchor the data must be gone; {@code indefinite} only for
 *     anonymized or aggregate data; null when the policy gives no maximum
 * @param minimum how long after the anchor the data must be kept (legal floor); null if none
 * @param action what happens at expiry; default {@link ExpiryAction#DELETE}
 * @param anonymize for {@code anonymize}, the strategy per category
 * @param aggregator for {@code aggregate_then_delete}, the name of the host hook that aggregates
 * @param basis the lawful basis for keeping the data, required with a minimum
 * @param legalReference the law or obligation behind a minimum, in the policy's words
 * @param criteria the criteria that determine the period where the policy gives none
 * @param note the policy's own words where they are vague or qualified
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record RetentionRule(
    @NotNull(message = "every retention rule needs an id")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String id,
    List<@NotNull CategoryKey> categories,
    Anchor anchor,
    RetentionPeriod maximum,
    RetentionPeriod minimum,
    ExpiryAction action,
    Map<@NotNull CategoryKey, @NotNull FieldStrategy> anonymize,
    String aggregator,
    LawfulBasis basis,
    String legalReference,
    String criteria,
    String note) {

  /** Copies collections and applies the defaults for anchor and action. */
  public RetentionRule {
    categories = Copies.list(categories);
    anchor = anchor == null ? Anchor.COLLECTED : anchor;
    action = action == null ? ExpiryAction.DELETE : action;
    anonymize = Copies.map(anonymize);
  }

  /** {@return whether the rule sets a finite maximum, after which data must be gone} */
  public boolean hasFiniteMaximum() {
    return maximum != null && !maximum.isIndefinite();
  }

  /**
   * Starts a rule.
   *
   * @param id the rule's id
   * @return a builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Fluent builder for {@link RetentionRule}. */
  public static final class Builder {
    private final String id;
    private final List<CategoryKey> categories = new ArrayList<>();
    private Anchor anchor = Anchor.COLLECTED;
    private RetentionPeriod maximum;
    private RetentionPeriod minimum;
    private ExpiryAction action = ExpiryAction.DELETE;
    private final Map<CategoryKey, FieldStrategy> anonymize = new LinkedHashMap<>();
    private String aggregator;
    private LawfulBasis basis;
    private String legalReference;
    private String criteria;
    private String note;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets categories.
     *
     * @param keys the categories governed
     * @return this builder
     */
    public Builder categories(String... keys) {
      categories.addAll(Copies.keys(keys));
      return this;
    }

    /**
     * Sets anchor.
     *
     * @param anchor when the clock starts
     * @return this builder
     */
    public Builder anchor(Anchor anchor) {
      this.anchor = anchor;
      return this;
    }

    /**
     * Sets anchored on.
     *
     * @param event the lifecycle event starting the clock
     * @return this builder
     */
    public Builder anchoredOn(String event) {
      return anchor(Anchor.event(event));
    }

    /**
     * Sets maximum.
     *
     * @param period the maximum
     * @return this builder
     */
    public Builder maximum(RetentionPeriod period) {
      this.maximum = period;
      return this;
    }

    /**
     * Sets maximum.
     *
     * @param iso the maximum, such as {@code P90D} or {@code indefinite}
     * @return this builder
     */
    public Builder maximum(String iso) {
      return maximum(RetentionPeriod.parse(iso));
    }

    /**
     * Sets minimum.
     *
     * @param period the legal floor
     * @return this builder
     */
    public Builder minimum(RetentionPeriod period) {
      this.minimum = period;
      return this;
    }

    /**
     * Sets minimum.
     *
     * @param iso the legal floor, such as {@code P5Y}
     * @return this builder
     */
    public Builder minimum(String iso) {
      return minimum(RetentionPeriod.parse(iso));
    }

    /**
     * Sets action.
     *
     * @param action what happens at expiry
     * @return this builder
     */
    public Builder action(ExpiryAction action) {
      this.action = action;
      return this;
    }

    /**
     * Makes the rule anonymize, with a strategy for one category; call again for more.
     *
     * @param category the category
     * @param strategy how its values are replaced
     * @return this builder
     */
    public Builder anonymize(String category, FieldStrategy strategy) {
      this.action = ExpiryAction.ANONYMIZE;
      anonymize.put(CategoryKey.of(category), strategy);
      return this;
    }

    /**
     * Makes the rule aggregate then delete, through the named host hook.
     *
     * @param hook the aggregator's name
     * @return this builder
     */
    public Builder aggregateWith(String hook) {
      this.action = ExpiryAction.AGGREGATE_THEN_DELETE;
      this.aggregator = hook;
      return this;
    }

    /**
     * Sets basis.
     *
     * @param basis the basis for keeping
     * @return this builder
     */
    public Builder basis(LawfulBasis basis) {
      this.basis = basis;
      return this;
    }

    /**
     * Sets legal reference.
     *
     * @param text the law behind a floor
     * @return this builder
     */
    public Builder legalReference(String text) {
      this.legalReference = text;
      return this;
    }

    /**
     * Sets criteria.
     *
     * @param text the criteria where no period is given
     * @return this builder
     */
    public Builder criteria(String text) {
      this.criteria = text;
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
     * Builds the rule; it is validated when its policy is built.
     *
     * @return the rule
     */
    public RetentionRule build() {
      return new RetentionRule(
          id,
          categories,
          anchor,
          maximum,
          minimum,
          action,
          anonymize,
          aggregator,
          basis,
          legalReference,
          criteria,
          note);
    }
  }
}
