-- Lethe's own tables: where each sweep got to, so that it resumes after a crash.
-- Created by io.lethe.retention.JdbcCheckpointStore.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- The same SQL for every database.

CREATE TABLE IF NOT EXISTS lethe_sweep_checkpoint (
  sweep_key VARCHAR(500) PRIMARY KEY,
  after_type VARCHAR(10),
  after_value VARCHAR(500),
  in_flight INT NOT NULL,
  processed BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
