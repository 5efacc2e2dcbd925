package io.lethe.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.policy.PrivacyPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in the package documentation runs, and says what this test runs. */
class ReceiptPackageExampleTest {

  private static final Path PACKAGE_INFO =
      Path.of("src/main/java/io/lethe/consent/receipt/package-info.java");
  private static final Path THIS_TEST =
      Path.of("src/test/java/io/lethe/consent/receipt/ReceiptPackageExampleTest.java");

  @Test
  void the_package_example_makes_a_receipt_that_verifies() throws Exception {
    // GIVEN a policy and a ledger whose newest event is Ada's choice
    PrivacyPolicy policy = ReceiptFixtures.policy();
    ConsentLedger ledger = new InMemoryConsentLedger();
    ledger.append(List.of(ReceiptFixtures.given()));

    // WHEN the example runs
    // example:begin
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ConsentReceipts receipts =
        ConsentReceipts.builder(policy).signingKey(keys.getPrivate(), "receipts-2026").build();

    ConsentEvent event = ledger.last().orElseThrow();
    String json = receipts.receipt(event).toJson(); // hand this to the data subject

    ReceiptVerification check = ConsentReceipts.verify(json, keys.getPublic());
    boolean valid = check.valid(); // true; false with a reason once any value is changed
    // example:end

    // THEN the receipt verifies, and stops verifying once a value is changed
    assertThat(valid).isTrue();
    String changed = json.replace("\"ConsentGiven\"", "\"ConsentRefused\"");
    assertThat(changed).isNotEqualTo(json);
    assertThat(ConsentReceipts.verify(changed, keys.getPublic()).outcome())
        .isEqualTo(ReceiptVerification.Outcome.TAMPERED);
  }

  @Test
  void the_package_documentation_shows_the_example_as_this_test_runs_it() throws Exception {
    // GIVEN the code in the package documentation and in this test
    List<String> documented = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(PACKAGE_INFO, StandardCharsets.UTF_8)) {
      String text = line.replaceFirst("^ \\* ?", "");
      if (text.startsWith("<pre>{@code")) {
        inCode = true;
      } else if (text.startsWith("}</pre>")) {
        inCode = false;
      } else if (inCode) {
        documented.add(text.strip());
      }
    }
    String source = Files.readString(THIS_TEST, StandardCharsets.UTF_8);
    int begin = source.indexOf("// example:begin");
    String example =
        source.substring(begin, source.lastIndexOf('\n', source.indexOf("// example:end", begin)));
    List<String> run = example.lines().skip(1).map(String::strip).toList();

    // THEN they are the same lines
    assertThat(documented).isNotEmpty().containsExactlyElementsOf(run);
  }
}
