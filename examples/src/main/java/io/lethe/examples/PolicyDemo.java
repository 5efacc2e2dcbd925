package io.lethe.examples;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.lint.LintFinding;
import io.lethe.core.lint.PolicyLint;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PolicyFileException;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.examples.DemoText.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The demo: on a simulated date, sweeps VZGen's expired jobs and logs in an embedded H2 database
 * and erases a customer on request, printing the plan, the sweep report and the receipt; then
 * loads, validates and prints the four reference policies as retention, basis and recipient tables
 * with their lint findings. Given paths, it prints the policy files at those paths (or their
 * validation errors) instead. Every line fits in {@value DemoText#WIDTH} columns.
 *
 * <pre>./mvnw -q -pl examples -am compile exec:java
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args="path/to/policy.yaml"</pre>
 */
public final class PolicyDemo {

  /** The reference policies shipped with the examples, in the order the demo prints them. */
  public static final List<String> SEED_POLICIES =
      List.of(
          "policies/vzgen.yaml",
          "policies/vrnum.yaml",
          "policies/nexus.yaml",
          "policies/numberotp.yaml");

  private PolicyDemo() {}

  /**
   * Runs the demo.
   *
   * @param args policy file paths; none prints the four reference policies
   */
  public static void main(String[] args) {
    // Hibernate Validator logs its version through JBoss Logging; send that to SLF4J, where
    // simplelogger.properties keeps it quiet.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the demo with the given output streams.
   *
   * @param args policy file paths; none prints the reference policies
   * @param out where tables go
   * @param err where validation errors go
   * @return 0 if every policy was valid, 1 otherwise
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    int status = 0;
    if (args.length == 0) {
      out.print(introduction());
      try {
        RetentionDemo.run(out);
        RequestDemo.run(out);
      } catch (java.sql.SQLException e) {
        err.println("The demo's embedded database failed: SQL state " + e.getSQLState());
        status = 1;
      }
      out.print(policiesIntroduction());
      for (String resource : SEED_POLICIES) {
        status |=
            show(
                () -> PolicyFiles.readResource(resource, PolicyDemo.class.getClassLoader()),
                out,
                err);
      }
    } else {
      for (String arg : args) {
        status |= show(() -> PolicyFiles.read(Path.of(arg)), out, err);
      }
    }
    return status;
  }

  /** The simulated date of the sweep and the erasure, as the introduction prints it. */
  static final String DEMO_DATE = "10 April 2027";

  /** What the demo shows, and the simulated date it shows it on. */
  private static String introduction() {
    return lines(
        """
        Lethe: a privacy policy, executable
        ===================================
        A policy declares what personal data a service keeps, why, and for how long. Lethe
        sweeps what has expired, answers data-subject requests, and proves both in an audit
        trail whose entries are hash-chained and name people only by keyed hashes.

        The clock is simulated: everything below happens on %s (UTC), to made-up
        customers of VZGen (a phone-number verification service, one of the four reference
        policies) in an embedded H2 database.
        """
            .formatted(DEMO_DATE));
  }

  private static String policiesIntroduction() {
    return lines(
        """

        3. The four reference policies, as Lethe reads them
        Each lint finding below is a gap in what the published notice itself says (a recipient
        with no stated location or DPA, data kept with no stated period): the notices' gaps,
        not broken examples.
        """);
  }

  /** The text with this platform's line separator. */
  static String lines(String text) {
    return text.replace("\n", System.lineSeparator());
  }

  private interface Loader {
    PrivacyPolicy load();
  }

  private static int show(Loader loader, PrintStream out, PrintStream err) {
    try {
      out.print(describe(loader.load()));
      return 0;
    } catch (InvalidPolicyException | PolicyFileException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  /**
   * Renders a policy as readable tables.
   *
   * @param policy the policy
   * @return the text
   */
  static String describe(PrivacyPolicy policy) {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder();
    String title =
        "Policy '"
            + policy.id()
            + "' — "
            + policy.controller().name()
            + ", version "
            + policy.version()
            + ", effective "
            + policy.effectiveDate()
            + " ("
            + policy.timeZone()
            + ")";
    out.append(nl)
        .append(DemoText.paragraph(title))
        .append("=".repeat(Math.min(title.length(), DemoText.WIDTH)))
        .append(nl);
    StringBuilder facts =
        new StringBuilder("Privacy contact: ")
            .append(
                policy.controller().contactHidden()
                    ? "address hidden in the published notice"
                    : policy.controller().contact());
    policy.minimumAge().ifPresent(age -> facts.append(" · minimum age ").append(age));
    facts
        .append(" · sells personal data: ")
        .append(policy.sellsPersonalData().map(sells -> sells ? "yes" : "no").orElse("not stated"));
    out.append(DemoText.paragraph(facts.toString())).append(nl);

    Table retention = new Table("rule", "clock starts", "maximum", "minimum", "at expiry", "basis");
    for (RetentionRule rule : policy.retention()) {
      boolean expires = rule.maximum() != null && !rule.maximum().isIndefinite();
      retention.row(
          rule.id(),
          rule.anchor(),
          rule.maximum() == null ? "not stated" : rule.maximum(),
          rule.minimum() == null ? "" : rule.minimum(),
          expires ? lower(rule.action()) : "",
          lower(rule.basis()));
      retention.note("categories: " + keys(rule.categories()));
      if (rule.legalReference() != null) {
        retention.note("law: " + rule.legalReference());
      }
      if (rule.basis() == null && rule.criteria() != null) {
        retention.note("criteria: " + shorten(rule.criteria()));
      }
    }
    out.append("Retention").append(nl).append(retention.render()).append(nl);

    Table purposes = new Table("purpose", "lawful basis", "article");
    for (Purpose purpose : policy.purposes()) {
      purposes.row(purpose.key(), lower(purpose.basis()), purpose.basis().article());
      purposes.note("categories: " + keys(purpose.categories()));
    }
    out.append("Purposes and lawful bases").append(nl).append(purposes.render()).append(nl);

    Table recipients = new Table("recipient", "role", "location", "safeguards", "DPA");
    for (Recipient processor : policy.recipients()) {
      recipients.row(
          processor.name(),
          lower(processor.role()),
          processor.location() == null ? "not stated" : processor.location().code(),
          processor.safeguards().stream().map(PolicyDemo::lower).collect(Collectors.joining(", ")),
          lower(processor.dpa()));
      recipients.note("categories: " + keys(processor.categories()));
    }
    out.append("Recipients")
        .append(nl)
        .append(policy.recipients().isEmpty() ? "  (none)" + nl : recipients.render())
        .append(nl);

    Table rights = new Table("jurisdiction", "deadline", "extension", "rights");
    for (RightsProfile profile : policy.rights()) {
      rights.row(
          lower(profile.jurisdiction()),
          profile.deadline() != null
              ? profile.deadline()
              : profile.jurisdiction().statutoryDeadline().map(p -> p + " (law)").orElse("none"),
          profile.extension() != null
              ? profile.extension()
              : profile.jurisdiction().statutoryExtension().map(p -> p + " (law)").orElse("none"),
          profile.rights().stream().map(PolicyDemo::lower).collect(Collectors.joining(", ")));
    }
    out.append("Data-subject rights").append(nl).append(rights.render()).append(nl);

    List<LintFinding> findings = PolicyLint.standard().lint(policy);
    out.append("Lint (").append(findings.size()).append(" findings)").append(nl);
    findings.forEach(finding -> out.append(DemoText.paragraph(finding.toString())));
    return out.toString();
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 160 ? flat : flat.substring(0, 159) + "…";
  }

  private static String keys(List<CategoryKey> keys) {
    return keys.stream().map(CategoryKey::toString).collect(Collectors.joining(", "));
  }

  private static String lower(Enum<?> value) {
    return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
  }
}
