/**
 * What hosts may implement for data-subject requests: where requests are kept ({@link
 * io.lethe.dsar.spi.RequestRepository}; JDBC and in-memory ones ship in {@code io.lethe.dsar})
 * and the host's identity check ({@link io.lethe.dsar.spi.IdentityVerifier}).
 */
package io.lethe.dsar.spi;
