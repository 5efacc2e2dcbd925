-- Lethe's own tables: processing restrictions and the subject hashes they apply to.
-- Created by io.lethe.core.rights.JdbcRestrictionRegistry.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- The same SQL for every database.

CREATE TABLE IF NOT EXISTS lethe_restriction (
  id VARCHAR(100) PRIMARY KEY,
  kind VARCHAR(20) NOT NULL,
  categories VARCHAR(4000) NOT NULL,
  purposes VARCHAR(4000) NOT NULL,
  exempt_purposes VARCHAR(4000) NOT NULL,
  absolute_flag BOOLEAN NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  reference VARCHAR(200),
  placed_by VARCHAR(200) NOT NULL,
  since_at TIMESTAMP WITH TIME ZONE NOT NULL,
  until_at TIMESTAMP WITH TIME ZONE,
  lifted_at TIMESTAMP WITH TIME ZONE,
  lifted_by VARCHAR(1000)
);

-- One row per keyed subject hash a restriction applies to.
CREATE TABLE IF NOT EXISTS lethe_restriction_subject (
  restriction_id VARCHAR(100) NOT NULL,
  subject_hash VARCHAR(100) NOT NULL,
  PRIMARY KEY (restriction_id, subject_hash)
);

CREATE INDEX IF NOT EXISTS lethe_restriction_subject_hash
  ON lethe_restriction_subject (subject_hash);
