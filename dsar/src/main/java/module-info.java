/**
 * Lethe's data-subject requests: their lifecycle and due dates, the identity gate, and the access
 * export.
 */
module io.lethe.dsar {
  requires transitive io.lethe.core;
  requires transitive io.lethe.retention;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports io.lethe.dsar;
  exports io.lethe.dsar.export;
  exports io.lethe.dsar.spi;

  opens io.lethe.dsar to
      com.fasterxml.jackson.databind;
  opens io.lethe.dsar.export to
      com.fasterxml.jackson.databind;
}
