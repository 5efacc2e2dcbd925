package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDemoTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return PolicyDemo.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void without_arguments_it_prints_the_four_reference_policies_as_tables() {
    int status = run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(text)
        .contains("Policy 'vzgen'", "Policy 'vrnum'", "Policy 'nexus'", "Policy 'numberotp'");
    assertThat(text)
        .contains("Retention", "Purposes and lawful bases", "Recipients", "Data-subject rights");
    assertThat(text).contains("job.completed", "P90D", "P12M", "P5Y", "legal_obligation");
  }

  @Test
  void without_arguments_it_also_sweeps_vzgens_data_on_an_embedded_database() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("1. A retention sweep")
        .containsPattern(
            "jobs\\s+user.behavior.usage.job_history\\s+job-history\\s+delete\\s+322"
                + "\\s+37\\s+0\\s+why kept: subject hold: chargeback dispute D-118")
        .contains("Sweep of policy 'vzgen' at 2027-04-10T00:00:00Z: 515 records processed")
        .contains("Audit trail: intact")
        .doesNotContain("+1555");
  }

  @Test
  void without_arguments_it_also_erases_a_customer_and_prints_the_receipt() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("2. An erasure request")
        .containsPattern("accounts\\s+ERASED\\s+1\\s+1\\s+0\\s+0")
        .containsPattern("jobs\\s+ERASED\\s+6\\s+6\\s+0\\s+0")
        .containsPattern("credit_transactions\\s+PARTLY_RETAINED\\s+2\\s+0\\s+0\\s+2")
        .contains("kept 2 user.financial.transaction: Art. 17(3)(b) kept at least P5Y")
        .containsPattern("until\\s+2031-09-10T12:00:00Z; erased\\s+then")
        .contains("Request: COMPLETED")
        .containsPattern("but not\\s+'credit_purchases': blocked")
        .doesNotContain("NOT BLOCKED")
        .contains("Erasures waiting for a floor to pass: 1")
        .doesNotContain("customer3@example.com");
  }

  @Test
  void without_arguments_it_leads_with_the_engines_on_a_simulated_date_then_the_policies() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith("Lethe: a privacy policy, executable")
        .contains("The clock is simulated: everything below happens on 10 April 2027 (UTC)");
    assertThat(text.indexOf("1. A retention sweep")).isLessThan(text.indexOf("2. An erasure"));
    assertThat(text.indexOf("2. An erasure")).isLessThan(text.indexOf("3. The four reference"));
    assertThat(text.indexOf("3. The four reference")).isLessThan(text.indexOf("Policy 'vzgen'"));
    assertThat(text.indexOf("gaps, not")).isLessThan(text.indexOf("Lint ("));
  }

  @Test
  void without_arguments_every_line_fits_in_100_columns() {
    run();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .hasSizeGreaterThan(100)
        .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
  }

  @Test
  void a_hidden_contact_an_indefinite_rule_and_locations_print_as_the_policy_says() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("Privacy contact: address hidden in the published notice")
        .doesNotContain("email protected")
        .containsPattern("OUTSIDE_EEA\\s")
        .doesNotContain("outside_eea");
    // a rule kept indefinitely or with no maximum shows no action at expiry
    assertThat(
            text.lines()
                .filter(line -> line.contains("indefinite") || line.contains("not stated  "))
                .filter(line -> line.matches(".*\\b(delete|anonymize)\\b.*")))
        .isEmpty();
  }

  @Test
  void given_a_valid_file_it_prints_that_policy(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("mini.yaml"),
            """
        id: mini
        controller: {name: Mini, contact: privacy@mini.example}
        version: "3"
        effectiveDate: 2026-05-01
        retention:
          - id: logs
            categories: [user.device.ip_address]
            maximum: P30D
        """);

    assertThat(run(file.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Policy 'mini' — Mini, version 3, effective 2026-05-01")
        .containsPattern("logs\\s+collected\\s+P30D")
        .contains("categories: user.device.ip_address");
  }

  @Test
  void given_an_invalid_file_it_prints_every_problem_and_fails(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("broken.yaml"),
            """
        id: broken
        controller: {name: Broken}
        version: "1"
        effectiveDate: 2026-05-01
        retention:
          - id: logs
            categories: [user.device.ip_address]
            maximum: P30D
            minimum: P1Y
            basis: legal_obligation
        """);

    assertThat(run(file.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualToNormalizingNewlines(
            """
        Invalid policy broken.yaml (2 problems):
          - controller.contact: the controller needs a contact for privacy requests (line 2, column 13)
          - retention[0].minimum: longer than maximum P30D (line 9, column 14)
        """);
  }

  @Test
  void given_a_missing_file_it_says_so_and_fails(@TempDir Path dir) {
    assertThat(run(dir.resolve("absent.yaml").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Cannot read policy file");
  }
}
