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
    return PolicyDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void without_arguments_it_prints_the_four_reference_policies_as_tables() {
    int status = run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(text).contains("Policy 'vzgen'", "Policy 'vrnum'", "Policy 'nexus'",
        "Policy 'numberotp'");
    assertThat(text).contains("Retention", "Purposes and lawful bases", "Recipients",
        "Data-subject rights");
    assertThat(text).contains("job.completed", "P90D", "P12M", "P5Y", "legal_obligation");
  }

  @Test
  void without_arguments_it_also_sweeps_vzgens_data_on_an_embedded_database() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("Retention on H2 (embedded)")
        .containsPattern("jobs\\s+user.behavior.usage.job_history\\s+job-history\\s+delete\\s+322"
            + "\\s+37\\s+0\\s+subject hold: chargeback dispute D-118")
        .contains("Sweep of policy 'vzgen' at 2027-04-10T00:00:00Z: 515 records processed")
        .contains("Audit trail: intact")
        .doesNotContain("+1555");
  }

  @Test
  void without_arguments_it_also_erases_a_customer_and_prints_the_receipt() {
    run();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("An erasure request on H2 (embedded)")
        .containsPattern("accounts\\s+ERASED\\s+1\\s+1\\s+0\\s+0")
        .containsPattern("jobs\\s+ERASED\\s+6\\s+6\\s+0\\s+0")
        .containsPattern("credit_transactions\\s+PARTLY_RETAINED\\s+2\\s+0\\s+0\\s+2")
        .contains("kept user.financial.transaction")
        .contains("until 2031-09-10T12:00:00Z; erased then")
        .contains("Request: COMPLETED")
        .contains("but not 'credit_purchases': blocked")
        .contains("Erasures waiting for a floor to pass: 1")
        .doesNotContain("customer3@example.com");
  }

  @Test
  void given_a_valid_file_it_prints_that_policy(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("mini.yaml"), """
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
        .containsPattern("logs\\s+user.device.ip_address\\s+collected\\s+P30D");
  }

  @Test
  void given_an_invalid_file_it_prints_every_problem_and_fails(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("broken.yaml"), """
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
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines("""
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
