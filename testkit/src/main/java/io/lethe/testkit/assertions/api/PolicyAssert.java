package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldDefineCategory.shouldDefineCategory;
import static io.lethe.testkit.assertions.error.ShouldHaveRuleFor.shouldHaveRuleFor;

import io.lethe.core.lint.LintFinding;
import io.lethe.core.lint.PolicyLint;
import io.lethe.core.lint.Severity;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.testkit.assertions.error.ShouldPassLint;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link PrivacyPolicy}: which rules it has, and through {@link #category(String)},
 * what it promises about one category.
 *
 * <pre>{@code
 * assertThat(policy).category("user.device.ip_address").isRetainedAtMost(Period.ofMonths(12));
 * assertThat(policy).hasRuleFor("user.contact.email");
 * }</pre>
 */
public class PolicyAssert extends AbstractAssert<PolicyAssert, PrivacyPolicy> {

  /**
   * Creates the assertion; prefer {@code LetheAssertions.assertThat(policy)}.
   *
   * @param actual the policy
   */
  public PolicyAssert(PrivacyPolicy actual) {
    super(actual, PolicyAssert.class);
  }

  /**
   * Verifies that a retention rule governs the category, naming it or one of its ancestors.
   *
   * @param category the dotted category key
   * @return this assertion
   */
  public PolicyAssert hasRuleFor(String category) {
    return hasRuleFor(CategoryKey.of(category));
  }

  /**
   * Verifies that a retention rule governs the category, naming it or one of its ancestors.
   *
   * @param category the category
   * @return this assertion
   */
  public PolicyAssert hasRuleFor(CategoryKey category) {
    requireKnown(category);
    if (actual.ruleFor(category).isEmpty()) {
      throwAssertionError(shouldHaveRuleFor(actual.id(), category.value()));
    }
    return myself;
  }

  /**
   * Verifies that {@link PolicyLint#standard()} finds nothing at warning level or above.
   *
   * @return this assertion
   */
  public PolicyAssert passesLint() {
    return passesLintAllowing();
  }

  /**
   * Verifies that the standard lint finds nothing at warning level or above, apart from the named
   * rules, which the policy knowingly accepts.
   *
   * @param ruleIds the ids of the rules whose findings are allowed
   * @return this assertion
   */
  public PolicyAssert passesLintAllowing(String... ruleIds) {
    List<LintFinding> findings =
        PolicyLint.allowing(ruleIds).lint(actual).stream()
            .filter(f -> f.severity() != Severity.INFO)
            .toList();
    if (!findings.isEmpty()) {
      throwAssertionError(ShouldPassLint.shouldPassLint(actual.id(), findings));
    }
    return myself;
  }

  /**
   * Switches to assertions on what the policy says about one category.
   *
   * @param category the dotted category key
   * @return assertions on that category; they fail if the policy does not define it
   */
  public CategoryAssert category(String category) {
    return category(CategoryKey.of(category));
  }

  /**
   * Switches to assertions on what the policy says about one category.
   *
   * @param category the category
   * @return assertions on that category; they fail if the policy does not define it
   */
  public CategoryAssert category(CategoryKey category) {
    isNotNull();
    requireKnown(category);
    return new CategoryAssert(actual, category);
  }

  private void requireKnown(CategoryKey category) {
    isNotNull();
    if (!actual.taxonomy().contains(category)) {
      throwAssertionError(shouldDefineCategory(actual.id(), category.value()));
    }
  }
}
