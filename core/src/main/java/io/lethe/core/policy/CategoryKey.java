package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hierarchical data category key in fideslang's style, such as {@code user.contact.email}.
 *
 * <p>Segments are lower case letters, digits and underscores, starting with a letter, joined by
 * dots. A key's ancestors are its prefixes: {@code user.contact} is the parent of {@code
 * user.contact.email}.
 *
 * @param value the dotted key
 */
public record CategoryKey(String value) implements Comparable<CategoryKey> {

  private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  /**
   * Validates the key's format.
   *
   * @throws IllegalArgumentException if the key is not dotted lower-case segments
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public CategoryKey {
    Objects.requireNonNull(value, "category key");
    if (value.length() > 200 || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "not a category key (dotted lower-case segments such as user.contact.email): "
              + Texts.quote(value));
    }
  }

  /**
   * Parses a key.
   *
   * @param value the dotted key
   * @return the key
   * @throws IllegalArgumentException if the format is wrong
   */
  public static CategoryKey of(String value) {
    return new CategoryKey(value);
  }

  /** {@return the parent key, empty for a root such as {@code user}} */
  public Optional<CategoryKey> parent() {
    int dot = value.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(new CategoryKey(value.substring(0, dot)));
  }

  /** {@return the number of segments: 1 for {@code user}, 3 for {@code user.contact.email}} */
  public int depth() {
    return value.split("\\.").length;
  }

  /** {@return the segments of this key, root first} */
  public List<String> segments() {
    return List.of(value.split("\\."));
  }

  /**
   * Tells whether this key is {@code other} or lies below it.
   *
   * @param other a possible ancestor
   * @return true if this key equals {@code other} or starts with {@code other.}
   */
  public boolean isWithin(CategoryKey other) {
    return value.equals(other.value) || value.startsWith(other.value + ".");
  }

  /**
   * Returns the key of a child category.
   *
   * @param segment the child's last segment
   * @return {@code this.segment}
   */
  public CategoryKey child(String segment) {
    return new CategoryKey(value + "." + segment);
  }

  @Override
  public int compareTo(CategoryKey other) {
    return value.compareTo(other.value);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }
}
