/**
 * The one entry point: {@link io.lethe.Lethe#builder} wires the retention engine, legal holds,
 * restrictions and the data-subject request service over one audit trail, clock and data source.
 */
package io.lethe;
