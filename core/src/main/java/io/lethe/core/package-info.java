/**
 * Lethe's root: the exception hierarchy ({@link io.lethe.core.LetheException}) and the violations
 * that an invalid policy reports.
 */
package io.lethe.core;
