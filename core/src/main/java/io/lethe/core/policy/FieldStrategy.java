package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * How an anonymizing rule replaces the values of one category, written in a policy as {@code null},
 * {@code hash}, {@code redact}, {@code generalize}, {@code generalize:<level>} or {@code
 * replace:<text>}.
 *
 * @param kind the strategy
 * @param argument the replacement text for {@code replace}, the optional level for {@code
 *     generalize} (such as {@code ip/24} or {@code year}); null otherwise
 */
public record FieldStrategy(Kind kind, String argument) {

  /** The anonymization strategies. */
  public enum Kind {
    /** Set the field to null. */
    NULL,
    /** Replace by a keyed hash, so equal values stay linkable without being readable. */
    HASH,
    /** Replace by a fixed marker. */
    REDACT,
    /** Coarsen: an IP address to its network, a date to its year. */
    GENERALIZE,
    /** Replace by a fixed text given as the argument. */
    REPLACE
  }

  /**
   * Validates that {@code replace} has an argument and {@code null}, {@code hash}, {@code redact}
   * have none.
   *
   * @throws IllegalArgumentException if not
   */
  public FieldStrategy {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.REPLACE && (argument == null || argument.isEmpty())) {
      throw new IllegalArgumentException("'replace' needs a text: replace:<text>");
    }
    if (argument != null && kind != Kind.REPLACE && kind != Kind.GENERALIZE) {
      throw new IllegalArgumentException(
          "'" + kind.name().toLowerCase(Locale.ROOT) + "' takes no argument");
    }
  }

  /**
   * Parses the policy-file form.
   *
   * @param text such as {@code hash} or {@code replace:unknown}
   * @return the strategy
   * @throws IllegalArgumentException if the form is unknown
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FieldStrategy parse(String text) {
    Objects.requireNonNull(text, "field strategy");
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    String argument = colon < 0 ? null : text.substring(colon + 1);
    Kind kind;
    try {
      kind = Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "not a field strategy (null, hash, redact, generalize[:level], replace:<text>): "
              + Texts.quote(text));
    }
    return new FieldStrategy(kind, argument);
  }

  /**
   * A strategy without argument.
   *
   * @param kind {@code NULL}, {@code HASH}, {@code REDACT} or {@code GENERALIZE}
   * @return the strategy
   */
  public static FieldStrategy of(Kind kind) {
    return new FieldStrategy(kind, null);
  }

  @JsonValue
  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    return argument == null ? name : name + ":" + argument;
  }
}
