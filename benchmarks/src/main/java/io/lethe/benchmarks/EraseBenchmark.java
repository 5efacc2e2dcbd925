package io.lethe.benchmarks;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.RetentionEngine;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Erasure, one request at a time, through a connection pool (HikariCP): {@code subjects} customers
 * of the {@link EraseFixture} shop (of twice as many) erased with Lethe's {@code
 * RetentionEngine.erase}, against hand-written deletes of the same rows, one transaction per
 * customer, children first, set-based ({@code DELETE FROM order_items WHERE order_id IN (SELECT id
 * FROM orders WHERE customer_id = ?)}, ...), keeping an address another customer or order still
 * refers to. Lethe also resolves the customer's identifiers, plans every store before changing any,
 * checks afterwards that nothing is left, and writes tombstones, audit entries (hash-chained, in
 * the same database) and a receipt (in a {@code JdbcErasureLedger}, also there).
 *
 * <p>Each round loads two copies of the shop afresh (tables prefixed {@code le_} and {@code hw_}),
 * one for each method, and erases the same customers from both a chunk at a time ({@code
 * -Dlethe.bench.chunk}, default 10), the method that goes first alternating from chunk to chunk, so
 * that both meet the same load on a shared machine; each has a pool of its own. Afterwards both
 * copies must be exactly in the state expected: per table, the same rows (count and a digest of
 * every column) as the shop had less the erased customers' rows, with the addresses others share
 * kept. Prints every round to stderr, with the CPU time the erasing thread took (on PostgreSQL, the
 * client's share of the work; on H2, which runs in that thread, all of it), then:
 *
 * <pre>RESULT erase db=&lt;h2|postgresql&gt; subjects=&lt;n&gt; lethe_ms_per_subject=&lt;n&gt;
 * sql_ms_per_subject=&lt;n&gt; ratio=&lt;lethe / sql&gt;</pre>
 *
 * <p>Arguments after {@code erase}: {@code [subjects] [rounds] [h2|postgresql|both]} (default 1000
 * 5 both). The measurement runs in a fresh JVM with a fixed heap ({@code -Dlethe.bench.heap=1g};
 * {@code -Dlethe.bench.fork=false} runs it in this one; {@code -Dlethe.bench.jfr=<file>} records a
 * JFR profile of the child). {@code -Dlethe.bench.profile=true} adds, after the rounds, one run of
 * each method through a data source that tallies every statement, borrow and commit by its text,
 * and prints where the time per subject goes.
 */
public final class EraseBenchmark {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final SubjectHasher HASHER =
      SubjectHasher.withSecret(
          "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));

  private EraseBenchmark() {}

  /** Erases the given customers; returns the rows deleted. */
  interface Erasure {
    long run(List<Long> customers) throws Exception;
  }

  /** Prepares a way of erasing on its freshly loaded copy of the shop; only erasing is timed. */
  private interface Method {
    Erasure prepare(DataSource dataSource, EraseFixture shop) throws Exception;
  }

  /** The two ways, each with the prefix of its copy of the shop. */
  private static final Map<String, String> COPIES = Map.of("lethe", "le_", "sql", "hw_");

  /** Runs the benchmark with the arguments that follow {@code erase}, in a child JVM. */
  static void erase(String[] args) throws Exception {
    if ("false".equals(System.getProperty("lethe.bench.fork"))) {
      main(args);
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String heap = System.getProperty("lethe.bench.heap", "1g");
    List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap));
    String jfr = System.getProperty("lethe.bench.jfr");
    if (jfr != null && !jfr.isBlank()) {
      command.add(
          "-XX:StartFlightRecording=filename="
              + Path.of(jfr).toAbsolutePath()
              + ",settings=profile");
    }
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("lethe.") && !name.equals("lethe.bench.jfr")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.addAll(List.of("-cp", classPath(), EraseBenchmark.class.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).inheritIO().start();
    if (!child.waitFor(2, TimeUnit.HOURS) || child.exitValue() != 0) {
      throw new IllegalStateException("the erasure benchmark's JVM failed");
    }
  }

  /**
   * Runs the benchmark in this JVM.
   *
   * @param args {@code erase [subjects] [rounds] [h2|postgresql|both]}
   * @throws Exception if a database fails or a method leaves another state than expected
   */
  public static void main(String[] args) throws Exception {
    int subjects = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String which = args.length > 3 ? args[3] : "both";
    System.err.printf(
        Locale.ROOT,
        "erase: %d subjects of %d customers, %d rounds, %s, heap %d" + " MiB%n",
        subjects,
        2 * subjects,
        rounds,
        which,
        Runtime.getRuntime().maxMemory() >> 20);
    BenchDatabase.each(which, db -> System.out.println(run(db, subjects, rounds)));
  }

  /**
   * Runs {@code rounds} rounds. Each loads a fresh copy of the shop for each method, then erases
   * the same customers from both, a chunk at a time, the method that goes first alternating from
   * chunk to chunk: on a shared machine, both then see the same load.
   */
  static String run(BenchDatabase db, int subjects, int rounds) throws Exception {
    boolean postgres = db.name.equals("postgresql");
    DataSource pool = db.dataSource;
    int chunk = Integer.getInteger("lethe.bench.chunk", 10);
    Map<String, Method> methods = new LinkedHashMap<>();
    methods.put("lethe", EraseBenchmark::lethe);
    methods.put("sql", (ds, shop) -> customers -> sql(ds, shop, customers));
    List<String> order = new ArrayList<>(methods.keySet());
    // a pool each: H2 keeps a few parsed statements per connection, which the ways would evict
    // from each other's connections as they take turns
    Map<String, DataSource> pools = new LinkedHashMap<>();
    order.forEach(name -> pools.put(name, db.ownPool("erase-" + name)));
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, List<Double>> cpuTimes = new LinkedHashMap<>();
    order.forEach(name -> times.put(name, new ArrayList<>()));
    order.forEach(name -> cpuTimes.put(name, new ArrayList<>()));
    // Warm-up, not counted: class loading, the JIT, the pool's connections, statement caches.
    int warmSubjects = Math.max(Math.min(subjects, 50), subjects / 4);
    for (int pass = 0; pass < 2; pass++) {
      round(db, pools, methods, warmSubjects, chunk, pass, null, null);
    }
    for (int round = 0; round < rounds; round++) {
      Map<String, long[]> spent =
          round(db, pools, methods, subjects, chunk, round, times, cpuTimes);
      for (String name : order) {
        System.err.printf(
            Locale.ROOT,
            "  %s round %d %-5s %d subjects in %.2f s: %.3f"
                + " ms/subject (this thread's CPU: %.3f ms/subject)%n",
            db.name,
            round + 1,
            name,
            subjects,
            spent.get(name)[0] / 1e9,
            spent.get(name)[0] / 1e6 / subjects,
            spent.get(name)[1] / 1e6 / subjects);
      }
    }
    if (Boolean.getBoolean("lethe.bench.profile")) {
      profile(db, pools, methods, subjects, postgres);
    }
    double lethe = BenchDatabase.median(times.get("lethe"));
    double sql = BenchDatabase.median(times.get("sql"));
    System.err.printf(
        Locale.ROOT,
        "  %s ms/subject by round: lethe %s, sql %s%n",
        db.name,
        rounded(times.get("lethe")),
        rounded(times.get("sql")));
    double letheCpu = BenchDatabase.median(cpuTimes.get("lethe"));
    double sqlCpu = BenchDatabase.median(cpuTimes.get("sql"));
    System.err.printf(
        Locale.ROOT,
        "  %s erasing thread's CPU, median ms/subject: lethe %.3f, sql" + " %.3f, ratio %.2f%n",
        db.name,
        letheCpu,
        sqlCpu,
        letheCpu / sqlCpu);
    return String.format(
        Locale.ROOT,
        "RESULT erase db=%s subjects=%d lethe_ms_per_subject=%.3f"
            + " sql_ms_per_subject=%.3f ratio=%.2f",
        db.name,
        subjects,
        lethe,
        sql,
        lethe / sql);
  }

  /**
   * One round: both copies loaded afresh, the customers erased from both a chunk at a time, both
   * checked against the state expected. Adds each method's wall and CPU time per subject to the
   * lists, unless they are null (a warm-up).
   *
   * @return per method, the nanoseconds of wall time and of this thread's CPU time
   */
  private static Map<String, long[]> round(
      BenchDatabase db,
      Map<String, DataSource> pools,
      Map<String, Method> methods,
      int subjects,
      int chunk,
      int round,
      Map<String, List<Double>> times,
      Map<String, List<Double>> cpuTimes)
      throws Exception {
    boolean postgres = db.name.equals("postgresql");
    EraseFixture.dropLetheTables(db.dataSource);
    Map<String, EraseFixture> shops = new LinkedHashMap<>();
    Map<String, Erasure> erasures = new LinkedHashMap<>();
    Map<String, long[]> spent = new LinkedHashMap<>();
    Map<String, EraseFixture.State> before = new LinkedHashMap<>();
    EraseFixture.State expected = null;
    for (Map.Entry<String, Method> method : methods.entrySet()) {
      EraseFixture shop = new EraseFixture(COPIES.get(method.getKey()), 2 * subjects, subjects);
      shop.load(db.dataSource, postgres);
      EraseFixture.State expect = shop.expected(db.dataSource);
      if (expected != null && !expected.equals(expect)) {
        throw new IllegalStateException("the copies of the shop differ: " + expect);
      }
      expected = expect;
      before.put(method.getKey(), shop.now(db.dataSource));
      shops.put(method.getKey(), shop);
      erasures.put(method.getKey(), method.getValue().prepare(pools.get(method.getKey()), shop));
      spent.put(method.getKey(), new long[2]);
    }
    if (times != null && round == 0) {
      EraseFixture.State all = before.get("lethe");
      System.err.printf(
          Locale.ROOT,
          "  %s shop: %,d rows %s; erasing %d customers leaves %,d" + " rows %s; chunks of %d%n",
          db.name,
          all.total(),
          all.rows(),
          subjects,
          expected.total(),
          expected.rows(),
          chunk);
    }
    List<String> order = new ArrayList<>(methods.keySet());
    List<Long> customers = shops.get(order.get(0)).toErase;
    Map<String, Long> deleted = new LinkedHashMap<>();
    System.gc();
    for (int from = 0, k = 0; from < customers.size(); from += chunk, k++) {
      List<Long> some = customers.subList(from, Math.min(customers.size(), from + chunk));
      for (int i = 0; i < order.size(); i++) {
        String name = order.get((i + k + round) % order.size());
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        deleted.merge(name, erasures.get(name).run(some), Long::sum);
        spent.get(name)[0] += System.nanoTime() - start;
        spent.get(name)[1] += THREADS.getCurrentThreadCpuTime() - cpu;
      }
    }
    for (String name : order) {
      EraseFixture.State after = shops.get(name).now(db.dataSource);
      long removed = before.get(name).total() - after.total();
      if (!after.equals(expected) || deleted.get(name) != removed) {
        throw new IllegalStateException(
            name
                + " left "
                + after
                + " having deleted "
                + deleted.get(name)
                + " rows; expected "
                + expected);
      }
      if (times != null) {
        times.get(name).add(spent.get(name)[0] / 1e6 / subjects);
        cpuTimes.get(name).add(spent.get(name)[1] / 1e6 / subjects);
      }
    }
    return spent;
  }

  private static List<String> rounded(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList();
  }

  /** One more run of each method, through a data source that tallies every statement. */
  private static void profile(
      BenchDatabase db,
      Map<String, DataSource> pools,
      Map<String, Method> methods,
      int subjects,
      boolean postgres)
      throws Exception {
    PrintWriter out = new PrintWriter(System.err, true);
    EraseFixture.dropLetheTables(db.dataSource);
    for (Map.Entry<String, Method> method : methods.entrySet()) {
      EraseFixture shop = new EraseFixture(COPIES.get(method.getKey()), 2 * subjects, subjects);
      shop.load(db.dataSource, postgres);
      StatementTally tally = new StatementTally(pools.get(method.getKey()), true);
      Erasure erasure = method.getValue().prepare(tally, shop);
      tally.reset();
      System.gc();
      long start = System.nanoTime();
      erasure.run(shop.toErase);
      long nanos = System.nanoTime() - start;
      out.printf(
          Locale.ROOT,
          "  %s profile of %s (%d subjects, through a tallying data" + " source):%n",
          db.name,
          method.getKey(),
          subjects);
      tally.print(out, subjects, nanos, 40);
    }
  }

  // ------------------------------------------------------------------ Lethe

  /** Lethe's engine over the shop, its audit trail and erasure ledger in the same database. */
  static Erasure lethe(DataSource dataSource, EraseFixture shop) {
    Clock clock = Clock.systemUTC();
    List<JdbcStore> stores = JdbcStores.open(dataSource, clock, shop.mappings());
    PrivacyPolicy policy =
        PrivacyPolicy.builder("shop")
            .controller("Shop", "privacy@shop.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .rule(RetentionRule.builder("all").categories("user").maximum("P10Y").build())
            .build();
    AuditLog audit =
        AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(), HASHER, clock);
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(stores.toArray(PersonalDataStore[]::new))
            .audit(audit)
            .clock(clock)
            .erasureLedger(JdbcErasureLedger.of(dataSource).createTableIfMissing())
            .build();
    return customers -> {
      long deleted = 0;
      for (long customer : customers) {
        ErasureReceipt receipt =
            engine.erase(SubjectRef.account(Long.toString(customer)), "erase-" + customer);
        if (!receipt.complete()) {
          throw new IllegalStateException(
              "erasure of customer " + customer + " failed: " + receipt.failed());
        }
        deleted += receipt.deleted();
      }
      return deleted;
    };
  }

  // ------------------------------------------------------------------ by hand

  private static final List<String> DELETES =
      List.of(
          "DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?)",
          "DELETE FROM orders WHERE customer_id = ?",
          "DELETE FROM payment_cards WHERE customer_id = ?",
          "DELETE FROM logins WHERE customer_id = ?",
          "DELETE FROM visits WHERE customer_id = ?",
          "DELETE FROM service_requests WHERE customer_id = ?",
          "DELETE FROM customers WHERE id = ?");

  /** The hand-written erasure of each customer, one transaction each. */
  static long sql(DataSource dataSource, EraseFixture shop, List<Long> customers)
      throws SQLException {
    String addresses =
        shop.sql(
            "SELECT address_id FROM customers WHERE id = ? UNION SELECT"
                + " shipping_address_id FROM orders WHERE customer_id = ?");
    List<String> deletes = DELETES.stream().map(shop::sql).toList();
    String[] unused = {
      shop.sql("DELETE FROM addresses WHERE id IN ("),
      shop.sql(
          ") AND NOT EXISTS"
              + " (SELECT 1 FROM customers c WHERE c.address_id = addresses.id) AND NOT EXISTS"
              + " (SELECT 1 FROM orders o WHERE o.shipping_address_id = addresses.id)")
    };
    long deleted = 0;
    for (long customer : customers) {
      deleted += sql(dataSource, customer, addresses, deletes, unused);
    }
    return deleted;
  }

  /**
   * Deletes one customer's rows, children first, in one transaction: the addresses their row and
   * orders refer to are noted first, and deleted last unless another customer or order still refers
   * to them.
   */
  private static int sql(
      DataSource dataSource,
      long customer,
      String selectAddresses,
      List<String> deletes,
      String[] deleteUnused)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<Long> addresses = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement(selectAddresses)) {
          s.setLong(1, customer);
          s.setLong(2, customer);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              long id = rs.getLong(1);
              if (!rs.wasNull()) {
                addresses.add(id);
              }
            }
          }
        }
        int deleted = 0;
        for (String sql : deletes) {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, customer);
            deleted += s.executeUpdate();
          }
        }
        if (!addresses.isEmpty()) {
          try (PreparedStatement s =
              c.prepareStatement(
                  deleteUnused[0]
                      + String.join(", ", Collections.nCopies(addresses.size(), "?"))
                      + deleteUnused[1])) {
            int i = 1;
            for (long id : addresses) {
              s.setLong(i++, id);
            }
            deleted += s.executeUpdate();
          }
        }
        c.commit();
        return deleted;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  // ------------------------------------------------------------------ the child JVM

  /** This program's class path, also when it runs inside Maven (exec:java). */
  private static String classPath() {
    ClassLoader loader = EraseBenchmark.class.getClassLoader();
    if (loader instanceof java.net.URLClassLoader urls) {
      List<String> entries = new ArrayList<>();
      for (java.net.URL url : urls.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException e) {
          throw new IllegalStateException("unreadable class path entry " + url, e);
        }
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }
}
