/** Stores for tests: an in-memory store and the contract every store implementation must pass. */
package io.lethe.testkit.store;
