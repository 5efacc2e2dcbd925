-- Lethe's own tables: legal holds. A subject hold keeps the subject's identifier:
-- keep this table with the personal data it protects.
-- Created by io.lethe.retention.JdbcHoldRegistry.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- The same SQL for every database.

CREATE TABLE IF NOT EXISTS lethe_legal_hold (
  id VARCHAR(100) PRIMARY KEY,
  scope VARCHAR(20) NOT NULL,
  subject_type VARCHAR(100),
  subject_value VARCHAR(500),
  category VARCHAR(200),
  store VARCHAR(100),
  reason VARCHAR(1000) NOT NULL,
  placed_by VARCHAR(200) NOT NULL,
  placed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  until_at TIMESTAMP WITH TIME ZONE,
  released_at TIMESTAMP WITH TIME ZONE,
  released_by VARCHAR(200)
);
