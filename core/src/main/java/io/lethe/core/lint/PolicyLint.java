package io.lethe.core.lint;

import io.lethe.core.policy.PrivacyPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs lint rules over a policy and reports what a reader, an auditor or a regulator would ask
 * about: data kept with no stated period, legitimate interests with no way to object, recipients
 * with no agreement, cookies that need consent nobody asks for.
 *
 * <pre>{@code
 * List<LintFinding> findings = PolicyLint.standard().lint(policy);
 * findings.forEach(System.out::println);
 * // WARNING category-without-retention categories user.device.ip_address: ... (GDPR Art. 13(2)(a))
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class PolicyLint {

  private static final Comparator<LintFinding> ORDER =
      Comparator.comparing(LintFinding::severity)
          .thenComparing(LintFinding::path, PolicyLint::comparePaths)
          .thenComparing(LintFinding::rule)
          .thenComparing(LintFinding::explanation);

  private final List<LintRule> rules;

  private PolicyLint(List<LintRule> rules) {
    this.rules = List.copyOf(rules);
    Set<String> ids = new LinkedHashSet<>();
    for (LintRule rule : this.rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate lint rule '" + rule.id() + "'");
      }
    }
  }

  /** {@return a lint running every rule of {@link LintRules#all()}} */
  public static PolicyLint standard() {
    return new PolicyLint(LintRules.all());
  }

  /**
   * A lint running exactly the given rules.
   *
   * @param rules the rules
   * @return the lint
   */
  public static PolicyLint of(LintRule... rules) {
    return new PolicyLint(List.of(rules));
  }

  /**
   * The standard lint without the named rules, whose findings the caller accepts.
   *
   * @param ruleIds ids of rules to leave out
   * @return the lint
   * @throws IllegalArgumentException if an id names no standard rule
   */
  public static PolicyLint allowing(String... ruleIds) {
    return standard().without(ruleIds);
  }

  /**
   * This lint without the named rules.
   *
   * @param ruleIds ids of rules to leave out
   * @return the lint
   * @throws IllegalArgumentException if an id names none of this lint's rules
   */
  public PolicyLint without(String... ruleIds) {
    Set<String> known = rules.stream().map(LintRule::id).collect(Collectors.toSet());
    Set<String> left = new LinkedHashSet<>();
    for (String id : ruleIds) {
      Objects.requireNonNull(id, "rule id");
      if (!known.contains(id)) {
        throw new IllegalArgumentException(
            "no lint rule '" + id + "'; the rules are " + known.stream().sorted().toList());
      }
      left.add(id);
    }
    return new PolicyLint(rules.stream().filter(r -> !left.contains(r.id())).toList());
  }

  /**
   * This lint with more rules.
   *
   * @param more rules to add; their ids must differ from this lint's
   * @return the lint
   */
  public PolicyLint with(LintRule... more) {
    List<LintRule> all = new ArrayList<>(rules);
    all.addAll(List.of(more));
    return new PolicyLint(all);
  }

  /** {@return the rules this lint runs} */
  public List<LintRule> rules() {
    return rules;
  }

  /**
   * Runs every rule over a policy.
   *
   * @param policy the policy
   * @return the findings, by severity (errors first) then path
   */
  public List<LintFinding> lint(PrivacyPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    List<LintFinding> found = new ArrayList<>();
    for (LintRule rule : rules) {
      found.addAll(rule.check(policy));
    }
    found.sort(ORDER);
    return List.copyOf(found);
  }

  /** Compares paths with their indexes as numbers, so {@code purposes[2]} precedes {@code [10]}. */
  static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        int byNumber =
            Long.compare(Long.parseLong(a.substring(si, i)), Long.parseLong(b.substring(sj, j)));
        if (byNumber != 0) {
          return byNumber;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
