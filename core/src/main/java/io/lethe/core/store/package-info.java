/**
 * How Lethe's engines call the host's stores: {@link io.lethe.core.store.AuditedStore} checks every
 * answer against the store contract and audits every call. The JDBC store is in {@code
 * io.lethe.core.store.jdbc}; what a host implements is in {@code io.lethe.core.spi}.
 */
package io.lethe.core.store;
