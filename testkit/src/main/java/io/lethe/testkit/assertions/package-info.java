/**
 * Compliance as tests: AssertJ assertions on privacy policies, personal data stores, erasure
 * receipts and access export packages.
 *
 * <p>Start from {@link io.lethe.testkit.assertions.LetheAssertions}:
 *
 * <pre>{@code
 * import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
 *
 * assertThat(policy).category("user.device.ip_address").isRetainedAtMost(Period.ofMonths(12));
 * assertThat(store).at(clock).holdsNothingPastRetention(policy);
 * assertThat(receipt).isComplete().notifies("mailer");
 * assertThatExport(bytes).against(accounts, orders).containsEveryCategoryOf(subject)
 *     .containsNoOtherSubject();
 * }</pre>
 *
 * <p>Failure messages name policy ids, store names, categories, rules, periods and counts, never a
 * personal value, a record key or a subject identifier.
 */
package io.lethe.testkit.assertions;
