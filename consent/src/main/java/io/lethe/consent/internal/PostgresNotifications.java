package io.lethe.consent.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears a PostgreSQL channel for {@link io.lethe.consent.JdbcConsentLedger}: one daemon thread,
 * started by the first subscription and stopped when the last one is closed, holds a connection of
 * its own, {@code LISTEN}s, and hands each notification's comma-separated subject hashes to every
 * listener. After a lost connection it connects again, pausing longer after each failure, and calls
 * every listener with an empty set ("anything may have changed").
 *
 * <p>The only class of the consent module that uses the PostgreSQL JDBC driver; it is loaded only
 * when the ledger's database is PostgreSQL. Not API: may change in any release.
 */
public final class PostgresNotifications {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);

  /** How long one wait for notifications lasts; bounds how long stopping takes. */
  private static final int POLL_MILLIS = 250;

  /** How long a subscription waits for the thread to listen before it returns anyway. */
  private static final Duration READY = Duration.ofSeconds(10);

  /** How long closing the last subscription waits for the thread to end. */
  private static final Duration STOPPING = Duration.ofSeconds(1);

  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final DataSource dataSource;
  private final String channel;
  private final String self;
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

  /** The running loop, or null while nobody listens. */
  private Loop loop;

  /**
   * Notifications of a channel, heard once someone subscribes.
   *
   * @param dataSource the database, a PostgreSQL one
   * @param channel the channel, a lower-case plain identifier
   * @param self the sender id of the ledger object listening, whose own notifications are skipped
   */
  public PostgresNotifications(DataSource dataSource, String channel, String self) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.self = self;
  }

  /** How many bytes a payload's sender id and its bar take. */
  public static final int SENDER_PREFIX = 17;

  /**
   * A new sender id for a ledger object: 16 random hex digits.
   *
   * @return the id
   */
  public static String newSender() {
    byte[] bytes = new byte[8];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Tells whether a connection can listen: whether it is, or wraps, a connection of the PostgreSQL
   * JDBC driver.
   *
   * @param connection a connection to a PostgreSQL database
   * @return whether it can listen
   * @throws SQLException if the connection cannot tell
   */
  public static boolean canListen(Connection connection) throws SQLException {
    try {
      return connection.isWrapperFor(PGConnection.class);
    } catch (NoClassDefFoundError e) {
      return false;
    }
  }

  /**
   * Adds a listener, starting the thread if it is the first, and waits until the thread listens or
   * has failed to once (for at most ten seconds); after a failure it keeps trying in the
   * background.
   *
   * @param listener called with each notification's hashes, or an empty set after a reconnection
   * @return removes the listener; closing the last stops the thread and waits for it to end
   */
  public AutoCloseable subscribe(Consumer<Set<String>> listener) {
    Loop listening;
    synchronized (this) {
      listeners.add(listener);
      if (loop == null) {
        loop = new Loop();
        loop.thread.start();
      }
      listening = loop;
    }
    try {
      listening.ready.await(READY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return () -> unsubscribe(listener);
  }

  /**
   * Removes a listener; if it was the last, stops the thread and waits (for at most a second) until
   * it has given its connection back, unless called from that thread.
   */
  private void unsubscribe(Consumer<Set<String>> listener) throws InterruptedException {
    Loop stopped = null;
    synchronized (this) {
      if (listeners.remove(listener) && listeners.isEmpty() && loop != null) {
        stopped = loop;
        loop = null;
      }
    }
    if (stopped != null) {
      stopped.stop();
      if (Thread.currentThread() != stopped.thread) {
        stopped.thread.join(STOPPING.toMillis());
      }
    }
  }

  private void deliver(Set<String> hashes) {
    for (Consumer<Set<String>> listener : listeners) {
      try {
        listener.accept(hashes);
      } catch (RuntimeException e) {
        LOG.warn(
            "A listener of consent changes on channel {} failed: {}",
            channel,
            e.getClass().getName());
      }
    }
  }

  private static Set<String> hashes(String payload) {
    int bar = payload == null ? -1 : payload.indexOf('|');
    if (bar >= 0) {
      payload = payload.substring(bar + 1); // the sender's id
    }
    if (payload == null || payload.isEmpty()) {
      return Set.of();
    }
    return Set.of(payload.split(","));
  }

  /** One run of the thread, from the first subscription to the last one's close. */
  private final class Loop implements Runnable {
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread = new Thread(this, "lethe-consent-listener-" + channel);
    private volatile boolean stopped;

    Loop() {
      thread.setDaemon(true);
    }

    synchronized void stop() {
      stopped = true;
      notifyAll();
    }

    @Override
    public void run() {
      Duration pause = FIRST_PAUSE;
      boolean missed = false;
      while (!stopped) {
        try (Connection connection = dataSource.getConnection()) {
          PGConnection postgres = connection.unwrap(PGConnection.class);
          try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
          }
          if (!connection.getAutoCommit()) {
            connection.commit();
          }
          ready.countDown();
          if (missed) {
            deliver(Set.of());
            missed = false;
          }
          pause = FIRST_PAUSE;
          try {
            listen(postgres);
          } finally {
            unlisten(connection);
          }
        } catch (SQLException | RuntimeException e) {
          if (stopped) {
            return;
          }
          missed = true;
          ready.countDown();
          LOG.warn(
              "Listening for consent changes on channel {} failed ({}{}); listening again"
                  + " in {} ms",
              channel,
              e.getClass().getName(),
              e instanceof SQLException sql ? ", SQL state " + sql.getSQLState() : "",
              pause.toMillis());
          pauseFor(pause);
          pause =
              pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
                  ? LONGEST_PAUSE
                  : pause.multipliedBy(2);
        }
      }
    }

    private void listen(PGConnection postgres) throws SQLException {
      while (!stopped) {
        PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
        if (notifications == null) {
          continue;
        }
        for (PGNotification notification : notifications) {
          if (!stopped && channel.equals(notification.getName())) {
            String payload = notification.getParameter();
            if (payload == null || !payload.startsWith(self + "|")) {
              deliver(hashes(payload));
            }
          }
        }
      }
    }

    /**
     * Stops listening before the connection goes back to its pool. Run through the pool's own
     * connection, so that a pool learns of a connection that broke while the driver's listened.
     */
    private void unlisten(Connection connection) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("UNLISTEN " + channel);
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
      } catch (SQLException e) {
        // the connection is broken: the failure that ended listening is the one reported
      }
    }

    /** Waits before connecting again; a stop ends the wait. */
    private synchronized void pauseFor(Duration pause) {
      long end = System.nanoTime() + pause.toNanos();
      long left = pause.toMillis();
      while (!stopped && left > 0) {
        try {
          wait(left);
        } catch (InterruptedException e) {
          stopped = true;
          Thread.currentThread().interrupt();
          return;
        }
        left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      }
    }
  }
}
