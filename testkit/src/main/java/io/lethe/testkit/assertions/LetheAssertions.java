package io.lethe.testkit.assertions;

import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.assertions.api.ErasureReceiptAssert;
import io.lethe.testkit.assertions.api.ExportAssert;
import io.lethe.testkit.assertions.api.PolicyAssert;
import io.lethe.testkit.assertions.api.StoreAssert;
import java.time.Instant;

/**
 * Entry point of Lethe's assertions. Import statically, next to AssertJ's {@code Assertions}: the
 * overloads do not clash.
 *
 * <pre>{@code
 * MutableClock clock = LetheAssertions.clockAt("2026-01-01T00:00:00Z");
 * assertThat(policy).category("user.contact.email").isRetainedAtMost(Period.ofDays(90));
 * clock.advance(Period.ofDays(91));
 * assertThat(store).at(clock).holdsNothingPastRetention(policy);
 * }</pre>
 */
public class LetheAssertions {

  /** For subclasses that add their own entry points. */
  protected LetheAssertions() {}

  /**
   * Starts assertions on a policy.
   *
   * @param policy the policy
   * @return the assertion
   */
  public static PolicyAssert assertThat(PrivacyPolicy policy) {
    return new PolicyAssert(policy);
  }

  /**
   * Starts assertions on a store.
   *
   * @param store the store
   * @return the assertion
   */
  public static StoreAssert assertThat(PersonalDataStore store) {
    return new StoreAssert(store);
  }

  /**
   * Starts assertions on the receipt of an erasure.
   *
   * @param receipt the receipt
   * @return the assertion
   */
  public static ErasureReceiptAssert assertThat(ErasureReceipt receipt) {
    return new ErasureReceiptAssert(receipt);
  }

  /**
   * Starts assertions on an access or portability export package.
   *
   * @param export the package, read with {@link ExportPackage#read(byte[])}
   * @return the assertion
   */
  public static ExportAssert assertThat(ExportPackage export) {
    return new ExportAssert(export);
  }

  /**
   * Reads an export package, a {@code lethe-export/1} JSON document or a ZIP holding one as {@code
   * export.json}, and starts assertions on it.
   *
   * @param bytes the package as the exporter wrote it
   * @return the assertion
   * @throws IllegalArgumentException if the bytes are not such a package
   */
  public static ExportAssert assertThatExport(byte[] bytes) {
    return new ExportAssert(ExportPackage.read(bytes));
  }

  /**
   * A settable clock for time travel, in UTC.
   *
   * @param instant an ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}
   * @return the clock
   */
  public static MutableClock clockAt(String instant) {
    return MutableClock.at(instant);
  }

  /**
   * A settable clock for time travel, in UTC.
   *
   * @param instant the start instant
   * @return the clock
   */
  public static MutableClock clockAt(Instant instant) {
    return MutableClock.at(instant);
  }
}
