/**
 * Lethe's consent engine: the hash-chained consent ledger, processing decisions, opt-out preference
 * signals, cookie rules and signed consent receipts.
 */
module io.lethe.consent {
  requires transitive io.lethe.core;
  requires com.github.benmanes.caffeine;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.postgresql.jdbc;

  exports io.lethe.consent;
  exports io.lethe.consent.receipt;
  exports io.lethe.consent.spi;

  opens io.lethe.consent to
      com.fasterxml.jackson.databind;
  opens io.lethe.consent.receipt to
      com.fasterxml.jackson.databind;
}
