package io.lethe.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.retention.spi.ErasureLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * An erasure ledger in three tables ({@code lethe_tombstone}, {@code lethe_deferred_erasure} and
 * {@code lethe_deferred_erasure_receipt} unless named otherwise), shared by every instance of a
 * host. It holds keyed hashes, never identifiers. Receipts are kept as JSON documents, one row per
 * reference and subject hash.
 *
 * <p>Keep these tables out of the backups they protect against, or at least restore them from a
 * later point than the stores: a ledger restored together with a store forgets what was erased
 * after the backup, and its receipts forget what was done for a request since.
 *
 * <p>The tables are defined in {@code META-INF/lethe/db/h2/V5__lethe_erasure_ledger.sql} (portable
 * SQL) and {@code META-INF/lethe/db/postgresql/V5__lethe_erasure_ledger.sql} in this jar: {@link
 * #createTableIfMissing()} runs the one for the database, and a host that manages its schema hands
 * the folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 *
 * <p>Upgrading from a ledger of two tables: {@link #createTableIfMissing()} adds the receipt table;
 * hosts that manage their schema themselves create it with the last statement of that file. Without
 * it, an erasure with a reference stops before it erases anything, with an error that names the
 * table. If the ledger fails after the erasure ran, the erasure returns the receipt of that attempt
 * alone and the audit trail records that the receipt could not be kept.
 *
 * <p>Receipts are kept as long as the table keeps them: they hold keyed hashes, which stay
 * pseudonymous personal data while the key exists, so give the table the retention the host's
 * records of requests have (the rows carry {@code updated_at}).
 */
public final class JdbcErasureLedger implements ErasureLedger {

  private static final int LOOKUP_CHUNK = 500;

  /** Attempts at adding to a receipt when another instance inserts the same reference's first. */
  private static final int RECEIPT_ATTEMPTS = 3;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final OwnTables tables;
  private final String tombstones;
  private final String deferrals;
  private final String receipts;

  private JdbcErasureLedger(
      DataSource dataSource, String tombstones, String deferrals, String receipts) {
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcErasureLedger.class,
            "V5__lethe_erasure_ledger.sql",
            tombstones,
            Map.of(
                "lethe_tombstone",
                tombstones,
                "lethe_deferred_erasure",
                deferrals,
                "lethe_deferred_erasure_receipt",
                receipts));
    this.tombstones = tombstones;
    this.deferrals = deferrals;
    this.receipts = receipts;
  }

  /**
   * A ledger in {@code lethe_tombstone}, {@code lethe_deferred_erasure} and {@code
   * lethe_deferred_erasure_receipt}.
   *
   * @param dataSource the database
   * @return the ledger
   */
  public static JdbcErasureLedger of(DataSource dataSource) {
    return of(dataSource, "lethe_tombstone", "lethe_deferred_erasure");
  }

  /**
   * A ledger in named tables; receipts go to the deferral table's name followed by {@code
   * _receipt}.
   *
   * @param dataSource the database
   * @param tombstoneTable a plain SQL identifier
   * @param deferralTable a plain SQL identifier
   * @return the ledger
   * @throws IllegalArgumentException if a table name is not a plain identifier
   */
  public static JdbcErasureLedger of(
      DataSource dataSource, String tombstoneTable, String deferralTable) {
    return of(dataSource, tombstoneTable, deferralTable, deferralTable + "_receipt");
  }

  /**
   * A ledger in named tables.
   *
   * @param dataSource the database
   * @param tombstoneTable a plain SQL identifier
   * @param deferralTable a plain SQL identifier
   * @param receiptTable a plain SQL identifier
   * @return the ledger
   * @throws IllegalArgumentException if a table name is not a plain identifier
   */
  public static JdbcErasureLedger of(
      DataSource dataSource, String tombstoneTable, String deferralTable, String receiptTable) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcErasureLedger(
        dataSource,
        Sql.requireIdentifier(tombstoneTable, "tombstone"),
        Sql.requireIdentifier(deferralTable, "deferred erasure"),
        Sql.requireIdentifier(receiptTable, "erasure receipt"));
  }

  /**
   * Creates the tables unless they exist.
   *
   * @return this ledger
   */
  public JdbcErasureLedger createTableIfMissing() {
    tables.createIfMissing("create the erasure ledger tables");
    return this;
  }

  @Override
  public void record(Collection<Tombstone> values) {
    if (values.isEmpty()) {
      return;
    }
    tables.run(
        "record tombstones",
        tombstones,
        connection -> {
          Set<String> known =
              erased(connection, values.stream().map(Tombstone::subjectHash).toList()).keySet();
          Set<String> added = new LinkedHashSet<>();
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO "
                      + tombstones
                      + " (subject_hash, reference, erased_at) VALUES (?, ?, ?)")) {
            for (Tombstone tombstone : values) {
              if (known.contains(tombstone.subjectHash()) || !added.add(tombstone.subjectHash())) {
                continue;
              }
              insert.setString(1, tombstone.subjectHash());
              Sql.setText(insert, 2, tombstone.reference());
              Sql.setInstant(insert, 3, tombstone.erasedAt());
              try {
                insert.executeUpdate();
              } catch (SQLException e) {
                // Another instance recorded the same identifier meanwhile: its tombstone stands.
                if (!Sql.isIntegrityViolation(e)) {
                  throw e;
                }
              }
            }
          }
          return null;
        });
  }

  @Override
  public Map<String, Instant> erased(Collection<String> subjectHashes) {
    if (subjectHashes.isEmpty()) {
      return Map.of();
    }
    return tables.run(
        "read tombstones", tombstones, connection -> erased(connection, subjectHashes));
  }

  private Map<String, Instant> erased(Connection connection, Collection<String> subjectHashes)
      throws SQLException {
    List<String> hashes = List.copyOf(new LinkedHashSet<>(subjectHashes));
    Map<String, Instant> found = new LinkedHashMap<>();
    for (int from = 0; from < hashes.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + LOOKUP_CHUNK));
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT subject_hash,"
                  + " erased_at FROM "
                  + tombstones
                  + " WHERE subject_hash IN ("
                  + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          statement.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getString(1), Sql.instant(rs, "erased_at"));
          }
        }
      }
    }
    return found;
  }

  @Override
  public void defer(Deferral deferral) {
    tables.transaction(
        "save a deferred erasure",
        deferrals,
        c -> {
          Sql.delete(c, deferrals, "id", deferral.id());
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + deferrals
                      + " (id, store, subject_hashes, reference, not_before, created_at) VALUES"
                      + " (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, deferral.id());
            insert.setString(2, deferral.store());
            insert.setString(
                3, String.join(",", deferral.subjectHashes().stream().sorted().toList()));
            Sql.setText(insert, 4, deferral.reference());
            Sql.setInstant(insert, 5, deferral.notBefore());
            Sql.setInstant(insert, 6, deferral.createdAt());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<Deferral> dueIn(String store, Instant at) {
    return tables.run(
        "read deferred erasures",
        deferrals,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  select() + " WHERE store = ? AND not_before <= ? ORDER BY created_at, id")) {
            statement.setString(1, store);
            Sql.setInstant(statement, 2, at);
            return deferrals(statement);
          }
        });
  }

  @Override
  public List<Deferral> pending() {
    return tables.run(
        "read deferred erasures",
        deferrals,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(select() + " ORDER BY created_at, id")) {
            return deferrals(statement);
          }
        });
  }

  @Override
  public void finish(String id) {
    tables.run(
        "finish a deferred erasure",
        deferrals,
        connection -> Sql.delete(connection, deferrals, "id", id));
  }

  @Override
  public ErasureReceipt addToReceipt(ErasureReceipt attempt) {
    String reference = InMemoryErasureLedger.requireReference(attempt);
    return tables.run(
        "add to an erasure receipt",
        receipts,
        connection -> {
          for (int tries = 1; ; tries++) {
            try {
              return Sql.transaction(
                  connection,
                  c -> {
                    Optional<ErasureReceipt> kept;
                    try (PreparedStatement select =
                        c.prepareStatement(
                            "SELECT receipt FROM "
                                + receipts
                                + " WHERE reference = ? AND subject_hash = ? FOR UPDATE")) {
                      select.setString(1, reference);
                      select.setString(2, attempt.subjectHash());
                      kept = receipts(select).stream().findFirst();
                    }
                    ErasureReceipt all = kept.map(k -> k.followedBy(attempt)).orElse(attempt);
                    try (PreparedStatement write =
                        c.prepareStatement(
                            kept.isPresent()
                                ? "UPDATE "
                                    + receipts
                                    + " SET receipt = ?, updated_at = ? WHERE reference = ?"
                                    + " AND subject_hash = ?"
                                : "INSERT INTO "
                                    + receipts
                                    + " (receipt, updated_at, reference, subject_hash,"
                                    + " started_at) VALUES (?, ?, ?, ?, ?)")) {
                      write.setString(1, json(all));
                      Sql.setInstant(write, 2, all.at());
                      write.setString(3, reference);
                      write.setString(4, attempt.subjectHash());
                      if (kept.isEmpty()) {
                        Sql.setInstant(write, 5, all.at());
                      }
                      write.executeUpdate();
                    }
                    return all;
                  });
            } catch (SQLException e) {
              // Another instance inserted this receipt's first attempt meanwhile (23: the key is
              // taken) or changed it under a stricter isolation level (40001): fold into it.
              String state = e.getSQLState();
              if (tries == RECEIPT_ATTEMPTS
                  || state == null
                  || !(state.startsWith("23") || state.equals("40001"))) {
                throw e;
              }
            }
          }
        });
  }

  @Override
  public List<ErasureReceipt> receipts(String reference) {
    Objects.requireNonNull(reference, "reference");
    return tables.run(
        "read erasure receipts",
        receipts,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT receipt FROM "
                      + receipts
                      + " WHERE reference = ? ORDER BY started_at, subject_hash")) {
            select.setString(1, reference);
            return receipts(select);
          }
        });
  }

  private List<ErasureReceipt> receipts(PreparedStatement select) throws SQLException {
    List<ErasureReceipt> found = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        try {
          found.add(JSON.readValue(rs.getString(1), ErasureReceipt.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new IllegalStateException(
              "an erasure receipt in table " + receipts + " is malformed");
        }
      }
    }
    return found;
  }

  private static String json(ErasureReceipt receipt) {
    try {
      return JSON.writeValueAsString(receipt);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an erasure receipt could not be written as JSON", e);
    }
  }

  private String select() {
    return "SELECT id, store, subject_hashes, reference, not_before, created_at FROM " + deferrals;
  }

  private static List<Deferral> deferrals(PreparedStatement statement) throws SQLException {
    List<Deferral> found = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        found.add(
            new Deferral(
                rs.getString("id"),
                rs.getString("store"),
                new LinkedHashSet<>(Arrays.asList(rs.getString("subject_hashes").split(","))),
                rs.getString("reference"),
                Sql.instant(rs, "not_before"),
                Sql.instant(rs, "created_at")));
      }
    }
    return found;
  }
}
