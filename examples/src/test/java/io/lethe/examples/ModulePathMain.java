package io.lethe.examples;

import io.lethe.Lethe;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Run by {@link ModulePathTest} in a JVM whose Lethe jars and their dependencies are on the module
 * path: reads a policy file (Jackson and Hibernate Validator reaching into the named modules),
 * wires Lethe over H2, sweeps and erases, and prints what it found.
 */
public final class ModulePathMain {

  private ModulePathMain() {}

  /**
   * Runs the scenario.
   *
   * @param args none
   * @throws Exception if anything fails: the parent test reads the exit status and output
   */
  public static void main(String[] args) throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:module-path;DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (account_id VARCHAR(40) PRIMARY KEY, email VARCHAR(100),"
              + " created_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO accounts VALUES ('acct-1', 'ada@example.com',"
              + " TIMESTAMP '2026-01-01 00:00:00', NULL)");
    }
    PrivacyPolicy policy =
        PolicyFiles.readResource("policies/vzgen.yaml", ModulePathMain.class.getClassLoader());
    Lethe lethe =
        Lethe.builder(policy)
            .dataSource(dataSource)
            .secret("keep-this-32-byte-secret-elsewhere".getBytes(StandardCharsets.UTF_8))
            .store(
                JdbcMapping.builder("accounts")
                    .table("accounts", "account_id")
                    .category("user.account")
                    .subject("account_id", IdentifierType.ACCOUNT_ID)
                    .subject("email", IdentifierType.EMAIL)
                    .field("email", "user.contact.email")
                    .collectedAt("created_at")
                    .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
                    .build())
            .clock(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC))
            .build();
    lethe.retention().sweep();
    ErasureReceipt receipt =
        lethe.retention().erase(SubjectRef.email("ada@example.com"), "module-path");
    Module core = PrivacyPolicy.class.getModule();
    System.out.println("core module: " + core.getName());
    System.out.println("lethe module: " + Lethe.class.getModule().getName());
    System.out.println("internal exported to all: " + core.isExported("io.lethe.core.internal"));
    System.out.println("policy exported: " + core.isExported("io.lethe.core.policy"));
    System.out.println(
        "erased: " + receipt.complete() + " " + receipt.store("accounts").orElseThrow().deleted());
    System.out.println("audit intact: " + lethe.audit().verify().intact());
  }
}
