/**
 * The policy model: a {@link io.lethe.core.policy.PrivacyPolicy} and the values it is made of —
 * data categories in a {@link io.lethe.core.policy.Taxonomy}, purposes with their lawful basis,
 * recipients, retention rules, rights profiles, consent notices, cookies and breach promises — plus
 * {@link io.lethe.core.policy.PolicyFiles} to read and write them as YAML or JSON.
 *
 * <p>Every policy is validated when built or read; the query methods are pure functions of the
 * policy and the instants passed in.
 */
package io.lethe.core.policy;
