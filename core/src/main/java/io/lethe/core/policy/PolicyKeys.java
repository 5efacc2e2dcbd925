package io.lethe.core.policy;

import java.util.regex.Pattern;

/** The format shared by the ids of purposes, recipients, rules, notices and subject types. */
final class PolicyKeys {

  /** Lower-case letters, digits, {@code _}, {@code -} and {@code .}, starting with a letter. */
  static final String REGEX = "[a-z][a-z0-9_.-]{0,99}";

  static final Pattern PATTERN = Pattern.compile(REGEX);

  /** Message used by every key constraint. */
  static final String MESSAGE =
      "must be a lower-case id (letters, digits, '_', '-', '.', starting with a letter)";

  private PolicyKeys() {}

  static String require(String value, String what) {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " " + MESSAGE + ": " + Texts.quote(value));
    }
    return value;
  }
}
