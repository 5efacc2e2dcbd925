/**
 * Lethe's retention engine: plans and sweeps, legal holds, checkpoints, the scheduler, and erasure
 * of a subject with deferral and tombstones.
 */
module io.lethe.retention {
  requires transitive io.lethe.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires transitive net.javacrumbs.shedlock.core;
  requires net.javacrumbs.shedlock.provider.jdbc;
  requires org.slf4j;

  exports io.lethe.retention;
  exports io.lethe.retention.spi;

  opens io.lethe.retention to
      com.fasterxml.jackson.databind;
}
