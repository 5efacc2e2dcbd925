/** The consent engine's implementation. Not API: may change in any release. */
package io.lethe.consent.internal;
