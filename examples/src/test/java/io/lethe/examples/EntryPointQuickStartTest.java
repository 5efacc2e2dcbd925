package io.lethe.examples;

import static io.lethe.core.policy.Jurisdiction.GDPR;
import static io.lethe.dsar.RequestType.ERASURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.Lethe;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.PolicyFiles;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.store.jdbc.JdbcMappings;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.DsarService;
import io.lethe.dsar.IdentityEvidence;
import io.lethe.dsar.RequestState;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.SweepReport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's first snippet: the one entry point, a sweep and an erasure, on H2. */
class EntryPointQuickStartTest {

  @Test
  void a_sweep_and_an_erasure_through_the_one_entry_point() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme-entry;DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (account_id VARCHAR(40) PRIMARY KEY, email VARCHAR(100),"
              + " created_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO accounts VALUES ('acct-1', 'ada@example.com',"
              + " TIMESTAMP '2026-01-01 00:00:00', NULL), ('acct-2', 'bob@example.com',"
              + " TIMESTAMP '2026-01-01 00:00:00', NULL)");
      s.execute(
          "CREATE TABLE jobs (id BIGINT PRIMARY KEY, account_id VARCHAR(40) NOT NULL,"
              + " created_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "INSERT INTO jobs VALUES (1, 'acct-2', TIMESTAMP '2026-01-10 00:00:00',"
              + " TIMESTAMP '2026-01-10 00:05:00'), (2, 'acct-2', TIMESTAMP '2026-05-30 00:00:00',"
              + " TIMESTAMP '2026-05-30 00:05:00'), (3, 'acct-1', TIMESTAMP '2026-05-30 00:00:00',"
              + " TIMESTAMP '2026-05-30 00:05:00')");
    }
    PrivacyPolicy policy =
        PolicyFiles.readResource("policies/vzgen.yaml", getClass().getClassLoader());
    byte[] secret = "keep-this-32-byte-secret-elsewhere".getBytes(StandardCharsets.UTF_8);
    IdentityVerifier yourLoginCheck = (request, evidence) -> IdentityVerifier.Verdict.VERIFIED;
    IdentityEvidence evidence = IdentityEvidence.of("signed-in session", Map.of());
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    ClassLoader loader = getClass().getClassLoader();

    // readme:begin
    Lethe lethe =
        Lethe.builder(policy) // a PrivacyPolicy, from code or a YAML file
            .dataSource(dataSource) // Lethe's own tables, created if missing
            .secret(secret) // 32+ bytes keying every hash; keep elsewhere
            .stores(JdbcMappings.readResource("mappings/vzgen.yaml", loader)) // your tables
            .identityVerifier(yourLoginCheck)
            .clock(clock)
            .build();

    SweepReport swept = lethe.retention().sweep(); // deletes what the policy says has expired

    DsarService requests = lethe.requests();
    String id = requests.receive(ERASURE, SubjectRef.email("ada@example.com"), GDPR).id();
    requests.verifyIdentity(id, evidence);
    requests.start(id);
    ErasureReceipt receipt = requests.fulfilErasure(id);
    // readme:end

    assertThat(swept.totalProcessed())
        .as("Bob's job completed in January, past 90 days")
        .isEqualTo(1);
    assertThat(receipt.complete()).isTrue();
    assertThat(receipt.store("accounts").orElseThrow().deleted()).isEqualTo(1);
    assertThat(receipt.store("jobs").orElseThrow().deleted()).isEqualTo(1);
    assertThat(lethe.requests().get(id).state()).isEqualTo(RequestState.COMPLETED);
    assertThat(ids(dataSource, "SELECT id FROM jobs ORDER BY id")).containsExactly("2");
    assertThat(ids(dataSource, "SELECT account_id FROM accounts")).containsExactly("acct-2");
    assertThat(lethe.audit().verify().intact()).isTrue();
  }

  private static List<String> ids(JdbcDataSource dataSource, String sql) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
