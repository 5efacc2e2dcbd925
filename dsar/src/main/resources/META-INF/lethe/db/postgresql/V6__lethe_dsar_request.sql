-- Lethe's own tables: data-subject requests, with their history as JSON. The table
-- holds the subject's identifier: keep it with the personal data it concerns.
-- Created by io.lethe.dsar.JdbcRequestRepository.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- PostgreSQL: unbounded texts are TEXT.

CREATE TABLE IF NOT EXISTS lethe_dsar_request (
  id VARCHAR(100) PRIMARY KEY,
  request_type VARCHAR(40) NOT NULL,
  subject_type VARCHAR(100) NOT NULL,
  subject_value VARCHAR(500) NOT NULL,
  jurisdiction VARCHAR(40) NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  state VARCHAR(40) NOT NULL,
  due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  extended_until TIMESTAMP WITH TIME ZONE,
  effective_due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  extension_reason VARCHAR(1000),
  denial_reason VARCHAR(40),
  history TEXT NOT NULL
);

-- Answers dueWithin and overdue.
CREATE INDEX IF NOT EXISTS lethe_dsar_request_due_ix
  ON lethe_dsar_request (effective_due_at, state);
