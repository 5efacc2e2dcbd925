package io.lethe.retention.crash;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.subject.SubjectRef;
import io.lethe.retention.RetentionEngine;
import io.lethe.retention.SweepOptions;
import java.time.Clock;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Sweeps a crash trial's database, or erases subjects from it, in a JVM of its own that the test
 * kills ({@code SIGKILL}) at a random instant, for {@code CrashResumeTest}.
 *
 * <p>Arguments: the JDBC URL, {@code sweep}, {@code erase} or {@code both}, the sweep's batch size,
 * and for an erasure the account ids to erase one after the other (each with the reference {@code
 * req-<account id>}). Prints {@value #READY} once the engine is built and the work starts, the
 * {@link TransactionMarks} of its writes, and {@value #DONE} when the work is over; then exits with
 * 0.
 */
public final class KilledRun {

  /** Printed when the work starts: the kill's delay counts from here. */
  public static final String READY = "ready";

  /** Printed when the work is over. */
  public static final String DONE = "done";

  private KilledRun() {}

  /**
   * Runs the work.
   *
   * @param args URL, work, batch size, account ids
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String work = args[1];
    int batchSize = Integer.parseInt(args[2]);
    DataSource dataSource = TransactionMarks.of(CrashWorld.dataSource(url), System.out);
    AuditLog audit = CrashWorld.audit(dataSource, Clock.fixed(CrashWorld.AT, ZoneOffset.UTC));
    RetentionEngine engine = CrashWorld.engine(dataSource, audit);
    System.out.println(READY);
    if (!work.equals("erase")) {
      engine.sweep(CrashWorld.AT, SweepOptions.defaults().batchSize(batchSize));
    }
    if (!work.equals("sweep")) {
      for (int i = 3; i < args.length; i++) {
        engine.erase(SubjectRef.account(args[i]), reference(args[i]), CrashWorld.AT);
        System.out.println("erased " + args[i]);
      }
    }
    System.out.println(DONE);
    System.exit(0);
  }

  /**
   * The reference an erasure of an account id is made under.
   *
   * @param account the account id
   * @return the reference
   */
  public static String reference(String account) {
    return "req-" + account;
  }
}
