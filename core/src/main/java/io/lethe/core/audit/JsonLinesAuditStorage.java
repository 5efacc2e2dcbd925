package io.lethe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.core.spi.AuditStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Keeps the audit trail in an append-only file, one JSON object a line. Appends take an exclusive
 * file lock and are forced to disk before they return.
 */
public final class JsonLinesAuditStorage implements AuditStorage {

  /**
   * A file lock is held for the whole JVM and a second one throws, so storages in one JVM over
   * the same file also take turns on a shared monitor.
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
      return lastLocked();
    }
  }

  private Optional<AuditEntry> lastLocked() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      String line = lastLine(raf);
      return line == null ? Optional.empty() : Optional.of(AuditJson.entry(line));
    } catch (JsonProcessingException e) {
      throw new AuditLog.AuditException("The last line of audit file " + file
          + " is not an audit entry", null);
    } catch (IOException e) {
      throw new AuditLog.AuditException("Cannot read audit file " + file + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static String lastLine(RandomAccessFile raf) throws IOException {
    long end = raf.length();
    while (end > 0) {
      raf.seek(end - 1);
      if (raf.read() != '\n') {
        break;
      }
      end--;
    }
    if (end == 0) {
      return null;
    }
    long start = end;
    byte[] buffer = new byte[4096];
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    while (start > 0) {
      int size = (int) Math.min(buffer.length, start);
      raf.seek(start - size);
      raf.readFully(buffer, 0, size);
      int newline = -1;
      for (int i = size - 1; i >= 0; i--) {
        if (buffer[i] == '\n') {
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
    raf.seek(start);
    byte[] bytes = new byte[(int) (end - start)];
    raf.readFully(bytes);
    line.write(bytes);
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public boolean append(AuditEntry entry) {
    synchronized (monitor) {
      return appendLocked(entry);
    }
  }

  private boolean appendLocked(AuditEntry entry) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.READ);
          FileLock lock = channel.lock()) {
        long lastSequence = lastLocked().map(AuditEntry::sequence).orElse(0L);
        if (entry.sequence() != lastSequence + 1) {
          return false;
        }
        channel.position(channel.size());
        channel.write(ByteBuffer.wrap((AuditJson.write(entry) + "\n")
            .getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
        return lock.isValid();
      }
    } catch (IOException e) {
      throw new AuditLog.AuditException("Cannot append to audit file " + file + ": "
          + e.getClass().getSimpleName(), e);
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
      throw new AuditLog.AuditException("Cannot read audit file " + file + ": "
          + e.getClass().getSimpleName(), e);
    }
    Spliterator<AuditEntry> lines = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
        Spliterator.ORDERED | Spliterator.NONNULL) {
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
          throw new AuditLog.AuditException("Line " + lineNumber + " of audit file " + file
              + " is not an audit entry");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return StreamSupport.stream(lines, false).onClose(() -> {
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
