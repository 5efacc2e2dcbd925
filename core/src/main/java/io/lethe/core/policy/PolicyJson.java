package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;

/**
 * How Jackson creates a {@link PrivacyPolicy}: a mix-in that only {@link PolicyFiles}'s mappers
 * register, so that policies are read only through {@link PolicyReader}, which validates them. Its
 * constructor mirrors {@link PrivacyPolicy}'s private one.
 */
abstract class PolicyJson {

  @JsonCreator
  @SuppressWarnings("unused")
  PolicyJson(
      @JsonProperty("id") String id,
      @JsonProperty("controller") Controller controller,
      @JsonProperty("version") String version,
      @JsonProperty("effectiveDate") LocalDate effectiveDate,
      @JsonProperty("timeZone") ZoneId timeZone,
      @JsonProperty("minimumAge") Integer minimumAge,
      @JsonProperty("changeNotice") Period changeNotice,
      @JsonProperty("sellsPersonalData") Boolean sellsPersonalData,
      @JsonProperty("sharesForCrossContextAdvertising") Boolean sharesForCrossContextAdvertising,
      @JsonProperty("categories") List<DataCategory> categories,
      @JsonProperty("notCollected") List<CategoryKey> notCollected,
      @JsonProperty("subjects") List<SubjectType> subjects,
      @JsonProperty("purposes") List<Purpose> purposes,
      @JsonProperty("recipients") List<Recipient> recipients,
      @JsonProperty("retention") List<RetentionRule> retention,
      @JsonProperty("rights") List<RightsProfile> rights,
      @JsonProperty("notices") List<ConsentNotice> notices,
      @JsonProperty("cookies") List<Cookie> cookies,
      @JsonProperty("breach") BreachNotification breach,
      @JsonProperty("notes") List<String> notes) {}
}
