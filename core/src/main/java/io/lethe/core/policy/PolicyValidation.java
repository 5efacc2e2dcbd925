package io.lethe.core.policy;

import io.lethe.core.PolicyViolation;
import io.lethe.core.internal.Spans;
import io.lethe.core.internal.Suggestions;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a policy: Jakarta constraints on every value (Hibernate Validator), then the rules that
 * span objects. Every problem is collected; nothing stops at the first.
 */
final class PolicyValidation {

  private static final ValidatorFactory FACTORY =
      Validation.byProvider(HibernateValidator.class)
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory();

  private static final Validator VALIDATOR = FACTORY.getValidator();

  /** The first year a policy's dates may lie in (the JSON Schema's {@code date}). */
  static final int MIN_YEAR = 1970;

  /** The last year a policy's dates may lie in. */
  static final int MAX_YEAR = 2999;

  private PolicyValidation() {}

  static List<PolicyViolation> validate(PrivacyPolicy policy) {
    List<PolicyViolation> found = new ArrayList<>();
    for (ConstraintViolation<PrivacyPolicy> violation : VALIDATOR.validate(policy)) {
      found.add(PolicyViolation.of(path(violation.getPropertyPath()), violation.getMessage()));
    }
    new CrossChecks(policy, found).run();
    return found;
  }

  /** Orders violations by source position, then path, so reports and tests are stable. */
  static List<PolicyViolation> ordered(List<PolicyViolation> violations) {
    List<PolicyViolation> copy = new ArrayList<>(new java.util.LinkedHashSet<>(violations));
    copy.sort(
        Comparator.comparing((PolicyViolation v) -> !v.hasPosition())
            .thenComparingInt(PolicyViolation::line)
            .thenComparingInt(PolicyViolation::column)
            .thenComparing(PolicyViolation::path)
            .thenComparing(PolicyViolation::message));
    return copy;
  }

  /** Formats a Bean Validation path the way the policy file reads: {@code retention[3].minimum}. */
  static String path(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable()) {
        Object where = node.getIndex() != null ? node.getIndex() : node.getKey();
        out.append('[').append(where).append(']');
      }
      String name = node.getName();
      if (name != null && !name.startsWith("<")) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name);
      }
    }
    return out.toString();
  }

  /** The rules that need more than one object to check. */
  private static final class CrossChecks {
    private final PrivacyPolicy policy;
    private final List<PolicyViolation> found;
    private final Taxonomy taxonomy;
    private final Set<String> purposeKeys = new HashSet<>();
    private final Set<String> subjectKeys = new HashSet<>();
    private final Set<String> noticeIds = new HashSet<>();

    CrossChecks(PrivacyPolicy policy, List<PolicyViolation> found) {
      this.policy = policy;
      this.found = found;
      this.taxonomy = policy.taxonomy();
    }

    void run() {
      checkController();
      checkCategories();
      checkUnique(
          "subjects", "key", policy.subjects(), SubjectType::key, "subject type", subjectKeys);
      checkUnique("purposes", "key", policy.purposes(), Purpose::key, "purpose", purposeKeys);
      checkUnique(
          "notices", "id", policy.notices(), ConsentNotice::id, "consent notice", noticeIds);
      checkUnique(
          "recipients", "key", policy.recipients(), Recipient::key, "recipient", new HashSet<>());
      checkUnique(
          "retention",
          "id",
          policy.retention(),
          RetentionRule::id,
          "retention rule",
          new HashSet<>());
      checkUnique("cookies", "name", policy.cookies(), Cookie::name, "cookie", new HashSet<>());
      checkKnownCategories("notCollected", policy.notCollected());
      checkNoDuplicates("notCollected", policy.notCollected());
      checkDates();
      checkPurposes();
      checkRecipients();
      checkRetention();
      checkRights();
      checkNotices();
      checkCookies();
      checkBreach();
      checkChangeNotice();
    }

    private void add(String path, String message) {
      found.add(PolicyViolation.of(path, message));
    }

    private void checkController() {
      Controller controller = policy.controller();
      if (controller == null) {
        return;
      }
      boolean stated = controller.contact() != null && !controller.contact().isBlank();
      if (controller.contactHidden() && controller.contact() != null) {
        add(
            "controller.contact",
            "a contact the published notice hides has no address here:"
                + " drop contact, or drop contactHidden");
      } else if (!controller.contactHidden() && !stated) {
        add("controller.contact", "the controller needs a contact for privacy requests");
      }
    }

    private void checkCategories() {
      Set<CategoryKey> seen = new HashSet<>();
      List<DataCategory> categories = policy.categories();
      for (int i = 0; i < categories.size(); i++) {
        DataCategory category = categories.get(i);
        if (category == null || category.key() == null) {
          continue;
        }
        String path = "categories[" + i + "].key";
        if (Taxonomy.builtIn().contains(category.key())) {
          add(path, "'" + category.key() + "' is a built-in category; add a child instead");
        } else if (!seen.add(category.key())) {
          add(path, "duplicate category '" + category.key() + "'");
        }
        category
            .key()
            .parent()
            .ifPresentOrElse(
                parent -> {
                  if (!taxonomy.contains(parent)) {
                    add(path, "parent category '" + parent + "' is not defined");
                  }
                },
                () ->
                    add(
                        path,
                        "a policy's own category must sit under a built-in root (user, aggregate)"
                            + " or another category"));
        if (category.specialCategory() && category.anonymized()) {
          add("categories[" + i + "]", "a category cannot be both special and anonymized");
        }
      }
    }

    private <T> void checkUnique(
        String list,
        String property,
        List<T> items,
        Function<T, String> key,
        String what,
        Set<String> keys) {
      for (int i = 0; i < items.size(); i++) {
        T item = items.get(i);
        String value = item == null ? null : key.apply(item);
        if (value != null && !keys.add(value)) {
          add(list + "[" + i + "]." + property, "duplicate " + what + " '" + value + "'");
        }
      }
    }

    private void checkKnownCategories(String path, List<CategoryKey> keys) {
      for (int i = 0; i < keys.size(); i++) {
        CategoryKey key = keys.get(i);
        if (key != null && !taxonomy.contains(key)) {
          add(
              path + "[" + i + "]",
              "unknown category '"
                  + key
                  + "'"
                  + Suggestions.didYouMean(
                      key.value(),
                      taxonomy.categories().stream()
                          .map(DataCategory::key)
                          .filter(known -> !key.isWithin(known))
                          .map(CategoryKey::value)
                          .toList()));
        }
      }
    }

    private void checkKnownRefs(String path, List<String> refs, Set<String> known, String what) {
      for (int i = 0; i < refs.size(); i++) {
        String ref = refs.get(i);
        if (ref != null && !known.contains(ref)) {
          add(
              path + "[" + i + "]",
              "unknown " + what + " '" + ref + "'" + Suggestions.didYouMean(ref, known));
        }
      }
    }

    private void checkPurposes() {
      List<Purpose> purposes = policy.purposes();
      for (int i = 0; i < purposes.size(); i++) {
        Purpose purpose = purposes.get(i);
        if (purpose == null) {
          continue;
        }
        String path = "purposes[" + i + "]";
        checkKnownCategories(path + ".categories", purpose.categories());
        checkKnownRefs(path + ".subjects", purpose.subjects(), subjectKeys, "subject type");
        checkNotCollectedUnused(path + ".categories", purpose.categories());
        checkNoDuplicates(path + ".categories", purpose.categories());
        if (purpose.basis() == LawfulBasis.CONSENT) {
          if (purpose.notice() == null) {
            add(
                path + ".notice",
                "a consent-based purpose must name the consent notice that asks" + " for it");
          }
        }
        if (purpose.notice() != null && !noticeIds.contains(purpose.notice())) {
          add(
              path + ".notice",
              "unknown consent notice '"
                  + purpose.notice()
                  + "'"
                  + Suggestions.didYouMean(purpose.notice(), noticeIds));
        }
        if (purpose.directMarketing()
            && purpose.basis() != null
            && purpose.basis() != LawfulBasis.CONSENT
            && purpose.basis() != LawfulBasis.LEGITIMATE_INTERESTS) {
          add(
              path + ".basis",
              "direct marketing rests on consent or legitimate interests, not "
                  + purpose.basis().name().toLowerCase(Locale.ROOT));
        }
        checkOptOuts(path, purpose);
        checkConsentRefresh(path, purpose);
      }
    }

    /**
     * An opt-out a purpose lists must not contradict what the policy says it does: a purpose
     * stopped by an opt-out of sale sells personal data, one stopped by an opt-out of sharing or of
     * targeted advertising shares it for cross-context advertising.
     */
    private void checkOptOuts(String path, Purpose purpose) {
      Set<OptOut> seen = new HashSet<>();
      List<OptOut> optOuts = purpose.optOuts();
      for (int o = 0; o < optOuts.size(); o++) {
        OptOut optOut = optOuts.get(o);
        if (optOut == null) {
          continue;
        }
        String at = path + ".optOuts[" + o + "]";
        if (!seen.add(optOut)) {
          add(
              at,
              "purpose '" + purpose.key() + "' lists the opt-out '" + spelling(optOut) + "' twice");
          continue;
        }
        if (optOut == OptOut.SALE
            && Boolean.FALSE.equals(policy.sellsPersonalData().orElse(null))) {
          add(
              at,
              "purpose '"
                  + purpose.key()
                  + "' is marked as a sale of personal data but the"
                  + " policy says it sells none (sellsPersonalData: false)");
        }
        if (optOut != OptOut.SALE
            && Boolean.FALSE.equals(policy.sharesForCrossContextAdvertising().orElse(null))) {
          add(
              at,
              "purpose '"
                  + purpose.key()
                  + "' is marked as "
                  + (optOut == OptOut.SHARING ? "sharing of personal data" : "targeted advertising")
                  + " but the policy says it shares none for cross-context advertising"
                  + " (sharesForCrossContextAdvertising: false)");
        }
      }
    }

    /** A refresh period is positive, bounded, and only for a purpose that rests on consent. */
    private void checkConsentRefresh(String path, Purpose purpose) {
      java.time.Period refresh = purpose.consentRefresh();
      if (refresh == null) {
        return;
      }
      String at = path + ".consentRefresh";
      checkBounded(at, refresh);
      if (refresh.isNegative() || refresh.isZero()) {
        add(at, "the consent refresh of purpose '" + purpose.key() + "' must be positive");
      }
      if (purpose.basis() != null && purpose.basis() != LawfulBasis.CONSENT) {
        add(
            at,
            "purpose '"
                + purpose.key()
                + "' rests on "
                + spelling(purpose.basis())
                + ", not consent, so it has no consent to refresh");
      }
    }

    private void checkNotCollectedUnused(String path, List<CategoryKey> keys) {
      for (int i = 0; i < keys.size(); i++) {
        CategoryKey key = keys.get(i);
        if (key == null) {
          continue;
        }
        for (CategoryKey excluded : policy.notCollected()) {
          if (excluded != null && key.isWithin(excluded)) {
            add(path + "[" + i + "]", "'" + key + "' is listed in notCollected");
          }
        }
      }
    }

    private void checkNoDuplicates(String path, List<CategoryKey> keys) {
      Set<CategoryKey> seen = new HashSet<>();
      for (int i = 0; i < keys.size(); i++) {
        CategoryKey key = keys.get(i);
        if (key != null && !seen.add(key)) {
          add(path + "[" + i + "]", "'" + key + "' is listed twice");
        }
      }
    }

    /** Dates stay within the years the file format allows, so that date arithmetic is safe. */
    private void checkDates() {
      checkDate("effectiveDate", policy.effectiveDate());
      List<ConsentNotice> notices = policy.notices();
      for (int i = 0; i < notices.size(); i++) {
        ConsentNotice notice = notices.get(i);
        if (notice != null) {
          checkDate("notices[" + i + "].effective", notice.effective());
          for (int v = 0; v < notice.previous().size(); v++) {
            NoticeVersion earlier = notice.previous().get(v);
            if (earlier != null) {
              checkDate("notices[" + i + "].previous[" + v + "].effective", earlier.effective());
            }
          }
        }
      }
    }

    private void checkDate(String path, java.time.LocalDate date) {
      if (date != null && (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR)) {
        add(path, "must lie in the years " + MIN_YEAR + " to " + MAX_YEAR);
      }
    }

    /** Periods and durations at most {@link RetentionPeriod#MAX_YEARS} years, none negative. */
    private void checkBounded(String path, java.time.temporal.TemporalAmount amount) {
      if (amount != null
          && !amount.getUnits().isEmpty()
          && !RetentionPeriod.withinBounds(amount)
          && !isNegative(amount)) {
        add(path, "longer than " + RetentionPeriod.MAX_YEARS + " years");
      }
    }

    private static boolean isNegative(java.time.temporal.TemporalAmount amount) {
      return amount instanceof java.time.Period p
          ? p.isNegative()
          : amount instanceof Duration d && d.isNegative();
    }

    private void checkRecipients() {
      List<Recipient> recipients = policy.recipients();
      for (int i = 0; i < recipients.size(); i++) {
        Recipient processor = recipients.get(i);
        if (processor == null) {
          continue;
        }
        String path = "recipients[" + i + "]";
        checkKnownCategories(path + ".categories", processor.categories());
        checkNotCollectedUnused(path + ".categories", processor.categories());
        checkKnownRefs(path + ".purposes", processor.purposes(), purposeKeys, "purpose");
        if (processor.mayReceiveOutsideEea() && processor.safeguards().isEmpty()) {
          add(
              path + ".safeguards",
              "a recipient outside the EEA ("
                  + processor.location()
                  + ") needs a transfer safeguard (GDPR Art. 44-49)");
        }
      }
    }

    private void checkRetention() {
      Map<CategoryKey, String> governedBy = new HashMap<>();
      List<RetentionRule> rules = policy.retention();
      for (int i = 0; i < rules.size(); i++) {
        RetentionRule rule = rules.get(i);
        if (rule == null) {
          continue;
        }
        String path = "retention[" + i + "]";
        if (rule.categories().isEmpty()) {
          add(path + ".categories", "a retention rule must govern at least one category");
        }
        checkKnownCategories(path + ".categories", rule.categories());
        checkNotCollectedUnused(path + ".categories", rule.categories());
        for (int c = 0; c < rule.categories().size(); c++) {
          CategoryKey key = rule.categories().get(c);
          if (key == null) {
            continue;
          }
          if (Taxonomy.isContext(key)) {
            add(
                path + ".categories[" + c + "]",
                "'"
                    + key
                    + "' is context, not personal data:"
                    + " no retention rule governs it, and rows go with the categories they hold");
          }
          String other = governedBy.putIfAbsent(key, rule.id());
          if (other != null) {
            add(
                path + ".categories[" + c + "]",
                "'" + key + "' is already governed by rule '" + other + "'");
          }
        }
        checkPeriods(path, rule);
        checkAction(path, rule);
      }
      checkInheritedFloors(rules);
    }

    /**
     * A rule on a narrower category must keep the floor of a rule on a broader one: otherwise the
     * most specific rule would silently drop a legal minimum.
     */
    private void checkInheritedFloors(List<RetentionRule> rules) {
      for (int i = 0; i < rules.size(); i++) {
        RetentionRule rule = rules.get(i);
        if (rule == null) {
          continue;
        }
        for (CategoryKey category : rule.categories()) {
          for (RetentionRule broader : rules) {
            if (broader == null
                || broader == rule
                || broader.minimum() == null
                || broader.minimum().isIndefinite()) {
              continue;
            }
            for (CategoryKey ancestor : broader.categories()) {
              if (category == null
                  || ancestor == null
                  || category.equals(ancestor)
                  || !category.isWithin(ancestor)) {
                continue;
              }
              if (rule.minimum() == null || broader.minimum().mayExceed(rule.minimum())) {
                add(
                    "retention[" + i + "].minimum",
                    "'"
                        + category
                        + "' lies under '"
                        + ancestor
                        + "' of rule '"
                        + broader.id()
                        + "', whose floor "
                        + broader.minimum()
                        + " it must keep");
              }
            }
          }
        }
      }
    }

    private void checkPeriods(String path, RetentionRule rule) {
      RetentionPeriod max = rule.maximum();
      RetentionPeriod min = rule.minimum();
      if (max == null && min == null && blank(rule.criteria())) {
        add(
            path + ".maximum",
            "a rule needs a maximum, a minimum, or the criteria that determine"
                + " the period (GDPR Art. 13(2)(a))");
      }
      if (min != null && min.isIndefinite()) {
        add(path + ".minimum", "a minimum cannot be indefinite");
      } else if (min != null && max != null && min.mayExceed(max)) {
        add(path + ".minimum", "longer than maximum " + max);
      }
      if (max != null && max.isIndefinite()) {
        for (CategoryKey key : rule.categories()) {
          if (key != null && taxonomy.contains(key) && !taxonomy.isAnonymized(key)) {
            add(
                path + ".maximum",
                "indefinite retention is only allowed for anonymized or"
                    + " aggregate data, not '"
                    + key
                    + "'");
          }
        }
      }
      if (min != null && rule.basis() == null) {
        add(
            path + ".basis",
            "a minimum period needs the lawful basis that requires keeping the"
                + " data (usually legal_obligation)");
      }
    }

    private void checkAction(String path, RetentionRule rule) {
      switch (rule.action()) {
        case ANONYMIZE -> {
          if (rule.anonymize().isEmpty()) {
            add(path + ".anonymize", "an anonymizing rule needs a field strategy per category");
          }
        }
        case AGGREGATE_THEN_DELETE -> {
          if (blank(rule.aggregator())) {
            add(
                path + ".aggregator",
                "an aggregate_then_delete rule must name the host hook that" + " aggregates");
          }
        }
        case DELETE -> {}
      }
      if (rule.action() != ExpiryAction.ANONYMIZE && !rule.anonymize().isEmpty()) {
        add(path + ".anonymize", "field strategies only apply when the action is anonymize");
      }
      rule.anonymize()
          .keySet()
          .forEach(
              key -> {
                if (key != null
                    && rule.categories().stream().noneMatch(c -> c != null && key.isWithin(c))) {
                  add(
                      path + ".anonymize[" + key + "]",
                      "'" + key + "' is not governed by this rule");
                }
              });
    }

    private void checkRights() {
      Set<Jurisdiction> seen = new HashSet<>();
      List<RightsProfile> profiles = policy.rights();
      for (int i = 0; i < profiles.size(); i++) {
        RightsProfile profile = profiles.get(i);
        if (profile == null || profile.jurisdiction() == null) {
          continue;
        }
        String path = "rights[" + i + "]";
        Jurisdiction jurisdiction = profile.jurisdiction();
        if (!seen.add(jurisdiction)) {
          add(path + ".jurisdiction", "duplicate rights profile for " + name(jurisdiction));
        }
        if (profile.promisesLongerThanLaw()) {
          add(
              path + ".deadline",
              "longer than the "
                  + name(jurisdiction)
                  + " allows ("
                  + jurisdiction.statutoryDeadline().orElseThrow()
                  + ")");
        }
        if (profile.extendsLongerThanLaw()) {
          add(
              path + ".extension",
              "longer than the "
                  + name(jurisdiction)
                  + " allows ("
                  + jurisdiction.statutoryExtension().orElseThrow()
                  + ")");
        }
        checkBounded(path + ".deadline", profile.deadline());
        checkBounded(path + ".extension", profile.extension());
        if (profile.deadline() != null
            && (profile.deadline().isNegative() || profile.deadline().isZero())) {
          add(path + ".deadline", "must be positive");
        }
        if (profile.extension() != null && profile.extension().isNegative()) {
          add(path + ".extension", "must not be negative");
        }
        checkConsentAge(path, profile);
        checkBounded(path + ".consentRefresh", profile.consentRefresh());
        if (profile.consentRefresh() != null
            && (profile.consentRefresh().isNegative() || profile.consentRefresh().isZero())) {
          add(
              path + ".consentRefresh",
              "the consent refresh of the rights profile for the "
                  + name(jurisdiction)
                  + " must be positive");
        }
        for (int r = 0; r < profile.rights().size(); r++) {
          DataSubjectRight right = profile.rights().get(r);
          if (right != null && !jurisdiction.recognizes(right)) {
            add(
                path + ".rights[" + r + "]",
                name(right) + " is not a right under the " + name(jurisdiction));
          }
        }
      }
    }

    /**
     * The GDPR lets member states set the age of consent to information-society services between 13
     * and 16 (Art. 8(1)); the bean constraints keep every other jurisdiction's within 0 to 120.
     */
    private void checkConsentAge(String path, RightsProfile profile) {
      Integer age = profile.consentAge();
      if (age != null
          && profile.jurisdiction() == Jurisdiction.GDPR
          && age >= 0
          && age <= 120
          && (age < 13 || age > 16)) {
        add(
            path + ".consentAge",
            "the consent age of the rights profile for the GDPR must lie"
                + " between 13 and 16 (GDPR Art. 8(1)), not "
                + age);
      }
    }

    private void checkNotices() {
      List<ConsentNotice> notices = policy.notices();
      for (int i = 0; i < notices.size(); i++) {
        ConsentNotice notice = notices.get(i);
        if (notice != null) {
          checkKnownRefs("notices[" + i + "].purposes", notice.purposes(), purposeKeys, "purpose");
          checkVersions("notices[" + i + "]", notice);
        }
      }
    }

    /**
     * The versions of a notice are distinct, each after the oldest says how it changed, and their
     * effective dates, where given, do not go back in time.
     */
    private void checkVersions(String path, ConsentNotice notice) {
      List<NoticeVersion> previous = notice.previous();
      if (previous.isEmpty()) {
        return;
      }
      String what = "consent notice '" + notice.id() + "'";
      if (notice.change() == null) {
        add(
            path + ".change",
            what
                + " lists earlier versions, so it must say whether version '"
                + notice.version()
                + "' is a material or an editorial change");
      }
      Set<String> versions = new HashSet<>();
      NoticeVersion latestDated = null;
      for (int v = 0; v <= previous.size(); v++) {
        boolean current = v == previous.size();
        NoticeVersion version =
            current
                ? new NoticeVersion(
                    notice.version(), notice.effective(), notice.change(), notice.text())
                : previous.get(v);
        if (version == null) {
          continue;
        }
        String at = current ? path : path + ".previous[" + v + "]";
        if (!current && v > 0 && version.change() == null && !blank(version.version())) {
          add(
              at + ".change",
              "version '"
                  + version.version()
                  + "' of "
                  + what
                  + " must say"
                  + " whether it is a material or an editorial change from the one before it");
        }
        if (version.version() != null && !versions.add(version.version())) {
          add(at + ".version", what + " has version '" + version.version() + "' twice");
        }
        if (version.effective() != null) {
          if (latestDated != null && version.effective().isBefore(latestDated.effective())) {
            add(
                at + ".effective",
                "version '"
                    + version.version()
                    + "' of "
                    + what
                    + " takes effect on "
                    + version.effective()
                    + ", before the earlier version '"
                    + latestDated.version()
                    + "' ("
                    + latestDated.effective()
                    + ")");
          } else {
            latestDated = version;
          }
        }
      }
    }

    private void checkCookies() {
      List<Cookie> cookies = policy.cookies();
      for (int i = 0; i < cookies.size(); i++) {
        Cookie cookie = cookies.get(i);
        if (cookie == null) {
          continue;
        }
        String path = "cookies[" + i + "]";
        if (cookie.purpose() != null && !purposeKeys.contains(cookie.purpose())) {
          add(
              path + ".purpose",
              "unknown purpose '"
                  + cookie.purpose()
                  + "'"
                  + Suggestions.didYouMean(cookie.purpose(), purposeKeys));
        }
        if (cookie.notice() != null && !noticeIds.contains(cookie.notice())) {
          add(
              path + ".notice",
              "unknown consent notice '"
                  + cookie.notice()
                  + "'"
                  + Suggestions.didYouMean(cookie.notice(), noticeIds));
        }
        checkBounded(path + ".lifetime", cookie.lifetime());
        if (cookie.lifetime() != null
            && (cookie.lifetime().isNegative() || cookie.lifetime().isZero())) {
          add(path + ".lifetime", "must be positive; leave it out for a session cookie");
        }
      }
    }

    private void checkChangeNotice() {
      policy
          .changeNotice()
          .ifPresent(
              notice -> {
                if (notice.isNegative() || notice.isZero()) {
                  add("changeNotice", "must be positive");
                }
                checkBounded("changeNotice", notice);
              });
    }

    private void checkBreach() {
      BreachNotification breach = policy.breach().orElse(null);
      if (breach == null) {
        return;
      }
      Duration authority = breach.authorityWithin();
      checkBounded("breach.authorityWithin", authority);
      checkBounded("breach.subjectsWithin", breach.subjectsWithin());
      boolean beyondBounds =
          authority != null && !authority.isNegative() && !RetentionPeriod.withinBounds(authority);
      if (beyondBounds) {
        authority = null; // checkBounded reported it; comparing it with 72 hours adds nothing
      }
      if (authority != null && (authority.isNegative() || authority.isZero())) {
        add("breach.authorityWithin", "must be positive");
      } else if (authority != null
          && requires72Hours()
          && Spans.mayExceed(authority, BreachNotification.GDPR_AUTHORITY_DEADLINE)) {
        add("breach.authorityWithin", "longer than the 72 hours GDPR Art. 33 allows");
      }
      Duration subjects = breach.subjectsWithin();
      if (subjects != null && (subjects.isNegative() || subjects.isZero())) {
        add("breach.subjectsWithin", "must be positive; leave it out for \"without undue delay\"");
      }
    }

    private boolean requires72Hours() {
      return policy.rights().stream()
          .anyMatch(
              r ->
                  r != null
                      && r.jurisdiction() != null
                      && r.jurisdiction().requires72HourBreachNotice());
    }

    /** An enum value as a policy file spells it: {@code targeted_advertising}. */
    private static String spelling(Enum<?> value) {
      return value.name().toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String text) {
      return text == null || text.isBlank();
    }

    private static String name(Enum<?> value) {
      return switch (value.name()) {
        case "GDPR" -> "GDPR";
        case "UK_GDPR" -> "UK GDPR";
        case "CCPA" -> "CCPA/CPRA";
        default -> value.name().toLowerCase(Locale.ROOT);
      };
    }
  }
}
