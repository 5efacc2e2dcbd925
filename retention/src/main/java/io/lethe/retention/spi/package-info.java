/** What hosts may implement for retention: hold registries, checkpoint stores, aggregators. */
package io.lethe.retention.spi;
