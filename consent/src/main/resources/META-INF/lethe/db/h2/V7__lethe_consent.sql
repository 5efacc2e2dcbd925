-- Lethe's own tables: the consent ledger (hash-chained events, keyed subject hashes only) and
-- its head row.
-- Created by io.lethe.consent.JdbcConsentLedger.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- Portable SQL (H2 and other databases).

CREATE TABLE IF NOT EXISTS lethe_consent (
  seq BIGINT PRIMARY KEY,
  event_id VARCHAR(100) NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  kind VARCHAR(10) NOT NULL,
  subject_hash VARCHAR(100) NOT NULL,
  subject_type VARCHAR(100) NOT NULL,
  purpose VARCHAR(200),
  notice_id VARCHAR(200),
  notice_version VARCHAR(100),
  notice_hash VARCHAR(100),
  status VARCHAR(40),
  method VARCHAR(20) NOT NULL,
  expressed_by VARCHAR(20) NOT NULL,
  jurisdiction VARCHAR(40),
  expires_at TIMESTAMP WITH TIME ZONE,
  proof VARCHAR(2000),
  acknowledges_signal BOOLEAN NOT NULL,
  signal_key VARCHAR(40),
  linked_hash VARCHAR(100),
  linked_type VARCHAR(100),
  previous_hash CHAR(64) NOT NULL,
  event_hash CHAR(64) NOT NULL
);

-- A subject's events, in chain order: as the subject, and as the other identifier of a link.
CREATE INDEX IF NOT EXISTS lethe_consent_subject_ix ON lethe_consent (subject_hash, seq);
CREATE INDEX IF NOT EXISTS lethe_consent_linked_ix ON lethe_consent (linked_hash, seq);

-- The one row every append locks, so that appends take turns.
CREATE TABLE IF NOT EXISTS lethe_consent_head (id INT PRIMARY KEY);

INSERT INTO lethe_consent_head (id)
  SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM lethe_consent_head WHERE id = 1);
