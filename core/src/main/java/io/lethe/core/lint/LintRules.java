package io.lethe.core.lint;

import io.lethe.core.internal.Spans;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ConsentNotice;
import io.lethe.core.policy.Cookie;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.DpaStatus;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.OptOut;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.policy.Taxonomy;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The built-in lint rules. Every rule's id is stable; {@link #all()} lists them in order. */
public final class LintRules {

  /** {@code category-without-retention}. */
  public static final String CATEGORY_WITHOUT_RETENTION = "category-without-retention";

  /** {@code retention-without-period}. */
  public static final String RETENTION_WITHOUT_PERIOD = "retention-without-period";

  /** {@code indefinite-personal-data}. */
  public static final String INDEFINITE_PERSONAL_DATA = "indefinite-personal-data";

  /** {@code purpose-without-basis}. */
  public static final String PURPOSE_WITHOUT_BASIS = "purpose-without-basis";

  /** {@code consent-without-notice}. */
  public static final String CONSENT_WITHOUT_NOTICE = "consent-without-notice";

  /** {@code legitimate-interest-without-objection-route}. */
  public static final String LEGITIMATE_INTEREST_WITHOUT_OBJECTION_ROUTE =
      "legitimate-interest-without-objection-route";

  /** {@code transfer-without-safeguard}. */
  public static final String TRANSFER_WITHOUT_SAFEGUARD = "transfer-without-safeguard";

  /** {@code location-not-stated}. */
  public static final String LOCATION_NOT_STATED = "location-not-stated";

  /** {@code processor-without-dpa}. */
  public static final String PROCESSOR_WITHOUT_DPA = "processor-without-dpa";

  /** {@code deadline-longer-than-law}. */
  public static final String DEADLINE_LONGER_THAN_LAW = "deadline-longer-than-law";

  /** {@code no-response-deadline}. */
  public static final String NO_RESPONSE_DEADLINE = "no-response-deadline";

  /** {@code special-category-without-art9-condition}. */
  public static final String SPECIAL_CATEGORY_WITHOUT_ART9_CONDITION =
      "special-category-without-art9-condition";

  /** {@code consent-cookie-without-notice}. */
  public static final String CONSENT_COOKIE_WITHOUT_NOTICE = "consent-cookie-without-notice";

  /** {@code sale-or-sharing-mismatch}. */
  public static final String SALE_OR_SHARING_MISMATCH = "sale-or-sharing-mismatch";

  /** {@code sale-or-sharing-purpose-unmarked}. */
  public static final String SALE_OR_SHARING_PURPOSE_UNMARKED = "sale-or-sharing-purpose-unmarked";

  /** {@code consent-without-withdrawal}. */
  public static final String CONSENT_WITHOUT_WITHDRAWAL = "consent-without-withdrawal";

  /** {@code contact-hidden}. */
  public static final String CONTACT_HIDDEN = "contact-hidden";

  private static final String ART_13_2_A = "GDPR Art. 13(2)(a)";

  private LintRules() {}

  /** {@return every built-in rule, in a fixed order} */
  public static List<LintRule> all() {
    return List.of(
        categoryWithoutRetention(),
        retentionWithoutPeriod(),
        indefinitePersonalData(),
        purposeWithoutBasis(),
        consentWithoutNotice(),
        legitimateInterestWithoutObjectionRoute(),
        transferWithoutSafeguard(),
        locationNotStated(),
        processorWithoutDpa(),
        deadlineLongerThanLaw(),
        noResponseDeadline(),
        specialCategoryWithoutArt9Condition(),
        consentCookieWithoutNotice(),
        saleOrSharingMismatch(),
        saleOrSharingPurposeUnmarked(),
        consentWithoutWithdrawal(),
        contactHidden());
  }

  // ---------------------------------------------------------------- controller

  /**
   * A controller whose published notice hides its contact address ({@code contactHidden}): GDPR
   * Art. 13(1)(a) requires the controller's contact details in the notice itself.
   *
   * @return the rule
   */
  public static LintRule contactHidden() {
    return new Rule(CONTACT_HIDDEN, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        if (policy.controller() == null || !policy.controller().contactHidden()) {
          return List.of();
        }
        return List.of(
            finding(
                "controller.contactHidden",
                "the published notice hides the"
                    + " contact address, so a subject cannot reach the controller from it",
                "GDPR Art. 13(1)(a)"));
      }
    };
  }

  // ---------------------------------------------------------------- retention

  /**
   * A category used by a purpose or received by a recipient that no retention rule governs. GDPR
   * Art. 13(2)(a) requires the period or the criteria that determine it. Anonymized categories and
   * roots such as {@code user} (the catch-all of legal purposes and hosting providers) are not
   * reported.
   *
   * @return the rule
   */
  public static LintRule categoryWithoutRetention() {
    return new Rule(CATEGORY_WITHOUT_RETENTION, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        Map<CategoryKey, String> usedBy = new LinkedHashMap<>();
        List<Purpose> purposes = policy.purposes();
        for (int i = 0; i < purposes.size(); i++) {
          for (CategoryKey key : purposes.get(i).categories()) {
            usedBy.putIfAbsent(key, "purposes[" + i + "] (" + purposes.get(i).key() + ")");
          }
        }
        List<Recipient> recipients = policy.recipients();
        for (int i = 0; i < recipients.size(); i++) {
          for (CategoryKey key : recipients.get(i).categories()) {
            usedBy.putIfAbsent(key, "recipients[" + i + "] (" + recipients.get(i).key() + ")");
          }
        }
        Taxonomy taxonomy = policy.taxonomy();
        List<LintFinding> found = new ArrayList<>();
        usedBy.forEach(
            (key, user) -> {
              if (key.depth() > 1 && taxonomy.isPersonal(key) && policy.ruleFor(key).isEmpty()) {
                found.add(
                    finding(
                        "categories " + key,
                        "used by "
                            + user
                            + " but no retention rule governs it; state the period or the criteria",
                        ART_13_2_A));
              }
            });
        return found;
      }
    };
  }

  /**
   * A retention rule with no maximum: it gives only the criteria or a legal floor, so nothing says
   * when the data must be gone.
   *
   * @return the rule
   */
  public static LintRule retentionWithoutPeriod() {
    return new Rule(RETENTION_WITHOUT_PERIOD, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<LintFinding> found = new ArrayList<>();
        List<RetentionRule> rules = policy.retention();
        for (int i = 0; i < rules.size(); i++) {
          RetentionRule rule = rules.get(i);
          if (rule.maximum() != null) {
            continue;
          }
          String what =
              rule.minimum() != null
                  ? "has a legal floor of " + rule.minimum() + " but no maximum"
                  : "gives criteria but no maximum period";
          found.add(
              finding(
                  "retention[" + i + "]",
                  "rule '"
                      + rule.id()
                      + "' "
                      + what
                      + "; nothing says when "
                      + keys(rule.categories())
                      + " must be gone",
                  ART_13_2_A));
        }
        return found;
      }
    };
  }

  /**
   * Indefinite retention of a category that is not anonymized or aggregate data. Validation already
   * rejects it; the lint checks again.
   *
   * @return the rule
   */
  public static RetentionCheck indefinitePersonalData() {
    return new RetentionCheck(INDEFINITE_PERSONAL_DATA, Severity.ERROR) {
      @Override
      public Optional<LintFinding> check(RetentionRule rule, Taxonomy taxonomy, String path) {
        if (rule.maximum() == null || !rule.maximum().isIndefinite()) {
          return Optional.empty();
        }
        List<CategoryKey> personal =
            rule.categories().stream().filter(taxonomy::isPersonal).toList();
        return personal.isEmpty()
            ? Optional.empty()
            : Optional.of(
                finding(
                    path,
                    "rule '" + rule.id() + "' keeps personal data indefinitely: " + keys(personal),
                    "GDPR Art. 5(1)(e)"));
      }
    };
  }

  /**
   * A rule that checks each retention rule on its own, so that it can be run on a rule built by
   * hand.
   */
  public abstract static class RetentionCheck extends Rule {
    RetentionCheck(String id, Severity severity) {
      super(id, severity);
    }

    /**
     * Checks one retention rule.
     *
     * @param rule the retention rule
     * @param taxonomy the taxonomy its categories are defined in
     * @param path its path in the policy, such as {@code retention[2]}
     * @return the finding, empty if the rule passes
     */
    public abstract Optional<LintFinding> check(RetentionRule rule, Taxonomy taxonomy, String path);

    @Override
    public List<LintFinding> check(PrivacyPolicy policy) {
      List<LintFinding> found = new ArrayList<>();
      List<RetentionRule> rules = policy.retention();
      for (int i = 0; i < rules.size(); i++) {
        check(rules.get(i), policy.taxonomy(), "retention[" + i + "]").ifPresent(found::add);
      }
      return found;
    }
  }

  // ---------------------------------------------------------------- purposes

  /**
   * A rule that checks each purpose on its own, so that it can be run on a purpose built by hand.
   */
  public interface PurposeRule extends LintRule {

    /**
     * Checks one purpose.
     *
     * @param purpose the purpose
     * @param path its path in the policy, such as {@code purposes[2]}
     * @return the finding, empty if the purpose passes
     */
    Optional<LintFinding> check(Purpose purpose, String path);

    @Override
    default List<LintFinding> check(PrivacyPolicy policy) {
      List<LintFinding> found = new ArrayList<>();
      List<Purpose> purposes = policy.purposes();
      for (int i = 0; i < purposes.size(); i++) {
        check(purposes.get(i), "purposes[" + i + "]").ifPresent(found::add);
      }
      return found;
    }
  }

  /**
   * A purpose with no lawful basis (GDPR Art. 6(1)). Validation already rejects it.
   *
   * @return the rule
   */
  public static PurposeRule purposeWithoutBasis() {
    return new PurposeCheck(PURPOSE_WITHOUT_BASIS, Severity.ERROR) {
      @Override
      public Optional<LintFinding> check(Purpose purpose, String path) {
        return purpose.basis() != null
            ? Optional.empty()
            : Optional.of(
                finding(
                    path, "purpose '" + purpose.key() + "' has no lawful basis", "GDPR Art. 6(1)"));
      }
    };
  }

  /**
   * A consent-based purpose that names no consent notice asking for it (GDPR Art. 7(1): the
   * controller must be able to show consent was given). Validation already rejects it.
   *
   * @return the rule
   */
  public static PurposeRule consentWithoutNotice() {
    return new PurposeCheck(CONSENT_WITHOUT_NOTICE, Severity.ERROR) {
      @Override
      public Optional<LintFinding> check(Purpose purpose, String path) {
        return purpose.basis() == LawfulBasis.CONSENT && blank(purpose.notice())
            ? Optional.of(
                finding(
                    path,
                    "purpose '"
                        + purpose.key()
                        + "' rests on consent but names no consent notice that asks for it",
                    "GDPR Art. 7(1)"))
            : Optional.empty();
      }
    };
  }

  /**
   * A legitimate-interests purpose with no route by which a subject objects (GDPR Art. 21).
   *
   * @return the rule
   */
  public static PurposeRule legitimateInterestWithoutObjectionRoute() {
    return new PurposeCheck(LEGITIMATE_INTEREST_WITHOUT_OBJECTION_ROUTE, Severity.WARNING) {
      @Override
      public Optional<LintFinding> check(Purpose purpose, String path) {
        return purpose.basis() == LawfulBasis.LEGITIMATE_INTERESTS
                && blank(purpose.objectionRoute())
            ? Optional.of(
                finding(
                    path,
                    "purpose '"
                        + purpose.key()
                        + "' rests on legitimate interests but states no route to object",
                    "GDPR Art. 21"))
            : Optional.empty();
      }
    };
  }

  /**
   * A purpose using special-category data without an Art. 9(2) condition.
   *
   * @return the rule
   */
  public static LintRule specialCategoryWithoutArt9Condition() {
    return new Rule(SPECIAL_CATEGORY_WITHOUT_ART9_CONDITION, Severity.ERROR) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<LintFinding> found = new ArrayList<>();
        List<Purpose> purposes = policy.purposes();
        for (int i = 0; i < purposes.size(); i++) {
          Purpose purpose = purposes.get(i);
          if (purpose.specialCategoryCondition() != null) {
            continue;
          }
          List<CategoryKey> special =
              purpose.categories().stream().filter(policy.taxonomy()::isSpecial).toList();
          if (!special.isEmpty()) {
            found.add(
                finding(
                    "purposes[" + i + "]",
                    "purpose '"
                        + purpose.key()
                        + "' uses special-category data "
                        + keys(special)
                        + " without an Art. 9(2) condition",
                    "GDPR Art. 9(2)"));
          }
        }
        return found;
      }
    };
  }

  // ---------------------------------------------------------------- recipients

  /**
   * A recipient outside the EEA with no Chapter V safeguard. Validation already rejects it.
   *
   * @return the rule
   */
  public static RecipientRule transferWithoutSafeguard() {
    return new RecipientRule(TRANSFER_WITHOUT_SAFEGUARD, Severity.ERROR) {
      @Override
      public Optional<LintFinding> check(Recipient processor, String path) {
        return processor.mayReceiveOutsideEea() && processor.safeguards().isEmpty()
            ? Optional.of(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is located "
                        + processor.location()
                        + " with no transfer safeguard",
                    "GDPR Art. 44-49"))
            : Optional.empty();
      }
    };
  }

  /**
   * A recipient whose location the policy does not state, so that a transfer outside the EEA cannot
   * be ruled out. Public authorities are not reported.
   *
   * @return the rule
   */
  public static RecipientRule locationNotStated() {
    return new RecipientRule(LOCATION_NOT_STATED, Severity.INFO) {
      @Override
      public Optional<LintFinding> check(Recipient processor, String path) {
        return processor.location() == null && processor.role() != RecipientRole.PUBLIC_AUTHORITY
            ? Optional.of(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' has no stated location; a transfer outside the EEA cannot be ruled out",
                    "GDPR Art. 13(1)(f)"))
            : Optional.empty();
      }
    };
  }

  /**
   * A processor or sub-processor not stated to be bound by a data processing agreement.
   *
   * @return the rule
   */
  public static RecipientRule processorWithoutDpa() {
    return new RecipientRule(PROCESSOR_WITHOUT_DPA, Severity.WARNING) {
      @Override
      public Optional<LintFinding> check(Recipient processor, String path) {
        boolean processes =
            processor.role() == RecipientRole.PROCESSOR
                || processor.role() == RecipientRole.SUB_PROCESSOR;
        return processes && processor.dpa() != DpaStatus.IN_PLACE
            ? Optional.of(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is a "
                        + name(processor.role())
                        + " with DPA status "
                        + name(processor.dpa()),
                    "GDPR Art. 28(3)"))
            : Optional.empty();
      }
    };
  }

  /** A rule that checks each recipient on its own, so that it can be run on one built by hand. */
  public abstract static class RecipientRule extends Rule {
    RecipientRule(String id, Severity severity) {
      super(id, severity);
    }

    /**
     * Checks one recipient.
     *
     * @param processor the recipient
     * @param path its path in the policy, such as {@code recipients[2]}
     * @return the finding, empty if the recipient passes
     */
    public abstract Optional<LintFinding> check(Recipient processor, String path);

    @Override
    public List<LintFinding> check(PrivacyPolicy policy) {
      List<LintFinding> found = new ArrayList<>();
      List<Recipient> recipients = policy.recipients();
      for (int i = 0; i < recipients.size(); i++) {
        check(recipients.get(i), "recipients[" + i + "]").ifPresent(found::add);
      }
      return found;
    }
  }

  /**
   * What the policy says about selling and sharing personal data (CCPA/CPRA) disagrees with the
   * recipients it marks {@code sale} or {@code sharing}, so a CCPA opt-out would block too little
   * or contradict the policy: a recipient marked sold to (or shared with) while the policy says it
   * sells (shares) nothing, or does not say; a policy that says it sells (shares) with no recipient
   * marked, whose disclosures an opt-out therefore cannot stop; a processor or sub-processor marked
   * either, though a disclosure to a service provider under contract is neither.
   *
   * @return the rule
   */
  public static LintRule saleOrSharingMismatch() {
    return new Rule(SALE_OR_SHARING_MISMATCH, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<LintFinding> found = new ArrayList<>();
        List<Recipient> recipients = policy.recipients();
        boolean sold = false;
        boolean shared = false;
        for (int i = 0; i < recipients.size(); i++) {
          Recipient processor = recipients.get(i);
          String path = "recipients[" + i + "]";
          sold |= processor.sale();
          shared |= processor.sharing();
          if (processor.sale() && policy.sellsPersonalData().equals(Optional.of(false))) {
            found.add(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is marked sale, but"
                        + " the policy says it sells no personal data",
                    "CCPA §1798.120"));
          }
          if (processor.sale() && policy.sellsPersonalData().isEmpty()) {
            found.add(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is marked sale, but"
                        + " the policy does not say whether it sells personal data",
                    "CCPA §1798.120"));
          }
          if (processor.sharing() && policy.sharesForCrossContextAdvertising().isEmpty()) {
            found.add(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is marked sharing, but"
                        + " the policy does not say whether it shares personal data for cross-context"
                        + " behavioral advertising",
                    "CCPA §1798.120"));
          }
          if (processor.sharing()
              && policy.sharesForCrossContextAdvertising().equals(Optional.of(false))) {
            found.add(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is marked sharing,"
                        + " but the policy says it shares no personal data for cross-context behavioral"
                        + " advertising",
                    "CCPA §1798.120"));
          }
          boolean serviceProvider =
              processor.role() == RecipientRole.PROCESSOR
                  || processor.role() == RecipientRole.SUB_PROCESSOR;
          if (serviceProvider && processor.soldOrShared()) {
            found.add(
                finding(
                    path,
                    "recipient '"
                        + processor.key()
                        + "' is a "
                        + name(processor.role())
                        + " marked "
                        + (processor.sale() ? "sale" : "sharing")
                        + ", though a disclosure to a service provider under contract is neither",
                    "CCPA §1798.140"));
          }
        }
        if (policy.sellsPersonalData().equals(Optional.of(true)) && !sold) {
          found.add(
              finding(
                  "sellsPersonalData",
                  "the policy sells personal data but marks no"
                      + " recipient sale, so a CCPA opt-out cannot stop those disclosures",
                  "CCPA §1798.120"));
        }
        if (policy.sharesForCrossContextAdvertising().equals(Optional.of(true)) && !shared) {
          found.add(
              finding(
                  "sharesForCrossContextAdvertising",
                  "the policy shares personal"
                      + " data for cross-context behavioral advertising but marks no recipient"
                      + " sharing, so a CCPA opt-out cannot stop those disclosures",
                  "CCPA §1798.120"));
        }
        return found;
      }
    };
  }

  /**
   * A policy that says it sells personal data, or shares it for cross-context behavioral
   * advertising, with no purpose whose {@code optOuts} name that: an opt-out preference signal such
   * as Global Privacy Control, which a business must treat as a request to opt out of sale and
   * sharing (CCPA §1798.135, CCPA regulations §7025), then stops no processing, so it cannot be
   * honoured. Sharing is marked by {@code sharing} or {@code targeted_advertising}.
   *
   * @return the rule
   */
  public static LintRule saleOrSharingPurposeUnmarked() {
    return new Rule(SALE_OR_SHARING_PURPOSE_UNMARKED, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<LintFinding> found = new ArrayList<>();
        boolean saleMarked =
            policy.purposes().stream().anyMatch(p -> p.optOuts().contains(OptOut.SALE));
        boolean sharingMarked =
            policy.purposes().stream()
                .anyMatch(
                    p ->
                        p.optOuts().contains(OptOut.SHARING)
                            || p.optOuts().contains(OptOut.TARGETED_ADVERTISING));
        if (policy.sellsPersonalData().equals(Optional.of(true)) && !saleMarked) {
          found.add(
              finding(
                  "sellsPersonalData",
                  "the policy sells personal data but no purpose"
                      + " lists the opt-out 'sale', so an opt-out preference signal such as Global"
                      + " Privacy Control cannot be honoured for it",
                  "CCPA §1798.135"));
        }
        if (policy.sharesForCrossContextAdvertising().equals(Optional.of(true)) && !sharingMarked) {
          found.add(
              finding(
                  "sharesForCrossContextAdvertising",
                  "the policy shares personal"
                      + " data for cross-context behavioral advertising but no purpose lists the opt-out"
                      + " 'sharing' or 'targeted_advertising', so an opt-out preference signal such as"
                      + " Global Privacy Control cannot be honoured for it",
                  "CCPA §1798.135"));
        }
        return found;
      }
    };
  }

  // ---------------------------------------------------------------- rights

  /**
   * A promised response deadline or extension longer than the law allows, on average over start
   * dates ({@code P31D} is longer than one month, {@code P30D} is not). Validation already rejects
   * it.
   *
   * @return the rule
   */
  public static RightsRule deadlineLongerThanLaw() {
    return new RightsRule(DEADLINE_LONGER_THAN_LAW, Severity.ERROR) {
      @Override
      public List<LintFinding> check(RightsProfile profile, String path) {
        List<LintFinding> found = new ArrayList<>();
        Jurisdiction jurisdiction = profile.jurisdiction();
        String regime = jurisdiction.name().replace('_', ' ');
        String law = jurisdiction == Jurisdiction.CCPA ? "CCPA §1798.130" : "GDPR Art. 12(3)";
        Optional<Period> deadline = jurisdiction.statutoryDeadline();
        if (profile.deadline() != null
            && deadline.isPresent()
            && Spans.exceedsOnAverage(profile.deadline(), deadline.get())) {
          found.add(
              finding(
                  path + ".deadline",
                  "promised deadline "
                      + profile.deadline()
                      + " is longer than the "
                      + deadline.get()
                      + " the "
                      + regime
                      + " allows",
                  law));
        }
        Optional<Period> extension = jurisdiction.statutoryExtension();
        if (profile.extension() != null
            && extension.isPresent()
            && Spans.exceedsOnAverage(profile.extension(), extension.get())) {
          found.add(
              finding(
                  path + ".extension",
                  "promised extension "
                      + profile.extension()
                      + " is longer than the "
                      + extension.get()
                      + " the "
                      + regime
                      + " allows",
                  law));
        }
        return found;
      }
    };
  }

  /**
   * A rights profile under no statute ({@code GLOBAL}) with no promised deadline: requesters learn
   * no response time, and only the law of their own place binds it.
   *
   * @return the rule
   */
  public static RightsRule noResponseDeadline() {
    return new RightsRule(NO_RESPONSE_DEADLINE, Severity.INFO) {
      @Override
      public List<LintFinding> check(RightsProfile profile, String path) {
        return profile.deadline() == null && profile.jurisdiction().statutoryDeadline().isEmpty()
            ? List.of(
                finding(
                    path,
                    "rights promised under "
                        + profile.jurisdiction().name().replace('_', ' ')
                        + " with no response deadline",
                    "GDPR Art. 12(3)"))
            : List.of();
      }
    };
  }

  /** A rule that checks each rights profile on its own, so that it can be run on one by hand. */
  public abstract static class RightsRule extends Rule {
    RightsRule(String id, Severity severity) {
      super(id, severity);
    }

    /**
     * Checks one rights profile.
     *
     * @param profile the profile
     * @param path its path in the policy, such as {@code rights[0]}
     * @return the findings, empty if the profile passes
     */
    public abstract List<LintFinding> check(RightsProfile profile, String path);

    @Override
    public List<LintFinding> check(PrivacyPolicy policy) {
      List<LintFinding> found = new ArrayList<>();
      List<RightsProfile> profiles = policy.rights();
      for (int i = 0; i < profiles.size(); i++) {
        found.addAll(check(profiles.get(i), "rights[" + i + "]"));
      }
      return found;
    }
  }

  /**
   * A policy with a purpose on consent whose rights under a GDPR jurisdiction omit the right to
   * withdraw consent (GDPR Art. 7(3): withdrawing must be as easy as giving, and the subject is
   * told of it before consenting).
   *
   * @return the rule
   */
  public static LintRule consentWithoutWithdrawal() {
    return new Rule(CONSENT_WITHOUT_WITHDRAWAL, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<String> onConsent =
            policy.purposes().stream()
                .filter(p -> p.basis() == LawfulBasis.CONSENT)
                .map(Purpose::key)
                .toList();
        List<LintFinding> found = new ArrayList<>();
        if (onConsent.isEmpty()) {
          return found;
        }
        List<RightsProfile> profiles = policy.rights();
        for (int i = 0; i < profiles.size(); i++) {
          RightsProfile profile = profiles.get(i);
          if (profile.jurisdiction().recognizes(DataSubjectRight.WITHDRAW_CONSENT)
              && profile.jurisdiction() != Jurisdiction.GLOBAL
              && !profile.rights().contains(DataSubjectRight.WITHDRAW_CONSENT)) {
            found.add(
                finding(
                    "rights[" + i + "].rights",
                    "purposes "
                        + onConsent
                        + " rest on consent but the "
                        + name(profile.jurisdiction())
                        + " rights do not include withdraw_consent",
                    "GDPR Art. 7(3)"));
          }
        }
        return found;
      }
    };
  }

  // ---------------------------------------------------------------- cookies

  /**
   * A cookie whose class needs consent with no consent notice, neither its own nor one of a
   * consent-based purpose it serves.
   *
   * @return the rule
   */
  public static LintRule consentCookieWithoutNotice() {
    return new Rule(CONSENT_COOKIE_WITHOUT_NOTICE, Severity.WARNING) {
      @Override
      public List<LintFinding> check(PrivacyPolicy policy) {
        List<LintFinding> found = new ArrayList<>();
        List<Cookie> cookies = policy.cookies();
        for (int i = 0; i < cookies.size(); i++) {
          Cookie cookie = cookies.get(i);
          if (!cookie.cookieClass().requiresConsent() || !blank(cookie.notice())) {
            continue;
          }
          boolean askedByPurpose =
              cookie.purpose() != null
                  && policy
                      .purpose(cookie.purpose())
                      .filter(p -> p.basis() == LawfulBasis.CONSENT && !blank(p.notice()))
                      .isPresent();
          boolean askedByNotice =
              cookie.purpose() != null
                  && policy.notices().stream()
                      .map(ConsentNotice::purposes)
                      .anyMatch(ps -> ps.contains(cookie.purpose()));
          if (!askedByPurpose && !askedByNotice) {
            found.add(
                finding(
                    "cookies[" + i + "]",
                    name(cookie.cookieClass())
                        + " cookie '"
                        + cookie.name()
                        + "' needs prior consent but no consent notice asks for it",
                    "ePrivacy Directive Art. 5(3)"));
          }
        }
        return found;
      }
    };
  }

  // ---------------------------------------------------------------- helpers

  abstract static class Rule implements LintRule {
    private final String id;
    private final Severity severity;

    Rule(String id, Severity severity) {
      this.id = id;
      this.severity = severity;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Severity severity() {
      return severity;
    }

    LintFinding finding(String path, String explanation, String reference) {
      return new LintFinding(id, severity, path, explanation, reference);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  private abstract static class PurposeCheck extends Rule implements PurposeRule {
    PurposeCheck(String id, Severity severity) {
      super(id, severity);
    }
  }

  private static String keys(List<CategoryKey> keys) {
    return keys.size() == 1 ? keys.get(0).toString() : keys.toString();
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
