package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.lint.LintFinding;
import io.lethe.core.lint.PolicyLint;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the standard policy lint over the four seed policies. Each expected finding was checked
 * against the seed's text; the test prints them for the closing note of issue 6.
 */
class SeedLintTest {

  private static PrivacyPolicy seed(String id) {
    return PolicyFiles.readResource(
        "policies/" + id + ".yaml", SeedLintTest.class.getClassLoader());
  }

  private static List<String> lint(String id) {
    List<String> findings =
        PolicyLint.standard().lint(seed(id)).stream().map(LintFinding::toString).toList();
    System.out.println("== " + id + " (" + findings.size() + " findings)");
    findings.forEach(System.out::println);
    return findings;
  }

  @Test
  void vzgen() {
    assertThat(lint("vzgen"))
        .containsExactly(
            "WARNING processor-without-dpa recipients[0]: recipient"
                + " 'carrier_verification_provider' is a processor with DPA status not stated"
                + " (GDPR Art. 28(3))",
            "WARNING processor-without-dpa recipients[3]: recipient"
                + " 'email_delivery_provider' is a processor with DPA status not stated (GDPR Art."
                + " 28(3))",
            "WARNING retention-without-period retention[2]: rule 'credit-transactions' has a"
                + " legal floor of P5Y but no maximum; nothing says when"
                + " user.financial.transaction must be gone (GDPR Art. 13(2)(a))",
            "WARNING retention-without-period retention[4]: rule 'wallet-address' gives"
                + " criteria but no maximum period; nothing says when user.financial.crypto_wallet"
                + " must be gone (GDPR Art. 13(2)(a))",
            "INFO location-not-stated recipients[1]: recipient 'crypto_payment_processor'"
                + " has no stated location; a transfer outside the EEA cannot be ruled out (GDPR"
                + " Art. 13(1)(f))",
            "INFO location-not-stated recipients[3]: recipient 'email_delivery_provider' has"
                + " no stated location; a transfer outside the EEA cannot be ruled out (GDPR Art."
                + " 13(1)(f))",
            "INFO location-not-stated recipients[5]: recipient 'acquirer' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))");
  }

  @Test
  void vrnum() {
    assertThat(lint("vrnum"))
        .containsExactly(
            "WARNING category-without-retention categories user.behavior.site_analytics:"
                + " used by purposes[9] (site_analytics) but no retention rule governs it; state"
                + " the period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING contact-hidden controller.contactHidden: the published notice hides the"
                + " contact address, so a subject cannot reach the controller from it (GDPR Art."
                + " 13(1)(a))",
            "WARNING consent-cookie-without-notice cookies[3]: analytics cookie 'Google"
                + " Analytics 4' needs prior consent but no consent notice asks for it (ePrivacy"
                + " Directive Art. 5(3))",
            "WARNING processor-without-dpa recipients[0]: recipient 'cryptomus' is a"
                + " processor with DPA status not stated (GDPR Art. 28(3))",
            "WARNING processor-without-dpa recipients[2]: recipient 'cloudflare' is a"
                + " processor with DPA status not stated (GDPR Art. 28(3))",
            "WARNING processor-without-dpa recipients[3]: recipient 'aws_ses' is a processor"
                + " with DPA status not stated (GDPR Art. 28(3))",
            "WARNING processor-without-dpa recipients[4]: recipient 'google_analytics' is a"
                + " processor with DPA status not stated (GDPR Art. 28(3))",
            "INFO location-not-stated recipients[0]: recipient 'cryptomus' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[1]: recipient 'telecom_providers' has no"
                + " stated location; a transfer outside the EEA cannot be ruled out (GDPR Art."
                + " 13(1)(f))",
            "INFO location-not-stated recipients[2]: recipient 'cloudflare' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[3]: recipient 'aws_ses' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[4]: recipient 'google_analytics' has no"
                + " stated location; a transfer outside the EEA cannot be ruled out (GDPR Art."
                + " 13(1)(f))");
  }

  @Test
  void numberotp() {
    assertThat(lint("numberotp"))
        .containsExactly(
            "WARNING category-without-retention categories"
                + " user.behavior.usage.activation_history: used by purposes[0] (service) but no"
                + " retention rule governs it; state the period or the criteria (GDPR Art."
                + " 13(2)(a))",
            "WARNING category-without-retention categories user.behavior.usage.api_usage:"
                + " used by purposes[0] (service) but no retention rule governs it; state the"
                + " period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING category-without-retention categories"
                + " user.behavior.usage.service_selection: used by purposes[0] (service) but no"
                + " retention rule governs it; state the period or the criteria (GDPR Art."
                + " 13(2)(a))",
            "WARNING category-without-retention categories"
                + " user.behavior.usage.webhook_configuration: used by purposes[0] (service) but"
                + " no retention rule governs it; state the period or the criteria (GDPR Art."
                + " 13(2)(a))",
            "WARNING category-without-retention categories user.communication: used by"
                + " purposes[4] (support) but no retention rule governs it; state the period or"
                + " the criteria (GDPR Art. 13(2)(a))",
            "WARNING category-without-retention categories user.device.browser_information:"
                + " used by purposes[2] (fraud_prevention) but no retention rule governs it; state"
                + " the period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING category-without-retention categories user.device.fingerprint: used by"
                + " purposes[2] (fraud_prevention) but no retention rule governs it; state the"
                + " period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING category-without-retention categories user.device.ip_address: used by"
                + " purposes[2] (fraud_prevention) but no retention rule governs it; state the"
                + " period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING consent-cookie-without-notice cookies[1]: functional cookie 'Functional"
                + " cookies' needs prior consent but no consent notice asks for it (ePrivacy"
                + " Directive Art. 5(3))",
            "WARNING consent-cookie-without-notice cookies[2]: analytics cookie 'Vercel"
                + " Analytics' needs prior consent but no consent notice asks for it (ePrivacy"
                + " Directive Art. 5(3))",
            "WARNING processor-without-dpa recipients[0]: recipient 'stripe' is a processor"
                + " with DPA status not stated (GDPR Art. 28(3))",
            "WARNING processor-without-dpa recipients[1]: recipient 'nowpayments' is a"
                + " processor with DPA status not stated (GDPR Art. 28(3))",
            "INFO location-not-stated recipients[0]: recipient 'stripe' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[1]: recipient 'nowpayments' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[2]: recipient 'vercel' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[3]: recipient 'upstash' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[4]: recipient 'mongodb_atlas' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))");
  }

  @Test
  void nexus() {
    assertThat(lint("nexus"))
        .containsExactly(
            "WARNING category-without-retention categories user.behavior.usage.api_log: used"
                + " by purposes[3] (fraud_prevention) but no retention rule governs it; state the"
                + " period or the criteria (GDPR Art. 13(2)(a))",
            "WARNING category-without-retention categories"
                + " user.behavior.usage.number_request: used by purposes[0] (service_operation)"
                + " but no retention rule governs it; state the period or the criteria (GDPR Art."
                + " 13(2)(a))",
            "WARNING processor-without-dpa recipients[4]: recipient 'email_delivery' is a"
                + " processor with DPA status not stated (GDPR Art. 28(3))",
            "INFO location-not-stated recipients[0]: recipient 'herosms' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[1]: recipient 'pvapins' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[2]: recipient 'proxnum' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[3]: recipient 'smscode-io' has no stated"
                + " location; a transfer outside the EEA cannot be ruled out (GDPR Art. 13(1)(f))",
            "INFO location-not-stated recipients[4]: recipient 'email_delivery' has no"
                + " stated location; a transfer outside the EEA cannot be ruled out (GDPR Art."
                + " 13(1)(f))",
            "INFO no-response-deadline rights[0]: rights promised under GLOBAL with no"
                + " response deadline (GDPR Art. 12(3))");
  }
}
