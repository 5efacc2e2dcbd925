package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import java.time.LocalDate;

/**
 * One version of a {@link ConsentNotice}: an earlier one in its {@link ConsentNotice#previous()},
 * or the current one as {@link ConsentNotice#versions()} lists it.
 *
 * @param version the version label, unique within its notice
 * @param effective when this version took effect; may be null, for a version in effect since before
 *     any date the policy records
 * @param change how this version differs from the one before it; may be null only for the oldest
 *     version the notice lists
 * @param text the version's words or a link to them; may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NoticeVersion(
    @NotBlank(message = "every earlier version of a consent notice needs a version") String version,
    LocalDate effective,
    NoticeChange change,
    String text) {}
