package io.lethe.testkit.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an implementation must do for one test of a contract kit to pass, in the words of its SPI's
 * javadoc: of {@link PersonalDataStoreContract} for a {@link io.lethe.core.spi.PersonalDataStore},
 * of {@link io.lethe.testkit.consent.ConsentLedgerContractTest} for a consent ledger. A failing
 * test starts its message with it, so that an implementer reads the rule, not only the assertion
 * that broke.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requirement {

  /** {@return the rule, one or two sentences naming the method and what it must do} */
  String value();
}
