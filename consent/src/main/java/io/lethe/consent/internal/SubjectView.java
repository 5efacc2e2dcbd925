package io.lethe.consent.internal;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.Decision;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.NoticeVersion;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.ProcessingRestriction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine knows of one subject at one moment: the keyed hashes of every identifier linked
 * to it, their ledger events and restrictions, the instants at which a decision can change, and the
 * decisions made from them so far. Immutable but for the decisions it remembers; a change in the
 * ledger or a restriction replaces the whole view.
 *
 * <p>A link joins two identifiers from the instant it was recorded: asked about an earlier instant,
 * the view holds only the events and restrictions of the identifiers linked to the subject by then
 * ({@link #eventsAt}, {@link #restrictionsAt}).
 *
 * <p>Not API: may change in any release.
 */
public final class SubjectView {

  private final String self;
  private final Set<String> hashes;
  private final String[] hashArray;
  private final long readAfter;

  /** The engine's count of settled changes when the view was last found fresh. */
  private volatile long checkedAt = -1;

  private final List<ConsentEvent> events;
  private final List<ProcessingRestriction> restrictions;
  private final Instant[] breakpoints;
  private final boolean signalRecorded;

  /** When the newest link among the events was recorded, or null if there is none. */
  private final Instant lastLink;

  private final Map<String, Decision> byPurpose = new ConcurrentHashMap<>();
  private final Map<String, Map<CategoryKey, Decision>> byCategory = new ConcurrentHashMap<>();

  /**
   * Builds a view.
   *
   * @param policy the policy, for the instants at which notices and refresh periods change
   *     decisions
   * @param self the keyed hash of the identifier the view is of
   * @param hashes the keyed hashes of every linked identifier, {@code self} among them
   * @param events their events, in chain order
   * @param restrictions their restrictions
   * @param readAfter the number of the last change made before they were read
   */
  public SubjectView(
      PrivacyPolicy policy,
      String self,
      Set<String> hashes,
      List<ConsentEvent> events,
      List<ProcessingRestriction> restrictions,
      long readAfter) {
    this.self = self;
    this.hashes = Set.copyOf(hashes);
    this.hashArray = hashes.toArray(String[]::new);
    this.readAfter = readAfter;
    this.events = List.copyOf(events);
    this.restrictions = List.copyOf(restrictions);
    TreeSet<Instant> points = new TreeSet<>();
    boolean signal = false;
    Instant link = null;
    for (ConsentEvent event : events) {
      points.add(event.at());
      if (event.kind() == ConsentEvent.Kind.LINK && (link == null || event.at().isAfter(link))) {
        link = event.at();
      }
      if (event.kind() == ConsentEvent.Kind.CHOICE && event.status().validForProcessing()) {
        // only a valid consent ends by itself; other choices decide the same at any instant
        Instant expiry = Rules.expiry(policy, event);
        if (expiry != null) {
          points.add(expiry);
        }
      }
      signal |= event.kind() == ConsentEvent.Kind.SIGNAL;
    }
    for (ProcessingRestriction restriction : restrictions) {
      points.add(restriction.since());
      if (restriction.until() != null) {
        points.add(restriction.until());
      }
      if (restriction.liftedAt() != null) {
        points.add(restriction.liftedAt());
      }
    }
    for (ConsentNotice notice : policy.notices()) {
      for (NoticeVersion version : notice.versions()) {
        if (version.effective() != null) {
          points.add(version.effective().atStartOfDay(policy.timeZone()).toInstant());
        }
      }
    }
    this.breakpoints = points.toArray(Instant[]::new);
    this.signalRecorded = signal;
    this.lastLink = link;
  }

  /** {@return the keyed hashes of every identifier linked to the subject} */
  public Set<String> hashes() {
    return hashes;
  }

  /** {@return the same hashes as an array, to check without allocating} */
  public String[] hashArray() {
    return hashArray;
  }

  /** {@return the number of the last change made before the view was read} */
  public long readAfter() {
    return readAfter;
  }

  /** {@return the engine's count of settled changes when the view was last found fresh} */
  public long checkedAt() {
    return checkedAt;
  }

  /**
   * Records that the view was found fresh when the engine's count of settled changes was this.
   *
   * @param settled the count, read before the check
   */
  public void checkedAt(long settled) {
    if (settled > checkedAt) {
      checkedAt = settled;
    }
  }

  /** {@return the subject's ledger events, in chain order} */
  public List<ConsentEvent> events() {
    return events;
  }

  /** {@return the subject's restrictions, objections and opt-outs, active or not} */
  public List<ProcessingRestriction> restrictions() {
    return restrictions;
  }

  /**
   * The subject's events that count at an instant: those of the identifiers linked to it by then,
   * in chain order. Allocates nothing when every link was recorded by then.
   *
   * @param at the instant
   * @return the events
   */
  public List<ConsentEvent> eventsAt(Instant at) {
    if (lastLink == null || !at.isBefore(lastLink)) {
      return events;
    }
    Set<String> linked = linkedAt(at);
    List<ConsentEvent> found = new ArrayList<>();
    for (ConsentEvent event : events) {
      if (linked.contains(event.subject())) {
        found.add(event);
      }
    }
    return found;
  }

  /**
   * The subject's restrictions that count at an instant: those naming an identifier linked to it by
   * then. Allocates nothing when every link was recorded by then.
   *
   * @param at the instant
   * @return the restrictions, active or not
   */
  public List<ProcessingRestriction> restrictionsAt(Instant at) {
    if (lastLink == null || !at.isBefore(lastLink)) {
      return restrictions;
    }
    Set<String> linked = linkedAt(at);
    List<ProcessingRestriction> found = new ArrayList<>();
    for (ProcessingRestriction restriction : restrictions) {
      for (String hash : restriction.subjects()) {
        if (linked.contains(hash)) {
          found.add(restriction);
          break;
        }
      }
    }
    return found;
  }

  /** The hashes linked to the subject through links recorded at or before an instant. */
  private Set<String> linkedAt(Instant at) {
    Set<String> linked = new HashSet<>();
    linked.add(self);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ConsentEvent event : events) {
        if (event.kind() == ConsentEvent.Kind.LINK
            && !event.at().isAfter(at)
            && linked.contains(event.subject()) != linked.contains(event.linked())) {
          linked.add(event.subject());
          linked.add(event.linked());
          grew = true;
        }
      }
    }
    return linked;
  }

  /** {@return whether an opt-out signal is in the ledger for the subject} */
  public boolean signalRecorded() {
    return signalRecorded;
  }

  /**
   * A decision made earlier that holds at an instant. Allocates nothing.
   *
   * @param purpose the purpose
   * @param category the category, or null
   * @param at the instant
   * @return the decision, or null if none was made that holds then
   */
  public Decision remembered(String purpose, CategoryKey category, Instant at) {
    Decision decision;
    if (category == null) {
      decision = byPurpose.get(purpose);
    } else {
      Map<CategoryKey, Decision> categories = byCategory.get(purpose);
      decision = categories == null ? null : categories.get(category);
    }
    return decision != null && decision.holdsAt(at) ? decision : null;
  }

  /**
   * Remembers a decision made from this view.
   *
   * @param purpose the purpose
   * @param category the category, or null
   * @param decision the decision
   */
  public void remember(String purpose, CategoryKey category, Decision decision) {
    if (category == null) {
      byPurpose.put(purpose, decision);
    } else {
      byCategory.computeIfAbsent(purpose, k -> new ConcurrentHashMap<>()).put(category, decision);
    }
  }

  /**
   * The newest instant at or before {@code at} at which a decision can change.
   *
   * @param at the instant
   * @return it, or {@link Instant#MIN}
   */
  public Instant validFrom(Instant at) {
    int i = Arrays.binarySearch(breakpoints, at);
    if (i >= 0) {
      return breakpoints[i];
    }
    int before = -i - 2;
    return before >= 0 ? breakpoints[before] : Instant.MIN;
  }

  /**
   * The first instant after {@code at} at which a decision can change.
   *
   * @param at the instant
   * @return it, or {@link Instant#MAX}
   */
  public Instant validUntil(Instant at) {
    int i = Arrays.binarySearch(breakpoints, at);
    int after = i >= 0 ? i + 1 : -i - 1;
    return after < breakpoints.length ? breakpoints[after] : Instant.MAX;
  }

  /**
   * The identifiers a set of events links to, beyond those known.
   *
   * @param events events naming the known hashes
   * @param known the hashes known
   * @return hashes linked to them that are not known yet
   */
  public static List<String> linkedBeyond(List<ConsentEvent> events, Set<String> known) {
    List<String> more = new ArrayList<>();
    for (ConsentEvent event : events) {
      if (event.kind() == ConsentEvent.Kind.LINK) {
        for (String hash : List.of(event.subject(), event.linked())) {
          if (!known.contains(hash) && !more.contains(hash)) {
            more.add(hash);
          }
        }
      }
    }
    return more;
  }
}
