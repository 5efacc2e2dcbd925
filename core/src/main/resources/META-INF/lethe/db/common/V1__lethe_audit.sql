-- Lethe's own tables: the audit trail (hash-chained entries) and its head row.
-- Created by io.lethe.core.audit.JdbcAuditStorage.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- The same SQL for every database.

CREATE TABLE IF NOT EXISTS lethe_audit (
  seq BIGINT PRIMARY KEY,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor VARCHAR(200) NOT NULL,
  action VARCHAR(40) NOT NULL,
  reference VARCHAR(200),
  store VARCHAR(100),
  category VARCHAR(200),
  subject_hash CHAR(64),
  counts VARCHAR(2000) NOT NULL,
  outcome VARCHAR(20) NOT NULL,
  detail VARCHAR(2000),
  previous_hash CHAR(64) NOT NULL,
  entry_hash CHAR(64) NOT NULL
);

-- The one row every append locks, so that appends take turns.
CREATE TABLE IF NOT EXISTS lethe_audit_head (id INT PRIMARY KEY);

INSERT INTO lethe_audit_head (id)
  SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM lethe_audit_head WHERE id = 1);
