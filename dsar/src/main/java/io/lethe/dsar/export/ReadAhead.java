package io.lethe.dsar.export;

import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.StoreException;
import io.lethe.core.spi.StoreOperation;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads several stores' records at once on an executor while the caller writes them store by store,
 * so that the stores' round trips overlap each other and the writing.
 *
 * <p>Each store gets one task that drains its stream into a buffer of at most {@link #BATCHES}
 * batches of {@link #BATCH} records and waits while it is full, so memory stays bounded whatever
 * the number of records. The caller takes the stores in order; if it reaches a store whose task has
 * not started yet (the executor is busy, or runs tasks in another order), it reads that store
 * itself, so no executor can make the export wait forever. A store's failure reaches the caller,
 * unchanged, when the caller gets to that store (its audit entry is written when it happens, so a
 * store the export never reaches may have one). {@link #close} stops every task and waits for them
 * to end, so no store is read after the export returns. A reader that ends without handing over its
 * end (its thread was interrupted) fails the export instead of leaving it waiting.
 */
final class ReadAhead implements AutoCloseable {

  /** Records handed over at a time. */
  static final int BATCH = 64;

  /** Batches a store may have read ahead of the caller. */
  static final int BATCHES = 16;

  private static final Object END = new Object();
  private static final long POLL_MILLIS = 50;
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int TAKEN = 2;

  private final List<Source> sources = new ArrayList<>();

  /** The thread that writes the export; a task it runs itself must not fill a buffer. */
  private final Thread caller = Thread.currentThread();

  private volatile boolean closed;
  private volatile boolean starting = true;

  /**
   * Starts reading every store.
   *
   * @param executor runs the reads
   * @param stores one per store, in the order the caller takes them: its name, for errors, and its
   *     stream, opened on the executor's thread (or the caller's, if it gets there first) and
   *     closed there
   */
  ReadAhead(Executor executor, List<Map.Entry<String, Supplier<Stream<PersonalRecord>>>> stores) {
    for (Map.Entry<String, Supplier<Stream<PersonalRecord>>> store : stores) {
      sources.add(new Source(store.getKey(), store.getValue()));
    }
    for (Source source : sources) {
      try {
        executor.execute(source::produce);
      } catch (RuntimeException e) {
        // refused, or the executor is shutting down: the caller reads this store itself
      }
    }
    starting = false;
  }

  /**
   * The records of one store, in the order its stream gives them. Call once per store, in order,
   * and exhaust each before asking for the next.
   *
   * @param index the store's position in the list given to the constructor
   * @return its records; the caller's stream to close, which ends this store's read
   */
  Stream<PersonalRecord> records(int index) {
    Source source = sources.get(index);
    if (source.state.compareAndSet(NEW, TAKEN)) {
      source.done.countDown();
      return source.stream.get();
    }
    return source.consume();
  }

  /**
   * Stops the reads still going and waits for them to end. A reader stops between two records; if
   * the caller has been interrupted, the readers still inside a store are interrupted too, as the
   * caller would be reading the store itself.
   */
  @Override
  public void close() {
    closed = true;
    boolean interrupted = Thread.currentThread().isInterrupted();
    for (Source source : sources) {
      if (source.state.compareAndSet(NEW, TAKEN)) {
        source.done.countDown();
      }
      while (true) {
        if (interrupted) {
          source.interruptReader();
        }
        try {
          source.done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One store: its stream, its buffer and how far its task got. */
  private final class Source {
    private final String name;
    private final Supplier<Stream<PersonalRecord>> stream;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final BlockingQueue<Object> buffer = new ArrayBlockingQueue<>(BATCHES);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread reader;

    Source(String name, Supplier<Stream<PersonalRecord>> stream) {
      this.name = name;
      this.stream = stream;
    }

    /**
     * The task: reads the store into the buffer, then an end mark or the failure. An executor that
     * runs it on the caller's thread while the reads are being started (a direct executor, a pool's
     * caller-runs policy) leaves the store to the caller.
     */
    void produce() {
      if ((starting && Thread.currentThread() == caller) || !state.compareAndSet(NEW, RUNNING)) {
        return;
      }
      reader = Thread.currentThread();
      try {
        Object last = END;
        try (Stream<PersonalRecord> records = stream.get()) {
          Iterator<PersonalRecord> it = records.iterator();
          List<PersonalRecord> batch = new ArrayList<>(BATCH);
          while (!closed && it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == BATCH) {
              if (!hand(batch)) {
                return;
              }
              batch = new ArrayList<>(BATCH);
            }
          }
          if (!batch.isEmpty() && !hand(batch)) {
            return;
          }
        } catch (RuntimeException | Error e) {
          last = e;
        } catch (Throwable e) { // a checked exception thrown without being declared
          last = StoreException.failed(name, StoreOperation.READ_SUBJECT, e);
        }
        hand(last);
      } finally {
        reader = null;
        done.countDown();
      }
    }

    void interruptReader() {
      Thread running = reader;
      if (running != null) {
        running.interrupt();
      }
    }

    /** Puts into the buffer, waiting while it is full; false if the export was closed. */
    private boolean hand(Object item) {
      try {
        while (!closed) {
          if (buffer.offer(item, 20, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    /** The caller's side: the batches as they arrive. */
    Stream<PersonalRecord> consume() {
      Iterator<PersonalRecord> records =
          new Iterator<>() {
            private Iterator<PersonalRecord> batch = List.<PersonalRecord>of().iterator();
            private boolean ended;

            @Override
            public boolean hasNext() {
              while (!batch.hasNext()) {
                if (ended) {
                  return false;
                }
                Object next = take();
                if (next == END) {
                  ended = true;
                } else if (next instanceof RuntimeException e) {
                  ended = true;
                  throw e;
                } else if (next instanceof Error e) {
                  ended = true;
                  throw e;
                } else {
                  @SuppressWarnings("unchecked")
                  List<PersonalRecord> records = (List<PersonalRecord>) next;
                  batch = records.iterator();
                }
              }
              return true;
            }

            @Override
            public PersonalRecord next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              return batch.next();
            }
          };
      return StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED | Spliterator.NONNULL),
          false);
    }

    /**
     * The next item; fails if the reader ended without handing over its end (its thread was
     * interrupted, say because the host shut the executor down).
     */
    private Object take() {
      try {
        while (true) {
          Object next = buffer.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (next != null) {
            return next;
          }
          // everything a reader hands over is in the buffer before it counts down
          if (done.getCount() == 0 && buffer.isEmpty()) {
            throw StoreException.failed(
                name,
                StoreOperation.READ_SUBJECT,
                new InterruptedException("the store's reader stopped before it finished"));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
        InterruptedIOException cause =
            new InterruptedIOException("interrupted while waiting for a store's records");
        throw new UncheckedIOException(cause.getMessage(), cause);
      }
    }
  }
}
