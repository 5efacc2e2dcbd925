package io.lethe.core.internal;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt names, by edit distance: policy and mapping files. */
public final class Suggestions {

  /** Longer than any name a file can mean to write: no hint, and no quadratic work. */
  private static final int LONGEST = 100;

  private Suggestions() {}

  /**
   * Returns {@code "; did you mean 'x'?"} for the closest candidate, or an empty string when none
   * is close enough to be a likely typo.
   *
   * @param typed what the file says
   * @param candidates the names it may have meant
   * @return the hint, or an empty string
   */
  public static String didYouMean(String typed, Collection<?> candidates) {
    if (typed == null || candidates == null || typed.length() >= LONGEST) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerTyped = typed.toLowerCase(Locale.ROOT);
    for (Object candidate : candidates) {
      String name = String.valueOf(candidate);
      if (Math.abs(name.length() - typed.length()) > typed.length() / 2 + 1) {
        continue; // too far apart to be a typo; spares the distance
      }
      int d = distance(lowerTyped, name.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    int allowed = typed.length() <= 3 ? 1 : Math.max(2, typed.length() / 5);
    boolean close = bestDistance > 0 && bestDistance <= allowed;
    return best != null && close ? "; did you mean '" + best + "'?" : "";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
