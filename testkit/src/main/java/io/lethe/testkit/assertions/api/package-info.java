/**
 * Lethe's assertion classes, in the style of AssertJ's own {@code org.assertj.core.api}: each
 * extends {@link org.assertj.core.api.AbstractAssert} and fails through a message factory of {@link
 * io.lethe.testkit.assertions.error}. Start from {@link
 * io.lethe.testkit.assertions.LetheAssertions}.
 */
package io.lethe.testkit.assertions.api;
