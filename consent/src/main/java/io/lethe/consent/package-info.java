/**
 * Consent: a hash-chained ledger of consent choices, opt-out preference signals and identifier
 * links; decisions that combine a purpose's lawful basis with consent, notice versions, refresh
 * periods, opt-out signals, restrictions and objections; cookie rules; and signed consent receipts.
 * The entry point is {@link io.lethe.consent.ConsentEngine}.
 */
package io.lethe.consent;
