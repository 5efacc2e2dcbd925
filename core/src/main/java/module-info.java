/**
 * Lethe's core: the policy model and its files, subjects and keyed hashes, the store SPI and the
 * JDBC store, the audit trail, restrictions and erasure receipts. Its {@code internal} packages
 * serve the engine modules only.
 */
module io.lethe.core {
  requires transitive java.sql;
  requires transitive com.fasterxml.jackson.annotation;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;
  requires transitive jakarta.validation;
  requires org.hibernate.validator;
  requires org.slf4j;

  exports io.lethe.core;
  exports io.lethe.core.audit;
  exports io.lethe.core.erasure;
  exports io.lethe.core.lint;
  exports io.lethe.core.policy;
  exports io.lethe.core.restriction;
  exports io.lethe.core.spi;
  exports io.lethe.core.store;
  exports io.lethe.core.store.jdbc;
  exports io.lethe.core.subject;
  exports io.lethe.core.internal to
      io.lethe.retention,
      io.lethe.dsar,
      io.lethe.consent;
  exports io.lethe.core.internal.jdbc to
      io.lethe.retention,
      io.lethe.dsar,
      io.lethe.consent;

  // Jackson reads and writes policies, mappings, audit entries and receipts; Hibernate Validator
  // reads the constraints on policies and mappings.
  opens io.lethe.core.policy to
      com.fasterxml.jackson.databind,
      org.hibernate.validator;
  opens io.lethe.core.store.jdbc to
      com.fasterxml.jackson.databind,
      org.hibernate.validator;
  opens io.lethe.core.audit to
      com.fasterxml.jackson.databind;
  opens io.lethe.core.erasure to
      com.fasterxml.jackson.databind;
  opens io.lethe.core.restriction to
      com.fasterxml.jackson.databind;
  opens io.lethe.core.spi to
      com.fasterxml.jackson.databind;
  opens io.lethe.core.subject to
      com.fasterxml.jackson.databind;
}
