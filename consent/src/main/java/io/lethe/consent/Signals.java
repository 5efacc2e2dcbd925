package io.lethe.consent;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The opt-out preference signals that came with one request, as a decision is asked for it.
 *
 * <p>{@link #fromHeaders(Map)} reads them from any map of request headers, so no servlet or web
 * framework is needed: Global Privacy Control counts only when a {@code Sec-GPC} header has exactly
 * the value {@code 1} (GPC specification, "The Sec-GPC Header Field"); any other value is ignored,
 * as is a missing header. If several {@code Sec-GPC} headers arrive and any is {@code 1}, the
 * signal counts once. Header names are matched without regard to case (RFC 9110 §5.1); values
 * combined into one line with commas (RFC 9110 §5.3) are read one by one, and spaces and tabs
 * around a value are not part of it (RFC 9110 §5.5).
 *
 * <p>Instances are immutable. {@link #NONE} and {@link #GPC} are shared constants, so passing them
 * allocates nothing.
 */
public final class Signals {

  /** No signal. */
  public static final Signals NONE = new Signals(EnumSet.noneOf(OptOutSignal.class));

  /** Global Privacy Control. */
  public static final Signals GPC = new Signals(EnumSet.of(OptOutSignal.GLOBAL_PRIVACY_CONTROL));

  /** The request header that carries Global Privacy Control. */
  public static final String SEC_GPC = "Sec-GPC";

  private final Set<OptOutSignal> present;

  private Signals(Set<OptOutSignal> present) {
    this.present = present;
  }

  /**
   * The signals given.
   *
   * @param signals the signals present
   * @return the shared constant where one exists
   */
  public static Signals of(OptOutSignal... signals) {
    Objects.requireNonNull(signals, "signals");
    if (signals.length == 0) {
      return NONE;
    }
    EnumSet<OptOutSignal> set = EnumSet.noneOf(OptOutSignal.class);
    for (OptOutSignal signal : signals) {
      set.add(Objects.requireNonNull(signal, "signal"));
    }
    return set.equals(GPC.present) ? GPC : new Signals(set);
  }

  /**
   * Reads the signals from a request's headers.
   *
   * @param headers header names to their values, as any HTTP library gives them; names in any case
   * @return {@link #GPC} if a {@code Sec-GPC} header is exactly {@code 1}, else {@link #NONE}
   */
  public static Signals fromHeaders(Map<String, ? extends Collection<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    for (Map.Entry<String, ? extends Collection<String>> header : headers.entrySet()) {
      if (header.getKey() == null
          || !SEC_GPC.toLowerCase(Locale.ROOT).equals(header.getKey().toLowerCase(Locale.ROOT))
          || header.getValue() == null) {
        continue;
      }
      for (String line : header.getValue()) {
        if (gpcValue(line)) {
          return GPC;
        }
      }
    }
    return NONE;
  }

  /**
   * Reads Global Privacy Control from the values of the {@code Sec-GPC} headers of a request.
   *
   * @param values the values; null or empty when the header is missing
   * @return {@link #GPC} if any is exactly {@code 1}, else {@link #NONE}
   */
  public static Signals fromSecGpc(Collection<String> values) {
    if (values != null) {
      for (String line : values) {
        if (gpcValue(line)) {
          return GPC;
        }
      }
    }
    return NONE;
  }

  private static boolean gpcValue(String line) {
    if (line == null) {
      return false;
    }
    for (String value : line.split(",", -1)) {
      if (value.strip().equals("1")
          && value.chars().allMatch(c -> c == '1' || c == ' ' || c == '\t')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether a signal is present.
   *
   * @param signal the signal
   * @return true if it came with the request
   */
  public boolean has(OptOutSignal signal) {
    return present.contains(signal);
  }

  /** {@return whether no signal is present} */
  public boolean isEmpty() {
    return present.isEmpty();
  }

  /** {@return the signals present} */
  public Set<OptOutSignal> present() {
    return Set.copyOf(present);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signals other && present.equals(other.present);
  }

  @Override
  public int hashCode() {
    return present.hashCode();
  }

  @Override
  public String toString() {
    return "Signals" + present;
  }
}
