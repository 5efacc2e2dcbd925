-- Lethe's own tables: the erasure ledger (tombstones, deferred erasures, receipts),
-- keyed hashes only. Keep it out of the backups it protects against.
-- Created by io.lethe.retention.JdbcErasureLedger.createTableIfMissing()
-- with these names, or with the names a host chose instead (each default name replaced, also
-- in index names). A host that manages its schema hands Flyway or Liquibase the folders common/
-- and its dialect's (postgresql/, or h2/ for portable SQL) instead; every statement is idempotent.
-- PostgreSQL: unbounded texts are TEXT.

-- One row per erased subject's keyed hash.
CREATE TABLE IF NOT EXISTS lethe_tombstone (
  subject_hash VARCHAR(100) PRIMARY KEY,
  reference VARCHAR(200),
  erased_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Erasures that wait for a store's minimum retention to end.
CREATE TABLE IF NOT EXISTS lethe_deferred_erasure (
  id VARCHAR(100) PRIMARY KEY,
  store VARCHAR(100) NOT NULL,
  subject_hashes TEXT NOT NULL,
  reference VARCHAR(200),
  not_before TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One receipt (JSON) per request reference and subject hash, every attempt folded in.
CREATE TABLE IF NOT EXISTS lethe_deferred_erasure_receipt (
  reference VARCHAR(200) NOT NULL,
  subject_hash VARCHAR(100) NOT NULL,
  receipt TEXT NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (reference, subject_hash)
);
