/**
 * Failure messages of Lethe's assertions, one factory per assertion, in the style of AssertJ's own
 * {@code org.assertj.core.error} package.
 *
 * <p>Every message names policy ids, store names, categories, rule ids, periods, recipient keys and
 * counts. None prints a personal value, a record key or a subject identifier: a failing compliance
 * test must not leak the data it guards into build logs.
 */
package io.lethe.testkit.assertions.error;
