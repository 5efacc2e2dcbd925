package io.lethe.testkit.assertions.error;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message for a category an erasure was expected to keep, once. */
public final class ShouldHaveRetained extends BasicErrorMessageFactory {

  /**
   * Creates the message for a category that nothing was kept of.
   *
   * @param reference the erasure's request or job reference
   * @param category the category
   * @param store the store it was expected in, or null for any
   * @param kept what was kept instead, as {@code store/category}
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveRetained(
      String reference, String category, String store, List<String> kept) {
    String where = store == null ? "" : " in store " + quote(store);
    return kept.isEmpty()
        ? new ShouldHaveRetained(
            "%nExpecting erasure %s to have kept category %s" + where + " but it kept nothing",
            reference,
            category)
        : new ShouldHaveRetained(
            "%nExpecting erasure %s to have kept category %s" + where + " but it kept only %s",
            reference,
            category,
            kept);
  }

  /**
   * Creates the message for a category kept in several stores, when one was expected.
   *
   * @param reference the erasure's request or job reference
   * @param category the category
   * @param stores the stores that kept it
   * @return the message factory
   */
  public static ErrorMessageFactory shouldHaveRetainedOnce(
      String reference, String category, List<String> stores) {
    return new ShouldHaveRetained(
        "%nExpecting erasure %s to have kept category %s in one store"
            + " but it kept it in %s; name the store",
        reference, category, stores);
  }

  private static String quote(String text) {
    return "\"" + text.replace("%", "%%") + "\"";
  }

  private ShouldHaveRetained(String format, Object... arguments) {
    super(format, arguments);
  }
}
