package io.lethe.retention.crash;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepListener;
import io.lethe.retention.SweepOptions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Runs a sweep of a crash trial's database in its own JVM and kills that JVM part-way, for
 * {@code CrashResumeTest}.
 *
 * <p>Arguments: the JDBC URL, the batch size, the 1-based batch to die on, and when:
 * {@code BETWEEN_BATCHES} (a listener halts after that batch finished), {@code BEFORE_COMMIT} or
 * {@code AFTER_COMMIT} (a {@link HaltingStore} halts inside that batch). Exits with {@value
 * HaltingStore#KILLED} when killed, 0 if the sweep ended first.
 */
public final class CrashingSweep {

  /** Dies after the n-th batch finished: checkpoint and audit entry written. */
  public static final String BETWEEN_BATCHES = "BETWEEN_BATCHES";

  private CrashingSweep() {}

  /**
   * Runs the sweep.
   *
   * @param args URL, batch size, batch to die on, when
   */
  public static void main(String[] args) {
    String url = args[0];
    int batchSize = Integer.parseInt(args[1]);
    int haltAt = Integer.parseInt(args[2]);
    String when = args[3];
    DataSource dataSource = CrashWorld.dataSource(url);
    AuditLog audit = CrashWorld.audit(dataSource, Clock.fixed(CrashWorld.AT, ZoneOffset.UTC));
    SweepListener listener = SweepListener.NONE;
    UnaryOperator<PersonalDataStore> wrap = UnaryOperator.identity();
    if (when.equals(BETWEEN_BATCHES)) {
      AtomicInteger finished = new AtomicInteger();
      listener = progress -> {
        if (finished.incrementAndGet() == haltAt) {
          Runtime.getRuntime().halt(HaltingStore.KILLED);
        }
      };
    } else {
      AtomicInteger batches = new AtomicInteger();
      HaltingStore.When moment = HaltingStore.When.valueOf(when);
      wrap = store -> new HaltingStore(store, batches, haltAt, moment);
    }
    RetentionEngine engine = CrashWorld.engine(dataSource, audit, wrap);
    engine.sweep(CrashWorld.AT, SweepOptions.defaults().batchSize(batchSize).listener(listener));
    System.exit(0);
  }
}
