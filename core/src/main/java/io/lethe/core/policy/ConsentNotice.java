package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.core.internal.Canonical;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned notice that asks for consent to some purposes. A consent ledger records which version
 * a subject agreed to; the notice tells whether that consent still holds.
 *
 * <p>The record's own fields describe the current version; {@link #previous()} keeps the earlier
 * ones, oldest first, each with how it differed from the one before it. A {@link
 * NoticeChange#MATERIAL material} change makes consents given to earlier versions stale once it
 * takes effect ({@link #staleFor}); an {@link NoticeChange#EDITORIAL editorial} one does not.
 *
 * @param id the notice's id, referred to by purposes and cookies
 * @param version the notice's current version; unique among its versions
 * @param purposes the purposes it asks consent for
 * @param effective when the current version took effect; may be null
 * @param change how the current version differs from the one before it; required when {@code
 *     previous} is not empty, may be null when it is
 * @param text the current version's words or a link to them; may be null
 * @param previous the earlier versions, oldest first; their effective dates, where given, do not
 *     decrease, and the current version's is not before theirs
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConsentNotice(
    @NotNull(message = "every consent notice needs an id")
        @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
        String id,
    @NotBlank(message = "every consent notice needs a version") String version,
    List<@NotNull String> purposes,
    LocalDate effective,
    NoticeChange change,
    String text,
    List<@NotNull @Valid NoticeVersion> previous) {

  /** Copies the lists. */
  public ConsentNotice {
    purposes = Copies.list(purposes);
    previous = Copies.list(previous);
  }

  /**
   * A notice asking consent for the given purposes, with no earlier versions.
   *
   * @param id the notice's id
   * @param version its version
   * @param purposes the purposes' keys
   * @return the notice
   */
  public static ConsentNotice of(String id, String version, String... purposes) {
    return new ConsentNotice(id, version, List.of(purposes), null, null, null, List.of());
  }

  /**
   * Returns a copy of this notice with earlier versions and how the current one differs from the
   * last of them:
   *
   * <pre>{@code
   * ConsentNotice.of("marketing", "2", "marketing_emails")
   *     .withPrevious(NoticeChange.MATERIAL, new NoticeVersion("1", null, null, "old text"));
   * }</pre>
   *
   * @param change how the current version differs from the last earlier one
   * @param previous the earlier versions, oldest first; they replace any this notice has
   * @return a copy
   */
  public ConsentNotice withPrevious(NoticeChange change, NoticeVersion... previous) {
    return new ConsentNotice(id, version, purposes, effective, change, text, List.of(previous));
  }

  /**
   * Every version of the notice, oldest first, the current one last.
   *
   * @return the versions
   */
  public List<NoticeVersion> versions() {
    List<NoticeVersion> all = new ArrayList<>(previous);
    all.add(current());
    return List.copyOf(all);
  }

  /**
   * Looks up a version of this notice, earlier or current.
   *
   * @param version the version label
   * @return the version, empty if the notice has none by that label
   */
  public Optional<NoticeVersion> version(String version) {
    Objects.requireNonNull(version, "version");
    return versions().stream().filter(v -> version.equals(v.version())).findFirst();
  }

  /**
   * A fingerprint of what a version said, for a consent record to keep beside the version label:
   * the lower-case hex SHA-256 of the notice's id, the version and its text (empty when it has
   * none), each length-prefixed so that no contents of one field can pass for another's.
   *
   * @param version the version label
   * @return 64 lower-case hex digits
   * @throws IllegalArgumentException if the notice has no such version
   */
  public String contentHash(String version) {
    NoticeVersion found =
        version(version)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "consent notice '" + id + "' has no version '" + version + "'"));
    return new Canonical()
        .field(id)
        .field(found.version())
        .field(found.text() == null ? "" : found.text())
        .sha256();
  }

  /**
   * The {@link #contentHash(String)} of the current version.
   *
   * @return 64 lower-case hex digits
   */
  public String contentHash() {
    return contentHash(version);
  }

  /**
   * Tells whether a consent given to a version of this notice is stale at an instant, so that the
   * subject must be asked again: the version is unknown to the notice, or a later version (up to
   * and including the current one) is a {@link NoticeChange#MATERIAL material} change in effect at
   * that instant. A version with no effective date is always in effect; one with a date takes
   * effect at the start of that day in the zone. Editorial changes never make a consent stale; a
   * later version whose change is not stated counts as material.
   *
   * @param givenVersion the version the subject consented to
   * @param at the instant to judge at
   * @param zone the zone in which effective dates begin, usually the policy's time zone
   * @return true if the consent no longer covers the notice
   */
  public boolean staleFor(String givenVersion, Instant at, ZoneId zone) {
    Objects.requireNonNull(givenVersion, "givenVersion");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    List<NoticeVersion> all = versions();
    int given = -1;
    for (int i = 0; i < all.size(); i++) {
      if (givenVersion.equals(all.get(i).version())) {
        given = i;
        break;
      }
    }
    if (given < 0) {
      return true;
    }
    for (NoticeVersion later : all.subList(given + 1, all.size())) {
      boolean material = later.change() != NoticeChange.EDITORIAL;
      boolean inEffect =
          later.effective() == null
              || !at.isBefore(later.effective().atStartOfDay(zone).toInstant());
      if (material && inEffect) {
        return true;
      }
    }
    return false;
  }

  private NoticeVersion current() {
    return new NoticeVersion(version, effective, change, text);
  }
}
