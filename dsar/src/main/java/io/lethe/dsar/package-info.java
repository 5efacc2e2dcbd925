/**
 * Data-subject requests: {@link io.lethe.dsar.DsarService} receives a request, computes its due
 * date from the policy's rights profile and the law, gates everything on the host's {@link
 * io.lethe.dsar.spi.IdentityVerifier}, moves the request through its {@link
 * io.lethe.dsar.RequestState states}, records every change in the audit trail and keeps the request
 * in a {@link io.lethe.dsar.spi.RequestRepository} so it survives a restart.
 */
package io.lethe.dsar;
