package io.lethe.core.store.jdbc;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a name in a mapping binds to a table or column the database has: to the one spelled exactly
 * that way; failing that, to the one that differs only in the case of ASCII letters, as a database
 * folds unquoted names, if there is exactly one. Several candidates ({@code dup} and {@code DUP}
 * for {@code Dup}), or one that matches only through a Unicode case fold no database makes (U+212A
 * KELVIN SIGN for {@code k}), bind nothing: the mapping is wrong, and a store must not guess which
 * table a sweep deletes from.
 */
final class Names {

  private Names() {}

  /** A name's binding: the name found, or why none was. */
  record Binding(Optional<String> name, String problem) {

    static Binding of(String name) {
      return new Binding(Optional.of(name), null);
    }

    static Binding none(String problem) {
      return new Binding(Optional.empty(), problem);
    }
  }

  /**
   * Binds a mapped name among the database's names.
   *
   * @param what what is named, for the problem: {@code "table"} or {@code "column"}
   * @param wanted the name in the mapping
   * @param candidates the names the database has
   * @param where where they were looked for, for the problem (such as {@code "table 'jobs'"})
   * @return the name bound, or the problem
   */
  static Binding bind(String what, String wanted, Collection<String> candidates, String where) {
    List<String> exact = candidates.stream().filter(wanted::equals).distinct().toList();
    if (exact.size() == 1) {
      return Binding.of(exact.get(0));
    }
    List<String> alike =
        candidates.stream().filter(wanted::equalsIgnoreCase).distinct().sorted().toList();
    if (alike.isEmpty()) {
      return Binding.none(where + " has no " + what + " '" + quoted(wanted) + "'");
    }
    if (alike.size() == 1 && asciiFolded(alike.get(0)).equals(asciiFolded(wanted))) {
      return Binding.of(alike.get(0));
    }
    if (alike.size() == 1) {
      return Binding.none(
          where
              + " has no "
              + what
              + " '"
              + quoted(wanted)
              + "', only '"
              + quoted(alike.get(0))
              + "', which differs from it by more than the case of"
              + " letters a database folds; spell it exactly");
    }
    return Binding.none(
        "the "
            + what
            + " name '"
            + quoted(wanted)
            + "' matches "
            + alike.size()
            + " "
            + what
            + "s in "
            + where
            + ": "
            + alike.stream().map(name -> "'" + quoted(name) + "'").collect(Collectors.joining(", "))
            + "; spell it exactly as one of them");
  }

  /** Lower-cases ASCII letters only, as databases fold unquoted identifiers. */
  static String asciiFolded(String name) {
    StringBuilder folded = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }

  /**
   * A name as a message shows it: printable ASCII as it is, anything else (a control character, a
   * look-alike letter) as a {@code \}{@code uXXXX} escape, so that two names that look the same
   * read differently and no name can inject a line into a log.
   */
  static String quoted(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.chars()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
              } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
              }
            });
    return out.toString();
  }
}
