/**
 * For hosts' test suites: AssertJ assertions on Lethe's results, the store and consent-ledger
 * contract kits, an in-memory store and a settable clock.
 */
module io.lethe.testkit {
  requires transitive io.lethe.core;
  requires static transitive io.lethe.consent;
  requires transitive org.assertj.core;
  requires transitive org.junit.jupiter.api;
  requires com.fasterxml.jackson.databind;

  exports io.lethe.testkit;
  exports io.lethe.testkit.assertions;
  exports io.lethe.testkit.assertions.api;
  exports io.lethe.testkit.assertions.error;
  exports io.lethe.testkit.consent;
  exports io.lethe.testkit.store;

  // JUnit runs the contract kits' test methods in hosts' subclasses.
  opens io.lethe.testkit.consent to
      org.junit.platform.commons;
  opens io.lethe.testkit.store to
      org.junit.platform.commons;
}
