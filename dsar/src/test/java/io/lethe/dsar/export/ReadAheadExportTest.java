package io.lethe.dsar.export;

import static io.lethe.dsar.export.ExportPackages.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreOperation;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import io.lethe.testsupport.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AccessExporter.Builder#readAhead}: the stores are read at once on an executor, and the
 * package is the one reading them in turn writes, whatever the executor does.
 */
class ReadAheadExportTest {

  static final SubjectRef ADA = SubjectRef.email("ada@example.com");
  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  ExecutorService readers;
  MutableClock clock;
  AuditLog audit;
  InMemoryStore accounts;
  InMemoryStore orders;
  InMemoryStore events;

  @BeforeEach
  void setUp() {
    readers = Executors.newFixedThreadPool(2);
    DataSource dataSource = TestDatabases.h2("read-ahead");
    clock = MutableClock.at("2026-03-01T10:00:00Z");
    audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            AccessExporterTest.HASHER,
            clock);
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .build();
    orders =
        InMemoryStore.builder("orders")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("amount", "user.financial.transaction")
            .build();
    events =
        InMemoryStore.builder("events")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("page", "user.behavior.browsing_history")
            .build();
    accounts.insert(
        RecordKey.of(1L), Map.of("account_id", "a-1", "email", "ada@example.com", "collected", T0));
    accounts.insert(
        RecordKey.of(2L), Map.of("account_id", "b-2", "email", "bob@example.com", "collected", T0));
    // more records than a store may read ahead, so the readers wait for the writing
    for (long i = 0; i < 3_000; i++) {
      events.insert(
          RecordKey.of(100_000 + i),
          Map.of(
              "account_id",
              i % 7 == 0 ? "b-2" : "a-1",
              "page",
              "/page-" + i,
              "collected",
              T0.plusSeconds(i)));
    }
    for (long i = 0; i < 700; i++) {
      orders.insert(
          RecordKey.of(10_000 + i),
          Map.of(
              "account_id",
              i % 5 == 0 ? "b-2" : "a-1",
              "amount",
              100 + i,
              "collected",
              T0.plusSeconds(i)));
    }
  }

  @AfterEach
  void tearDown() {
    readers.shutdownNow();
  }

  AccessExporter.Builder exporter(PersonalDataStore... stores) {
    return AccessExporter.builder(AccessExporterTest.policy())
        .stores(stores)
        .audit(audit)
        .clock(clock);
  }

  @Test
  void reading_ahead_writes_the_same_packages_as_reading_the_stores_in_turn() throws Exception {
    AccessExporter inTurn = exporter(accounts, orders, events).build();
    AccessExporter ahead = exporter(accounts, orders, events).readAhead(readers).build();

    for (ExportFormat format : ExportFormat.values()) {
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      ByteArrayOutputStream actual = new ByteArrayOutputStream();
      ExportSummary expectedSummary = inTurn.export(ADA, expected, format);
      ExportSummary summary = ahead.export(ADA, actual, format);

      assertThat(summary).isEqualTo(expectedSummary);
      assertThat(summary.total()).isEqualTo(1 + 560 + 2_571);
      if (format == ExportFormat.JSON) {
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
      } else {
        assertThat(unzip(actual.toByteArray())).isEqualTo(unzip(expected.toByteArray()));
      }
    }
  }

  @Test
  void a_store_that_fails_fails_the_export_as_it_does_without_reading_ahead() {
    AtomicBoolean eventsOpened = new AtomicBoolean();
    AtomicBoolean eventsClosed = new AtomicBoolean();
    PersonalDataStore failingOrders =
        new ForwardingStore(orders) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            // fails after 300 records, with a message that must not reach the caller
            return super.recordsOf(identities)
                .peek(
                    new java.util.function.Consumer<>() {
                      int seen;

                      @Override
                      public void accept(PersonalRecord record) {
                        if (++seen > 300) {
                          throw new IllegalStateException("connection reset reading a-1");
                        }
                      }
                    });
          }
        };
    PersonalDataStore watchedEvents =
        new ForwardingStore(events) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            eventsOpened.set(true);
            return super.recordsOf(identities).onClose(() -> eventsClosed.set(true));
          }
        };
    AccessExporter ahead =
        exporter(accounts, failingOrders, watchedEvents).readAhead(readers).build();

    assertThatThrownBy(() -> ahead.export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.store()).isEqualTo("orders");
              assertThat(e.operation()).isEqualTo(StoreOperation.READ_SUBJECT);
              assertThat(e).hasMessageNotContaining("a-1");
            });

    // the read of the store after it, if its reader got to start it before the failure, was
    // stopped and closed before the export returned
    assertThat(eventsClosed.get()).isEqualTo(eventsOpened.get());
    List<AuditEntry> entries = entries();
    assertThat(entries).extracting(AuditEntry::action).endsWith(AuditAction.EXPORT);
    assertThat(entries.get(entries.size() - 1).outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void an_executor_that_never_runs_the_reads_does_not_stall_the_export() {
    Executor dropping = task -> {};
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("full");
        };

    for (Executor executor : List.of(dropping, refusing)) {
      ExportSummary summary =
          exporter(accounts, orders, events)
              .readAhead(executor)
              .build()
              .export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

      assertThat(summary.total()).isEqualTo(1 + 560 + 2_571);
    }
  }

  @Test
  void a_failed_write_stops_the_reads_before_the_export_returns() throws InterruptedException {
    AtomicLong made = new AtomicLong();
    AtomicBoolean closed = new AtomicBoolean();
    GeneratingStore big = new GeneratingStore(1_000_000).onCreate(c -> made.incrementAndGet());
    PersonalDataStore watched =
        new ForwardingStore(big) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            return super.recordsOf(identities).onClose(() -> closed.set(true));
          }
        };
    OutputStream breaksAfter64k =
        new OutputStream() {
          long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 64 * 1024) {
              throw new IOException("disk full");
            }
          }
        };
    AccessExporter exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(watched)
            .audit(audit)
            .clock(clock)
            .readAhead(readers)
            .build();

    assertThatThrownBy(
            () -> exporter.export(GeneratingStore.SUBJECT, breaksAfter64k, ExportFormat.JSON))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(closed).isTrue();
    long madeWhenReturned = made.get();
    // about 600 records fit in 64 KB; the reader may be one buffer ahead, never a million
    assertThat(madeWhenReturned).isLessThan(600 + ReadAhead.BATCH * (ReadAhead.BATCHES + 2));
    // let every reader task finish whatever it still had to do: a read that went on after the
    // export returned would have made more records by the time the pool is idle
    readers.shutdown();
    assertThat(readers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
        .as("the readers stopped")
        .isTrue();
    assertThat(made.get()).as("records made after the export returned").isEqualTo(madeWhenReturned);
  }

  @Test
  void reading_ahead_keeps_memory_bounded_by_its_buffers() {
    CountingSink sink = new CountingSink();
    AtomicLong maxAhead = new AtomicLong();
    AtomicLong written = new AtomicLong();
    GeneratingStore big = new GeneratingStore(StreamingExportTest.RECORDS);
    big.onCreate(
        created -> {
          maxAhead.accumulateAndGet(created - written.get() / 100, Math::max);
          return created;
        });
    OutputStream tracking =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            sink.write(b);
            written.set(sink.bytes());
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
            written.set(sink.bytes());
          }
        };
    AccessExporter exporter =
        AccessExporter.builder(AccessExporterTest.policy())
            .stores(big)
            .audit(audit)
            .clock(clock)
            .readAhead(readers)
            .build();

    ExportSummary summary = exporter.export(GeneratingStore.SUBJECT, tracking, ExportFormat.JSON);

    assertThat(summary.total()).isEqualTo(StreamingExportTest.RECORDS);
    // every record takes over 100 bytes of output; the reader never ran further ahead than its
    // buffer, a batch in hand and what the JSON generator holds, not 200,000 records
    assertThat(maxAhead.get()).isLessThan(ReadAhead.BATCH * (ReadAhead.BATCHES + 2) + 1_000);
  }

  @Test
  void an_executor_that_runs_the_reads_on_the_calling_thread_does_not_stall_the_export() {
    ThreadPoolExecutor saturated =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      for (Executor executor : List.of((Executor) Runnable::run, saturated)) {
        // a store larger than a reader's buffer: a reader on the caller's thread would wait
        // for itself
        ExportSummary summary =
            assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () ->
                    exporter(accounts, orders, events)
                        .readAhead(executor)
                        .build()
                        .export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON));

        assertThat(summary.total()).isEqualTo(1 + 560 + 2_571);
      }
    } finally {
      saturated.shutdownNow();
    }
  }

  @Test
  void an_executor_failing_to_take_a_read_leaves_that_store_to_the_export() {
    AtomicInteger calls = new AtomicInteger();
    Executor shuttingDown =
        task -> {
          if (calls.incrementAndGet() > 1) {
            throw new IllegalStateException("shutting down");
          }
          readers.execute(task);
        };

    ExportSummary summary =
        exporter(events, accounts, orders)
            .readAhead(shuttingDown)
            .build()
            .export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON);

    assertThat(summary.total()).isEqualTo(1 + 560 + 2_571);
  }

  @Test
  void a_reader_interrupted_before_it_finishes_fails_the_export_instead_of_stalling_it() {
    // as when the host shuts its executor down during an export
    Executor interrupting =
        task ->
            new Thread(
                    () -> {
                      Thread.currentThread().interrupt();
                      task.run();
                    })
                .start();
    AccessExporter exporter = exporter(accounts, orders, events).readAhead(interrupting).build();

    Throwable failure =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                catchThrowable(
                    () -> exporter.export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON)));

    assertThat(failure)
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.operation()).isEqualTo(StoreOperation.READ_SUBJECT));
    List<AuditEntry> entries = entries();
    assertThat(entries.get(entries.size() - 1).outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void a_store_throwing_an_undeclared_checked_exception_fails_the_export_either_way() {
    PersonalDataStore sneaky =
        new ForwardingStore(orders) {
          @Override
          public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
            return super.recordsOf(identities)
                .peek(
                    record -> throwUnchecked(new java.io.IOException("socket closed reading a-1")));
          }
        };

    for (boolean ahead : new boolean[] {false, true}) {
      AccessExporter.Builder builder = exporter(accounts, sneaky, events);
      AccessExporter exporter = ahead ? builder.readAhead(readers).build() : builder.build();

      Throwable failure =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  catchThrowable(
                      () -> exporter.export(ADA, new ByteArrayOutputStream(), ExportFormat.JSON)));

      assertThat(failure)
          .as("reading ahead: %s", ahead)
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.store()).isEqualTo("orders");
                assertThat(e).hasMessageNotContaining("a-1");
              });
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }

  private List<AuditEntry> entries() {
    try (Stream<AuditEntry> all = audit.entries()) {
      return all.collect(Collectors.toList());
    }
  }
}
