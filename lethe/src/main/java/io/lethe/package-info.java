/**
 * The one entry point: {@link io.lethe.Lethe#builder} wires the retention engine, legal holds,
 * restrictions, the consent engine and the data-subject request service over one audit trail, clock
 * and data source, and joins consent to access exports and erasures.
 */
package io.lethe;
