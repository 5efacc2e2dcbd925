/** What a host implements to keep consent events elsewhere: the {@link ConsentLedger}. */
package io.lethe.consent.spi;
