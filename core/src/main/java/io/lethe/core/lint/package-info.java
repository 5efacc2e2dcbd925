/**
 * A lint for privacy policies: checks that go beyond what a valid policy must satisfy and report
 * what a reader, an auditor or a regulator would ask about.
 *
 * <p>{@link io.lethe.core.lint.PolicyLint#standard()} runs every rule of {@link
 * io.lethe.core.lint.LintRules}; {@link io.lethe.core.lint.PolicyLint#allowing(String...)} leaves
 * named rules out. Each {@link io.lethe.core.lint.LintFinding} has a severity, a path in the policy
 * and a one-line explanation citing the article or promise it rests on:
 *
 * <pre>{@code
 * List<LintFinding> findings = PolicyLint.standard().lint(policy);
 * assertThat(PolicyLint.allowing("location-not-stated").lint(policy)).isEmpty();
 * }</pre>
 *
 * <p>The rules (ids are stable):
 *
 * <ul>
 *   <li>{@code category-without-retention}: a category used by a purpose or a recipient that no
 *       retention rule governs (GDPR Art. 13(2)(a));
 *   <li>{@code retention-without-period}: a rule with no maximum, only criteria or a floor;
 *   <li>{@code indefinite-personal-data}: indefinite retention of data not anonymized (Art.
 *       5(1)(e));
 *   <li>{@code purpose-without-basis}, {@code consent-without-notice}: Art. 6(1), Art. 7(1);
 *   <li>{@code legitimate-interest-without-objection-route}: Art. 21;
 *   <li>{@code transfer-without-safeguard}, {@code location-not-stated}, {@code
 *       processor-without-dpa}: Chapter V, Art. 13(1)(f), Art. 28(3);
 *   <li>{@code deadline-longer-than-law}, {@code no-response-deadline}: Art. 12(3), CCPA §1798.130;
 *   <li>{@code special-category-without-art9-condition}: Art. 9(2);
 *   <li>{@code consent-cookie-without-notice}: ePrivacy Directive Art. 5(3);
 *   <li>{@code sale-or-sharing-mismatch}: what the policy says about selling and sharing disagrees
 *       with the recipients it marks (CCPA §1798.120);
 *   <li>{@code sale-or-sharing-purpose-unmarked}: the policy sells or shares personal data but no
 *       purpose lists the matching opt-out, so an opt-out preference signal cannot be honoured
 *       (CCPA §1798.135);
 *   <li>{@code consent-without-withdrawal}: a purpose rests on consent but the rights under a GDPR
 *       jurisdiction omit withdrawing it (Art. 7(3));
 *   <li>{@code contact-hidden}: the published notice hides the controller's contact (Art.
 *       13(1)(a)).
 * </ul>
 *
 * <p>Policies that pass validation never trigger {@code purpose-without-basis}, {@code
 * consent-without-notice}, {@code indefinite-personal-data}, {@code transfer-without-safeguard} or
 * {@code deadline-longer-than-law}; the lint keeps them as a second line of defence.
 */
package io.lethe.core.lint;
