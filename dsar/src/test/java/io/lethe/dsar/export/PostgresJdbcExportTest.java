package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.testsupport.ObservedDataSource;
import io.lethe.testsupport.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The JDBC export scenario on a real PostgreSQL server (see {@link TestPostgres}), through a data
 * source that notes every statement prepared and can refuse the multi-statement joint read.
 */
class PostgresJdbcExportTest extends JdbcExportScenario {

  private final List<String> prepared = new CopyOnWriteArrayList<>();
  private volatile boolean refuseJointReads;

  @Override
  protected DataSource dataSource() {
    return ObservedDataSource.of(
        TestPostgres.dataSource(),
        sql -> {
          if (refuseJointReads && sql.contains(";")) {
            throw new SQLException("multi-statement queries are refused here", "0A000");
          }
          prepared.add(sql);
        });
  }

  @Test
  void every_stores_first_records_come_in_one_statement_once_the_identifiers_are_known() {
    prepared.clear();

    exporter.export(ADA_EMAIL, new ByteArrayOutputStream(), ExportFormat.JSON);

    // the accounts table links the email to the account id and the wallet: reading its rows of
    // the email resolves them; the rest, with its rows of those two, comes in one statement
    assertThat(prepared)
        .as("nothing but reads")
        .allSatisfy(sql -> assertThat(sql).contains("ORDER BY"));
    assertThat(prepared).hasSize(2);
    assertThat(prepared.get(0)).contains("export_accounts").doesNotContain(";");
    assertThat(prepared.get(1))
        .contains("export_accounts", "export_orders", "export_payments", "export_login_log");
  }

  @Test
  void unique_indexes_on_the_accounts_table_leave_it_read_once() throws Exception {
    ByteArrayOutputStream before = new ByteArrayOutputStream();
    exporter.export(ADA_EMAIL, before, ExportFormat.JSON);
    try (Connection connection = TestPostgres.dataSource().getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE UNIQUE INDEX export_accounts_account ON export_accounts (account_id)");
      ddl.execute(
          "ALTER TABLE export_accounts ADD CONSTRAINT export_accounts_email" + " UNIQUE (email)");
      ddl.execute("CREATE UNIQUE INDEX export_accounts_wallet ON export_accounts (wallet)");
    }
    loadStores();
    prepared.clear();

    ByteArrayOutputStream after = new ByteArrayOutputStream();
    exporter.export(ADA_EMAIL, after, ExportFormat.JSON);

    // the row found by email is the only one with its account id and its wallet
    assertThat(prepared).hasSize(2);
    assertThat(prepared.get(0)).contains("export_accounts").doesNotContain(";");
    assertThat(prepared.get(1))
        .doesNotContain("export_accounts")
        .contains("export_orders", "export_payments", "export_login_log");
    assertThat(after.toString()).isEqualTo(before.toString());
  }

  @Test
  void a_refused_joint_read_reads_the_stores_one_by_one_into_the_same_package() {
    ByteArrayOutputStream jointly = new ByteArrayOutputStream();
    exporter.export(ADA_ACCOUNT, jointly, ExportFormat.JSON);
    refuseJointReads = true;
    prepared.clear();
    long entriesBefore = entries().size();

    ByteArrayOutputStream alone = new ByteArrayOutputStream();
    exporter.export(ADA_ACCOUNT, alone, ExportFormat.JSON);

    assertThat(alone.toString()).isEqualTo(jointly.toString());
    assertThat(prepared.stream().filter(sql -> sql.contains("ORDER BY")).count())
        .as(
            "one read per store, two of the accounts table: the account id's rows, then the"
                + " rows of the email and wallet they carry")
        .isEqualTo(6);
    List<AuditEntry> added = entries().subList((int) entriesBefore, entries().size());
    assertThat(added).extracting(AuditEntry::action).containsExactly(AuditAction.EXPORT);
  }

  @Test
  void with_joint_reads_off_every_store_is_read_on_its_own_into_the_same_package() {
    ByteArrayOutputStream jointly = new ByteArrayOutputStream();
    exporter.export(ADA_EMAIL, jointly, ExportFormat.JSON);
    AccessExporter alone = exporterBuilder.jointReads(false).build();
    prepared.clear();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    alone.export(ADA_EMAIL, out, ExportFormat.JSON);

    assertThat(out.toString()).isEqualTo(jointly.toString());
    assertThat(prepared).as("no statement holds several queries").noneMatch(s -> s.contains(";"));
    assertThat(prepared.stream().filter(sql -> sql.contains("ORDER BY")).count())
        .as(
            "one read per store, two of the accounts table: the email's rows, then the rows"
                + " of the account id and wallet they carry")
        .isEqualTo(6);
  }

  private List<AuditEntry> entries() {
    try (Stream<AuditEntry> entries = audit.entries()) {
      return entries.toList();
    }
  }
}
