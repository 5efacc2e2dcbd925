package io.lethe.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the database's plan ({@code EXPLAIN}) for each statement the ways of sweeping send, with
 * the values a sweep binds, so that a difference in speed can be told from a difference in plan.
 * The plans are printed once, on a table loaded at the benchmark's full size.
 */
final class SweepPlans {

  /**
   * A statement and the values it is explained with.
   *
   * @param label which way sends it
   * @param sql the statement
   * @param values bound in order
   */
  record Statement(String label, String sql, List<Object> values) {}

  private SweepPlans() {}

  /**
   * {@return the statements of the sweep benchmark's ways, for {@code db}}
   *
   * @param hint the batched way's index hint ({@link SweepMethods#primaryKeyHint})
   */
  static List<Statement> sweep(BenchDatabase db, String hint) {
    String table = BenchDatabase.TABLE;
    Timestamp cutoff = Timestamp.valueOf(SweepMethods.CUTOFF);
    int bound = SweepMethods.LETHE_BATCH;
    List<Statement> statements =
        new ArrayList<>(
            List.of(
                new Statement(
                    "sql_single",
                    "DELETE FROM " + table + " WHERE created_at <= ?",
                    List.of(cutoff)),
                new Statement(
                    "sql_batched (select)",
                    "SELECT id FROM "
                        + table
                        + hint
                        + " WHERE created_at"
                        + " <= ? AND id > ? ORDER BY id LIMIT "
                        + SweepMethods.BATCH,
                    List.of(cutoff, 0L)),
                new Statement(
                    "sql_ranged" + (db.name.equals("h2") ? ", lethe" : ""),
                    "DELETE FROM " + table + " WHERE created_at <= ? AND id > ? AND id <= ?",
                    List.of(cutoff, 0L, (long) bound))));
    if (!db.name.equals("h2")) {
      // 8 KiB pages hold at most 291 tuples: Lethe's page spans bound / 291 heap pages
      statements.add(
          new Statement(
              "lethe",
              "DELETE FROM "
                  + table
                  + " WHERE created_at <= ?"
                  + " AND ctid >= ?::tid AND ctid < ?::tid",
              List.of(cutoff, "(0,0)", "(" + bound / 291 + ",0)")));
    }
    return statements;
  }

  /**
   * Prints the plans of {@code statements} on {@code db} to standard error.
   *
   * @param db the database, its tables loaded
   * @param statements what to explain
   * @throws SQLException if the database fails
   */
  static void print(BenchDatabase db, List<Statement> statements) throws SQLException {
    try (Connection c = db.dataSource.getConnection()) {
      for (Statement statement : statements) {
        System.err.printf(
            Locale.ROOT, "  %s plan of %s: %s%n", db.name, statement.label(), statement.sql());
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + statement.sql())) {
          for (int i = 0; i < statement.values().size(); i++) {
            explain.setObject(i + 1, statement.values().get(i));
          }
          try (ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
              System.err.println("    " + rs.getString(1).replace("\n", "\n    "));
            }
          }
        }
      }
    }
  }
}
