package io.lethe.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A data source that shows a test every statement prepared on its connections, so that it can count
 * round trips or refuse a kind of statement.
 */
public final class ObservedDataSource {

  private ObservedDataSource() {}

  /** Sees each statement's SQL before it is prepared; may refuse it by throwing. */
  @FunctionalInterface
  public interface Watcher {
    /**
     * @param sql the statement's text
     * @throws SQLException to refuse it, as the database would
     */
    void prepared(String sql) throws SQLException;
  }

  /**
   * Wraps a data source.
   *
   * @param target the real data source
   * @param watcher sees every {@code prepareStatement} on the connections it hands out
   * @return the observed data source
   */
  public static DataSource of(DataSource target, Watcher watcher) {
    ClassLoader loader = ObservedDataSource.class.getClassLoader();
    return (DataSource)
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  loader,
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("prepareStatement")) {
                      watcher.prepared((String) a[0]);
                    }
                    return invoke(connection, m, a);
                  });
            });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
