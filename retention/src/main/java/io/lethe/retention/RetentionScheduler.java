package io.lethe.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention sweeps periodically, store by store, each under a lease lock so that two instances
 * of a host service never sweep the same store at the same time.
 *
 * <p>The lock is ShedLock's: with {@link #jdbcLocks(DataSource)} a row per store in the table
 * {@code shedlock} (name VARCHAR(64) PRIMARY KEY, lock_until TIMESTAMP, locked_at TIMESTAMP,
 * locked_by VARCHAR(255)), which {@link #createLockTableIfMissing(DataSource)} creates. A lock is
 * held for at most {@code lockAtMostFor}, so an instance that dies frees its stores by itself. Lock
 * leases run on wall-clock time and are not extended: {@code lockAtMostFor} must exceed the longest
 * sweep of one store. The sweep itself uses the engine's clock. A store whose sweep fails is
 * reported in its {@link StoreRun} and the run goes on with the next store.
 */
public final class RetentionScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

  private final RetentionEngine engine;
  private final LockProvider locks;
  private final Duration lockAtMostFor;
  private final SweepOptions options;
  private ScheduledExecutorService executor;

  /** The executor's one thread, joined on close. */
  private volatile Thread worker;

  private ScheduledFuture<?> task;

  /**
   * The outcome of one store in one scheduled run.
   *
   * @param store the store
   * @param report what the sweep did; empty if it was skipped or failed
   * @param failure why the sweep failed; empty if it ran or was skipped
   */
  public record StoreRun(
      String store, Optional<SweepReport> report, Optional<RuntimeException> failure) {

    StoreRun(String store, Optional<SweepReport> report) {
      this(store, report, Optional.empty());
    }

    /** {@return whether another instance held the store's lock, so this run skipped it} */
    public boolean skipped() {
      return report.isEmpty() && failure.isEmpty();
    }
  }

  private RetentionScheduler(
      RetentionEngine engine, LockProvider locks, Duration lockAtMostFor, SweepOptions options) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.locks = Objects.requireNonNull(locks, "locks");
    this.lockAtMostFor = Objects.requireNonNull(lockAtMostFor, "lockAtMostFor");
    this.options = Objects.requireNonNull(options, "options");
    if (lockAtMostFor.isNegative() || lockAtMostFor.isZero()) {
      throw new IllegalArgumentException("lockAtMostFor must be positive");
    }
  }

  /**
   * A scheduler.
   *
   * @param engine the engine to run
   * @param locks the lease locks, such as {@link #jdbcLocks(DataSource)}
   * @param lockAtMostFor the longest a sweep of one store may hold its lock; longer than any sweep
   *     takes
   * @param options how each sweep runs
   * @return the scheduler, not yet started
   */
  public static RetentionScheduler create(
      RetentionEngine engine, LockProvider locks, Duration lockAtMostFor, SweepOptions options) {
    return new RetentionScheduler(engine, locks, lockAtMostFor, options);
  }

  /**
   * ShedLock's plain-JDBC lock provider over the table {@code shedlock}.
   *
   * @param dataSource the database all instances share
   * @return the lock provider
   */
  public static LockProvider jdbcLocks(DataSource dataSource) {
    return new JdbcLockProvider(dataSource);
  }

  /**
   * Creates ShedLock's table unless it exists (portable SQL: H2, PostgreSQL).
   *
   * @param dataSource the database
   */
  public static void createLockTableIfMissing(DataSource dataSource) {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS shedlock (name VARCHAR(64) PRIMARY KEY,"
              + " lock_until TIMESTAMP NOT NULL, locked_at TIMESTAMP NOT NULL, locked_by"
              + " VARCHAR(255) NOT NULL)");
    } catch (java.sql.SQLException e) {
      throw new io.lethe.core.LetheException(
          "Cannot create the shedlock table: SQL state " + e.getSQLState(),
          io.lethe.core.RedactedCause.copyOf(e));
    }
  }

  /**
   * Sweeps every store whose lock this instance gets, now; stores locked by another instance are
   * skipped and left to it.
   *
   * @return per store, the report, or empty if it was skipped
   */
  public List<StoreRun> runOnce() {
    List<StoreRun> runs = new ArrayList<>();
    for (String store : engine.storeNames()) {
      String name = lockName(store);
      Optional<SimpleLock> lock =
          locks.lock(
              new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, Duration.ZERO));
      if (lock.isEmpty()) {
        LOG.info("Store '{}' is being swept by another instance; skipped", store);
        runs.add(new StoreRun(store, Optional.empty()));
        continue;
      }
      try {
        runs.add(
            new StoreRun(
                store, Optional.of(engine.sweepStore(store, engine.clock().instant(), options))));
      } catch (RuntimeException e) {
        // One failing store must not keep the others from being swept; the audit trail and
        // the store's checkpoint already record what happened.
        LOG.error("Retention sweep of store '{}' failed: {}", store, describe(e));
        runs.add(new StoreRun(store, Optional.empty(), Optional.of(e)));
      } finally {
        lock.get().unlock();
      }
    }
    return runs;
  }

  /**
   * Starts sweeping every {@code interval}, the first run after {@code initialDelay}. A failed run
   * is logged and the next one runs as scheduled.
   *
   * @param initialDelay wait before the first run
   * @param interval wait between the end of one run and the start of the next
   * @return this scheduler
   */
  public synchronized RetentionScheduler start(Duration initialDelay, Duration interval) {
    if (task != null) {
      throw new IllegalStateException("the scheduler is already running");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "lethe-retention-" + engine.policy().id());
              thread.setDaemon(true);
              worker = thread;
              return thread;
            });
    task =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                runOnce();
              } catch (RuntimeException e) {
                LOG.error(
                    "Scheduled retention sweep of policy '{}' failed: {}",
                    engine.policy().id(),
                    describe(e));
              }
            },
            initialDelay.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Lethe's own exceptions carry no personal data in their messages; anything else (a host hook's
   * exception) is named by its type only, since its message may quote values.
   */
  private static String describe(RuntimeException e) {
    return e instanceof io.lethe.core.LetheException
        ? e.getMessage()
        : e.getClass().getName() + " (message withheld)";
  }

  private String lockName(String store) {
    String name = "lethe:" + engine.policy().id() + ":" + store;
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /**
   * Stops scheduling and waits up to a minute for a run in progress to end, and then for the
   * scheduler's thread to end; to stop a long sweep sooner, cancel the {@link Cancellation} of the
   * options this scheduler was given.
   */
  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdown();
      try {
        if (executor.awaitTermination(1, TimeUnit.MINUTES) && worker != null) {
          worker.join(TimeUnit.SECONDS.toMillis(10)); // its last task ended; let the thread end
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
      worker = null;
      task = null;
    }
  }
}
