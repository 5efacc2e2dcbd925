/**
 * The contract every consent ledger implementation must pass, {@link
 * io.lethe.testkit.consent.ConsentLedgerContractTest}. Needs {@code lethe-consent}, which the test
 * kit depends on optionally: a host that keeps consent has it already.
 */
package io.lethe.testkit.consent;
