package io.lethe.core.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A privacy policy as executable values: who the controller is, which data it holds and why, who
 * receives it, how long it lives, and which rights and promises apply.
 *
 * <p>Every instance is valid: {@link Builder#build()} and {@link PolicyFiles} check every field and
 * every cross-reference and throw {@link InvalidPolicyException} listing all problems. Instances
 * are immutable and safe to share between threads.
 *
 * <p>The query methods ({@link #ruleFor}, {@link #timeline}) are pure functions of the policy and
 * the instants passed in; nothing reads the system clock.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({
  "id",
  "controller",
  "version",
  "effectiveDate",
  "timeZone",
  "minimumAge",
  "changeNotice",
  "sellsPersonalData",
  "sharesForCrossContextAdvertising",
  "categories",
  "notCollected",
  "subjects",
  "purposes",
  "recipients",
  "retention",
  "rights",
  "notices",
  "cookies",
  "breach",
  "notes"
})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class PrivacyPolicy {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @NotNull(message = "every policy needs an id")
  @Pattern(regexp = PolicyKeys.REGEX, message = PolicyKeys.MESSAGE)
  private final String id;

  @NotNull(message = "every policy needs a controller")
  @Valid
  private final Controller controller;

  @NotBlank(message = "every policy needs a version")
  private final String version;

  @NotNull(message = "every policy needs an effective date")
  private final LocalDate effectiveDate;

  private final ZoneId timeZone;

  @PositiveOrZero(message = "must not be negative")
  @Max(value = 120, message = "must be an age in years")
  private final Integer minimumAge;

  private final Period changeNotice;

  private final Boolean sellsPersonalData;

  private final Boolean sharesForCrossContextAdvertising;

  private final List<@NotNull @Valid DataCategory> categories;
  private final List<@NotNull CategoryKey> notCollected;
  private final List<@NotNull @Valid SubjectType> subjects;
  private final List<@NotNull @Valid Purpose> purposes;
  private final List<@NotNull @Valid Recipient> recipients;
  private final List<@NotNull @Valid RetentionRule> retention;
  private final List<@NotNull @Valid RightsProfile> rights;
  private final List<@NotNull @Valid ConsentNotice> notices;
  private final List<@NotNull @Valid Cookie> cookies;
  @Valid private final BreachNotification breach;
  private final List<@NotNull String> notes;

  @JsonIgnore private final transient Taxonomy taxonomy;
  @JsonIgnore private final transient Map<CategoryKey, RetentionRule> rulesByCategory;

  // Jackson reads policies through PolicyJson's mix-in, which only PolicyFiles registers:
  // a host's own ObjectMapper cannot create a policy that skipped validation.
  private PrivacyPolicy(
      String id,
      Controller controller,
      String version,
      LocalDate effectiveDate,
      ZoneId timeZone,
      Integer minimumAge,
      Period changeNotice,
      Boolean sellsPersonalData,
      Boolean sharesForCrossContextAdvertising,
      List<DataCategory> categories,
      List<CategoryKey> notCollected,
      List<SubjectType> subjects,
      List<Purpose> purposes,
      List<Recipient> recipients,
      List<RetentionRule> retention,
      List<RightsProfile> rights,
      List<ConsentNotice> notices,
      List<Cookie> cookies,
      BreachNotification breach,
      List<String> notes) {
    this.id = id;
    this.controller = controller;
    this.version = version;
    this.effectiveDate = effectiveDate;
    this.timeZone = timeZone == null ? UTC : timeZone;
    this.minimumAge = minimumAge;
    this.changeNotice = changeNotice;
    this.sellsPersonalData = sellsPersonalData;
    this.sharesForCrossContextAdvertising = sharesForCrossContextAdvertising;
    this.categories = Copies.list(categories);
    this.notCollected = Copies.list(notCollected);
    this.subjects = Copies.list(subjects);
    this.purposes = Copies.list(purposes);
    this.recipients = Copies.list(recipients);
    this.retention = Copies.list(retention);
    this.rights = Copies.list(rights);
    this.notices = Copies.list(notices);
    this.cookies = Copies.list(cookies);
    this.breach = breach;
    this.notes = Copies.list(notes);
    this.taxonomy = Taxonomy.extendedWith(this.categories);
    Map<CategoryKey, RetentionRule> index = new HashMap<>();
    for (RetentionRule rule : this.retention) {
      if (rule != null) {
        for (CategoryKey key : rule.categories()) {
          if (key != null) {
            index.putIfAbsent(key, rule);
          }
        }
      }
    }
    this.rulesByCategory = Map.copyOf(index);
  }

  /**
   * Starts a policy.
   *
   * @param id the policy's id, such as {@code vzgen}
   * @return a builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Starts a builder holding everything of an existing policy, to derive a changed one.
   *
   * @param policy the policy to copy
   * @return a builder
   */
  public static Builder from(PrivacyPolicy policy) {
    return new Builder(policy);
  }

  /**
   * Checks a freshly built or read policy. Package-private: {@link Builder#build()} and {@link
   * PolicyFiles} are the only ways in.
   */
  static PrivacyPolicy validated(
      PrivacyPolicy candidate, String source, List<PolicyViolation> earlier) {
    List<PolicyViolation> all = new ArrayList<>(earlier);
    all.addAll(PolicyValidation.validate(candidate));
    if (!all.isEmpty()) {
      throw InvalidPolicyException.of(source, PolicyValidation.ordered(all));
    }
    return candidate;
  }

  // ---------------------------------------------------------------- accessors

  /** {@return the policy's id} */
  public String id() {
    return id;
  }

  /** {@return the controller} */
  public Controller controller() {
    return controller;
  }

  /** {@return the policy's version, as published} */
  public String version() {
    return version;
  }

  /** {@return the date this version took effect} */
  public LocalDate effectiveDate() {
    return effectiveDate;
  }

  /** {@return the zone in which calendar periods are added; UTC unless the policy says} */
  public ZoneId timeZone() {
    return timeZone;
  }

  /** {@return the minimum age of users, empty if the policy sets none} */
  public Optional<Integer> minimumAge() {
    return Optional.ofNullable(minimumAge);
  }

  /** {@return how long before taking effect material changes are announced, if promised} */
  public Optional<Period> changeNotice() {
    return Optional.ofNullable(changeNotice);
  }

  /**
   * {@return whether the controller sells personal data (CCPA §1798.120), empty if the policy does
   * not say}
   */
  public Optional<Boolean> sellsPersonalData() {
    return Optional.ofNullable(sellsPersonalData);
  }

  /**
   * {@return whether it shares personal data for cross-context behavioral advertising, empty if the
   * policy does not say}
   */
  public Optional<Boolean> sharesForCrossContextAdvertising() {
    return Optional.ofNullable(sharesForCrossContextAdvertising);
  }

  /** {@return the categories this policy adds to the built-in taxonomy} */
  public List<DataCategory> categories() {
    return categories;
  }

  /** {@return categories the policy promises not to collect} */
  public List<CategoryKey> notCollected() {
    return notCollected;
  }

  /** {@return the subject types covered} */
  public List<SubjectType> subjects() {
    return subjects;
  }

  /** {@return the purposes of processing} */
  public List<Purpose> purposes() {
    return purposes;
  }

  /** {@return the recipients of personal data} */
  public List<Recipient> recipients() {
    return recipients;
  }

  /** {@return the retention rules} */
  public List<RetentionRule> retention() {
    return retention;
  }

  /** {@return the rights profiles, one per jurisdiction} */
  public List<RightsProfile> rights() {
    return rights;
  }

  /** {@return the consent notices} */
  public List<ConsentNotice> notices() {
    return notices;
  }

  /** {@return the cookies and similar technologies} */
  public List<Cookie> cookies() {
    return cookies;
  }

  /** {@return the breach-notification promise, empty if the policy makes none} */
  public Optional<BreachNotification> breach() {
    return Optional.ofNullable(breach);
  }

  /** {@return statements of the policy that no other field expresses} */
  public List<String> notes() {
    return notes;
  }

  /** {@return the built-in taxonomy extended by this policy's categories} */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  // ---------------------------------------------------------------- queries

  /**
   * Finds the rule that governs a category: the rule naming the category itself, else the rule of
   * its nearest ancestor.
   *
   * @param category the category
   * @return the governing rule, empty if none governs it
   * @throws UnknownCategoryException if the category is not defined
   */
  public Optional<RetentionRule> ruleFor(CategoryKey category) {
    requireKnown(category);
    Optional<CategoryKey> current = Optional.of(category);
    while (current.isPresent()) {
      RetentionRule rule = rulesByCategory.get(current.get());
      if (rule != null) {
        return Optional.of(rule);
      }
      current = current.get().parent();
    }
    return Optional.empty();
  }

  /**
   * Shorthand for {@code ruleFor(CategoryKey.of(category))}.
   *
   * @param category the dotted key
   * @return the governing rule
   */
  public Optional<RetentionRule> ruleFor(String category) {
    return ruleFor(CategoryKey.of(category));
  }

  /**
   * Computes when a record expires and until when a floor protects it, from its anchor times.
   * Calendar periods are added in {@link #timeZone()}.
   *
   * @param category the record's category
   * @param times the record's known anchor instants
   * @return the record's timeline
   * @throws UnknownCategoryException if the category is not defined
   */
  public RetentionTimeline timeline(CategoryKey category, AnchorTimes times) {
    Objects.requireNonNull(times, "times");
    RetentionRule rule = ruleFor(category).orElse(null);
    if (rule == null) {
      return new RetentionTimeline(category, null, null, null, null);
    }
    Instant anchoredAt = times.get(rule.anchor()).orElse(null);
    if (anchoredAt == null) {
      return new RetentionTimeline(category, rule, null, null, null);
    }
    Instant expiresAt =
        rule.maximum() == null ? null : rule.maximum().addTo(anchoredAt, timeZone).orElse(null);
    Instant protectedUntil =
        rule.minimum() == null ? null : rule.minimum().addTo(anchoredAt, timeZone).orElse(null);
    return new RetentionTimeline(category, rule, anchoredAt, expiresAt, protectedUntil);
  }

  /**
   * Shorthand for {@code timeline(CategoryKey.of(category), times)}.
   *
   * @param category the dotted key
   * @param times the record's anchor instants
   * @return the record's timeline
   */
  public RetentionTimeline timeline(String category, AnchorTimes times) {
    return timeline(CategoryKey.of(category), times);
  }

  /**
   * Looks up a purpose.
   *
   * @param key the purpose's key
   * @return the purpose, empty if none has that key
   */
  public Optional<Purpose> purpose(String key) {
    return purposes.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  /**
   * Looks up a consent notice.
   *
   * @param id the notice's id
   * @return the notice, empty if none has that id
   */
  public Optional<ConsentNotice> notice(String id) {
    return notices.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /**
   * How long a consent to a purpose lasts before it must be refreshed, for a subject under a
   * jurisdiction: the purpose's own {@link Purpose#consentRefresh()} if it sets one, else the
   * {@link RightsProfile#consentRefresh()} of the policy's profile for that jurisdiction, if it has
   * one that sets it.
   *
   * @param purposeKey the purpose's key
   * @param jurisdiction the jurisdiction the subject is under
   * @return the period, empty if neither the purpose nor the profile limits how long consent lasts
   * @throws IllegalArgumentException if the policy has no purpose with that key
   */
  public Optional<Period> consentRefresh(String purposeKey, Jurisdiction jurisdiction) {
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Purpose purpose =
        purpose(purposeKey)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "policy '" + id + "' has no purpose '" + purposeKey + "'"));
    return purpose
        .refreshAfter()
        .or(() -> rightsUnder(jurisdiction).flatMap(RightsProfile::refreshAfter));
  }

  /**
   * The age below which a subject's consent needs a holder of parental responsibility, under a
   * jurisdiction: the {@link RightsProfile#effectiveConsentAge()} of the policy's profile for it,
   * else the jurisdiction's {@link Jurisdiction#defaultConsentAge()}.
   *
   * @param jurisdiction the jurisdiction the subject is under
   * @return the age in years
   */
  public int consentAge(Jurisdiction jurisdiction) {
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    return rightsUnder(jurisdiction)
        .map(RightsProfile::effectiveConsentAge)
        .orElseGet(jurisdiction::defaultConsentAge);
  }

  /**
   * Looks up a recipient.
   *
   * @param key the recipient's key
   * @return the recipient, empty if none has that key
   */
  public Optional<Recipient> recipient(String key) {
    return recipients.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  /**
   * Looks up the rights granted under a jurisdiction.
   *
   * @param jurisdiction the jurisdiction
   * @return its profile, empty if the policy grants none there
   */
  public Optional<RightsProfile> rightsUnder(Jurisdiction jurisdiction) {
    return rights.stream().filter(r -> r.jurisdiction() == jurisdiction).findFirst();
  }

  /**
   * The purposes that use a category or one of its ancestors or descendants.
   *
   * @param category the category
   * @return matching purposes, in policy order
   */
  public List<Purpose> purposesUsing(CategoryKey category) {
    requireKnown(category);
    return purposes.stream()
        .filter(p -> p.categories().stream().anyMatch(c -> related(c, category)))
        .toList();
  }

  /**
   * The recipients that receive a category or one of its ancestors or descendants.
   *
   * @param category the category
   * @return matching recipients, in policy order
   */
  public List<Recipient> recipientsOf(CategoryKey category) {
    requireKnown(category);
    return recipients.stream()
        .filter(p -> p.categories().stream().anyMatch(c -> related(c, category)))
        .toList();
  }

  private static boolean related(CategoryKey a, CategoryKey b) {
    return a.isWithin(b) || b.isWithin(a);
  }

  private void requireKnown(CategoryKey category) {
    Objects.requireNonNull(category, "category");
    if (!taxonomy.contains(category)) {
      throw UnknownCategoryException.of(category, id);
    }
  }

  // ---------------------------------------------------------------- value semantics

  private List<Object> fields() {
    return java.util.Arrays.asList(
        id,
        controller,
        version,
        effectiveDate,
        timeZone,
        minimumAge,
        changeNotice,
        sellsPersonalData,
        sharesForCrossContextAdvertising,
        categories,
        notCollected,
        subjects,
        purposes,
        recipients,
        retention,
        rights,
        notices,
        cookies,
        breach,
        notes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivacyPolicy other && fields().equals(other.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "PrivacyPolicy[id="
        + id
        + ", version="
        + version
        + ", effective="
        + effectiveDate
        + ", purposes="
        + purposes.size()
        + ", recipients="
        + recipients.size()
        + ", rules="
        + retention.size()
        + "]";
  }

  // ---------------------------------------------------------------- builder

  /** Fluent builder for {@link PrivacyPolicy}; {@link #build()} validates everything. */
  public static final class Builder {
    private String id;
    private Controller controller;
    private String version;
    private LocalDate effectiveDate;
    private ZoneId timeZone = UTC;
    private Integer minimumAge;
    private Period changeNotice;
    private Boolean sellsPersonalData;
    private Boolean sharesForCrossContextAdvertising;
    private final List<DataCategory> categories = new ArrayList<>();
    private final List<CategoryKey> notCollected = new ArrayList<>();
    private final List<SubjectType> subjects = new ArrayList<>();
    private final List<Purpose> purposes = new ArrayList<>();
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<RetentionRule> retention = new ArrayList<>();
    private final List<RightsProfile> rights = new ArrayList<>();
    private final List<ConsentNotice> notices = new ArrayList<>();
    private final List<Cookie> cookies = new ArrayList<>();
    private BreachNotification breach;
    private final List<String> notes = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    private Builder(PrivacyPolicy p) {
      this.id = p.id;
      this.controller = p.controller;
      this.version = p.version;
      this.effectiveDate = p.effectiveDate;
      this.timeZone = p.timeZone;
      this.minimumAge = p.minimumAge;
      this.changeNotice = p.changeNotice;
      this.sellsPersonalData = p.sellsPersonalData;
      this.sharesForCrossContextAdvertising = p.sharesForCrossContextAdvertising;
      this.categories.addAll(p.categories);
      this.notCollected.addAll(p.notCollected);
      this.subjects.addAll(p.subjects);
      this.purposes.addAll(p.purposes);
      this.recipients.addAll(p.recipients);
      this.retention.addAll(p.retention);
      this.rights.addAll(p.rights);
      this.notices.addAll(p.notices);
      this.cookies.addAll(p.cookies);
      this.breach = p.breach;
      this.notes.addAll(p.notes);
    }

    /**
     * Sets id.
     *
     * @param value the policy's id
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets controller.
     *
     * @param value the controller
     * @return this builder
     */
    public Builder controller(Controller value) {
      this.controller = value;
      return this;
    }

    /**
     * @param name the controller's name
     * @param contact where privacy requests go
     * @return this builder
     */
    public Builder controller(String name, String contact) {
      return controller(Controller.of(name, contact));
    }

    /**
     * Sets version.
     *
     * @param value the published version
     * @return this builder
     */
    public Builder version(String value) {
      this.version = value;
      return this;
    }

    /**
     * Sets effective.
     *
     * @param value when this version took effect
     * @return this builder
     */
    public Builder effective(LocalDate value) {
      this.effectiveDate = value;
      return this;
    }

    /**
     * Sets time zone.
     *
     * @param value the zone for calendar periods; default UTC
     * @return this builder
     */
    public Builder timeZone(ZoneId value) {
      this.timeZone = value;
      return this;
    }

    /**
     * Sets minimum age.
     *
     * @param years the minimum age of users
     * @return this builder
     */
    public Builder minimumAge(int years) {
      this.minimumAge = years;
      return this;
    }

    /**
     * Sets change notice.
     *
     * @param value advance notice of material changes
     * @return this builder
     */
    public Builder changeNotice(Period value) {
      this.changeNotice = value;
      return this;
    }

    /**
     * Sets sells personal data.
     *
     * @param value whether personal data is sold
     * @return this builder
     */
    public Builder sellsPersonalData(boolean value) {
      this.sellsPersonalData = value;
      return this;
    }

    /**
     * Sets shares for cross context advertising.
     *
     * @param value whether it is shared for cross-context advertising
     * @return this builder
     */
    public Builder sharesForCrossContextAdvertising(boolean value) {
      this.sharesForCrossContextAdvertising = value;
      return this;
    }

    /**
     * Sets category.
     *
     * @param value a category of the policy's own
     * @return this builder
     */
    public Builder category(DataCategory value) {
      categories.add(value);
      return this;
    }

    /**
     * Sets not collected.
     *
     * @param keys categories promised not to be collected
     * @return this builder
     */
    public Builder notCollected(String... keys) {
      notCollected.addAll(Copies.keys(keys));
      return this;
    }

    /**
     * Sets subject.
     *
     * @param value a subject type
     * @return this builder
     */
    public Builder subject(SubjectType value) {
      subjects.add(value);
      return this;
    }

    /**
     * Sets purpose.
     *
     * @param value a purpose
     * @return this builder
     */
    public Builder purpose(Purpose value) {
      purposes.add(value);
      return this;
    }

    /**
     * Sets processor.
     *
     * @param value a recipient
     * @return this builder
     */
    public Builder recipient(Recipient value) {
      recipients.add(value);
      return this;
    }

    /**
     * Sets rule.
     *
     * @param value a retention rule
     * @return this builder
     */
    public Builder rule(RetentionRule value) {
      retention.add(value);
      return this;
    }

    /**
     * Sets rights.
     *
     * @param value a rights profile
     * @return this builder
     */
    public Builder rights(RightsProfile value) {
      rights.add(value);
      return this;
    }

    /**
     * Sets notice.
     *
     * @param value a consent notice
     * @return this builder
     */
    public Builder notice(ConsentNotice value) {
      notices.add(value);
      return this;
    }

    /**
     * Sets cookie.
     *
     * @param value a cookie
     * @return this builder
     */
    public Builder cookie(Cookie value) {
      cookies.add(value);
      return this;
    }

    /**
     * Sets breach.
     *
     * @param value the breach-notification promise
     * @return this builder
     */
    public Builder breach(BreachNotification value) {
      this.breach = value;
      return this;
    }

    /**
     * Sets note.
     *
     * @param value a statement no other field expresses
     * @return this builder
     */
    public Builder note(String value) {
      notes.add(value);
      return this;
    }

    /**
     * Builds and validates the policy.
     *
     * @return the policy
     * @throws InvalidPolicyException listing every problem found
     */
    public PrivacyPolicy build() {
      PrivacyPolicy candidate =
          new PrivacyPolicy(
              id,
              controller,
              version,
              effectiveDate,
              timeZone,
              minimumAge,
              changeNotice,
              sellsPersonalData,
              sharesForCrossContextAdvertising,
              categories,
              notCollected,
              subjects,
              purposes,
              recipients,
              retention,
              rights,
              notices,
              cookies,
              breach,
              notes);
      return validated(candidate, "'" + id + "' (built in Java)", List.of());
    }
  }
}
