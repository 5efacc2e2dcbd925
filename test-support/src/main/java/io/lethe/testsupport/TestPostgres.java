package io.lethe.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests: the one named by {@code LETHE_TEST_PG_URL} (with {@code
 * LETHE_TEST_PG_USER} and {@code LETHE_TEST_PG_PASSWORD}) if set, otherwise an embedded PostgreSQL
 * started once per test JVM from Maven artifacts alone. Tests reach it through a connection pool,
 * as hosts do.
 */
public final class TestPostgres {

  /** Enough for every connection one test holds at once (stores read ahead, the audit trail). */
  private static final int POOL_SIZE = 24;

  private static DataSource server;
  private static DataSource dataSource;

  /** How another process reaches the server: a JDBC URL whose database is {@code %s}. */
  private static String urlTemplate;

  private TestPostgres() {}

  /** {@return a pooled data source on the test server, started on first use} */
  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      server = server();
      dataSource = pooled(server);
    }
    return dataSource;
  }

  /**
   * A pool of its own on the test server, as a second instance of a host holds: none of its
   * connections is one of {@link #dataSource()}'s.
   *
   * @return the pool, which the caller closes
   */
  public static synchronized HikariDataSource anotherPool() {
    dataSource();
    HikariConfig config = new HikariConfig();
    config.setDataSource(server);
    config.setMaximumPoolSize(4);
    config.setPoolName("lethe-test-postgres-other");
    return new HikariDataSource(config);
  }

  /**
   * A JDBC URL of a database on the test server, with the user and password in it, for a process of
   * its own (a JVM a test kills) or a pool of the test's.
   *
   * @param database the database's name, a plain identifier
   * @return the URL
   * @throws IllegalArgumentException if the name is not a plain identifier
   */
  public static synchronized String jdbcUrl(String database) {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    dataSource();
    return String.format(urlTemplate, database);
  }

  private static DataSource server() {
    String url = System.getenv("LETHE_TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      PGSimpleDataSource external = new PGSimpleDataSource();
      external.setURL(url);
      external.setUser(System.getenv().getOrDefault("LETHE_TEST_PG_USER", "postgres"));
      external.setPassword(System.getenv().getOrDefault("LETHE_TEST_PG_PASSWORD", ""));
      String[] hosts = external.getServerNames();
      int[] ports = external.getPortNumbers();
      urlTemplate =
          "jdbc:postgresql://"
              + hosts[0]
              + (ports.length == 0 || ports[0] == 0 ? "" : ":" + ports[0])
              + "/%s?user="
              + encode(external.getUser())
              + "&password="
              + encode(external.getPassword());
      return external;
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      urlTemplate = "jdbc:postgresql://localhost:" + postgres.getPort() + "/%s?user=postgres";
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }));
      return postgres.getPostgresDatabase();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
    }
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(
            value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8)
        .replace("%", "%%");
  }

  private static DataSource pooled(DataSource server) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName("lethe-test-postgres");
    return new HikariDataSource(config);
  }
}
