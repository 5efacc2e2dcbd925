package io.lethe.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A data source that counts and times what goes through it, by statement text (with lists of
 * placeholders folded into one): every execution, every connection borrowed and returned, every
 * commit, and the reading of every result. For the erasure benchmark's profile: it tells where a
 * method's time goes in the database, and, subtracted from the wall time, how much is spent in
 * Java.
 */
final class StatementTally implements DataSource {

  private static final Pattern PLACEHOLDERS = Pattern.compile("\\?(\\s*,\\s*\\?)+");
  private static final Pattern TUPLES = Pattern.compile("\\(\\?…\\)(\\s*,\\s*\\(\\?…\\))+");
  private static final Set<String> EXECUTIONS =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeBatch",
          "executeLargeUpdate",
          "executeLargeBatch");

  private final DataSource target;
  private final Map<String, long[]> tallies = new ConcurrentHashMap<>();

  /** By the library's calls on the way to the database, when asked for. */
  private final Map<String, long[]> callers = new ConcurrentHashMap<>();

  private final boolean byCaller;
  private static final Set<String> PHASES =
      Set.of(
          "RetentionEngine",
          "SubjectEraser",
          "ErasurePlans",
          "ErasureWrites",
          "HoldsInForce",
          "SubjectIdentities",
          "AuditedStore",
          "AuditLog",
          "JdbcErasureLedger");
  private final LongAdder executions = new LongAdder();

  /**
   * @param target the data source measured
   * @param byCaller also tally by the path of the library's calls that led to each (a stack walk
   *     per call, outside the time measured)
   */
  StatementTally(DataSource target, boolean byCaller) {
    this.target = target;
    this.byCaller = byCaller;
  }

  /** Forgets everything counted so far. */
  void reset() {
    tallies.clear();
    callers.clear();
    executions.reset();
  }

  /** {@return statements executed since the last reset} */
  long executions() {
    return executions.sum();
  }

  /** {@return nanoseconds spent in the database (statements, borrowing, commits) since reset} */
  long nanos() {
    return tallies.values().stream().mapToLong(t -> t[1]).sum();
  }

  private void add(String what, long nanos) {
    long[] tally = tallies.computeIfAbsent(what, k -> new long[2]);
    synchronized (tally) {
      tally[0]++;
      tally[1] += nanos;
    }
    caller(nanos, true);
  }

  /** Adds the time to the path of library calls that led here. */
  private void caller(long nanos, boolean call) {
    if (!byCaller) {
      return;
    }
    List<String> path =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .filter(
                            f ->
                                f.getClassName().startsWith("io.lethe.")
                                    && !f.getClassName().startsWith("io.lethe.benchmarks.")
                                    && !f.getMethodName().startsWith("lambda$"))
                        .map(
                            f ->
                                f.getClassName()
                                        .substring(f.getClassName().lastIndexOf('.') + 1)
                                        .replaceAll("\\$.*", "")
                                    + "."
                                    + f.getMethodName())
                        .filter(f -> PHASES.contains(f.substring(0, f.indexOf('.'))))
                        .toList());
    List<String> outward = new ArrayList<>();
    for (int i = path.size() - 1; i >= 0; i--) {
      if (outward.isEmpty() || !outward.get(outward.size() - 1).equals(path.get(i))) {
        outward.add(path.get(i));
      }
    }
    long[] tally =
        callers.computeIfAbsent(
            outward.isEmpty() ? "(no library call)" : String.join(" > ", outward),
            k -> new long[2]);
    synchronized (tally) {
      tally[0] += call ? 1 : 0;
      tally[1] += nanos;
    }
  }

  /** Adds time to a tally without counting a call: fetching the rows of a query. */
  private void addTime(String what, long nanos) {
    long[] tally = tallies.computeIfAbsent(what, k -> new long[2]);
    synchronized (tally) {
      tally[1] += nanos;
    }
    caller(nanos, false);
  }

  /**
   * Prints the tallies, largest time first.
   *
   * @param out where
   * @param subjects to divide by
   * @param wallNanos the wall time measured around the work, for the share spent in Java
   * @param limit how many lines
   */
  void print(PrintWriter out, int subjects, long wallNanos, int limit) {
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(tallies.entrySet());
    sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    long db = nanos();
    out.printf(
        Locale.ROOT,
        "    wall %.3f ms/subject; in JDBC %.3f ms/subject (%.0f%%), of which"
            + " %d statements/subject; outside JDBC (Java) %.3f ms/subject%n",
        wallNanos / 1e6 / subjects,
        db / 1e6 / subjects,
        100.0 * db / wallNanos,
        executions() / subjects,
        (wallNanos - db) / 1e6 / subjects);
    out.printf(Locale.ROOT, "    %8s %9s %6s  %s%n", "calls/s", "ms/subj", "share", "what");
    for (Map.Entry<String, long[]> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
      long[] t = entry.getValue();
      out.printf(
          Locale.ROOT,
          "    %8.2f %9.3f %5.1f%%  %s%n",
          (double) t[0] / subjects,
          t[1] / 1e6 / subjects,
          100.0 * t[1] / wallNanos,
          entry.getKey());
    }
    if (byCaller) {
      List<Map.Entry<String, long[]>> paths = new ArrayList<>(callers.entrySet());
      paths.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
      out.printf(Locale.ROOT, "    the same time by the library calls that led to it:%n");
      for (Map.Entry<String, long[]> entry : paths) {
        long[] t = entry.getValue();
        out.printf(
            Locale.ROOT,
            "    %8.2f %9.3f %5.1f%%  %s%n",
            (double) t[0] / subjects,
            t[1] / 1e6 / subjects,
            100.0 * t[1] / wallNanos,
            entry.getKey().replace("RetentionEngine.erase > ", ""));
      }
    }
    out.flush();
  }

  private static String shape(String sql) {
    String folded = PLACEHOLDERS.matcher(sql.replaceAll("\\s+", " ")).replaceAll("?…");
    folded = TUPLES.matcher(folded).replaceAll("(?…), …");
    return folded.length() > 150 ? folded.substring(0, 147) + "..." : folded;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    Connection connection = target.getConnection();
    add("(borrow a connection from the pool)", System.nanoTime() - start);
    return wrap(connection);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(target.getConnection(user, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          long start = System.nanoTime();
          Object result = invoke(connection, method, args);
          long took = System.nanoTime() - start;
          switch (name) {
            case "prepareStatement" -> {
              add("(prepare) " + shape((String) args[0]), took);
              return statement((Statement) result, (String) args[0]);
            }
            case "createStatement" -> {
              return statement((Statement) result, null);
            }
            case "commit", "rollback", "close" -> add("(" + name + ")", took);
            case "setAutoCommit" -> add("(setAutoCommit " + args[0] + ")", took);
            case "setTransactionIsolation", "getTransactionIsolation", "getAutoCommit" ->
                add("(" + name + ")", took);
            default -> {
              // not tallied
            }
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private Statement statement(Statement statement, String sql) {
    Class<?> type =
        statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    String[] last = {sql == null ? "(batch)" : shape(sql)};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("getResultSet")) {
            ResultSet rs = (ResultSet) invoke(statement, method, args);
            return rs == null ? null : results(rs, last[0]);
          }
          if (!EXECUTIONS.contains(name)) {
            return invoke(statement, method, args);
          }
          if (sql == null && args != null && args.length > 0 && args[0] instanceof String text) {
            last[0] = shape(text);
          }
          long start = System.nanoTime();
          Object result = invoke(statement, method, args);
          long took = System.nanoTime() - start;
          executions.increment();
          add(last[0], took);
          return result instanceof ResultSet rs ? results(rs, last[0]) : result;
        };
    return (Statement)
        Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** A result set whose {@code next} is timed too: an embedded database runs queries lazily. */
  private ResultSet results(ResultSet rs, String key) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (!method.getName().equals("next")) {
            return invoke(rs, method, args);
          }
          long start = System.nanoTime();
          Object result = invoke(rs, method, args);
          addTime(key, System.nanoTime() - start);
          return result;
        };
    return (ResultSet)
        Proxy.newProxyInstance(
            ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return target.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return target.isWrapperFor(type);
  }
}
