package io.lethe.core.spi;

/** The operations Lethe asks of a store, as named in errors and audit entries. */
public enum StoreOperation {
  /** Describing what the store holds. */
  DESCRIBE,
  /** Finding the keys of expired records. */
  FIND_EXPIRED,
  /** Counting expired records. */
  COUNT_EXPIRED,
  /** Reading records by key. */
  READ_RECORDS,
  /** Deleting records. */
  DELETE,
  /** Anonymizing fields of records. */
  ANONYMIZE,
  /** Reading every record of a subject. */
  READ_SUBJECT,
  /** Resolving a subject's other identifiers. */
  RESOLVE_IDENTIFIERS,
  /** Correcting values of a record. */
  RECTIFY,
  /** Listing every subject identifier the store holds. */
  LIST_SUBJECTS
}
