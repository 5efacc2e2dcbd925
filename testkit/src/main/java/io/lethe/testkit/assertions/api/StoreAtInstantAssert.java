package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldHoldNothingPastRetention.expired;
import static io.lethe.testkit.assertions.error.ShouldHoldNothingPastRetention.shouldHoldNothingPastRetention;
import static io.lethe.testkit.assertions.error.ShouldHoldNothingPastRetention.unknownAnchor;

import io.lethe.core.policy.AnchorRange;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.StoreDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Assertions on a store at a fixed instant, obtained from {@link StoreAssert#at(java.time.Clock)}.
 */
public class StoreAtInstantAssert extends AbstractStoreAssert<StoreAtInstantAssert> {

  private final Instant at;

  /**
   * Creates the assertion.
   *
   * @param actual the store
   * @param at the instant of the check
   */
  public StoreAtInstantAssert(PersonalDataStore actual, Instant at) {
    super(actual, StoreAtInstantAssert.class);
    this.at = Objects.requireNonNull(at, "at");
  }

  /**
   * Verifies that the store holds no data whose maximum retention has run out: for each category
   * the store holds (its record category and each field category) that a rule with a finite maximum
   * governs, the store counts no expired record in any of the rule's expired anchor ranges, as a
   * sweep at this instant would query them. Records of an anonymizing rule that were anonymized
   * already do not count. Categories the policy does not define or gives no finite maximum are not
   * checked here (the lint reports them). Fails when a rule counts from an anchor the store cannot
   * report.
   *
   * @param policy the policy the store must comply with
   * @return this assertion
   */
  public StoreAtInstantAssert holdsNothingPastRetention(PrivacyPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    isNotNull();
    StoreDescriptor descriptor = actual.descriptor();
    List<String> findings = new ArrayList<>();
    for (CategoryKey category : descriptor.categories()) {
      if (!policy.taxonomy().contains(category)) {
        continue;
      }
      RetentionRule rule = policy.ruleFor(category).orElse(null);
      if (rule == null || !rule.hasFiniteMaximum()) {
        continue;
      }
      if (!descriptor.supports(rule.anchor())) {
        findings.add(unknownAnchor(category.value(), rule.id(), rule.anchor()));
        continue;
      }
      List<AnchorRange> ranges = rule.maximum().expiredAnchorRanges(at, policy.timeZone());
      long count = 0;
      for (AnchorRange range : ranges) {
        ExpiryQuery query =
            new ExpiryQuery(
                    category, rule.anchor(), range.to(), Set.of(), null, Integer.MAX_VALUE, false)
                .within(range);
        if (rule.action() == io.lethe.core.policy.ExpiryAction.ANONYMIZE) {
          query = query.withoutAnonymized();
        }
        count += actual.countExpired(query);
      }
      if (count > 0) {
        findings.add(expired(category.value(), rule.id(), rule.maximum(), rule.anchor(), count));
      }
    }
    if (!findings.isEmpty()) {
      throwAssertionError(shouldHoldNothingPastRetention(actual.name(), policy.id(), at, findings));
    }
    return myself;
  }
}
