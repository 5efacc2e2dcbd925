package io.lethe.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where a way of sweeping spends its time in the database: a data source that times every prepared
 * statement executed through it (and every commit, and every connection taken from the pool), by
 * SQL text. For diagnosis only ({@code -Dlethe.bench.trace=true}); the timing itself costs a few
 * microseconds per statement.
 */
final class StatementTimes {

  /** Whether the benchmarks trace Lethe's statements. */
  static final boolean ENABLED = Boolean.getBoolean("lethe.bench.trace");

  private final Map<String, long[]> times = new LinkedHashMap<>();

  /**
   * {@return a data source that records into this the time of everything done through it}
   *
   * @param dataSource the data source to time
   */
  DataSource wrap(DataSource dataSource) {
    return proxy(
        DataSource.class,
        dataSource,
        (target, method, args) -> {
          if (method.getName().equals("getConnection")) {
            long start = System.nanoTime();
            Connection connection = (Connection) call(target, method, args);
            record("(take a pooled connection)", start);
            return proxy(Connection.class, connection, this::connection);
          }
          return call(target, method, args);
        });
  }

  private Object connection(Object target, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("prepareStatement") && args != null && args[0] instanceof String sql) {
      PreparedStatement statement = (PreparedStatement) call(target, method, args);
      return proxy(PreparedStatement.class, statement, (s, m, a) -> timed(sql, s, m, a));
    }
    if (name.equals("commit") || name.equals("rollback") || name.equals("close")) {
      long start = System.nanoTime();
      Object result = call(target, method, args);
      record("(" + name + ")", start);
      return result;
    }
    return call(target, method, args);
  }

  private Object timed(String sql, Object target, Method method, Object[] args) throws Throwable {
    if (!method.getName().startsWith("execute")) {
      return call(target, method, args);
    }
    long start = System.nanoTime();
    Object result = call(target, method, args);
    record(sql, start);
    return result;
  }

  private synchronized void record(String what, long start) {
    long[] entry = times.computeIfAbsent(what, k -> new long[2]);
    entry[0]++;
    entry[1] += System.nanoTime() - start;
  }

  /**
   * {@return the times recorded so far, longest first, one line each, and forgets them}
   *
   * @param label what was traced
   */
  synchronized String drain(String label) {
    StringBuilder out = new StringBuilder();
    long total = times.values().stream().mapToLong(t -> t[1]).sum();
    out.append(
        String.format(Locale.ROOT, "  trace %s: %.3f s in the database%n", label, total / 1e9));
    times.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "    %8.3f s %6d x  %s%n",
                        e.getValue()[1] / 1e9,
                        e.getValue()[0],
                        e.getKey().replaceAll("\\s+", " "))));
    times.clear();
    return out.toString();
  }

  private interface Handler {
    Object handle(Object target, Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Handler handler) {
    InvocationHandler invocation =
        (p, method, args) -> {
          if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return call(target, method, args);
          }
          return handler.handle(target, method, args);
        };
    return type.cast(
        Proxy.newProxyInstance(
            StatementTimes.class.getClassLoader(), new Class<?>[] {type}, invocation));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
