package io.lethe.benchmarks;

import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.Recipient;
import io.lethe.core.policy.RecipientRole;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.store.jdbc.JdbcMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The five tables of the export benchmark, shaped like a shop's: accounts, orders, payments,
 * sessions and messages, each with {@code rows} rows and an index on every subject column.
 *
 * <p>{@value #SUBJECTS} exported subjects, subject {@code j} being account {@code subj-acct-<j>}
 * with email {@code subject-<j>@example.com}, each own the same number of rows in each table
 * ({@link Table#subjectRows}; 100 in all), spread evenly through it, so each row lives on its own
 * page. Every other row belongs to one of the other {@code rows - }{@value #SUBJECTS} accounts.
 * Orders, payments and sessions link to an account id, messages to the sender's email address:
 * exporting by email needs the account id that only the accounts table links to it. The benchmark
 * exports the subjects in a cycle, whichever way exports ({@link ExportBenchmark#subject}), so no
 * export reads what the one before it read (H2 would hand a repeated query its previous result),
 * and each reads rows last read as many exports before as any other.
 */
final class ExportTables {

  /** How many subjects own exported rows. */
  static final int SUBJECTS = 10;

  /** The records each exported subject owns over the five tables. */
  static final int RECORDS_PER_SUBJECT = 100;

  /** The fewest rows per table that leave each subject its rows. */
  static final int MIN_ROWS = 30 * SUBJECTS;

  /**
   * One table.
   *
   * @param name the table's name, also its store's
   * @param columns the column definitions after {@code id BIGINT PRIMARY KEY}
   * @param subjectRows how many rows each exported subject owns
   * @param values the generated row: an SQL expression per column up to the last, over {@code x}
   *     (the row number), {@code <OWNED>} (true for an exported subject's rows), {@code <SUBJECT>}
   *     (which one's), {@code <FIRST>} (the first other account's number) and {@code <OTHERS>} (how
   *     many other accounts there are)
   * @param minutes the last column, a timestamp, as minutes after the start of 2025
   * @param indexed the subject columns, each indexed
   * @param unique whether no two rows share a value of a subject column (one row per account),
   *     which the indexes then declare ({@link #UNIQUE_INDEXES})
   * @param mapping how Lethe sees the table
   */
  record Table(
      String name,
      String columns,
      int subjectRows,
      List<String> values,
      String minutes,
      List<String> indexed,
      boolean unique,
      JdbcMapping mapping) {}

  /**
   * Whether the indexes of a table whose subject columns hold unique values are unique indexes, as
   * an accounts table's would be ({@code -Dlethe.bench.unique=false} makes them plain). Lethe reads
   * them from the database's metadata: it then knows that the accounts row it found by email is the
   * only one with its account id, and does not look for others.
   */
  static final boolean UNIQUE_INDEXES =
      Boolean.parseBoolean(System.getProperty("lethe.bench.unique", "true"));

  private static final String ACCOUNT = "'subj-acct-' || <SUBJECT>";
  private static final String EMAIL = "'subject-' || <SUBJECT> || '@example.com'";
  private static final String OTHER_ACCOUNT = "'acct-' || (<FIRST> + MOD(x * %d, <OTHERS>))";
  private static final String OTHER_EMAIL =
      "'user-' || (<FIRST> + MOD(x * %d, <OTHERS>)) || '@example.com'";

  static final List<Table> TABLES =
      List.of(
          new Table(
              "accounts",
              "account_id VARCHAR(20) NOT NULL, email VARCHAR(80) NOT NULL,"
                  + " full_name VARCHAR(80) NOT NULL, country VARCHAR(2) NOT NULL,"
                  + " created_at TIMESTAMP NOT NULL",
              1,
              List.of(
                  owned(ACCOUNT, "'acct-' || x"),
                  owned(EMAIL, "'user-' || x || '@example.com'"),
                  "'Customer ' || x",
                  "CASE MOD(x, 5) WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' WHEN 2 THEN 'NL' WHEN 3 THEN"
                      + " 'PL' ELSE 'IT' END"),
              "MOD(x * 7919, 525600)",
              List.of("account_id", "email"),
              true,
              JdbcMapping.builder("accounts")
                  .table("accounts", "id")
                  .category("user.account")
                  .subject("account_id", IdentifierType.ACCOUNT_ID)
                  .subject("email", IdentifierType.EMAIL)
                  .field("email", "user.contact.email")
                  .field("full_name", "user.name")
                  .field("country", "user.location.imprecise")
                  .collectedAt("created_at")
                  .build()),
          new Table(
              "orders",
              "account_id VARCHAR(20) NOT NULL, total_cents BIGINT NOT NULL,"
                  + " currency VARCHAR(3) NOT NULL, shipping_address VARCHAR(120) NOT NULL,"
                  + " created_at TIMESTAMP NOT NULL",
              30,
              List.of(
                  owned(ACCOUNT, OTHER_ACCOUNT.formatted(7919)),
                  "500 + MOD(x * 37, 50000)",
                  "CASE MOD(x, 3) WHEN 0 THEN 'EUR' WHEN 1 THEN 'PLN' ELSE 'GBP' END",
                  "x || ' Market Street, ' || (10000 + MOD(x, 89999)) || ' Springfield'"),
              "MOD(x * 104729, 1051200)",
              List.of("account_id"),
              false,
              JdbcMapping.builder("orders")
                  .table("orders", "id")
                  .category("user.financial.transaction")
                  .subject("account_id", IdentifierType.ACCOUNT_ID)
                  .field("total_cents", "user.financial.transaction")
                  .field("currency", "user.financial.transaction")
                  .field("shipping_address", "user.contact.address")
                  .collectedAt("created_at")
                  .build()),
          new Table(
              "payments",
              "account_id VARCHAR(20) NOT NULL, amount_cents BIGINT NOT NULL,"
                  + " card_last4 VARCHAR(4) NOT NULL, status VARCHAR(12) NOT NULL,"
                  + " created_at TIMESTAMP NOT NULL",
              30,
              List.of(
                  owned(ACCOUNT, OTHER_ACCOUNT.formatted(104729)),
                  "500 + MOD(x * 41, 50000)",
                  "LPAD(CAST(MOD(x * 31, 10000) AS VARCHAR(4)), 4, '0')",
                  "CASE MOD(x, 10) WHEN 0 THEN 'refunded' ELSE 'captured' END"),
              "MOD(x * 15485863, 1051200)",
              List.of("account_id"),
              false,
              JdbcMapping.builder("payments")
                  .table("payments", "id")
                  .category("user.financial.transaction")
                  .subject("account_id", IdentifierType.ACCOUNT_ID)
                  .field("amount_cents", "user.financial.transaction")
                  .field("card_last4", "user.financial.credit_card")
                  .field("status", "user.financial.transaction")
                  .collectedAt("created_at")
                  .build()),
          new Table(
              "sessions",
              "account_id VARCHAR(20) NOT NULL, ip_address VARCHAR(45) NOT NULL,"
                  + " user_agent VARCHAR(160) NOT NULL, started_at TIMESTAMP NOT NULL",
              25,
              List.of(
                  owned(ACCOUNT, OTHER_ACCOUNT.formatted(15485863)),
                  "'10.' || MOD(x, 256) || '.' || MOD(x * 7, 256) || '.' || MOD(x * 13, 256)",
                  "'Mozilla/5.0 (X11; Linux x86_64; rv:' || (100 + MOD(x, 30))"
                      + " || '.0) Gecko/20100101 Firefox/' || (100 + MOD(x, 30)) || '.0'"),
              "MOD(x * 32452843, 1051200)",
              List.of("account_id"),
              false,
              JdbcMapping.builder("sessions")
                  .table("sessions", "id")
                  .category("user.authorization.login_history")
                  .subject("account_id", IdentifierType.ACCOUNT_ID)
                  .field("ip_address", "user.device.ip_address")
                  .field("user_agent", "user.device.user_agent")
                  .collectedAt("started_at")
                  .build()),
          new Table(
              "messages",
              "sender_email VARCHAR(80) NOT NULL, body VARCHAR(400) NOT NULL,"
                  + " sent_at TIMESTAMP NOT NULL",
              14,
              List.of(
                  owned(EMAIL, OTHER_EMAIL.formatted(49979687)),
                  "'Hello, about order ' || x || ': the parcel has not arrived yet and the tracking"
                      + " page shows no update since Monday. Could you check with the carrier and"
                      + " let me know when to expect it? Thanks.'"),
              "MOD(x * 49979687, 1051200)",
              List.of("sender_email"),
              false,
              JdbcMapping.builder("messages")
                  .table("messages", "id")
                  .category("user.content.private")
                  .subject("sender_email", IdentifierType.EMAIL)
                  .field("body", "user.content.private")
                  .collectedAt("sent_at")
                  .build()));

  private ExportTables() {}

  /** {@return subject {@code j}'s account id} */
  static String account(int j) {
    return "subj-acct-" + j;
  }

  /** {@return subject {@code j}'s email address, the identifier its request names} */
  static String email(int j) {
    return "subject-" + j + "@example.com";
  }

  private static String owned(String subject, String other) {
    return "CASE WHEN <OWNED> THEN " + subject + " ELSE " + other + " END";
  }

  /**
   * Drops and reloads the five tables with {@code rows} rows each, indexes their subject columns,
   * and drops Lethe's audit table so each run starts fresh.
   *
   * @param db where the tables go
   * @param rows rows per table, at least {@value #MIN_ROWS}
   * @throws SQLException if the database fails
   */
  static void load(BenchDatabase db, long rows) throws SQLException {
    if (rows < MIN_ROWS) {
      throw new IllegalArgumentException(
          "the export benchmark needs at least " + MIN_ROWS + " rows per table");
    }
    boolean h2 = db.name.equals("h2");
    try (Connection c = db.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS lethe_audit");
      s.execute("DROP TABLE IF EXISTS lethe_audit_read_ahead");
      s.execute("DROP TABLE IF EXISTS bench_floor_audit");
      for (Table table : TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table.name());
        s.execute(
            "CREATE TABLE " + table.name() + " (id BIGINT PRIMARY KEY, " + table.columns() + ")");
        // Subject j owns rows j + 1, step + j + 1, 2 * step + j + 1, ... subjectRows of them.
        long step = rows / table.subjectRows();
        String values =
            String.join(", ", table.values())
                .replace(
                    "<OWNED>",
                    "MOD(x - 1, "
                        + step
                        + ") < "
                        + SUBJECTS
                        + " AND x <= "
                        + step * table.subjectRows())
                .replace("<SUBJECT>", "MOD(x - 1, " + step + ")")
                .replace("<FIRST>", Integer.toString(SUBJECTS + 1))
                .replace("<OTHERS>", Long.toString(rows - SUBJECTS));
        String at =
            h2
                ? "DATEADD(MINUTE, " + table.minutes() + ", TIMESTAMP '2025-01-01 00:00:00')"
                : "TIMESTAMP '2025-01-01 00:00:00' + ("
                    + table.minutes()
                    + ") * INTERVAL '1 minute'";
        values += ", " + at;
        String source =
            h2
                ? " FROM SYSTEM_RANGE(1, " + rows + ")"
                : " FROM generate_series(1::bigint, " + rows + ") AS x";
        s.execute("INSERT INTO " + table.name() + " SELECT x, " + values + source);
        for (String column : table.indexed()) {
          s.execute(
              "CREATE "
                  + (table.unique() && UNIQUE_INDEXES ? "UNIQUE " : "")
                  + "INDEX "
                  + table.name()
                  + "_"
                  + column
                  + " ON "
                  + table.name()
                  + " ("
                  + column
                  + ")");
        }
      }
      if (!h2) {
        for (Table table : TABLES) {
          s.execute("VACUUM ANALYZE " + table.name());
        }
        // Flush the load's dirty pages now, so no export pays for them while it is timed.
        s.execute("CHECKPOINT");
      }
    }
  }

  /**
   * The policy the export takes its Art. 15 context from: purposes, a processor and retention rules
   * covering every category the tables hold.
   *
   * @return the policy
   */
  static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("bench-shop")
        .controller("Bench Shop", "privacy@bench.example")
        .version("1")
        .effective(LocalDate.of(2025, 1, 1))
        .timeZone(ZoneId.of("UTC"))
        .purpose(
            Purpose.builder("accounts")
                .name("Running your account")
                .basis(LawfulBasis.CONTRACT)
                .categories(
                    "user.account",
                    "user.contact",
                    "user.name",
                    "user.location.imprecise",
                    "user.content.private")
                .build())
        .purpose(
            Purpose.builder("billing")
                .name("Billing")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .categories("user.financial")
                .build())
        .purpose(
            Purpose.builder("security")
                .name("Keeping your account secure")
                .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                .legitimateInterest("preventing fraud")
                .categories("user.authorization.login_history", "user.device")
                .build())
        .recipient(
            Recipient.builder("payments-psp")
                .name("Payments Ltd")
                .role(RecipientRole.PROCESSOR)
                .categories("user.financial")
                .purposes("billing")
                .location("GB")
                .safeguards(TransferSafeguard.STANDARD_CONTRACTUAL_CLAUSES)
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories(
                    "user.account", "user.contact", "user.name", "user.location", "user.content")
                .maximum("P3Y")
                .build())
        .rule(
            RetentionRule.builder("tax")
                .categories("user.financial")
                .maximum("P10Y")
                .minimum("P10Y")
                .basis(LawfulBasis.LEGAL_OBLIGATION)
                .legalReference("HGB 257")
                .build())
        .rule(
            RetentionRule.builder("security")
                .categories("user.authorization", "user.device")
                .maximum("P90D")
                .build())
        .build();
  }
}
