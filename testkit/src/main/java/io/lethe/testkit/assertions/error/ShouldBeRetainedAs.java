package io.lethe.testkit.assertions.error;

import io.lethe.core.erasure.RetainedRecords;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message for records an erasure kept, but not as expected: another ground, reason,
 * source, end of protection, count or deferral. Each message names the store, category, ground and
 * source (the rule or hold id) of the entry.
 */
public final class ShouldBeRetainedAs extends BasicErrorMessageFactory {

  /**
   * Creates the message for another ground.
   *
   * @param store the store's name
   * @param kept the entry
   * @param ground the expected ground
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveGround(
      String store, RetainedRecords kept, RetainedRecords.Ground ground) {
    return create(
        store, kept, "on ground %s", ground(ground), "its ground is %s", ground(kept.ground()));
  }

  /**
   * Creates the message for a reason without the expected fragment.
   *
   * @param store the store's name
   * @param kept the entry
   * @param fragment the text expected in the reason
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveReason(
      String store, RetainedRecords kept, String fragment) {
    return create(
        store, kept, "for a reason containing %s", fragment, "its reason is %s", kept.reason());
  }

  /**
   * Creates the message for another source.
   *
   * @param store the store's name
   * @param kept the entry
   * @param source the expected rule or hold id
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveSource(
      String store, RetainedRecords kept, String source) {
    return create(store, kept, "by %s", source, "it is kept by %s", kept.source());
  }

  /**
   * Creates the message for another end of protection.
   *
   * @param store the store's name
   * @param kept the entry
   * @param until the expected end, or null for an unknown end
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeKeptUntil(
      String store, RetainedRecords kept, Object until) {
    return create(
        store, kept, "until %s", until(until), "it is kept until %s", until(kept.until()));
  }

  /**
   * Creates the message for another deferral.
   *
   * @param store the store's name
   * @param kept the entry
   * @param deferred whether Lethe was expected to erase the records by itself later
   * @return the message factory
   */
  public static ErrorMessageFactory shouldBeDeferred(
      String store, RetainedRecords kept, boolean deferred) {
    return new ShouldBeRetainedAs(
        "%nExpecting category %s kept in store %s on ground %s by %s"
            + (deferred
                ? " to be erased by Lethe once its protection ends but it is not deferred"
                : " not to be deferred but Lethe will erase it once its protection ends"),
        kept.category().value(),
        store,
        ground(kept.ground()),
        kept.source());
  }

  /**
   * Creates the message for another number of records.
   *
   * @param store the store's name
   * @param kept the entry
   * @param records the expected count
   * @return the message factory
   */
  public static ErrorMessageFactory shouldCount(String store, RetainedRecords kept, long records) {
    return create(
        store,
        kept,
        "for %s " + (records == 1 ? "record" : "records"),
        unquotedString(Long.toString(records)),
        "it keeps %s",
        unquotedString(kept.records() + (kept.records() == 1 ? " record" : " records")));
  }

  private static ErrorMessageFactory create(
      String store,
      RetainedRecords kept,
      String expected,
      Object expectedValue,
      String actual,
      Object actualValue) {
    return new ShouldBeRetainedAs(
        "%nExpecting category %s kept in store %s on ground %s by %s"
            + " to be kept "
            + expected
            + " but "
            + actual,
        kept.category().value(),
        store,
        ground(kept.ground()),
        kept.source(),
        expectedValue,
        actualValue);
  }

  private static Object ground(RetainedRecords.Ground ground) {
    return unquotedString(ground + " (" + ground.article() + ")");
  }

  private static Object until(Object until) {
    return until == null ? unquotedString("an unknown end") : until;
  }

  private ShouldBeRetainedAs(String format, Object... arguments) {
    super(format, arguments);
  }
}
