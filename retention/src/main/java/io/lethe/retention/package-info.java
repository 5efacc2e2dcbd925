/**
 * The retention engine: {@link io.lethe.retention.RetentionEngine} plans and sweeps a policy's
 * retention rules against the host's stores, honouring {@link io.lethe.retention.LegalHolds} and
 * minimum periods, with checkpoints so a sweep that dies resumes where it stopped.
 */
package io.lethe.retention;
