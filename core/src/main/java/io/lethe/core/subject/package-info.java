/** Data-subject identity: identifier references that never print their value, and keyed hashes. */
package io.lethe.core.subject;
