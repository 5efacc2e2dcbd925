package io.lethe.core.store.jdbc;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;

/**
 * A mapped column: its name as the mapping spells it, quoted as the database spells it (or, for an
 * anchor read through a reference, the subquery that reads it), its SQL type, and what the mapping
 * says it holds.
 *
 * @param name the name in the mapping
 * @param quoted the SQL that reads it
 * @param sqlType its {@link java.sql.Types} code
 * @param category the category of its values, for a personal field; null otherwise
 * @param type the identifier type it holds, for a subject column; null otherwise
 * @param nullable whether the database lets it hold NULL
 * @param role for a row naming several people, the role of the person a subject column names or a
 *     field is about; null otherwise
 */
record JdbcColumn(
    String name,
    String quoted,
    int sqlType,
    CategoryKey category,
    IdentifierType type,
    boolean nullable,
    String role) {}
