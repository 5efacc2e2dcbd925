package io.lethe.core.internal;

import io.lethe.core.audit.AuditVerification;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Checks a hash chain, such as the audit trail or the consent ledger: every link's hash matches its
 * content, sequence numbers run from 1 without gaps, each link names the hash of the one before it,
 * and, if a head recorded earlier is given, the chain ends there.
 *
 * <p>Not API: may change in any release.
 *
 * @param <T> the links' type
 */
public final class HashChain<T> {

  /** The previous hash of the first link. */
  public static final String GENESIS = "0".repeat(64);

  private final String noun;
  private final String whole;
  private final ToLongFunction<T> sequence;
  private final Function<T, String> previousHash;
  private final Function<T, String> hash;
  private final Predicate<T> intact;
  private final Class<? extends RuntimeException> unreadable;

  /**
   * Describes a chain.
   *
   * @param noun what one link is called in problems, such as {@code entry}
   * @param whole what the chain is called, such as {@code trail}
   * @param sequence a link's sequence number
   * @param previousHash the hash a link names as the one before it
   * @param hash a link's own hash
   * @param intact whether a link's hash matches its content
   * @param unreadable the failure reading a link throws, reported as a broken chain
   */
  public HashChain(
      String noun,
      String whole,
      ToLongFunction<T> sequence,
      Function<T, String> previousHash,
      Function<T, String> hash,
      Predicate<T> intact,
      Class<? extends RuntimeException> unreadable) {
    this.noun = noun;
    this.whole = whole;
    this.sequence = sequence;
    this.previousHash = previousHash;
    this.hash = hash;
    this.intact = intact;
    this.unreadable = unreadable;
  }

  /**
   * Checks the links, in stored order.
   *
   * @param links the links
   * @param expectedHead the hash of the newest link, kept outside the storage; null to skip
   * @return the result, naming the first problem found
   */
  public AuditVerification verify(Iterator<T> links, String expectedHead) {
    long expected = 1;
    String previous = GENESIS;
    long checked = 0;
    while (true) {
      T link;
      try {
        if (!links.hasNext()) {
          break;
        }
        link = links.next();
      } catch (RuntimeException e) {
        if (!unreadable.isInstance(e)) {
          throw e;
        }
        return broken(checked, checked + 1, e.getMessage());
      }
      checked++;
      long at = sequence.applyAsLong(link);
      if (!intact.test(link)) {
        return broken(
            checked, at, noun + " " + at + " was changed: its hash does not match its content");
      }
      if (at > expected) {
        if (appearsLater(links, expected, at)) {
          return broken(
              checked, checked, noun + " " + at + " is out of place: found at position " + checked);
        }
        String missing =
            at - expected == 1
                ? noun + " " + expected + " is"
                : plural() + " " + expected + " to " + (at - 1) + " are";
        return broken(
            checked,
            expected,
            missing + " missing: " + noun + " " + at + " follows " + noun + " " + (expected - 1));
      }
      if (at < expected) {
        return broken(
            checked, checked, noun + " " + at + " is out of place: found at position " + checked);
      }
      if (!previousHash.apply(link).equals(previous)) {
        return broken(
            checked,
            at,
            noun
                + " "
                + at
                + " does not link to the "
                + noun
                + " before it: "
                + plural()
                + " were removed, replaced or reordered");
      }
      previous = hash.apply(link);
      expected++;
    }
    if (expectedHead != null && !expectedHead.equals(previous)) {
      return broken(
          checked,
          expected,
          "the "
              + whole
              + " does not end at the expected head: "
              + plural()
              + " after "
              + (expected - 1)
              + " were removed");
    }
    return new AuditVerification(true, checked, 0, Optional.empty());
  }

  private String plural() {
    return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
  }

  /**
   * Reads on to tell a removal from a move: whether a link numbered from {@code from} to just below
   * {@code to} comes later in the chain.
   */
  private boolean appearsLater(Iterator<T> links, long from, long to) {
    try {
      while (links.hasNext()) {
        long at = sequence.applyAsLong(links.next());
        if (at >= from && at < to) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      if (!unreadable.isInstance(e)) {
        throw e;
      }
      // the rest cannot be read: report the gap as it looks
    }
    return false;
  }

  private static AuditVerification broken(long checked, long at, String problem) {
    return new AuditVerification(false, checked, at, Optional.of(problem));
  }
}
