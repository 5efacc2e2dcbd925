package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * Where a recipient processes data: an ISO 3166-1 alpha-2 country code ({@code DE}, {@code US}), or
 * one of the regions {@code EEA}, {@code EU}, {@code OUTSIDE_EEA} and {@code WORLDWIDE}.
 *
 * @param code the country code or region, upper case
 */
public record Location(String code) {

  // Declared before the constants below, which need them when the class initializes.
  private static final Set<String> REGIONS = Set.of("EEA", "EU", "OUTSIDE_EEA", "WORLDWIDE");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> EEA_COUNTRIES =
      Set.of(
          "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  /** Inside the European Economic Area, country not stated. */
  public static final Location EEA = new Location("EEA");

  /** Inside the European Union, country not stated. */
  public static final Location EU = new Location("EU");

  /** Somewhere outside the EEA, country not stated ("may process data outside the EU"). */
  public static final Location OUTSIDE_EEA = new Location("OUTSIDE_EEA");

  /** Anywhere, such as a global network. */
  public static final Location WORLDWIDE = new Location("WORLDWIDE");

  /**
   * Validates the code.
   *
   * @throws IllegalArgumentException if the code is neither a country nor a known region
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public Location {
    if (code == null || !(REGIONS.contains(code) || COUNTRIES.contains(code))) {
      throw new IllegalArgumentException(
          "not an ISO 3166-1 alpha-2 country code or one of EEA, EU, OUTSIDE_EEA, WORLDWIDE: "
              + Texts.quote(code));
    }
  }

  /**
   * Parses a location.
   *
   * @param code country code or region
   * @return the location
   */
  public static Location of(String code) {
    return new Location(code);
  }

  /** {@return whether data stays inside the EEA} */
  public boolean isInsideEea() {
    return code.equals("EEA") || code.equals("EU") || EEA_COUNTRIES.contains(code);
  }

  /** {@return whether data may leave the EEA, so that GDPR Chapter V applies} */
  public boolean mayLeaveEea() {
    return !isInsideEea();
  }

  @JsonValue
  @Override
  public String toString() {
    return code;
  }
}
