package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldBeProtectedAtLeast.shouldBeProtectedAtLeast;
import static io.lethe.testkit.assertions.error.ShouldBeProtectedAtLeast.shouldHaveMinimum;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAtMost.shouldBeRetainedAtMost;
import static io.lethe.testkit.assertions.error.ShouldBeRetainedAtMost.shouldHaveFiniteMaximum;
import static io.lethe.testkit.assertions.error.ShouldBeSharedOnlyWith.shouldBeSharedOnlyWith;
import static io.lethe.testkit.assertions.error.ShouldHaveLawfulBasis.shouldHaveLawfulBasis;
import static io.lethe.testkit.assertions.error.ShouldHaveRuleFor.shouldHaveRuleFor;
import static io.lethe.testkit.assertions.error.ShouldNotBeTransferredOutsideEea.shouldNotBeTransferredOutsideEea;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RetentionPeriod;
import io.lethe.core.policy.RetentionRule;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a policy says about one category: the retention rule that governs it (the rule
 * naming it, else the rule of its nearest ancestor), the purposes that use it and the recipients
 * that receive it (those naming it, an ancestor or a descendant). Obtained from {@link
 * PolicyAssert#category(String)}; the actual value is the category key.
 */
public class CategoryAssert extends AbstractAssert<CategoryAssert, CategoryKey> {

  private final PrivacyPolicy policy;

  /**
   * Creates the assertion.
   *
   * @param policy the policy; must define the category
   * @param category the category
   */
  public CategoryAssert(PrivacyPolicy policy, CategoryKey category) {
    super(category, CategoryAssert.class);
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Verifies that the governing rule has a finite maximum that cannot be longer than {@code limit}
   * for any start date ({@code P1M} may exceed {@code P30D}).
   *
   * @param limit the longest acceptable retention
   * @return this assertion
   */
  public CategoryAssert isRetainedAtMost(Period limit) {
    return isRetainedAtMost(RetentionPeriod.of(limit));
  }

  /**
   * Verifies that the governing rule has a finite maximum not longer than {@code limit}.
   *
   * @param limit the longest acceptable retention
   * @return this assertion
   */
  public CategoryAssert isRetainedAtMost(Duration limit) {
    return isRetainedAtMost(RetentionPeriod.of(limit));
  }

  /**
   * Verifies that the governing rule has a finite maximum that cannot exceed {@code limit}.
   *
   * @param limit the longest acceptable retention
   * @return this assertion
   */
  public CategoryAssert isRetainedAtMost(RetentionPeriod limit) {
    Objects.requireNonNull(limit, "limit");
    RetentionRule rule = governingRule();
    RetentionPeriod maximum = rule.maximum();
    if (!rule.hasFiniteMaximum()) {
      throwAssertionError(
          shouldHaveFiniteMaximum(policy.id(), actual.value(), rule.id(), maximum, limit));
    }
    if (maximum.mayExceed(limit)) {
      throwAssertionError(
          shouldBeRetainedAtMost(policy.id(), actual.value(), rule.id(), maximum, limit));
    }
    return myself;
  }

  /**
   * Verifies that the governing rule keeps a legal floor of at least {@code floor} for every start
   * date.
   *
   * @param floor the shortest acceptable minimum
   * @return this assertion
   */
  public CategoryAssert isProtectedAtLeast(Period floor) {
    return isProtectedAtLeast(RetentionPeriod.of(floor));
  }

  /**
   * Verifies that the governing rule keeps a legal floor of at least {@code floor}.
   *
   * @param floor the shortest acceptable minimum
   * @return this assertion
   */
  public CategoryAssert isProtectedAtLeast(RetentionPeriod floor) {
    Objects.requireNonNull(floor, "floor");
    RetentionRule rule = governingRule();
    RetentionPeriod minimum = rule.minimum();
    if (minimum == null) {
      throwAssertionError(shouldHaveMinimum(policy.id(), actual.value(), rule.id(), floor));
    }
    if (floor.mayExceed(minimum)) {
      throwAssertionError(
          shouldBeProtectedAtLeast(policy.id(), actual.value(), rule.id(), minimum, floor));
    }
    return myself;
  }

  /**
   * Verifies that some purpose using the category has the given lawful basis.
   *
   * @param basis the expected basis
   * @return this assertion
   */
  public CategoryAssert hasLawfulBasis(LawfulBasis basis) {
    Objects.requireNonNull(basis, "basis");
    List<Purpose> purposes = policy.purposesUsing(actual);
    if (purposes.stream().noneMatch(p -> p.basis() == basis)) {
      throwAssertionError(
          shouldHaveLawfulBasis(
              policy.id(),
              actual.value(),
              basis,
              purposes.stream().map(p -> p.key() + " (" + p.basis() + ")").toList()));
    }
    return myself;
  }

  /**
   * Verifies that every recipient of the category is one of the given ones; receiving it is not
   * required of them.
   *
   * @param recipients the keys of the allowed recipients
   * @return this assertion
   */
  public CategoryAssert isSharedOnlyWith(String... recipients) {
    List<String> allowed = List.of(recipients);
    Set<String> allowedSet = Set.copyOf(allowed);
    List<String> unexpected =
        policy.recipientsOf(actual).stream()
            .map(Recipient::key)
            .filter(key -> !allowedSet.contains(key))
            .toList();
    if (!unexpected.isEmpty()) {
      throwAssertionError(shouldBeSharedOnlyWith(policy.id(), actual.value(), allowed, unexpected));
    }
    return myself;
  }

  /**
   * Verifies that the category is not shared with any recipient that may receive data outside the
   * EEA. Recipients whose location the policy does not state are not counted.
   *
   * @return this assertion
   */
  public CategoryAssert isNotTransferredOutsideEea() {
    List<String> outside =
        policy.recipientsOf(actual).stream()
            .filter(Recipient::mayReceiveOutsideEea)
            .map(p -> p.key() + " (" + p.location() + ")")
            .toList();
    if (!outside.isEmpty()) {
      throwAssertionError(shouldNotBeTransferredOutsideEea(policy.id(), actual.value(), outside));
    }
    return myself;
  }

  /**
   * Verifies that a retention rule governs the category.
   *
   * @return this assertion
   */
  public CategoryAssert hasRule() {
    governingRule();
    return myself;
  }

  private RetentionRule governingRule() {
    RetentionRule rule = policy.ruleFor(actual).orElse(null);
    if (rule == null) {
      throwAssertionError(shouldHaveRuleFor(policy.id(), actual.value()));
    }
    return rule;
  }
}
