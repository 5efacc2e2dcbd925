package io.lethe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.core.spi.AuditStorage;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Keeps the audit trail in an append-only file, one JSON object a line. An append holds an
 * exclusive file lock from reading the last line to writing the next, so processes sharing the file
 * take turns; each line is forced to disk before the append returns.
 */
public final class JsonLinesAuditStorage implements AuditStorage {

  /**
   * A file lock is held for the whole JVM and a second one throws, so storages in one JVM over the
   * same file also take turns on a shared monitor.
   */
  private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final Object monitor;

  private JsonLinesAuditStorage(Path file) {
    this.file = file;
    this.monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object());
  }

  /**
   * A storage in a file, created (with its folders) on the first append.
   *
   * @param file the file
   * @return the storage
   */
  public static JsonLinesAuditStorage at(Path file) {
    return new JsonLinesAuditStorage(Objects.requireNonNull(file, "file"));
  }

  /** {@return the file} */
  public Path file() {
    return file;
  }

  @Override
  public Optional<AuditEntry> last() {
    synchronized (monitor) {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        return last(channel);
      } catch (IOException e) {
        throw new AuditLog.AuditException(
            "Cannot read audit file " + file + ": " + e.getClass().getSimpleName(), e);
      }
    }
  }

  /**
   * The entry on the last line, read through the given channel: reading through another one and
   * closing it would release the lock an append holds on some systems.
   */
  private Optional<AuditEntry> last(FileChannel channel) throws IOException {
    String line = lastLine(channel);
    try {
      return line == null ? Optional.empty() : Optional.of(AuditJson.entry(line));
    } catch (JsonProcessingException e) {
      throw new AuditLog.AuditException(
          "The last line of audit file " + file + " is not an audit entry", null);
    }
  }

  private static String lastLine(FileChannel channel) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    long end = channel.size();
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) != '\n') {
        break;
      }
      end--;
    }
    if (end == 0) {
      return null;
    }
    long start = end;
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (start > 0) {
      int size = (int) Math.min(buffer.capacity(), start);
      buffer.clear().limit(size);
      readFully(channel, buffer, start - size);
      int newline = -1;
      for (int i = size - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          newline = i;
          break;
        }
      }
      if (newline >= 0) {
        start = start - size + newline + 1;
        break;
      }
      start -= size;
    }
    ByteBuffer line = ByteBuffer.allocate((int) (end - start));
    readFully(channel, line, start);
    return new String(line.array(), StandardCharsets.UTF_8);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new EOFException();
      }
      at += read;
    }
  }

  @Override
  public AuditEntry append(Function<Optional<AuditEntry>, AuditEntry> next) {
    Objects.requireNonNull(next, "next");
    return appendAll(List.of(next)).get(0);
  }

  /**
   * As {@link #append(Function)}, for all the entries under one lock, written and forced to disk
   * once.
   */
  @Override
  public List<AuditEntry> appendAll(List<Function<Optional<AuditEntry>, AuditEntry>> next) {
    Objects.requireNonNull(next, "next");
    if (next.isEmpty()) {
      return List.of();
    }
    synchronized (monitor) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (FileChannel channel =
                FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.lock()) {
          // the lock waits for other processes; the monitor for this JVM's other storages
          Optional<AuditEntry> last = last(channel);
          List<AuditEntry> entries = new ArrayList<>(next.size());
          StringBuilder lines = new StringBuilder();
          for (Function<Optional<AuditEntry>, AuditEntry> one : next) {
            AuditEntry entry = one.apply(last);
            entries.add(entry);
            lines.append(AuditJson.write(entry)).append('\n');
            last = Optional.of(entry);
          }
          channel.position(channel.size());
          ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          channel.force(true);
          return entries;
        }
      } catch (IOException e) {
        throw new AuditLog.AuditException(
            "Cannot append to audit file " + file + ": " + e.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public Stream<AuditEntry> readAll() {
    if (!Files.exists(file)) {
      return Stream.empty();
    }
    BufferedReader reader;
    try {
      reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuditLog.AuditException(
          "Cannot read audit file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    Spliterator<AuditEntry> lines =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          private long lineNumber;

          @Override
          public boolean tryAdvance(Consumer<? super AuditEntry> action) {
            try {
              String line;
              do {
                line = reader.readLine();
                lineNumber++;
                if (line == null) {
                  return false;
                }
              } while (line.isBlank());
              action.accept(AuditJson.entry(line));
              return true;
            } catch (JsonProcessingException e) {
              throw new AuditLog.AuditException(
                  "Line " + lineNumber + " of audit file " + file + " is not an audit entry");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return StreamSupport.stream(lines, false)
        .onClose(
            () -> {
              try {
                reader.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public String toString() {
    return "JsonLinesAuditStorage[" + file + "]";
  }
}
