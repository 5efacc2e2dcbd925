package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import io.lethe.core.internal.SafeText;
import io.lethe.core.store.jdbc.InvalidMappingException;
import io.lethe.core.store.jdbc.JdbcMappings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated policies and mapping files to the readers. Every outcome must be a valid policy
 * that the JSON Schema and the model also accept, or an {@link InvalidPolicyException} (for
 * mappings, {@link InvalidMappingException}) whose every problem has a line and column and a
 * message free of parser vocabulary and of raw control or invisible characters; and the reader must
 * agree with the schema and the model (see {@link PolicyJudge}). Any other exception, any
 * disagreement, or an input that takes Lethe more than a second to read (twice, so that a pause of
 * the machine is not taken for a slow input) fails the test with the input printed.
 *
 * <p>Seeds: the four example policies, the richest policy the model expresses and a small shop
 * (YAML, and the shop and the rich policy as JSON), and three mapping files. Mutations: deleted,
 * duplicated, swapped, re-indented and truncated lines, values swapped for other types, extreme and
 * malformed periods and dates, wrong-case enums, YAML aliases, anchors, merge keys and tags,
 * control, invisible and surrogate characters, deep nesting and large tokens.
 *
 * <p>{@code -Dlethe.fuzz.seed=<n>} replays a run (the seed is printed), {@code
 * -Dlethe.fuzz.count=<n>} sets the number of policy inputs (mapping inputs are a fifth of it); the
 * default is 1,000 policies and 200 mappings.
 */
class PolicyFuzzTest {

  private static final long SEED = Long.getLong("lethe.fuzz.seed", new Random().nextLong());
  private static final int COUNT = Integer.getInteger("lethe.fuzz.count", 1_000);
  private static final Duration SLOW = Duration.ofSeconds(1);

  private static final List<String> HOSTILE =
      List.of(
          // numbers and booleans where texts, dates, periods and enums belong
          "0",
          "1",
          "5",
          "400",
          "20260101",
          "-1",
          "1.5",
          "16.0",
          "1e400",
          "99999999999999999999",
          "0x1F",
          "1_000",
          "+5",
          ".inf",
          "true",
          "false",
          "yes",
          "no",
          "on",
          "True",
          "'false'",
          "'18'",
          // empty and null
          "''",
          "\"\"",
          "null",
          "~",
          "",
          "' '",
          "[]",
          "{}",
          // periods and durations
          "p5d",
          "P+5D",
          "'P5D '",
          "P-5D",
          "P0D",
          "PT0S",
          "P1000Y",
          "P1000Y1D",
          "P999Y12M",
          "P999999999Y",
          "P2147483648D",
          "PT9223372036854775807S",
          "P99999999W",
          "PT999999999H",
          "P1Y2M3W4D",
          "PT0.5S",
          "P1DT12H",
          "P",
          "PT",
          "P1.5Y",
          "indefinite",
          "INDEFINITE",
          "P90D",
          "P1M",
          "PT72H",
          "PT73H",
          // dates
          "0000-01-01",
          "+999999999-12-31",
          "2026-04-01T00:00:00Z",
          "2026-02-30",
          "1969-12-31",
          "1970-01-01",
          "2999-12-31",
          "3000-01-01",
          "2026-1-1",
          "'2026-01-01'",
          // enums, ids, keys, zones, locations
          "CONTRACT",
          "'contract '",
          "Recipient",
          "consent",
          "legal_obligation",
          "gdpr",
          "GDPR",
          "delete",
          "anonymize",
          "user.contact.email",
          "user.biometric",
          "User.Contact",
          "x",
          "Europe/Berlin",
          "Mars/Olympus",
          "+25:00",
          "UTC",
          "DE",
          "US",
          "de",
          "OUTSIDE_EEA",
          "hash",
          "'null'",
          "replace:",
          "generalize:ip/24",
          // YAML's own machinery
          "*c",
          "*nothere",
          "&a x",
          "!!set {a: null}",
          "!custom x",
          "!!str 5",
          "!!int \"5\"",
          "!!binary aGVsbG8=",
          "<<: {a: 1}",
          "{<<: *c}",
          // unicode and control characters, as YAML escapes
          "\"a\\nINFO io.lethe FAKE LOG LINE\"",
          "\"\\0\"",
          "\"\\u200B\"",
          "\"\\u202Eevil\"",
          "\"\\uD800\"",
          "\"\\uDC00x\"",
          "\"\\t\"",
          "\"\\x1b[31mred\"",
          "\"😀\"",
          "\"\\uFEFF\"",
          // shapes
          "[a, b]",
          "[[a]]",
          "{a: b}",
          "- a",
          "[user.contact.email, user.contact.email]",
          "[user.biometric]");

  private static final List<String> CHARACTERS =
      List.of(
          "\t", "\u0000", "\u200B", "\u202E", ":", "\"", "'", "[", "{", "}", "]", "#", "&", "*",
          "!", "\n", " ", "- ", "\uD800", "\\", "%", "@", "`", "|", ">", "\r", "\u2028", "\uFEFF");

  private static final List<String> MAPPING_SEEDS =
      List.of(
          """
      stores:
        - store: orders
          table: orders
          key: id
          category: user.financial.transaction
          subjects:
            - {column: customer_id, type: account_id}
          fields:
            - {column: email, category: user.contact.email}
          anchors:
            collected: created_at
            account.closed: closed_at
          anonymizedAt: anonymized_at
      """,
          """
      stores:
        - store: order_items
          table: order_items
          key: [order_id, line_no]
          category: user.behavior.purchase_history
          references:
            - {column: order_id, store: orders, key: id}
          referencedAnchors:
            order.completed: {reference: order_id, column: completed_at}
        - store: orders
          schema: shop
          table: orders
          key: id
          category: user.behavior.purchase_history
          subjects:
            - {column: customer_id, type: account_id}
      """,
          """
      stores:
        - store: lessons
          table: lessons
          key: id
          category: user.behavior
          subjects:
            - {column: tutor_id, type: account_id, role: tutor}
            - {column: student_id, type: account_id, role: student}
          fields:
            - {column: tutor_note, category: user.behavior, role: tutor}
          anchors:
            collected: created_at
      """);

  private record Seed(String name, String text, PolicyFormat format) {}

  @Test
  void every_mutated_policy_is_read_exactly_or_refused_with_located_readable_errors()
      throws IOException {
    Random random = new Random(SEED);
    List<Seed> seeds = seeds();
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    long cpuStart = cpu();
    long slowest = 0;
    String slowestText = "";
    for (int i = 0; i < COUNT; i++) {
      Seed seed = seeds.get(random.nextInt(seeds.size()));
      String text =
          seed.format() == PolicyFormat.YAML
              ? mutateYaml(seed.text(), random)
              : mutateJson(seed.text(), random);
      long before = System.nanoTime();
      outcomes.merge(judge(i, seed, text), 1, Integer::sum);
      if (System.nanoTime() - before > slowest) {
        slowest = System.nanoTime() - before;
        slowestText = text;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "slowest policy input: %d ms, %d characters: %s%n",
        slowest / 1_000_000,
        slowestText.length(),
        SafeText.escape(slowestText.length() > 300 ? slowestText.substring(0, 300) : slowestText));
    System.out.printf(
        Locale.ROOT,
        "policy fuzz: seed %d, %d inputs in %d ms (%d ms of CPU): %s%n",
        SEED,
        COUNT,
        (System.nanoTime() - start) / 1_000_000,
        (cpu() - cpuStart) / 1_000_000,
        outcomes);
    assertThat(outcomes.getOrDefault("accepted", 0)).as("some inputs stay valid").isPositive();
  }

  @Test
  void every_mutated_mapping_file_is_read_or_refused_with_located_readable_errors() {
    Random random = new Random(SEED ^ 0x5DEECE66DL);
    int count = Math.max(1, COUNT / 5);
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    long start = System.nanoTime();
    long cpuStart = cpu();
    long slowest = 0;
    String slowestText = "";
    for (int i = 0; i < count; i++) {
      String text = mutateYaml(MAPPING_SEEDS.get(random.nextInt(MAPPING_SEEDS.size())), random);
      long before = System.nanoTime();
      outcomes.merge(judgeMapping(i, text), 1, Integer::sum);
      if (System.nanoTime() - before > slowest) {
        slowest = System.nanoTime() - before;
        slowestText = text;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "slowest mapping input: %d ms, %d characters: %s%n",
        slowest / 1_000_000,
        slowestText.length(),
        SafeText.escape(slowestText.length() > 300 ? slowestText.substring(0, 300) : slowestText));
    System.out.printf(
        Locale.ROOT,
        "mapping fuzz: seed %d, %d inputs in %d ms (%d ms of CPU): %s%n",
        SEED,
        count,
        (System.nanoTime() - start) / 1_000_000,
        (cpu() - cpuStart) / 1_000_000,
        outcomes);
    assertThat(outcomes.getOrDefault("accepted", 0)).as("some inputs stay valid").isPositive();
  }

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  // ------------------------------------------------------------------ judging

  private static String judge(int index, Seed seed, String text) {
    PolicyJudge.Verdict verdict;
    try {
      verdict = PolicyJudge.judge(text, seed.format());
      if (verdict.readNanos() > SLOW.toNanos()) {
        verdict = PolicyJudge.judge(text, seed.format());
      }
    } catch (RuntimeException | Error e) {
      throw failure(index, seed.name(), text, "threw " + e, e);
    }
    if (verdict.readNanos() > SLOW.toNanos()) {
      throw failure(
          index,
          seed.name(),
          text,
          "took " + verdict.readNanos() / 1_000_000 + " ms to read, twice",
          null);
    }
    String disagreement = verdict.disagreement();
    if (disagreement != null) {
      throw failure(index, seed.name(), text, disagreement, null);
    }
    if (verdict.readerAccepts()) {
      return "accepted";
    }
    for (PolicyViolation violation : verdict.refused().violations()) {
      String problem = readabilityProblem(violation.toString());
      if (!violation.hasPosition()) {
        problem = "no line and column";
      }
      if (problem != null) {
        throw failure(index, seed.name(), text, problem + ": " + violation, null);
      }
    }
    if (!verdict.plain()) {
      return "refused: no plain document (syntax, YAML machinery, size, depth)";
    }
    return verdict.schemaAccepts() ? "refused: by the model only" : "refused: by the schema";
  }

  private static String judgeMapping(int index, String text) {
    long start = System.nanoTime();
    long cpuStart = cpu();
    String outcome;
    try {
      JdbcMappings.parse(text, "stores.yaml");
      outcome = "accepted";
    } catch (InvalidMappingException e) {
      for (String problem : e.problems()) {
        String why = readabilityProblem(problem);
        if (!problem.matches("(?s).*\\(line \\d+, column \\d+\\)")) {
          why = "no line and column";
        }
        if (why != null) {
          throw failure(index, "mapping", text, why + ": " + problem, null);
        }
      }
      String message = e.getMessage();
      if (message.lines().count() != e.problems().size() + 1) {
        throw failure(index, "mapping", text, "a message line was broken: " + message, null);
      }
      outcome = "refused";
    } catch (RuntimeException | Error e) {
      throw failure(index, "mapping", text, "threw " + e, e);
    }
    if (System.nanoTime() - start > SLOW.toNanos()) {
      long again = System.nanoTime();
      try {
        JdbcMappings.parse(text, "stores.yaml");
      } catch (InvalidMappingException expected) {
        // timed only
      }
      if (System.nanoTime() - again > SLOW.toNanos()) {
        throw failure(index, "mapping", text, "took over a second to read, twice", null);
      }
    }
    return outcome;
  }

  /** Why a message is not fit for a person or a log, or null. */
  private static String readabilityProblem(String message) {
    for (String leak :
        List.of(
            "java.",
            "com.fasterxml",
            "JsonToken",
            "VALUE_STRING",
            "StreamReadConstraints",
            "Exception",
            "snakeyaml",
            "[Source:")) {
      if (message.contains(leak)) {
        return "leaks '" + leak + "'";
      }
    }
    if (!SafeText.escape(message).equals(message)) {
      return "holds a raw control or invisible character";
    }
    return null;
  }

  private static AssertionError failure(
      int index, String seed, String text, String why, Throwable cause) {
    String shown = text;
    if (text.length() > 4_000) {
      Path whole = Path.of("target", "fuzz-input-" + SEED + "-" + index + ".txt");
      try {
        Files.writeString(whole, text, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        whole = null;
      }
      shown =
          text.substring(0, 4_000)
              + "… ("
              + text.length()
              + " characters"
              + (whole == null ? "" : "; all of it in " + whole.toAbsolutePath())
              + ")";
    }
    AssertionError error =
        new AssertionError(
            String.format(
                Locale.ROOT,
                "input %d (seed %s, replay with -Dlethe.fuzz.seed=%d): %s%n----- input -----%n%s%n"
                    + "-----------------",
                index,
                seed,
                SEED,
                why,
                SafeText.escape(shown).replace("\\n", "\n")));
    if (cause != null) {
      error.initCause(cause);
    }
    return error;
  }

  // ------------------------------------------------------------------ seeds

  private static List<Seed> seeds() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(PolicySchemaAgreementTest.SEEDS)) {
      for (Path file : files.sorted().toList()) {
        seeds.add(
            new Seed(
                file.getFileName().toString(),
                Files.readString(file, StandardCharsets.UTF_8),
                PolicyFormat.YAML));
      }
    }
    assertThat(seeds).as("example policies in " + PolicySchemaAgreementTest.SEEDS).hasSize(4);
    PrivacyPolicy rich = PolicySchemaTest.richPolicy();
    PrivacyPolicy shop = Policies.shop().build();
    // Small seeds are read faster; give them more weight so the run stays short.
    for (int i = 0; i < 2; i++) {
      seeds.add(new Seed("rich.yaml", PolicyFiles.toYaml(rich), PolicyFormat.YAML));
      seeds.add(new Seed("shop.yaml", PolicyFiles.toYaml(shop), PolicyFormat.YAML));
      seeds.add(new Seed("rich.json", PolicyFiles.toJson(rich), PolicyFormat.JSON));
      seeds.add(new Seed("shop.json", PolicyFiles.toJson(shop), PolicyFormat.JSON));
    }
    return seeds;
  }

  // ------------------------------------------------------------------ mutations

  private static final java.util.regex.Pattern YAML_VALUE =
      java.util.regex.Pattern.compile("^(\\s*(?:- )?[A-Za-z_][A-Za-z0-9_.]*:)( .*)?$");
  private static final java.util.regex.Pattern JSON_VALUE =
      java.util.regex.Pattern.compile(
          "(\"[A-Za-z_][A-Za-z0-9_.]*\" : )(\"[^\"]*\"|[-0-9.eE]+|true|false|null)");

  static String mutateYaml(String seed, Random random) {
    List<String> lines = new ArrayList<>(Arrays.asList(seed.split("\n", -1)));
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(14)) {
        case 0 -> lines.remove(at);
        case 1, 2, 3, 4 ->
            replaceValue(lines, at, HOSTILE.get(random.nextInt(HOSTILE.size())), random);
        case 5 -> lines.add(at, lines.get(random.nextInt(lines.size())));
        case 6 -> {
          int other = random.nextInt(lines.size());
          String swap = lines.get(at);
          lines.set(at, lines.get(other));
          lines.set(other, swap);
        }
        case 7 -> {
          // an anchor on one value and an alias to it on another
          replaceValue(lines, at, "&c " + valueOf(lines.get(at)), random);
          replaceValue(lines, random.nextInt(lines.size()), "*c", random);
        }
        case 8 -> {
          String line = lines.get(at);
          int offset = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
          lines.set(
              at,
              line.substring(0, offset)
                  + CHARACTERS.get(random.nextInt(CHARACTERS.size()))
                  + line.substring(offset));
        }
        case 9 -> {
          String line = lines.get(at);
          lines.set(
              at,
              random.nextBoolean()
                  ? "  " + line
                  : line.startsWith("  ") ? line.substring(2) : line);
        }
        case 10 -> {
          int depth = List.of(5, 31, 32, 33, 200, 5_000).get(random.nextInt(6));
          String open = random.nextBoolean() ? "[" : "{a: ";
          String close = open.equals("[") ? "]" : "}";
          replaceValue(lines, at, open.repeat(depth) + "x" + close.repeat(depth), random);
        }
        case 11 -> {
          int size = List.of(1_000, 20_000, 300_000).get(random.nextInt(3));
          String token =
              random.nextBoolean() ? "a".repeat(size) : "\"" + "\\u00e9".repeat(size / 6) + "\"";
          if (random.nextBoolean()) {
            replaceValue(lines, at, token, random);
          } else {
            lines.add(at, token + ": 1");
          }
        }
        case 12 -> {
          String line = lines.get(at);
          lines.set(
              at,
              random.nextBoolean() ? line.toUpperCase(Locale.ROOT) : line.replaceFirst(":", ""));
        }
        default -> {
          int keep = random.nextInt(lines.size() + 1);
          lines.subList(keep, lines.size()).clear();
        }
      }
    }
    return String.join("\n", lines);
  }

  private static String valueOf(String line) {
    java.util.regex.Matcher m = YAML_VALUE.matcher(line);
    return m.matches() && m.group(2) != null ? m.group(2).strip() : "x";
  }

  /** Replaces the value of a {@code key: value} line at or after {@code at}. */
  private static void replaceValue(List<String> lines, int at, String value, Random random) {
    for (int i = 0; i < lines.size(); i++) {
      int index = (at + i) % lines.size();
      java.util.regex.Matcher m = YAML_VALUE.matcher(lines.get(index));
      if (m.matches() && (m.group(2) != null || random.nextInt(4) == 0)) {
        lines.set(index, m.group(1) + (value.isEmpty() ? "" : " " + value));
        return;
      }
    }
  }

  static String mutateJson(String seed, Random random) {
    String text = seed;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(8)) {
        case 0, 1, 2, 3 -> {
          java.util.regex.Matcher matcher = JSON_VALUE.matcher(text);
          List<int[]> values = new ArrayList<>();
          while (matcher.find()) {
            values.add(new int[] {matcher.start(2), matcher.end(2)});
          }
          if (!values.isEmpty()) {
            int[] span = values.get(random.nextInt(values.size()));
            text = text.substring(0, span[0]) + jsonValue(random) + text.substring(span[1]);
          }
        }
        case 4 -> {
          int offset = random.nextInt(text.length() + 1);
          text =
              text.substring(0, offset)
                  + CHARACTERS.get(random.nextInt(CHARACTERS.size()))
                  + text.substring(offset);
        }
        case 5 -> {
          List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
          int at = random.nextInt(lines.size());
          if (random.nextBoolean()) {
            lines.add(at, lines.get(random.nextInt(lines.size())));
          } else {
            lines.remove(at);
          }
          text = String.join("\n", lines);
        }
        case 6 -> text = text.substring(0, random.nextInt(text.length() + 1));
        default -> {
          int depth = List.of(31, 33, 10_000).get(random.nextInt(3));
          text =
              text.replaceFirst(
                  "\"notes\" : \\[", "\"notes\" : [" + "[".repeat(depth) + "]".repeat(depth) + ",");
        }
      }
    }
    return text;
  }

  private static String jsonValue(Random random) {
    List<String> values =
        List.of(
            "0",
            "1",
            "400",
            "20260101",
            "-1",
            "1.5",
            "16.0",
            "1e400",
            "99999999999999999999",
            "true",
            "false",
            "null",
            "\"\"",
            "\" \"",
            "[]",
            "{}",
            "\"p5d\"",
            "\"P+5D\"",
            "\"P5D \"",
            "\"P999999999Y\"",
            "\"P1000Y1D\"",
            "\"PT9223372036854775807S\"",
            "\"0000-01-01\"",
            "\"+999999999-12-31\"",
            "\"2026-04-01T00:00:00Z\"",
            "\"CONTRACT\"",
            "\"contract \"",
            "\"a\\nINFO io.lethe FAKE LOG LINE\"",
            "\"\\u0000\"",
            "\"\\u200B\"",
            "\"\\u202E\"",
            "\"\\uD800\"",
            "\"\\uDC00x\"",
            "\"user.biometric\"",
            "\"*c\"",
            "[\"user.contact.email\", \"user.contact.email\"]",
            "\"" + "a".repeat(20_000) + "\"",
            "1" + "0".repeat(2_000));
    return values.get(random.nextInt(values.size()));
  }

  @Test
  void a_replayed_seed_gives_the_same_inputs() {
    Random first = new Random(42);
    Random second = new Random(42);
    String seed = MAPPING_SEEDS.get(0);

    assertThat(mutateYaml(seed, first)).isEqualTo(mutateYaml(seed, second));
  }
}
