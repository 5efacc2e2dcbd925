package io.lethe.core.spi;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.subject.SubjectHasher;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to anonymize records: a {@link FieldStrategy} per category (a field takes the strategy of the
 * most specific category it lies within), and the keyed hasher for the {@code hash} strategy.
 *
 * <p>{@link #apply} is the one definition of each strategy, shared by every store that computes
 * replacements in Java:
 *
 * <ul>
 *   <li>{@code null}: null;
 *   <li>{@code redact}: {@code [redacted]} for text, null otherwise;
 *   <li>{@code replace:<text>}: the text;
 *   <li>{@code hash}: the keyed hash (HMAC-SHA-256, hex) of the value's text;
 *   <li>{@code generalize}: an IPv4 address to its /24 network ({@code generalize:ip/16} for
 *       another prefix), an IPv6 address to its /48, an email address to its domain ({@code
 *       *@example.com}), a date or time to the first day of its year ({@code generalize:month} for
 *       its month), a whole number to its thousands ({@code generalize:round/10} for tens); any
 *       other text to its first character followed by {@code ***}.
 * </ul>
 *
 * @param strategies the strategy per category
 * @param hasher the keyed hasher used by {@code hash}
 * @param marksRecords whether the records count as anonymized afterwards (a record-level rule), so
 *     the store marks them and does not return them to anonymizing queries again; false when only
 *     some fields are cleared, so the record stays due for its own rule
 */
public record Anonymization(
    Map<CategoryKey, FieldStrategy> strategies, SubjectHasher hasher, boolean marksRecords) {

  /** The text that {@code redact} writes. */
  public static final String REDACTED = "[redacted]";

  /**
   * A record-level anonymization, which marks the records anonymized.
   *
   * @param strategies the strategy per category
   * @param hasher the keyed hasher
   */
  public Anonymization(Map<CategoryKey, FieldStrategy> strategies, SubjectHasher hasher) {
    this(strategies, hasher, true);
  }

  /** {@return the same strategies, clearing fields without marking the records anonymized} */
  public Anonymization fieldsOnly() {
    return new Anonymization(strategies, hasher, false);
  }

  /** Copies the map and rejects nulls. */
  public Anonymization {
    strategies = Map.copyOf(new LinkedHashMap<>(strategies));
    Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * The strategy for a field: that of the most specific category the field lies within.
   *
   * @param fieldCategory the field's category
   * @return the strategy, empty if the field is left as it is
   */
  public Optional<FieldStrategy> strategyFor(CategoryKey fieldCategory) {
    FieldStrategy best = null;
    int bestDepth = -1;
    for (Map.Entry<CategoryKey, FieldStrategy> entry : strategies.entrySet()) {
      if (fieldCategory.isWithin(entry.getKey()) && entry.getKey().depth() > bestDepth) {
        best = entry.getValue();
        bestDepth = entry.getKey().depth();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Computes the anonymized value.
   *
   * @param strategy the strategy
   * @param value the current value; null stays null
   * @return the replacement
   * @throws IllegalArgumentException if the strategy's argument does not fit the value
   */
  public Object apply(FieldStrategy strategy, Object value) {
    if (value == null) {
      return null;
    }
    return switch (strategy.kind()) {
      case NULL -> null;
      case REDACT -> value instanceof String ? REDACTED : null;
      case REPLACE -> strategy.argument();
      case HASH -> hasher.hash(String.valueOf(value));
      case GENERALIZE -> generalize(value, strategy.argument());
    };
  }

  private static Object generalize(Object value, String argument) {
    if (value instanceof String text) {
      if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        return ipv4(text, prefix(argument, 24));
      }
      if (text.contains(":") && text.matches("[0-9A-Fa-f:]+")) {
        return ipv6(text, prefix(argument, 48));
      }
      int at = text.lastIndexOf('@');
      if (at > 0) {
        return "*" + text.substring(at);
      }
      return text.isEmpty() ? text : text.charAt(0) + "***";
    }
    boolean month = "month".equals(argument);
    if (value instanceof LocalDate date) {
      return month ? date.withDayOfMonth(1) : date.withDayOfYear(1);
    }
    if (value instanceof LocalDateTime time) {
      LocalDate day = (LocalDate) generalize(time.toLocalDate(), argument);
      return day.atStartOfDay();
    }
    if (value instanceof OffsetDateTime time) {
      LocalDate day = (LocalDate) generalize(time.toLocalDate(), argument);
      return day.atStartOfDay().atOffset(time.getOffset());
    }
    if (value instanceof Instant instant) {
      return ((OffsetDateTime) generalize(instant.atOffset(ZoneOffset.UTC), argument)).toInstant();
    }
    if (value instanceof Timestamp timestamp) {
      return Timestamp.valueOf((LocalDateTime) generalize(timestamp.toLocalDateTime(), argument));
    }
    if (value instanceof Long || value instanceof Integer) {
      long step =
          argument != null && argument.startsWith("round/")
              ? Long.parseLong(argument.substring("round/".length()))
              : 1000;
      long n = ((Number) value).longValue();
      long rounded = Math.floorDiv(n, step) * step;
      return value instanceof Integer ? (Object) (int) rounded : (Object) rounded;
    }
    throw new IllegalArgumentException(
        "cannot generalize a value of type " + value.getClass().getSimpleName());
  }

  private static int prefix(String argument, int fallback) {
    if (argument == null) {
      return fallback;
    }
    if (!argument.startsWith("ip/")) {
      throw new IllegalArgumentException(
          "an IP address generalizes with ip/<prefix>, not '" + argument + "'");
    }
    return Integer.parseInt(argument.substring(3));
  }

  private static String ipv4(String address, int prefix) {
    String[] octets = address.split("\\.");
    long bits = 0;
    for (String octet : octets) {
      bits = bits << 8 | Integer.parseInt(octet);
    }
    long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
    long network = bits & mask;
    return (network >> 24 & 255)
        + "."
        + (network >> 16 & 255)
        + "."
        + (network >> 8 & 255)
        + "."
        + (network & 255);
  }

  private static String ipv6(String address, int prefix) {
    String[] groups = address.split(":", -1);
    int keep = Math.max(0, Math.min(8, prefix / 16));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keep && i < groups.length; i++) {
      out.append(groups[i].isEmpty() ? "0" : groups[i]).append(':');
    }
    return out.append(':').toString();
  }

  /** {@return the categories with a strategy, and the strategies; never personal values} */
  @Override
  public String toString() {
    return "Anonymization" + strategies;
  }
}
