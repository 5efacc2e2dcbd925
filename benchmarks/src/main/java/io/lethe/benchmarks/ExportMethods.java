package io.lethe.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** The ways of exporting one subject's records that the export benchmark compares. */
final class ExportMethods {

  /** Leaves the caller's stream open when a document is done, as Lethe's exporter does. */
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private ExportMethods() {}

  /**
   * Lethe's access export as JSON over the five tables, with its audit trail in {@code
   * auditDataSource}. Opening the stores (reading the metadata) and building the exporter is what a
   * host does once at start-up, so it happens here; the returned action is the export alone,
   * identity resolution included.
   */
  static Export lethe(DataSource dataSource, DataSource auditDataSource) {
    return lethe(dataSource, auditDataSource, null);
  }

  /**
   * As {@link #lethe(DataSource, DataSource)}, reading the stores at once on {@code readAhead} if
   * not null ({@link AccessExporter.Builder#readAhead}).
   */
  static Export lethe(DataSource dataSource, DataSource auditDataSource, Executor readAhead) {
    List<PersonalDataStore> stores = new ArrayList<>();
    for (ExportTables.Table table : ExportTables.TABLES) {
      stores.add(JdbcStore.open(dataSource, table.mapping()));
    }
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(
                    auditDataSource, readAhead == null ? "lethe_audit" : "lethe_audit_read_ahead")
                .createTableIfMissing(),
            SubjectHasher.withSecret(
                "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)),
            Clock.systemUTC());
    AccessExporter.Builder builder =
        AccessExporter.builder(ExportTables.policy())
            .stores(stores.toArray(PersonalDataStore[]::new))
            .audit(audit);
    if (readAhead != null) {
      builder.readAhead(readAhead);
    }
    AccessExporter exporter = builder.build();
    return (subject, out) ->
        exporter
            .export(SubjectRef.email(ExportTables.email(subject)), out, ExportFormat.JSON)
            .total();
  }

  /**
   * The hand-written export: on one connection, the account rows by email (which give the account
   * ids), then orders, payments and sessions by account id and messages by email, five indexed
   * queries; every column of every row goes into one JSON document.
   */
  static Export sql(DataSource dataSource) {
    return (subject, out) -> {
      String email = ExportTables.email(subject);
      long records = 0;
      try (Connection c = dataSource.getConnection();
          JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeStringField("subject", email);
        json.writeArrayFieldStart("records");
        Set<String> identities = new LinkedHashSet<>();
        records += write(c, json, "accounts", "email = ?", List.of(email), identities);
        for (String account : identities) {
          if (!account.equals(email)) {
            for (String table : List.of("orders", "payments", "sessions")) {
              records += write(c, json, table, "account_id = ?", List.of(account), null);
            }
          }
        }
        records += write(c, json, "messages", "sender_email = ?", List.of(email), null);
        json.writeEndArray();
        json.writeNumberField("total", records);
        json.writeEndObject();
      }
      return records;
    };
  }

  /**
   * The strongest hand-written export where the driver sends several statements in one round trip
   * (PostgreSQL's): the five reads go as one multi-statement query, the account ids resolved inside
   * it by a subquery on the accounts table ({@code account_id IN (SELECT account_id FROM accounts
   * WHERE email = ?)}), so one round trip in all; no audit entry, no check that the identifiers
   * reach nothing else. Every column of every row goes into one JSON document, as {@link #sql}
   * writes it.
   */
  static Export sqlBatched(DataSource dataSource) {
    String byAccount = "account_id IN (SELECT account_id FROM accounts WHERE email = ?)";
    return (subject, out) -> {
      String email = ExportTables.email(subject);
      List<Query> reads =
          List.of(
              new Query("accounts", "email = ?", List.of(email)),
              new Query("orders", byAccount, List.of(email)),
              new Query("payments", byAccount, List.of(email)),
              new Query("sessions", byAccount, List.of(email)),
              new Query("messages", "sender_email = ?", List.of(email)));
      long records;
      try (Connection c = dataSource.getConnection();
          JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeStringField("subject", email);
        json.writeArrayFieldStart("records");
        records = writeTogether(c, json, reads, null);
        json.writeEndArray();
        json.writeNumberField("total", records);
        json.writeEndObject();
      }
      return records;
    };
  }

  /**
   * The least any export meeting the requirements can do, written by hand: the hand-written
   * export of {@link #sql}, plus what the requirements add and Lethe cannot skip, each as cheap as
   * it gets: the subject's identifiers resolved to a fixpoint, and one entry appended to a
   * hash-chained audit trail (its own table, so the audit logs do not race). With unique indexes on
   * the accounts table ({@link ExportTables#UNIQUE_INDEXES}), the accounts rows read by email are
   * the resolution: they give the account ids, and no other row can carry those. Without, the
   * account ids the email reaches are looked up first (one query), and the accounts rows are read
   * by email and by those account ids, which confirms that nothing else links to them (Lethe makes
   * the same two queries the other way round: the email's rows give the account ids, then it reads
   * theirs). Where the driver runs several queries in one round trip (PostgreSQL's), the reads that
   * can go together go as one, as Lethe's joint read does. Lethe over this is Lethe's own overhead;
   * this over {@link #sql} is what the requirements cost.
   */
  static Export floor(DataSource dataSource, DataSource auditDataSource) {
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(auditDataSource, "bench_floor_audit").createTableIfMissing(),
            SubjectHasher.withSecret(
                "benchmark-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)),
            Clock.systemUTC());
    return (subject, out) -> {
      String email = ExportTables.email(subject);
      long records = 0;
      Set<String> seen = new LinkedHashSet<>();
      try (Connection c = dataSource.getConnection();
          JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        json.writeStartObject();
        json.writeStringField("subject", email);
        json.writeArrayFieldStart("records");
        List<String> accounts = new ArrayList<>();
        List<Query> reads = new ArrayList<>();
        if (ExportTables.UNIQUE_INDEXES) {
          records += write(c, json, "accounts", "email = ?", List.of(email), seen);
          seen.stream().filter(identity -> !identity.equals(email)).forEach(accounts::add);
        } else {
          try (PreparedStatement select =
              c.prepareStatement("SELECT DISTINCT account_id FROM accounts WHERE email = ?")) {
            select.setString(1, email);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                accounts.add(rs.getString(1));
              }
            }
          }
          if (accounts.size() == 1) {
            reads.add(
                new Query(
                    "accounts",
                    "id IN (SELECT id FROM accounts WHERE email = ?"
                        + " UNION SELECT id FROM accounts WHERE account_id = ?)",
                    List.of(email, accounts.get(0))));
          }
        }
        if (accounts.size() != 1) {
          throw new IllegalStateException("every benchmark subject has one account");
        }
        for (String table : List.of("orders", "payments", "sessions")) {
          reads.add(new Query(table, "account_id = ?", accounts));
        }
        reads.add(new Query("messages", "sender_email = ?", List.of(email)));
        if (c.getMetaData().supportsMultipleResultSets()) {
          records += writeTogether(c, json, reads, seen);
        } else {
          for (Query read : reads) {
            records +=
                write(
                    c,
                    json,
                    read.table(),
                    read.condition(),
                    read.values(),
                    read.table().equals("accounts") ? seen : null);
          }
        }
        if (!Set.of(email, accounts.get(0)).containsAll(seen)) {
          throw new IllegalStateException("no benchmark subject has a second identifier");
        }
        json.writeEndArray();
        json.writeNumberField("total", records);
        json.writeEndObject();
      }
      audit.append(
          AuditEvent.of(AuditAction.EXPORT, "benchmark")
              .subject(SubjectRef.email(email))
              .count("records", records)
              .count("identities", seen.size())
              .detail("access export as JSON")
              .build());
      return records;
    };
  }

  /** One table's rows that meet a condition with values bound in order. */
  private record Query(String table, String condition, List<String> values) {
    String sql() {
      return "SELECT * FROM " + table + " WHERE " + condition + " ORDER BY id";
    }
  }

  /**
   * Writes the rows of every query, sent as one multi-statement query (one round trip, where the
   * driver runs one: PostgreSQL's); collects the identifiers of the accounts rows as {@link #write}
   * does.
   */
  private static long writeTogether(
      Connection c, JsonGenerator json, List<Query> queries, Set<String> identities)
      throws SQLException, IOException {
    long rows = 0;
    try (PreparedStatement select =
        c.prepareStatement(String.join(";\n", queries.stream().map(Query::sql).toList()))) {
      int index = 1;
      for (Query query : queries) {
        for (String value : query.values()) {
          select.setString(index++, value);
        }
      }
      boolean results = select.execute();
      for (Query query : queries) {
        if (!results) {
          throw new IllegalStateException("a result set is missing");
        }
        try (ResultSet rs = select.getResultSet()) {
          rows +=
              writeRows(
                  rs, json, query.table(), query.table().equals("accounts") ? identities : null);
        }
        results = select.getMoreResults();
      }
    }
    return rows;
  }

  /**
   * Writes the rows of {@code table} that meet {@code condition} with {@code values} bound in
   * order; collects their {@code account_id} and {@code email} into {@code identities} if given
   * (the accounts table).
   */
  private static long write(
      Connection c,
      JsonGenerator json,
      String table,
      String condition,
      List<String> values,
      Set<String> identities)
      throws SQLException, IOException {
    try (PreparedStatement select = c.prepareStatement(new Query(table, condition, values).sql())) {
      for (int i = 0; i < values.size(); i++) {
        select.setString(i + 1, values.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        return writeRows(rs, json, table, identities);
      }
    }
  }

  /** Writes a result set's rows as {@link #write} says. */
  private static long writeRows(
      ResultSet rs, JsonGenerator json, String table, Set<String> identities)
      throws SQLException, IOException {
    long rows = 0;
    // Column names and types once per result set, as a careful hand-written export would.
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    SerializedString[] names = new SerializedString[columns + 1];
    int[] types = new int[columns + 1];
    for (int i = 1; i <= columns; i++) {
      names[i] = new SerializedString(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
      types[i] = meta.getColumnType(i);
    }
    while (rs.next()) {
      json.writeStartObject();
      json.writeStringField("table", table);
      json.writeObjectFieldStart("row");
      for (int i = 1; i <= columns; i++) {
        json.writeFieldName(names[i]);
        switch (types[i]) {
          case Types.BIGINT, Types.INTEGER -> json.writeNumber(rs.getLong(i));
          case Types.TIMESTAMP ->
              json.writeString(
                  rs.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString());
          default -> json.writeString(rs.getString(i));
        }
      }
      json.writeEndObject();
      json.writeEndObject();
      if (identities != null) {
        identities.add(rs.getString("account_id"));
        identities.add(rs.getString("email"));
      }
      rows++;
    }
    return rows;
  }

  /** A prepared way of exporting a subject, timed on its own. */
  @FunctionalInterface
  interface Export {
    /**
     * Exports a subject, named in the request by its email address.
     *
     * @param subject which of the {@link ExportTables#SUBJECTS} subjects
     * @param out where the document goes; not closed
     * @return how many records were exported
     * @throws Exception if the database or the stream fails
     */
    long run(int subject, OutputStream out) throws Exception;
  }

  /** Discards what is written and counts the bytes. */
  static final class Sink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
