package io.lethe.testkit.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests: the one named by {@code LETHE_TEST_PG_URL} (with {@code
 * LETHE_TEST_PG_USER} and {@code LETHE_TEST_PG_PASSWORD}) if set, otherwise an embedded
 * PostgreSQL started once per test JVM from Maven artifacts alone.
 */
public final class TestPostgres {

  private static DataSource dataSource;

  private TestPostgres() {}

  /** {@return a data source on the test server, started on first use} */
  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      String url = System.getenv("LETHE_TEST_PG_URL");
      if (url != null && !url.isBlank()) {
        PGSimpleDataSource external = new PGSimpleDataSource();
        external.setURL(url);
        external.setUser(System.getenv().getOrDefault("LETHE_TEST_PG_USER", "postgres"));
        external.setPassword(System.getenv().getOrDefault("LETHE_TEST_PG_PASSWORD", ""));
        dataSource = external;
      } else {
        try {
          EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              postgres.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }));
          dataSource = postgres.getPostgresDatabase();
        } catch (IOException e) {
          throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        }
      }
    }
    return dataSource;
  }
}
