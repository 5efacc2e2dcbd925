/**
 * Everything a host implements to plug its data into Lethe, and the values those interfaces take
 * and return, in one package: {@link io.lethe.core.spi.PersonalDataStore} (with {@link
 * io.lethe.core.spi.AbstractPersonalDataStore} for stores that are not SQL tables), its records
 * ({@link io.lethe.core.spi.PersonalRecord}, {@link io.lethe.core.spi.RecordKey}, {@link
 * io.lethe.core.spi.StoreDescriptor}), its questions ({@link io.lethe.core.spi.ExpiryQuery}, {@link
 * io.lethe.core.spi.Anonymization}) and its failures ({@link io.lethe.core.spi.StoreException});
 * {@link io.lethe.core.spi.AuditStorage} and {@link io.lethe.core.spi.RestrictionRegistry} for
 * where Lethe keeps its trail and restrictions. {@code PersonalDataStoreContract} in {@code
 * lethe-testkit} proves a store.
 */
package io.lethe.core.spi;
