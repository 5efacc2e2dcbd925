package io.lethe.retention.seeds;

import static io.lethe.testkit.assertions.LetheAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditVerification;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.ExpiryAction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.RetentionTimeline;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepLine;
import io.lethe.retention.SweepOptions;
import io.lethe.retention.SweepReport;
import io.lethe.retention.seeds.SeedWorld.Event;
import io.lethe.retention.seeds.SeedWorld.Rec;
import io.lethe.retention.seeds.SeedWorld.Table;
import io.lethe.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Runs a seed's world on a database through simulated time: creates the tables, inserts each record
 * when the clock reaches its creation, applies each life event when the clock reaches it, sweeps
 * once per simulated day with the seed's policy, and after every sweep compares every table with
 * what the policy itself says ({@link PrivacyPolicy#timeline}): a record is gone iff its record
 * category's timeline has expired, a field is null iff its own category's timeline has expired,
 * everything else is exactly as inserted.
 */
final class SeedSimulation implements AutoCloseable {

  private static final int MAX_REPORTED = 25;

  private final PrivacyPolicy policy;
  private final SeedWorld world;
  private final DataSource dataSource;
  private final MutableClock clock = MutableClock.at(SeedWorld.START);
  private final AuditLog audit;
  private final RetentionEngine engine;
  private final Map<String, JdbcStore> stores = new LinkedHashMap<>();
  private final SweepOptions options;
  private final Map<String, String> tableNames = new LinkedHashMap<>();
  private final Map<String, List<State>> states = new LinkedHashMap<>();
  private final Map<LocalDate, List<Check>> checks = new TreeMap<>();
  private final List<String> checksRun = new ArrayList<>();
  private long sweeps;
  private long processed;
  private long applyNanos;
  private long sweepNanos;
  private long checkNanos;

  /** What the policy says should have become of one record so far. */
  private static final class State {
    final Rec rec;
    final Map<Anchor, Instant> anchors = new LinkedHashMap<>();
    final Map<String, String> expected;
    boolean inserted;
    boolean gone;
    int nextEvent;

    State(Rec rec) {
      this.rec = rec;
      this.expected = new HashMap<>(rec.values);
      rec.table.valueColumns().forEach(c -> expected.putIfAbsent(c, null));
      anchors.put(Anchor.COLLECTED, rec.created);
    }

    AnchorTimes times() {
      return new AnchorTimes(anchors);
    }
  }

  /** A hand-written expectation for one record on one simulated day. */
  private record Check(String store, String label, String column, boolean present) {
    String describe() {
      return "'"
          + label
          + "' in "
          + store
          + (column == null ? "" : " field " + column)
          + (present ? " is there" : " is gone");
    }
  }

  private SeedSimulation(
      PrivacyPolicy policy,
      SeedWorld world,
      DataSource dataSource,
      AuditStorage auditStorage,
      int batchSize) {
    this.policy = policy;
    this.world = world;
    this.dataSource = dataSource;
    this.options = SweepOptions.defaults().batchSize(batchSize);
    this.audit =
        AuditLog.create(
            auditStorage,
            SubjectHasher.withSecret(
                ("seed-sweep-secret-" + world.seed + "-0123456789abcdef")
                    .getBytes(StandardCharsets.UTF_8)),
            clock);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    createTables(suffix);
    for (Table table : world.tables.values()) {
      this.stores.put(table.store, JdbcStore.open(dataSource, mapping(table), clock));
      states.put(table.store, table.records.stream().map(State::new).toList());
    }
    this.engine =
        RetentionEngine.builder(policy)
            .stores(this.stores.values().toArray(JdbcStore[]::new))
            .audit(audit)
            .clock(clock)
            .sleeper(pause -> {})
            .actor("seed-sweeper")
            .build();
  }

  /**
   * Creates the world's tables on a database and an engine over them.
   *
   * @param policy the seed's policy
   * @param world the seed's data
   * @param dataSource the database
   * @param auditStorage where the audit trail goes
   * @param batchSize records per sweep batch; small ones make the sweep page
   * @return the simulation, standing before {@link SeedWorld#START}
   */
  static SeedSimulation create(
      PrivacyPolicy policy,
      SeedWorld world,
      DataSource dataSource,
      AuditStorage auditStorage,
      int batchSize) {
    return new SeedSimulation(policy, world, dataSource, auditStorage, batchSize);
  }

  // ------------------------------------------------------------------ schema

  private void createTables(String suffix) {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      for (Table table : world.tables.values()) {
        String name =
            (world.seed + "_" + table.store.replace('-', '_') + "_" + suffix)
                .toLowerCase(Locale.ROOT);
        tableNames.put(table.store, name);
        List<String> columns = new ArrayList<>();
        columns.add("id BIGINT PRIMARY KEY");
        table.valueColumns().forEach(c -> columns.add(c + " VARCHAR(200)"));
        table.anchors.values().forEach(c -> columns.add(c + " " + table.timeType.sql));
        if (table.anonymizedAt != null) {
          columns.add(table.anonymizedAt + " TIMESTAMP WITH TIME ZONE");
        }
        ddl.execute("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")");
        for (String anchorColumn : table.anchors.values()) {
          ddl.execute(
              "CREATE INDEX "
                  + name
                  + "_"
                  + anchorColumn
                  + " ON "
                  + name
                  + " ("
                  + anchorColumn
                  + ")");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the tables of seed " + world.seed, e);
    }
  }

  private JdbcMapping mapping(Table table) {
    JdbcMapping.Builder mapping =
        JdbcMapping.builder(table.store)
            .table(tableNames.get(table.store), "id")
            .category(table.category.value());
    table.subjects.forEach(mapping::subject);
    table.fields.forEach((column, category) -> mapping.field(column, category.value()));
    table.anchors.forEach(mapping::anchor);
    if (table.anonymizedAt != null) {
      mapping.anonymizedAt(table.anonymizedAt);
    }
    return mapping.build();
  }

  /** {@return a line on how the journey went, for the test's output} */
  String summary() {
    long[] counts = insertedAndGone();
    return "seed "
        + world.seed
        + " (random seed "
        + world.randomSeed
        + "): "
        + sweeps
        + " sweeps, "
        + counts[0]
        + " records inserted, "
        + counts[1]
        + " deleted, "
        + fieldsCleared()
        + " fields cleared; inserting "
        + applyNanos / 1_000_000
        + " ms,"
        + " sweeping "
        + sweepNanos / 1_000_000
        + " ms, checking "
        + checkNanos / 1_000_000
        + " ms";
  }

  /** Drops the tables this simulation created. */
  @Override
  public void close() {
    System.out.println(summary());
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      for (String name : tableNames.values()) {
        ddl.execute("DROP TABLE IF EXISTS " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the tables of seed " + world.seed, e);
    }
  }

  // ------------------------------------------------------------------ expectations by hand

  /**
   * Expects a named record to be there (or gone) right after the sweep of a day.
   *
   * @param day the simulated day
   * @param store the store
   * @param label the record's label
   * @param present whether it must be there
   * @return this simulation
   */
  SeedSimulation expect(String day, String store, String label, boolean present) {
    world.table(store).named(label);
    checks
        .computeIfAbsent(LocalDate.parse(day), d -> new ArrayList<>())
        .add(new Check(store, label, null, present));
    return this;
  }

  /**
   * Expects a named record's field to hold its value (or to be null) right after the sweep of a
   * day; the record itself must be there.
   */
  SeedSimulation expectField(
      String day, String store, String label, String column, boolean present) {
    Rec rec = world.table(store).named(label);
    assertThat(rec.values.get(column)).as("the check needs a value to watch").isNotNull();
    checks
        .computeIfAbsent(LocalDate.parse(day), d -> new ArrayList<>())
        .add(new Check(store, label, column, present));
    return this;
  }

  // ------------------------------------------------------------------ travel

  /**
   * Sweeps at midnight UTC of {@link SeedWorld#START} and of every day of the two years after it,
   * checking every table after every sweep.
   */
  void travelTwoYears() {
    for (int day = 0; day <= SeedWorld.DAYS; day++) {
      step(SeedWorld.START.plus(Duration.ofDays(day)));
    }
  }

  /**
   * Moves the clock to an instant (not before the last), inserts what was created by then, applies
   * the events that happened by then, sweeps, and checks every table against the policy.
   *
   * @param now the instant
   */
  void step(Instant now) {
    if (now.isBefore(clock.instant())) {
      throw new IllegalArgumentException("time travels forwards only");
    }
    clock.set(now);
    String where = where(now);
    try {
      long t0 = System.nanoTime();
      applyArrivalsAndEvents(now);
      long t1 = System.nanoTime();
      SweepReport report = engine.sweep(clock.instant(), options);
      long t2 = System.nanoTime();
      sweeps++;
      processed += report.totalProcessed();
      List<String> problems = new ArrayList<>(expectAfter(report, now));
      problems.addAll(compareTables(now));
      problems.addAll(runChecks(now));
      problems.addAll(pastRetention());
      applyNanos += t1 - t0;
      sweepNanos += t2 - t1;
      checkNanos += System.nanoTime() - t2;
      if (!problems.isEmpty()) {
        throw new AssertionError(
            where
                + ": "
                + problems.size()
                + " mismatch(es)"
                + System.lineSeparator()
                + problems.stream()
                    .limit(MAX_REPORTED)
                    .map(p -> "  - " + p)
                    .collect(Collectors.joining(System.lineSeparator()))
                + System.lineSeparator()
                + report.toTable());
      }
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AssertionError(where + ": the sweep failed: " + e, e);
    }
  }

  private String where(Instant now) {
    return "seed '"
        + world.seed
        + "' (random seed "
        + world.randomSeed
        + ", rerun with"
        + " -Dlethe.seed.random="
        + world.randomSeed
        + "), day "
        + LocalDate.ofInstant(now, ZoneOffset.UTC)
        + " (sweep at "
        + now
        + ")";
  }

  private void applyArrivalsAndEvents(Instant now) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      for (Table table : world.tables.values()) {
        String name = tableNames.get(table.store);
        List<String> columns = new ArrayList<>(table.valueColumns());
        columns.addAll(table.anchors.values());
        String insertSql =
            "INSERT INTO "
                + name
                + " (id, "
                + String.join(", ", columns)
                + ") VALUES (?"
                + ", ?".repeat(columns.size())
                + ")";
        Map<Anchor, PreparedStatement> updates = new LinkedHashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
          for (Map.Entry<Anchor, String> anchor : table.anchors.entrySet()) {
            if (!anchor.getKey().isCollection()) {
              updates.put(
                  anchor.getKey(),
                  connection.prepareStatement(
                      "UPDATE " + name + " SET " + anchor.getValue() + " = ? WHERE id = ?"));
            }
          }
          for (State state : states.get(table.store)) {
            if (state.rec.created.isAfter(now)) {
              continue;
            }
            if (!state.inserted) {
              takeEvents(state, now);
              int index = 1;
              insert.setLong(index++, state.rec.id);
              for (String column : table.valueColumns()) {
                insert.setString(index++, state.rec.values.get(column));
              }
              for (Anchor anchor : table.anchors.keySet()) {
                insert.setObject(index++, bindable(table, state.anchors.get(anchor)));
              }
              insert.addBatch();
              state.inserted = true;
              continue;
            }
            Map<Anchor, Instant> before = new HashMap<>(state.anchors);
            takeEvents(state, now);
            if (state.gone) {
              continue; // the host's event finds no row: the record is already gone
            }
            for (Map.Entry<Anchor, PreparedStatement> update : updates.entrySet()) {
              Instant after = state.anchors.get(update.getKey());
              if (after != null && !after.equals(before.get(update.getKey()))) {
                update.getValue().setObject(1, bindable(table, after));
                update.getValue().setLong(2, state.rec.id);
                update.getValue().addBatch();
              }
            }
          }
          insert.executeBatch();
          for (PreparedStatement update : updates.values()) {
            update.executeBatch();
          }
        } finally {
          for (PreparedStatement update : updates.values()) {
            update.close();
          }
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not insert or update rows of seed " + world.seed + " at " + now, e);
    }
  }

  /** Applies every event due by {@code now}. */
  private static void takeEvents(State state, Instant now) {
    while (state.nextEvent < state.rec.events.size()
        && !state.rec.events.get(state.nextEvent).at().isAfter(now)) {
      Event event = state.rec.events.get(state.nextEvent++);
      state.anchors.put(event.anchor(), event.at());
    }
  }

  private static Object bindable(Table table, Instant at) {
    if (at == null) {
      return null;
    }
    return switch (table.timeType) {
      case TIMESTAMPTZ -> at.atOffset(ZoneOffset.UTC);
      case TIMESTAMP -> LocalDateTime.ofInstant(at, ZoneOffset.UTC);
      case DATE -> LocalDate.ofInstant(at, ZoneOffset.UTC);
    };
  }

  // ------------------------------------------------------------------ the oracle

  /**
   * Works out, from the policy alone, what this sweep had to do, and compares it with what the
   * sweep reports doing, line by line.
   */
  private List<String> expectAfter(SweepReport report, Instant now) {
    List<String> problems = new ArrayList<>();
    for (SweepLine line : report.lines()) {
      Table table = world.table(line.store());
      long expected;
      if (line.category().equals(table.category)) {
        expected = 0;
        for (State state : states.get(table.store)) {
          if (state.inserted && !state.gone && timeline(table.category, state).isExpiredAt(now)) {
            state.gone = true;
            expected++;
          }
        }
      } else {
        RetentionRule rule = policy.ruleFor(line.category()).orElseThrow();
        if (rule.action() == ExpiryAction.ANONYMIZE) {
          problems.add("the oracle clears fields; rule '" + rule.id() + "' anonymizes them");
        }
        expected = 0;
        for (State state : states.get(table.store)) {
          if (!state.inserted || state.gone) {
            continue;
          }
          boolean changed = false;
          for (Map.Entry<String, CategoryKey> field : table.fields.entrySet()) {
            if (field.getValue().isWithin(line.category())
                && state.expected.get(field.getKey()) != null
                && timeline(field.getValue(), state).isExpiredAt(now)) {
              state.expected.put(field.getKey(), null);
              changed = true;
            }
          }
          expected += changed ? 1 : 0;
        }
      }
      if (line.processed() != expected) {
        problems.add(
            "store '"
                + line.store()
                + "', category '"
                + line.category()
                + "' (rule '"
                + line.rule()
                + "'): the sweep processed "
                + line.processed()
                + " records, the"
                + " policy makes "
                + expected
                + " due");
      }
      boolean finite = policy.ruleFor(line.category()).orElseThrow().hasFiniteMaximum();
      SweepLine.Status status = finite ? SweepLine.Status.COMPLETED : SweepLine.Status.NOT_EXPIRING;
      if (line.status() != status) {
        problems.add(
            "store '"
                + line.store()
                + "', category '"
                + line.category()
                + "': status "
                + line.status()
                + ", expected "
                + status);
      }
    }
    // Anything the report has no line for must not be due either.
    for (Table table : world.tables.values()) {
      for (State state : states.get(table.store)) {
        if (!state.inserted || state.gone) {
          continue;
        }
        if (timeline(table.category, state).isExpiredAt(now)) {
          problems.add(
              state.rec.describe()
                  + ": due under rule '"
                  + ruleId(table.category)
                  + "' but the sweep has no line for it");
        }
        for (Map.Entry<String, CategoryKey> field : table.fields.entrySet()) {
          if (state.expected.get(field.getKey()) != null
              && timeline(field.getValue(), state).isExpiredAt(now)) {
            problems.add(
                state.rec.describe()
                    + " field "
                    + field.getKey()
                    + ": due under rule '"
                    + ruleId(field.getValue())
                    + "' but the sweep has no line for it");
          }
        }
      }
    }
    return problems;
  }

  private RetentionTimeline timeline(CategoryKey category, State state) {
    return policy.timeline(category, state.times());
  }

  private String ruleId(CategoryKey category) {
    return policy.ruleFor(category).map(RetentionRule::id).orElse("(none)");
  }

  /** Reads every table and compares it, row by row and field by field, with the oracle. */
  private List<String> compareTables(Instant now) {
    List<String> problems = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      for (Table table : world.tables.values()) {
        Map<Long, Map<String, String>> rows = read(connection, table);
        for (State state : states.get(table.store)) {
          if (!state.inserted) {
            continue;
          }
          Map<String, String> row = rows.remove(state.rec.id);
          if (state.gone && row != null) {
            problems.add(
                state.rec.describe()
                    + ": must be gone ("
                    + explain(table.category, state)
                    + ") but is still there");
          } else if (!state.gone && row == null) {
            problems.add(
                state.rec.describe()
                    + ": must be there ("
                    + explain(table.category, state)
                    + ") but is gone");
          } else if (row != null) {
            for (String column : table.valueColumns()) {
              String expected = state.expected.get(column);
              String actual = row.get(column);
              if (!Objects.equals(expected, actual)) {
                CategoryKey category = table.fields.get(column);
                problems.add(
                    state.rec.describe()
                        + " field "
                        + column
                        + ": must be "
                        + (expected == null ? "null" : "'" + expected + "'")
                        + " but is "
                        + (actual == null ? "null" : "'" + actual + "'")
                        + (category == null ? "" : " (" + explain(category, state) + ")"));
              }
            }
          }
        }
        rows.keySet()
            .forEach(
                id ->
                    problems.add(
                        table.store + " record " + id + ": a row the simulation never inserted"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the tables of seed " + world.seed, e);
    }
    return problems;
  }

  private String explain(CategoryKey category, State state) {
    RetentionTimeline timeline = timeline(category, state);
    return "category "
        + category
        + ", rule '"
        + timeline.rule().map(RetentionRule::id).orElse("(none)")
        + "', anchored "
        + timeline.anchoredAt().map(Instant::toString).orElse("never")
        + ", expires "
        + timeline.expiresAt().map(Instant::toString).orElse("never")
        + timeline.protectedUntil().map(p -> ", protected until " + p).orElse("")
        + ", status at "
        + clock.instant()
        + " "
        + timeline.statusAt(clock.instant());
  }

  private Map<Long, Map<String, String>> read(Connection connection, Table table)
      throws SQLException {
    List<String> columns = table.valueColumns();
    String sql =
        "SELECT id"
            + columns.stream().map(c -> ", " + c).collect(Collectors.joining())
            + " FROM "
            + tableNames.get(table.store)
            + " ORDER BY id";
    Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          row.put(columns.get(i), rs.getString(i + 2));
        }
        rows.put(rs.getLong(1), row);
      }
    }
    return rows;
  }

  private List<String> runChecks(Instant now) {
    List<Check> due = checks.getOrDefault(LocalDate.ofInstant(now, ZoneOffset.UTC), List.of());
    List<String> problems = new ArrayList<>();
    if (due.isEmpty()) {
      return problems;
    }
    try (Connection connection = dataSource.getConnection()) {
      for (Check check : due) {
        Table table = world.table(check.store());
        Rec rec = table.named(check.label());
        Map<String, String> row = read(connection, table).get(rec.id);
        boolean ok =
            check.column() == null
                ? (row != null) == check.present()
                : row != null && (row.get(check.column()) != null) == check.present();
        if (!ok) {
          problems.add(
              "by hand: " + check.describe() + " — but the row is " + (row == null ? "gone" : row));
        }
        checksRun.add(LocalDate.ofInstant(now, ZoneOffset.UTC) + " " + check.describe());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read a checked row", e);
    }
    return problems;
  }

  /**
   * Asks every store, through the testkit's {@code holdsNothingPastRetention}, whether it holds
   * anything past the policy's maximum periods: what a host's own compliance test would check, next
   * to the oracle. It counts with the store's expiry queries, so it cannot see an anchor the store
   * reports wrongly; the oracle's row-by-row comparison can.
   */
  private List<String> pastRetention() {
    List<String> problems = new ArrayList<>();
    for (JdbcStore store : stores.values()) {
      try {
        assertThat(store).at(clock).holdsNothingPastRetention(policy);
      } catch (AssertionError e) {
        problems.add("by the testkit: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ after the journey

  /**
   * The store of one table.
   *
   * @param name the store's name
   * @return the store
   */
  PersonalDataStore store(String name) {
    world.table(name);
    return stores.get(name);
  }

  /** {@return every hand-written check that ran, with its day} */
  List<String> checksRun() {
    return List.copyOf(checksRun);
  }

  /** {@return how many hand-written checks were registered} */
  long checksRegistered() {
    return checks.values().stream().mapToLong(List::size).sum();
  }

  long sweeps() {
    return sweeps;
  }

  long processed() {
    return processed;
  }

  AuditLog audit() {
    return audit;
  }

  /** {@return how many records were inserted and how many of them are gone now} */
  long[] insertedAndGone() {
    long inserted = 0;
    long gone = 0;
    for (List<State> list : states.values()) {
      for (State state : list) {
        inserted += state.inserted ? 1 : 0;
        gone += state.gone ? 1 : 0;
      }
    }
    return new long[] {inserted, gone};
  }

  /** {@return the number of fields the sweeps cleared} */
  long fieldsCleared() {
    return states.values().stream()
        .flatMap(List::stream)
        .filter(s -> !s.gone)
        .mapToLong(
            s ->
                s.rec.values.entrySet().stream()
                    .filter(e -> e.getValue() != null && s.expected.get(e.getKey()) == null)
                    .count())
        .sum();
  }

  /**
   * Checks the audit trail: intact, one entry per batch at least, and no raw value of any of the
   * given columns (email addresses) anywhere in it.
   */
  void assertAuditTrail(String... sensitiveColumns) {
    AuditVerification verification = audit.verify();
    assertThat(verification.intact())
        .as("audit trail of seed %s: %s", world.seed, verification)
        .isTrue();
    List<AuditEntry> entries;
    try (Stream<AuditEntry> stream = audit.entries()) {
      entries = stream.toList();
    }
    assertThat(entries).as("audit entries of seed %s", world.seed).isNotEmpty();
    String text = entries.toString();
    Set<String> raw =
        world.tables.values().stream()
            .flatMap(t -> t.records.stream())
            .flatMap(r -> Stream.of(sensitiveColumns).map(r.values::get))
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    assertThat(raw).as("the seed has values to look for").isNotEmpty();
    for (String value : raw) {
      assertThat(text)
          .as("audit trail of seed %s must not name %s", world.seed, value)
          .doesNotContain(value);
    }
    assertThat(text)
        .as("no email address at all")
        .doesNotContainPattern("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}");
  }
}
