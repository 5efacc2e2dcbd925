package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader and the shipped JSON Schema agree: every corpus file, valid and invalid, is read by
 * {@link PolicyFiles} if and only if it is valid against the schema and the model's validation (see
 * {@link PolicyJudge}). The valid side is the four example policies, the richest policy the model
 * can express and a small shop, each in YAML and JSON.
 */
class PolicySchemaAgreementTest {

  /** The example policies, which the examples module ships; core's tests read them in place. */
  static final Path SEEDS = Path.of("..", "examples", "src", "main", "resources", "policies");

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void reader_schema_and_model_agree(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    PolicyFormat format = PolicyFormat.of(file).orElseThrow();

    PolicyJudge.Verdict verdict = PolicyJudge.judge(text, format);
    if (verdict.readNanos() > java.time.Duration.ofSeconds(1).toNanos()) {
      verdict = PolicyJudge.judge(text, format); // a pause of the machine, not of the reader?
    }

    assertThat(verdict.disagreement()).as(file.getFileName().toString()).isNull();
    assertThat(java.time.Duration.ofNanos(verdict.readNanos()))
        .as("time to read %s, twice", file.getFileName())
        .isLessThan(java.time.Duration.ofSeconds(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTexts")
  void valid_policies_are_read_and_schema_valid(String name, String text, PolicyFormat format) {
    PolicyJudge.Verdict verdict = PolicyJudge.judge(text, format);

    assertThat(verdict.disagreement()).as(name).isNull();
    assertThat(verdict.readerAccepts()).as(name + " is read").isTrue();
  }

  /** Edges where the two could part: each line is added to a valid shop policy. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "minimumAge: 16.0        | true",
        "minimumAge: 1.6e1       | true",
        "minimumAge: 16.5        | false",
        "minimumAge: 121         | false",
        "minimumAge: 99999999999999999999 | false",
        "minimumAge: '16'        | false",
        "changeNotice: P1000Y    | true",
        "changeNotice: P1000Y1D  | false",
        "changeNotice: P30d      | false",
        "timeZone: Mars/Olympus  | false",
        "minimumAge: -0          | true",
        "sellsPersonalData: yes  | false",
        "notes: [yes, 0x1F, .inf] | true",
        "notes: ['yes', '0x1F']  | true",
      })
  void edge_values_are_judged_alike(String line, boolean accepted) {
    String text = PolicyFiles.toYaml(Policies.shop().build()) + line.strip() + "\n";

    PolicyJudge.Verdict verdict = PolicyJudge.judge(text, PolicyFormat.YAML);

    assertThat(verdict.disagreement()).as(line).isNull();
    assertThat(verdict.readerAccepts()).as(line).isEqualTo(accepted);
  }

  /**
   * Edges of the consent fields, each added to one part of a valid policy (the advertising purpose,
   * a rights profile, the notice); {@code ;} separates lines.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "purpose | optOuts: [sale, sharing, targeted_advertising] | true",
        "purpose | optOuts: []                     | true",
        "purpose | optOuts: [sale, sale]           | false",
        "purpose | optOuts: [Sale]                 | false",
        "purpose | optOuts: [targeted-advertising] | false",
        "purpose | consentRefresh: P24M            | true",
        "purpose | consentRefresh: P0D             | false",
        "purpose | consentRefresh: P1000Y1D        | false",
        "purpose | consentRefresh: P2y             | false",
        "gdpr    | consentAge: 13                  | true",
        "gdpr    | consentAge: 16.0                | true",
        "gdpr    | consentAge: 12                  | false",
        "gdpr    | consentAge: 17                  | false",
        "gdpr    | consentAge: '14'                | false",
        "uk_gdpr | consentAge: 17                  | true",
        "ccpa    | consentAge: 0                   | true",
        "ccpa    | consentAge: 121                 | false",
        "ccpa    | consentAge: -1                  | false",
        "ccpa    | consentRefresh: P12M            | true",
        "ccpa    | consentRefresh: P0M             | false",
        "notice  | previous: []                    | true",
        "notice  | change: editorial               | true",
        "notice  | change: material ; previous: [{version: 1.10, effective: 2025-01-01}] | true",
        "notice  | previous: [{version: 1.10}]     | false",
        "notice  | change: major ; previous: [{version: '1'}] | false",
        "notice  | change: material ; previous: [{version: '2'}] | false",
        "notice  | change: material ; previous: [{version: '1', effective: 2027-01-01}] | false",
        "notice  | change: material ; previous: [{version: '1'}, {version: '1b'}] | false",
        "notice  | change: material ; previous: [{version: ''}] | false",
      })
  void consent_edge_values_are_judged_alike(String where, String lines, boolean accepted) {
    String added =
        String.join(
            "\n",
            java.util.Arrays.stream(lines.split(";")).map(line -> "    " + line.strip()).toList());
    String text =
        """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: "1"
        effectiveDate: 2026-01-01
        sellsPersonalData: true
        sharesForCrossContextAdvertising: true
        purposes:
          - key: ads
            name: Personalised advertising
            basis: consent
            notice: marketing
        %s
        rights:
          - jurisdiction: gdpr
        %s
          - jurisdiction: uk_gdpr
        %s
          - jurisdiction: ccpa
        %s
        notices:
          - id: marketing
            version: "2"
            effective: 2026-01-01
            purposes: [ads]
        %s
        """
            .formatted(
                where.equals("purpose") ? added : "",
                where.equals("gdpr") ? added : "",
                where.equals("uk_gdpr") ? added : "",
                where.equals("ccpa") ? added : "",
                where.equals("notice") ? added : "");

    PolicyJudge.Verdict verdict = PolicyJudge.judge(text, PolicyFormat.YAML);

    assertThat(verdict.disagreement()).as(lines).isNull();
    assertThat(verdict.readerAccepts()).as(lines).isEqualTo(accepted);
  }

  @Test
  void the_corpus_has_every_kind_of_verdict() throws IOException {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(70);
    assertThat(validTexts()).hasSizeGreaterThanOrEqualTo(12);
    int accepted = 0;
    int notPlain = 0;
    int schemaRefuses = 0;
    int onlyModelRefuses = 0;
    for (Named<Path> file : corpus()) {
      PolicyJudge.Verdict verdict =
          PolicyJudge.judge(
              Files.readString(file.getPayload(), StandardCharsets.UTF_8),
              PolicyFormat.of(file.getPayload()).orElseThrow());
      if (verdict.readerAccepts()) {
        accepted++;
      } else if (!verdict.plain()) {
        notPlain++;
      } else if (!verdict.schemaAccepts()) {
        schemaRefuses++;
      } else {
        onlyModelRefuses++;
      }
    }
    // Each side of the rule is exercised, so agreement is not vacuous.
    assertThat(accepted).as("accepted").isEqualTo(4);
    assertThat(notPlain).as("no plain document (syntax, aliases, tags...)").isGreaterThan(5);
    assertThat(schemaRefuses).as("refused by the schema").isGreaterThan(10);
    assertThat(onlyModelRefuses)
        .as("refused by the model only (cross-references)")
        .isGreaterThan(10);
  }

  static List<Named<Path>> corpus() {
    List<Path> files = new ArrayList<>();
    try {
      Path invalid =
          Path.of(
              PolicySchemaAgreementTest.class
                  .getClassLoader()
                  .getResource("invalid-policies")
                  .toURI());
      try (Stream<Path> listed = Files.list(invalid)) {
        listed.filter(f -> PolicyFormat.of(f).isPresent()).sorted().forEach(files::add);
      }
      try (Stream<Path> listed = Files.list(SEEDS)) {
        listed.filter(f -> PolicyFormat.of(f).isPresent()).sorted().forEach(files::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files.stream().map(f -> Named.of(f.getFileName().toString(), f)).toList();
  }

  /** Valid policies as text: the seeds and two built policies, in both formats. */
  static List<org.junit.jupiter.params.provider.Arguments> validTexts() {
    List<org.junit.jupiter.params.provider.Arguments> texts = new ArrayList<>();
    List<Named<PrivacyPolicy>> policies = new ArrayList<>();
    for (Named<Path> seed : corpus()) {
      if (seed.getPayload().startsWith(SEEDS)) {
        policies.add(Named.of(seed.getName(), PolicyFiles.read(seed.getPayload())));
      }
    }
    policies.add(Named.of("rich", PolicySchemaTest.richPolicy()));
    policies.add(Named.of("shop", Policies.shop().build()));
    for (Named<PrivacyPolicy> policy : policies) {
      for (PolicyFormat format : PolicyFormat.values()) {
        texts.add(
            org.junit.jupiter.params.provider.Arguments.of(
                policy.getName() + " as " + format,
                PolicyFiles.write(policy.getPayload(), format),
                format));
      }
    }
    return texts;
  }
}
