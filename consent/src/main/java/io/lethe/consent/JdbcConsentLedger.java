package io.lethe.consent;

import io.lethe.consent.internal.PostgresNotifications;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.RedactedCause;
import io.lethe.core.internal.jdbc.OwnTables;
import io.lethe.core.internal.jdbc.Sql;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

/**
 * Keeps the consent ledger in a table ({@code lethe_consent} unless named otherwise), shared by
 * every instance of a host, with a one-row companion table {@code <table>_head} whose row every
 * append locks, as {@link io.lethe.core.audit.JdbcAuditStorage} does for the audit trail: appends
 * from several threads or host instances take turns on that lock (the database's own {@code SELECT
 * … FOR UPDATE}), so none of them fails because others append. The sequence number is the primary
 * key, so even a writer that bypassed the lock could not take a number twice.
 *
 * <p>One row per event, one column per field. A subject's events are found through two indexes, on
 * the subject hash and on a link's other hash, each followed by the sequence number, so {@link
 * #events} is an index lookup that needs no sort per hash; {@link #last()} reads the primary key
 * backwards. The columns bound what an event may hold: its id, hashes, types and notice version at
 * most 100 characters, purpose and notice id 200, {@link ConsentEvent#proof()} 2000; an append of a
 * longer value is refused before anything is written. Instants are kept to the microsecond, the
 * precision of {@code TIMESTAMP WITH TIME ZONE}; an event with nanoseconds is refused too, since
 * its hash would not survive the round trip.
 *
 * <p>On PostgreSQL the ledger also tells other instances what changed: an append sends {@code
 * NOTIFY} on a channel named after the table (by default {@code lethe_consent}) with the subject
 * hashes concerned, in the append's own transaction, so it is delivered only if the append commits;
 * {@link #announce} sends the same on its own; {@link #subscribe} listens on one connection of its
 * own, in one daemon thread per ledger. That needs the PostgreSQL JDBC driver ({@code
 * org.postgresql:postgresql}) on the class path, which a host on PostgreSQL has; on any other
 * database the ledger never touches it, and {@link #hearsOtherInstances()} is false.
 *
 * <p>The tables and indexes are defined in {@code META-INF/lethe/db/h2/V7__lethe_consent.sql}
 * (portable SQL) and {@code META-INF/lethe/db/postgresql/V7__lethe_consent.sql} in this jar: {@link
 * #createTableIfMissing()} runs the one for the database, and a host that manages its schema hands
 * the folders {@code classpath:META-INF/lethe/db/common} and {@code
 * classpath:META-INF/lethe/db/postgresql} (or {@code h2}) to Flyway or Liquibase instead. See the
 * README's section "Lethe's own tables".
 *
 * <p>Safe for use by several threads.
 */
public final class JdbcConsentLedger implements ConsentLedger {

  private static final String COLUMNS =
      "seq, event_id, recorded_at, kind, subject_hash,"
          + " subject_type, purpose, notice_id, notice_version, notice_hash, status, method,"
          + " expressed_by, jurisdiction, expires_at, proof, acknowledges_signal, signal_key,"
          + " linked_hash, linked_type, previous_hash, event_hash";
  private static final String INSERT_PARAMETERS =
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?," + " ?, ?, ?, ?, ?, ?, ?";

  /** SQL states of a lock wait that timed out: H2's, PostgreSQL's {@code lock_timeout}. */
  private static final Set<String> LOCK_TIMEOUTS = Set.of("HYT00", "55P03");

  /** SQL state of a key taken twice. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** How long an append keeps waiting for the head lock through the database's timeouts. */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** PostgreSQL's 63 characters less {@code _subject_ix}, the longest name derived. */
  private static final int MAX_TABLE_NAME = 52;

  /** Hashes looked up per statement. */
  private static final int HASHES_PER_QUERY = 200;

  /** Events read per statement by {@link #readAll()}. */
  private static final int PAGE = 500;

  /**
   * PostgreSQL refuses a notification payload of 8000 bytes or more; each starts with the sending
   * ledger's id and a bar.
   */
  private static final int MAX_PAYLOAD_BYTES = 7999 - PostgresNotifications.SENDER_PREFIX;

  private final DataSource dataSource;

  /** Names this ledger object in its notifications, so that its own subscribers skip them. */
  private final String sender = PostgresNotifications.newSender();

  private final OwnTables tables;
  private final String table;
  private final String head;
  private final String channel;
  private final Object lock = new Object();

  /** The database's dialect, {@code postgresql} or {@code h2}; null until first needed. */
  private volatile String dialect;

  /** Whether other instances can be heard; null until first asked. */
  private volatile Boolean hears;

  /** The listening thread's owner, made on the first subscription on PostgreSQL. */
  private PostgresNotifications notifications;

  private JdbcConsentLedger(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
    this.head = table + "_head";
    this.channel = table.toLowerCase(Locale.ROOT);
    this.tables =
        OwnTables.of(
            dataSource,
            JdbcConsentLedger.class,
            "V7__lethe_consent.sql",
            table,
            Map.of(
                "lethe_consent",
                table,
                "lethe_consent_head",
                head,
                "lethe_consent_subject_ix",
                table + "_subject_ix",
                "lethe_consent_linked_ix",
                table + "_linked_ix"));
  }

  /**
   * A ledger in the table {@code lethe_consent} (and {@code lethe_consent_head}), announcing on
   * PostgreSQL's channel {@code lethe_consent}.
   *
   * @param dataSource the database
   * @return the ledger
   */
  public static JdbcConsentLedger of(DataSource dataSource) {
    return of(dataSource, "lethe_consent");
  }

  /**
   * A ledger in a named table, with its head row in {@code <table>_head}, its indexes {@code
   * <table>_subject_ix} and {@code <table>_linked_ix}, and, on PostgreSQL, announcing on the
   * channel named as the table in lower case.
   *
   * @param dataSource the database
   * @param table a plain SQL identifier of at most 52 characters
   * @return the ledger
   * @throws IllegalArgumentException if the table name is not a plain identifier or is too long
   */
  public static JdbcConsentLedger of(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    Sql.requireIdentifier(table, "consent ledger");
    if (table.length() > MAX_TABLE_NAME) {
      throw new IllegalArgumentException(
          "the consent ledger table name must be at most "
              + MAX_TABLE_NAME
              + " characters long, leaving room for its _head table and indexes");
    }
    return new JdbcConsentLedger(dataSource, table);
  }

  /**
   * Creates the tables and indexes unless they exist, and the head row unless it exists.
   *
   * @return this ledger
   * @throws ConsentLedgerException if the database refuses
   */
  public JdbcConsentLedger createTableIfMissing() {
    Sql.run(
        dataSource,
        connection -> {
          tables.create(connection);
          return null;
        },
        e -> failure("create the consent ledger's tables", e));
    return this;
  }

  /**
   * Locks the head row, reads the newest event, seals the new ones after it, inserts them in one
   * batch and commits, in one transaction at READ COMMITTED (so the read sees the events of whoever
   * held the lock before). On PostgreSQL the same transaction notifies the channel of the subjects
   * concerned. A lock wait that the database times out is waited again, for up to ten minutes in
   * all.
   *
   * @throws IllegalArgumentException if an event holds more than its column keeps (see the class
   *     description) or an instant finer than a microsecond; nothing was written
   */
  @Override
  public List<ConsentEvent> append(List<ConsentEvent> events) {
    Objects.requireNonNull(events, "events");
    for (ConsentEvent event : events) {
      requireStorable(Objects.requireNonNull(event, "event"));
    }
    if (events.isEmpty()) {
      return List.of();
    }
    List<String> payloads = isPostgres() ? payloads(affected(events)) : List.of();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          return appendLocked(connection, events, payloads);
        } catch (SQLException e) {
          if (!LOCK_TIMEOUTS.contains(e.getSQLState()) || System.nanoTime() > deadline) {
            throw e;
          }
        }
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw new ConsentLedgerException(
              "Cannot append to the consent ledger in table "
                  + table
                  + ": sequence number taken by a writer that did not lock "
                  + head
                  + " (SQL state "
                  + e.getSQLState()
                  + ")",
              RedactedCause.copyOf(e));
        }
        throw failure("append consent events", e);
      }
    }
  }

  private List<ConsentEvent> appendLocked(
      Connection connection, List<ConsentEvent> events, List<String> payloads) throws SQLException {
    int isolation = connection.getTransactionIsolation();
    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }
    try {
      return Sql.transaction(
          connection,
          c -> {
            lockHead(c);
            Optional<ConsentEvent> last = last(c);
            long sequence = last.map(ConsentEvent::sequence).orElse(0L);
            String previous = last.map(ConsentEvent::hash).orElse(ConsentEvent.GENESIS);
            List<ConsentEvent> sealed = new ArrayList<>(events.size());
            for (ConsentEvent event : events) {
              ConsentEvent next = event.sealedAt(++sequence, previous);
              sealed.add(next);
              previous = next.hash();
            }
            notify(c, payloads);
            insert(c, sealed);
            return List.copyOf(sealed);
          });
    } finally {
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        connection.setTransactionIsolation(isolation);
      }
    }
  }

  private void lockHead(Connection connection) throws SQLException {
    try (PreparedStatement lock =
            connection.prepareStatement("SELECT id FROM " + head + " WHERE id = 1 FOR UPDATE");
        ResultSet rs = lock.executeQuery()) {
      if (!rs.next()) {
        throw new ConsentLedgerException(
            "The consent ledger's head row is missing from table "
                + head
                + ": create it with createTableIfMissing()",
            null);
      }
    }
  }

  private void insert(Connection connection, List<ConsentEvent> events) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (" + INSERT_PARAMETERS + ")")) {
      for (ConsentEvent event : events) {
        bind(statement, event);
        if (events.size() == 1) {
          statement.executeUpdate();
        } else {
          statement.addBatch();
        }
      }
      if (events.size() > 1) {
        statement.executeBatch();
      }
    }
  }

  private static void bind(PreparedStatement statement, ConsentEvent event) throws SQLException {
    statement.setLong(1, event.sequence());
    statement.setString(2, event.id());
    Sql.setInstant(statement, 3, event.at());
    statement.setString(4, event.kind().name());
    statement.setString(5, event.subject());
    statement.setString(6, event.subjectType().name());
    Sql.setText(statement, 7, event.purpose());
    Sql.setText(statement, 8, event.noticeId());
    Sql.setText(statement, 9, event.noticeVersion());
    Sql.setText(statement, 10, event.noticeHash());
    Sql.setText(statement, 11, event.status() == null ? null : event.status().name());
    statement.setString(12, event.method().name());
    statement.setString(13, event.expressedBy().name());
    Sql.setText(statement, 14, event.jurisdiction() == null ? null : event.jurisdiction().name());
    Sql.setInstant(statement, 15, event.expires());
    Sql.setText(statement, 16, event.proof());
    statement.setBoolean(17, event.acknowledgesSignal());
    Sql.setText(statement, 18, event.signal());
    Sql.setText(statement, 19, event.linked());
    Sql.setText(statement, 20, event.linkedType() == null ? null : event.linkedType().name());
    statement.setString(21, event.previousHash());
    statement.setString(22, event.hash());
  }

  /** Refuses an event the table cannot keep exactly, naming the field, never its value. */
  private void requireStorable(ConsentEvent event) {
    requireLength("id", event.id(), 100);
    requireLength("subject", event.subject(), 100);
    requireLength("subjectType", event.subjectType().name(), 100);
    requireLength("purpose", event.purpose(), 200);
    requireLength("noticeId", event.noticeId(), 200);
    requireLength("noticeVersion", event.noticeVersion(), 100);
    requireLength("noticeHash", event.noticeHash(), 100);
    requireLength("proof", event.proof(), 2000);
    requireLength("signal", event.signal(), 40);
    requireLength("linked", event.linked(), 100);
    requireLength("linkedType", event.linkedType() == null ? null : event.linkedType().name(), 100);
    requireMicroseconds("at", event.at());
    requireMicroseconds("expires", event.expires());
  }

  private void requireLength(String field, String value, int limit) {
    if (value != null && value.length() > limit) {
      throw new IllegalArgumentException(
          "a consent event's "
              + field
              + " is longer than "
              + limit
              + " characters, the most table "
              + table
              + " keeps");
    }
  }

  private static void requireMicroseconds(String field, Instant value) {
    if (value != null && value.getNano() % 1000 != 0) {
      throw new IllegalArgumentException(
          "a consent event's "
              + field
              + " is finer than a"
              + " microsecond, which the ledger cannot keep: truncate it to microseconds");
    }
  }

  @Override
  public List<ConsentEvent> events(Collection<String> subjectHashes) {
    Objects.requireNonNull(subjectHashes, "subjectHashes");
    List<String> hashes = List.copyOf(new LinkedHashSet<>(subjectHashes));
    if (hashes.isEmpty()) {
      return List.of();
    }
    return Sql.run(
        dataSource,
        connection -> {
          TreeMap<Long, ConsentEvent> found = new TreeMap<>();
          for (int from = 0; from < hashes.size(); from += HASHES_PER_QUERY) {
            List<String> some =
                hashes.subList(from, Math.min(hashes.size(), from + HASHES_PER_QUERY));
            for (ConsentEvent event : naming(connection, some)) {
              found.put(event.sequence(), event);
            }
          }
          return List.copyOf(found.values());
        },
        e -> failure("read consent events", e));
  }

  /**
   * The events naming some hashes, in chain order: those of the subjects, then the links naming
   * them as the other identifier (and not as the subject, so that no event comes twice), each found
   * through its index.
   */
  private List<ConsentEvent> naming(Connection connection, List<String> hashes)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(eventsSql(hashes.size()))) {
      int index = 1;
      for (int round = 0; round < 3; round++) {
        for (String hash : hashes) {
          statement.setString(index++, hash);
        }
      }
      List<ConsentEvent> events = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          events.add(event(rs));
        }
      }
      return events;
    }
  }

  /** The query of {@link #naming}, for some hashes, each bound three times. */
  String eventsSql(int hashes) {
    String in = "(" + "?, ".repeat(hashes - 1) + "?)";
    return "SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " WHERE subject_hash IN "
        + in
        + " UNION ALL SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " WHERE linked_hash IN "
        + in
        + " AND subject_hash NOT IN "
        + in
        + " ORDER BY seq";
  }

  @Override
  public Optional<ConsentEvent> last() {
    return Sql.run(dataSource, this::last, e -> failure("read the newest consent event", e));
  }

  private Optional<ConsentEvent> last(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + table + " ORDER BY seq DESC LIMIT 1");
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(event(rs)) : Optional.empty();
    }
  }

  /**
   * Streams every event in chain order, reading 500 at a time by sequence number, each page on a
   * connection of its own, so that a long ledger is never held in memory or on one connection.
   * Events appended while the stream is read may be included. A row that is no event (a column
   * changed to a value of no field) ends the stream with a {@link ConsentLedgerException} where it
   * is reached, after the events before it, so that {@link ConsentChain#verify} reports it there.
   */
  @Override
  public Stream<ConsentEvent> readAll() {
    Iterator<ConsentEvent> pages = new Pages(page(0));
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** One page of events after a sequence number; a malformed row ends it, as its failure. */
  private Page page(long after) {
    return Sql.run(
        dataSource,
        connection -> {
          List<ConsentEvent> events = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + table
                      + " WHERE seq > ? ORDER BY seq LIMIT "
                      + PAGE)) {
            statement.setLong(1, after);
            try (ResultSet rs = statement.executeQuery()) {
              int rows = 0;
              while (rs.next()) {
                rows++;
                try {
                  events.add(event(rs));
                } catch (ConsentLedgerException malformed) {
                  return new Page(events, malformed, false);
                }
              }
              return new Page(events, null, rows == PAGE);
            }
          }
        },
        e -> failure("read the consent ledger", e));
  }

  /** Events read at once, and what comes after them. */
  private record Page(List<ConsentEvent> events, ConsentLedgerException malformed, boolean more) {}

  /** Walks the pages, reading the next when one is used up. */
  private final class Pages implements Iterator<ConsentEvent> {
    private Page page;
    private int next;

    Pages(Page first) {
      this.page = first;
    }

    @Override
    public boolean hasNext() {
      if (next < page.events().size()) {
        return true;
      }
      if (page.malformed() != null) {
        throw page.malformed();
      }
      if (!page.more()) {
        return false;
      }
      page = page(page.events().get(page.events().size() - 1).sequence());
      next = 0;
      return hasNext();
    }

    @Override
    public ConsentEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.events().get(next++);
    }
  }

  private ConsentEvent event(ResultSet rs) throws SQLException {
    long sequence = rs.getLong("seq");
    try {
      String status = rs.getString("status");
      String jurisdiction = rs.getString("jurisdiction");
      String linkedType = rs.getString("linked_type");
      return new ConsentEvent(
          sequence,
          rs.getString("event_id"),
          Sql.instant(rs, "recorded_at"),
          ConsentEvent.Kind.valueOf(rs.getString("kind")),
          rs.getString("subject_hash"),
          IdentifierType.of(rs.getString("subject_type")),
          rs.getString("purpose"),
          rs.getString("notice_id"),
          rs.getString("notice_version"),
          rs.getString("notice_hash"),
          status == null ? null : ConsentStatus.valueOf(status),
          ConsentMethod.valueOf(rs.getString("method")),
          ExpressedBy.valueOf(rs.getString("expressed_by")),
          jurisdiction == null ? null : Jurisdiction.valueOf(jurisdiction),
          Sql.instant(rs, "expires_at"),
          rs.getString("proof"),
          rs.getBoolean("acknowledges_signal"),
          rs.getString("signal_key"),
          rs.getString("linked_hash"),
          linkedType == null ? null : IdentifierType.of(linkedType),
          trimmed(rs.getString("previous_hash")),
          trimmed(rs.getString("event_hash")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConsentLedgerException(
          "Consent event " + sequence + " in table " + table + " is malformed", null);
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * On PostgreSQL, notifies the ledger's channel of the subjects, on its own connection; does
   * nothing on other databases.
   *
   * @param subjectHashes the subjects whose decisions changed, each without a comma
   * @throws IllegalArgumentException if a hash holds a comma, the payload's separator
   * @throws ConsentLedgerException if the notification cannot be sent
   */
  @Override
  public void announce(Set<String> subjectHashes) {
    Objects.requireNonNull(subjectHashes, "subjectHashes");
    for (String hash : subjectHashes) {
      if (Objects.requireNonNull(hash, "subject hash").indexOf(',') >= 0) {
        throw new IllegalArgumentException("a subject hash to announce holds a comma");
      }
    }
    if (subjectHashes.isEmpty() || !isPostgres()) {
      return;
    }
    List<String> payloads = payloads(subjectHashes);
    Sql.run(
        dataSource,
        connection -> {
          notify(connection, payloads);
          return null;
        },
        e -> failure("announce changed consent decisions", e));
  }

  /**
   * Listens for other instances' appends and announcements. On PostgreSQL the first subscription
   * starts one daemon thread, which holds a connection of its own and {@code LISTEN}s on the
   * ledger's channel; it returns once the thread listens (or has tried to for a few seconds), so
   * that changes committed after it returns are heard. The listener is called from that thread with
   * the hashes of each notification sent through another ledger object (another host instance);
   * appends and announcements through this object are not delivered to its own subscribers, since
   * whoever made them knows already. If the connection fails, the thread logs a warning and
   * connects again after a growing pause; as notifications sent meanwhile are lost, it then calls
   * every listener with an <em>empty set</em>, which means "anything may have changed: drop
   * everything". Closing the last subscription stops the thread and waits (for at most a second)
   * until it has given its connection back, so close subscriptions before the pool. On other
   * databases this does nothing.
   *
   * @param listener called with the subject hashes concerned, or an empty set for all subjects
   * @return closes the subscription
   */
  @Override
  public AutoCloseable subscribe(Consumer<Set<String>> listener) {
    Objects.requireNonNull(listener, "listener");
    if (!hearsOtherInstances()) {
      return () -> {};
    }
    PostgresNotifications listening;
    synchronized (lock) {
      if (notifications == null) {
        notifications = new PostgresNotifications(dataSource, channel, sender);
      }
      listening = notifications;
    }
    return listening.subscribe(listener);
  }

  /**
   * Tells whether other instances' changes are heard: true on PostgreSQL with its JDBC driver,
   * false on any other database.
   *
   * @return true if other instances' changes are heard
   * @throws ConsentLedgerException if the database cannot be reached to tell which it is
   */
  @Override
  public boolean hearsOtherInstances() {
    Boolean known = hears;
    if (known == null) {
      known =
          isPostgres()
              && Sql.run(
                  dataSource,
                  PostgresNotifications::canListen,
                  e -> failure("tell whether the database can notify", e));
      hears = known;
    }
    return known;
  }

  private boolean isPostgres() {
    String known = dialect;
    if (known == null) {
      known = Sql.run(dataSource, OwnTables::dialect, e -> failure("tell the database's kind", e));
      dialect = known;
    }
    return known.equals("postgresql");
  }

  private static Set<String> affected(List<ConsentEvent> events) {
    Set<String> hashes = new LinkedHashSet<>();
    for (ConsentEvent event : events) {
      hashes.add(event.subject());
      if (event.linked() != null) {
        hashes.add(event.linked());
      }
    }
    return hashes;
  }

  /** The hashes, comma-separated, in as few payloads of under 8000 bytes as they fit. */
  static List<String> payloads(Collection<String> hashes) {
    List<String> payloads = new ArrayList<>();
    StringBuilder payload = new StringBuilder();
    int bytes = 0;
    for (String hash : hashes) {
      int size = hash.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_PAYLOAD_BYTES) {
        throw new IllegalArgumentException("a subject hash is longer than a notification holds");
      }
      if (bytes > 0 && bytes + 1 + size > MAX_PAYLOAD_BYTES) {
        payloads.add(payload.toString());
        payload.setLength(0);
        bytes = 0;
      }
      if (bytes > 0) {
        payload.append(',');
        bytes++;
      }
      payload.append(hash);
      bytes += size;
    }
    if (bytes > 0) {
      payloads.add(payload.toString());
    }
    return payloads;
  }

  private void notify(Connection connection, List<String> payloads) throws SQLException {
    if (payloads.isEmpty()) {
      return;
    }
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      for (String payload : payloads) {
        notify.setString(1, channel);
        notify.setString(2, sender + "|" + payload);
        notify.execute(); // its one row holds nothing of use; closing the statement closes it
      }
    }
  }

  private ConsentLedgerException failure(String what, SQLException e) {
    return new ConsentLedgerException(
        "Cannot " + what + " in table " + table + ": SQL state " + e.getSQLState(),
        RedactedCause.copyOf(e));
  }

  @Override
  public String toString() {
    return "JdbcConsentLedger[" + table + "]";
  }
}
