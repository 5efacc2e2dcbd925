package io.lethe.examples;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PolicyFileException;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Processor;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.text.TextTable;
import io.lethe.testkit.lint.LintFinding;
import io.lethe.testkit.lint.PolicyLint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The demo: loads, validates and prints the four reference policies as retention, basis and
 * recipient tables with their lint findings, then sweeps VZGen's jobs and logs in an embedded H2
 * database; or, given paths, the policy files at those paths (or their validation errors).
 *
 * <pre>./mvnw -q -pl examples -am compile exec:java
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args="path/to/policy.yaml"</pre>
 */
public final class PolicyDemo {

  /** The reference policies shipped with the examples, in the order the demo prints them. */
  public static final List<String> SEED_POLICIES = List.of(
      "policies/vzgen.yaml", "policies/vrnum.yaml", "policies/nexus.yaml",
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
      for (String resource : SEED_POLICIES) {
        status |= show(() -> PolicyFiles.readResource(resource,
            PolicyDemo.class.getClassLoader()), out, err);
      }
      try {
        RetentionDemo.run(out);
        RequestDemo.run(out);
      } catch (java.sql.SQLException e) {
        err.println("The demo's embedded database failed: SQL state " + e.getSQLState());
        status = 1;
      }
    } else {
      for (String arg : args) {
        status |= show(() -> PolicyFiles.read(Path.of(arg)), out, err);
      }
    }
    return status;
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
    String title = "Policy '" + policy.id() + "' — " + policy.controller().name()
        + ", version " + policy.version() + ", effective " + policy.effectiveDate()
        + " (" + policy.timeZone() + ")";
    out.append(nl).append(title).append(nl).append("=".repeat(title.length())).append(nl);
    out.append("Privacy contact: ").append(policy.controller().contact());
    policy.minimumAge().ifPresent(age -> out.append(" · minimum age ").append(age));
    out.append(" · sells personal data: ").append(policy.sellsPersonalData()
        .map(sells -> sells ? "yes" : "no").orElse("not stated"));
    out.append(nl).append(nl);

    TextTable retention = new TextTable("rule", "categories", "clock starts", "maximum",
        "minimum", "at expiry", "basis / criteria");
    for (RetentionRule rule : policy.retention()) {
      retention.row(rule.id(), keys(rule.categories()), rule.anchor(),
          rule.maximum() == null ? "not stated" : rule.maximum(),
          rule.minimum() == null ? "" : rule.minimum(), lower(rule.action()),
          rule.basis() != null ? lower(rule.basis())
              + (rule.legalReference() == null ? "" : " (" + rule.legalReference() + ")")
              : rule.criteria() == null ? "" : "criteria: " + shorten(rule.criteria()));
    }
    out.append("Retention").append(nl).append(retention.render()).append(nl);

    TextTable purposes = new TextTable("purpose", "lawful basis", "article", "categories");
    for (Purpose purpose : policy.purposes()) {
      purposes.row(purpose.key(), lower(purpose.basis()), purpose.basis().article(),
          keys(purpose.categories()));
    }
    out.append("Purposes and lawful bases").append(nl).append(purposes.render()).append(nl);

    TextTable recipients = new TextTable("recipient", "role", "location", "safeguards", "DPA",
        "categories");
    for (Processor processor : policy.processors()) {
      recipients.row(processor.name(), lower(processor.role()),
          processor.location() == null ? "not stated"
              : processor.location().toString().toLowerCase(Locale.ROOT),
          processor.safeguards().stream().map(PolicyDemo::lower)
              .collect(Collectors.joining(", ")),
          lower(processor.dpa()), keys(processor.categories()));
    }
    out.append("Recipients").append(nl)
        .append(policy.processors().isEmpty() ? "  (none)" + nl : recipients.render()).append(nl);

    TextTable rights = new TextTable("jurisdiction", "deadline", "extension", "rights");
    for (RightsProfile profile : policy.rights()) {
      rights.row(lower(profile.jurisdiction()),
          profile.deadline() != null ? profile.deadline()
              : profile.jurisdiction().statutoryDeadline().map(p -> p + " (law)").orElse("none"),
          profile.extension() != null ? profile.extension()
              : profile.jurisdiction().statutoryExtension().map(p -> p + " (law)").orElse("none"),
          profile.rights().stream().map(PolicyDemo::lower)
              .collect(Collectors.joining(", ")));
    }
    out.append("Data-subject rights").append(nl).append(rights.render()).append(nl);

    List<LintFinding> findings = PolicyLint.standard().lint(policy);
    out.append("Lint (").append(findings.size()).append(" findings)").append(nl);
    findings.forEach(finding -> out.append("  ").append(finding).append(nl));
    return out.toString();
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 60 ? flat : flat.substring(0, 59) + "…";
  }

  private static String keys(List<CategoryKey> keys) {
    return keys.stream().map(CategoryKey::toString).collect(Collectors.joining(", "));
  }

  private static String lower(Enum<?> value) {
    return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
  }
}
