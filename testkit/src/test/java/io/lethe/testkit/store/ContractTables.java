package io.lethe.testkit.store;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/** Loads contract rows into a fresh table and maps it, on any database. */
final class ContractTables {

  static final String TABLE = "contract_records";

  private ContractTables() {}

  static JdbcMapping mapping() {
    return JdbcMapping.builder("contract")
        .table(TABLE, "id")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .subject("email", IdentifierType.EMAIL)
        .field("email", "user.contact.email")
        .field("ip", "user.device.ip_address")
        .collectedAt("created_at")
        .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
        .anonymizedAt("anonymized_at")
        .build();
  }

  static JdbcStore load(DataSource dataSource, List<ContractRow> rows) {
    return load(dataSource, rows, false);
  }

  /** Loads the rows into a contract table whose {@code ip} column is NOT NULL if required. */
  static JdbcStore load(DataSource dataSource, List<ContractRow> rows, boolean ipRequired) {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + TABLE);
      ddl.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, account_id VARCHAR(200)"
          + " NOT NULL, email VARCHAR(200), ip VARCHAR(64)" + (ipRequired ? " NOT NULL" : "")
          + ", created_at TIMESTAMP WITH TIME ZONE"
          + " NOT NULL, closed_at TIMESTAMP WITH TIME ZONE, anonymized_at TIMESTAMP WITH TIME"
          + " ZONE)");
      ddl.execute("CREATE INDEX contract_created_at ON " + TABLE + " (created_at)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
          + " (id, account_id, email, ip, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (ContractRow row : rows) {
          insert.setLong(1, row.id());
          insert.setString(2, row.accountId());
          insert.setString(3, row.email());
          insert.setString(4, row.ip());
          insert.setObject(5, row.createdAt().atOffset(ZoneOffset.UTC));
          insert.setObject(6, row.closedAt() == null ? null
              : row.closedAt().atOffset(ZoneOffset.UTC));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not load the contract table", e);
    }
    return JdbcStore.open(dataSource, mapping());
  }
}
