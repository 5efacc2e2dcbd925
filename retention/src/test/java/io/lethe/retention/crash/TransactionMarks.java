package io.lethe.retention.crash;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a data source so that a JVM about to be killed says, line by line, whether it has writes
 * open: {@code @W+<n>} when a connection starts writing (the first write of a transaction, or a
 * write statement in autocommit) and {@code @W-<n>} when that write is committed or rolled back,
 * {@code n} being how many connections have writes open afterwards. The last such line a killed JVM
 * printed tells the test whether the kill landed inside an open transaction.
 */
public final class TransactionMarks {

  /** The prefix of every mark. */
  public static final String PREFIX = "@W";

  private static final Set<String> EXECUTIONS =
      Set.of(
          "execute",
          "executeUpdate",
          "executeLargeUpdate",
          "executeBatch",
          "executeLargeBatch",
          "executeQuery");

  private final PrintStream out;
  private final AtomicInteger open = new AtomicInteger();

  private TransactionMarks(PrintStream out) {
    this.out = out;
  }

  /**
   * Wraps a data source.
   *
   * @param target the real data source
   * @param out where the marks go, a line each, flushed
   * @return the data source that marks
   */
  public static DataSource of(DataSource target, PrintStream out) {
    TransactionMarks marks = new TransactionMarks(out);
    return (DataSource)
        Proxy.newProxyInstance(
            TransactionMarks.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              return result instanceof Connection c ? marks.connection(c) : result;
            });
  }

  private Connection connection(Connection target) throws java.sql.SQLException {
    boolean[] autoCommit = {target.getAutoCommit()};
    boolean[] writing = {false};
    return (Connection)
        Proxy.newProxyInstance(
            TransactionMarks.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "setAutoCommit" -> {
                  Object result = invoke(target, method, args);
                  if ((Boolean) args[0] && writing[0]) {
                    writing[0] = false; // turning autocommit on commits
                    mark('-');
                  }
                  autoCommit[0] = (Boolean) args[0];
                  return result;
                }
                case "commit", "rollback", "close" -> {
                  Object result = invoke(target, method, args);
                  if (writing[0]) {
                    writing[0] = false;
                    mark('-');
                  }
                  return result;
                }
                case "prepareStatement" -> {
                  Statement statement = (Statement) invoke(target, method, args);
                  return statement(
                      statement, PreparedStatement.class, (String) args[0], autoCommit, writing);
                }
                case "createStatement" -> {
                  Statement statement = (Statement) invoke(target, method, args);
                  return statement(statement, Statement.class, null, autoCommit, writing);
                }
                default -> {
                  return invoke(target, method, args);
                }
              }
            });
  }

  private Object statement(
      Statement target,
      Class<? extends Statement> type,
      String prepared,
      boolean[] autoCommit,
      boolean[] writing) {
    return Proxy.newProxyInstance(
        TransactionMarks.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (!EXECUTIONS.contains(method.getName())) {
            return invoke(target, method, args);
          }
          String sql =
              args != null && args.length > 0 && args[0] instanceof String s ? s : prepared;
          boolean write = !method.getName().equals("executeQuery") && isWrite(sql);
          if (!write || (!autoCommit[0] && writing[0])) {
            return invoke(target, method, args);
          }
          mark('+');
          if (!autoCommit[0]) {
            writing[0] = true;
            return invoke(target, method, args);
          }
          try {
            return invoke(target, method, args);
          } finally {
            mark('-');
          }
        });
  }

  private static boolean isWrite(String sql) {
    if (sql == null) {
      return true;
    }
    String head = sql.stripLeading().toUpperCase(Locale.ROOT);
    return !(head.startsWith("SELECT")
        || head.startsWith("WITH")
        || head.startsWith("SHOW")
        || head.startsWith("VALUES"));
  }

  private void mark(char sign) {
    int now = sign == '+' ? open.incrementAndGet() : open.decrementAndGet();
    out.println(PREFIX + sign + now);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
