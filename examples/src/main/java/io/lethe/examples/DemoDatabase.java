package io.lethe.examples;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.subject.SubjectHasher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;

/** What the demo's parts share: a fresh embedded H2 database, VZGen's policy, an audit trail. */
final class DemoDatabase {

  private DemoDatabase() {}

  /**
   * Opens a new, empty in-memory H2 database that lives until the JVM ends.
   *
   * @param name a prefix for its name
   * @return the database
   */
  static JdbcDataSource fresh(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** {@return VZGen's policy, from the examples' resources} */
  static PrivacyPolicy vzgen() {
    return PolicyFiles.readResource("policies/vzgen.yaml", DemoDatabase.class.getClassLoader());
  }

  /**
   * Creates an audit trail in the database, subjects hashed under the demo's secret.
   *
   * @param dataSource the database
   * @param clock the clock
   * @return the audit log
   */
  static AuditLog audit(JdbcDataSource dataSource, Clock clock) {
    return AuditLog.create(
        JdbcAuditStorage.of(dataSource).createTableIfMissing(),
        SubjectHasher.withSecret(
            "demo-secret: keep yours outside the database".getBytes(StandardCharsets.UTF_8)),
        clock);
  }
}
