/**
 * What hosts may implement for data-subject requests: where requests are kept ({@link
 * io.lethe.dsar.spi.RequestRepository}; JDBC and in-memory ones ship in {@code io.lethe.dsar}), the
 * host's identity check ({@link io.lethe.dsar.spi.IdentityVerifier}), and what other modules
 * contribute without the request service depending on them: a section of the access export ({@link
 * io.lethe.dsar.spi.ExportSection}) and a part in an erasure ({@link
 * io.lethe.dsar.spi.ErasureParticipant}), such as the consent history and the withdrawal of every
 * consent that {@code Lethe} wires in.
 */
package io.lethe.dsar.spi;
