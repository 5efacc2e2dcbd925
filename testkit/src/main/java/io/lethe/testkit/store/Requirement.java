package io.lethe.testkit.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a store must do for one test of {@link PersonalDataStoreContract} to pass, in the words of
 * the {@link io.lethe.core.spi.PersonalDataStore} javadoc; a failing test starts its message with
 * it, so that an implementer reads the rule, not only the assertion that broke.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requirement {

  /** {@return the rule, one or two sentences naming the method and what it must do} */
  String value();
}
