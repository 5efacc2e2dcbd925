package io.lethe.core.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The category hierarchy a policy speaks in: Lethe's built-in categories plus the policy's own.
 *
 * <p>The built-in keys follow fideslang's {@code user.*} style and carry the matching W3C DPV
 * personal-data term where DPV has one. {@code aggregate.*} holds anonymized or aggregate data,
 * which is not personal data. {@code system.*} holds context: values that are about no person (keys
 * and references to other records, status codes, product references), which a store can map so that
 * access exports show them beside a subject's data; no retention rule governs them and no erasure
 * or anonymization changes them. Flags are inherited down the tree.
 */
public final class Taxonomy {

  /** The root of the context categories, which are not personal data. */
  public static final CategoryKey SYSTEM = CategoryKey.of("system");

  private static final Taxonomy BUILT_IN = new Taxonomy(builtInCategories());

  private final Map<CategoryKey, DataCategory> categories;

  private Taxonomy(Map<CategoryKey, DataCategory> categories) {
    this.categories = Collections.unmodifiableMap(categories);
  }

  /** {@return the built-in taxonomy} */
  public static Taxonomy builtIn() {
    return BUILT_IN;
  }

  /**
   * Returns the built-in taxonomy extended by a policy's own categories. A policy category with the
   * key of a built-in one is ignored here; validation reports it.
   *
   * @param custom the policy's categories
   * @return the combined taxonomy
   */
  public static Taxonomy extendedWith(Collection<DataCategory> custom) {
    Map<CategoryKey, DataCategory> all = new LinkedHashMap<>(BUILT_IN.categories);
    for (DataCategory category : custom) {
      if (category != null && category.key() != null) {
        all.putIfAbsent(category.key(), category);
      }
    }
    return new Taxonomy(all);
  }

  /**
   * Looks up a category.
   *
   * @param key the key
   * @return the category, empty if unknown
   */
  public Optional<DataCategory> find(CategoryKey key) {
    return Optional.ofNullable(categories.get(key));
  }

  /**
   * Tells whether a key is known.
   *
   * @param key the key
   * @return true if the taxonomy has it
   */
  public boolean contains(CategoryKey key) {
    return categories.containsKey(key);
  }

  /** {@return every category, built-in first, in declaration order} */
  public Collection<DataCategory> categories() {
    return categories.values();
  }

  /**
   * Tells whether a category or one of its ancestors is special-category data (GDPR Art. 9/10).
   *
   * @param key the key
   * @return true if special
   */
  public boolean isSpecial(CategoryKey key) {
    return selfAndAncestors(key).stream().anyMatch(DataCategory::specialCategory);
  }

  /**
   * Tells whether a category or one of its ancestors is anonymized or aggregate data.
   *
   * @param key the key
   * @return true if not personal data
   */
  public boolean isAnonymized(CategoryKey key) {
    return selfAndAncestors(key).stream().anyMatch(DataCategory::anonymized);
  }

  /**
   * Tells whether a category is context: {@code system} or below it, values about no person.
   *
   * @param key the key
   * @return true for a context category
   */
  public static boolean isContext(CategoryKey key) {
    return key.isWithin(SYSTEM);
  }

  /**
   * Tells whether a category holds personal data: neither anonymized or aggregate data nor context.
   *
   * @param key the key
   * @return true if personal data
   */
  public boolean isPersonal(CategoryKey key) {
    return !isContext(key) && !isAnonymized(key);
  }

  private List<DataCategory> selfAndAncestors(CategoryKey key) {
    List<DataCategory> chain = new ArrayList<>();
    Optional<CategoryKey> current = Optional.of(key);
    while (current.isPresent()) {
      DataCategory category = categories.get(current.get());
      if (category != null) {
        chain.add(category);
      }
      current = current.get().parent();
    }
    return chain;
  }

  private static Map<CategoryKey, DataCategory> builtInCategories() {
    Map<CategoryKey, DataCategory> map = new LinkedHashMap<>();
    // key, name, DPV pd term (null where DPV has none), special, anonymized
    add(map, "user", "User data", null, false, false);
    add(map, "user.account", "Account data", null, false, false);
    add(map, "user.account.username", "Username", "Username", false, false);
    add(
        map,
        "user.account.settings",
        "Account settings and preferences",
        "Preference",
        false,
        false);
    add(map, "user.authorization", "Authorization data", null, false, false);
    add(
        map,
        "user.authorization.credentials",
        "Credentials (password hash)",
        "Password",
        false,
        false);
    add(
        map,
        "user.authorization.login_history",
        "Login and authentication history",
        "AuthenticationHistory",
        false,
        false);
    add(map, "user.behavior", "Behavioral data", "Behavioral", false, false);
    add(map, "user.behavior.browsing_history", "Browsing history", "BrowserHistory", false, false);
    add(map, "user.behavior.purchase_history", "Purchase history", "Purchase", false, false);
    add(map, "user.behavior.search_history", "Search history", null, false, false);
    add(
        map,
        "user.behavior.usage",
        "Service usage history",
        "ServiceConsumptionBehavior",
        false,
        false);
    add(map, "user.biometric", "Biometric data", "Biometric", true, false);
    add(map, "user.biometric.fingerprint", "Fingerprint", "Fingerprint", true, false);
    add(map, "user.contact", "Contact data", "Contact", false, false);
    add(map, "user.contact.email", "Email address", "EmailAddress", false, false);
    add(map, "user.contact.phone_number", "Phone number", "TelephoneNumber", false, false);
    add(map, "user.contact.address", "Postal address", "PhysicalAddress", false, false);
    add(map, "user.content", "User-provided content", null, false, false);
    add(map, "user.content.private", "Private communications", "Communication", false, false);
    add(map, "user.content.public", "Public content", null, false, false);
    add(
        map,
        "user.communication",
        "Correspondence with the controller",
        "Communication",
        false,
        false);
    add(map, "user.demographic", "Demographic data", "Demographic", false, false);
    add(map, "user.demographic.age_range", "Age range", "AgeRange", false, false);
    add(map, "user.demographic.date_of_birth", "Date of birth", "BirthDate", false, false);
    add(map, "user.demographic.gender", "Gender", "Gender", false, false);
    add(map, "user.demographic.language", "Language", "Language", false, false);
    add(
        map,
        "user.demographic.political_opinion",
        "Political opinion",
        "PoliticalOpinion",
        true,
        false);
    add(
        map,
        "user.demographic.race_ethnicity",
        "Racial or ethnic origin",
        "EthnicOrigin",
        true,
        false);
    add(
        map,
        "user.demographic.religious_belief",
        "Religious belief",
        "ReligiousBelief",
        true,
        false);
    add(map, "user.demographic.sexual_orientation", "Sexual orientation", null, true, false);
    add(map, "user.demographic.sex_life", "Sex life", "Sexual", true, false);
    add(
        map,
        "user.demographic.philosophical_belief",
        "Philosophical belief",
        "PhilosophicalBelief",
        true,
        false);
    add(
        map,
        "user.demographic.trade_union_membership",
        "Trade union membership",
        "TradeUnionMembership",
        true,
        false);
    add(map, "user.device", "Device data", "DeviceBased", false, false);
    add(map, "user.device.cookie_id", "Cookie identifier", null, false, false);
    add(map, "user.device.device_id", "Device identifier", null, false, false);
    add(map, "user.device.ip_address", "IP address", "IPAddress", false, false);
    add(map, "user.device.user_agent", "User agent string", "UserAgent", false, false);
    add(
        map,
        "user.device.fingerprint",
        "Browser or device fingerprint",
        "BrowserFingerprint",
        false,
        false);
    add(map, "user.financial", "Financial data", "Financial", false, false);
    add(
        map,
        "user.financial.account_number",
        "Financial account number",
        "FinancialAccountNumber",
        false,
        false);
    add(map, "user.financial.bank_account", "Bank account", "BankAccount", false, false);
    add(map, "user.financial.credit_card", "Payment card number", "CreditCardNumber", false, false);
    add(map, "user.financial.transaction", "Payment transaction", "Transaction", false, false);
    add(map, "user.financial.crypto_wallet", "Cryptocurrency wallet address", null, false, false);
    add(map, "user.government_id", "Government identifier", "OfficialID", false, false);
    add(
        map,
        "user.government_id.national_identification_number",
        "National identification number",
        null,
        false,
        false);
    add(map, "user.government_id.passport_number", "Passport number", "Passport", false, false);
    add(
        map,
        "user.government_id.drivers_license_number",
        "Driver's licence number",
        null,
        false,
        false);
    add(map, "user.government_id.tax_id", "Tax identifier", null, false, false);
    add(map, "user.health_and_medical", "Health and medical data", "MedicalHealth", true, false);
    add(map, "user.health_and_medical.genetic", "Genetic data", "Genetic", true, false);
    add(map, "user.location", "Location", "Location", false, false);
    add(map, "user.location.imprecise", "Imprecise location (country, region)", null, false, false);
    add(map, "user.location.precise", "Precise location", "GPSCoordinate", false, false);
    add(map, "user.name", "Name", "Name", false, false);
    add(map, "user.name.first", "First name", null, false, false);
    add(map, "user.name.last", "Last name", null, false, false);
    add(map, "user.unique_id", "Unique identifier", "UID", false, false);
    add(
        map,
        "user.unique_id.pseudonymous",
        "Pseudonymous identifier (tracking id)",
        null,
        false,
        false);
    add(
        map,
        "user.criminal_history",
        "Criminal convictions and offences (Art. 10)",
        "Criminal",
        true,
        false);
    add(
        map,
        "user.privacy_preferences",
        "Privacy preferences and consents",
        "PrivacyPreference",
        false,
        false);
    add(map, "user.social", "Social media data", "SocialMedia", false, false);
    add(map, "user.workplace", "Employment data", "CurrentEmployment", false, false);
    add(map, "user.education", "Education data", "Education", false, false);
    add(map, "user.sensor", "Sensor data", null, false, false);
    add(map, "aggregate", "Anonymized and aggregate data (not personal data)", null, false, true);
    add(map, "aggregate.statistics", "Aggregate statistics", null, false, true);
    add(map, "aggregate.usage_analytics", "Anonymized usage analytics", null, false, true);
    add(map, "system", "Context about no person (not personal data)", null, false, false);
    add(map, "system.reference", "Keys and references to other records", null, false, false);
    add(map, "system.status", "Status codes and states", null, false, false);
    add(map, "system.catalog", "Product and catalogue references", null, false, false);
    add(
        map,
        "system.operations",
        "Operational metadata (versions, flags, counters)",
        null,
        false,
        false);
    return map;
  }

  private static void add(
      Map<CategoryKey, DataCategory> map,
      String key,
      String name,
      String dpvTerm,
      boolean special,
      boolean anonymized) {
    CategoryKey categoryKey = CategoryKey.of(key);
    map.put(categoryKey, new DataCategory(categoryKey, name, null, dpvTerm, special, anonymized));
  }
}
