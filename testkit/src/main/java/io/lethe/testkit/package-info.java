/** Test helpers for hosts of Lethe: a settable clock for time travel. */
package io.lethe.testkit;
