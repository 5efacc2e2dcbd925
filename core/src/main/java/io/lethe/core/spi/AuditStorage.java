package io.lethe.core.spi;

import io.lethe.core.audit.AuditEntry;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where audit entries are kept. {@link io.lethe.core.audit.AuditLog} builds the entries and their
 * hash chain; a storage only keeps them in order. Lethe ships a JSON-lines file ({@link
 * io.lethe.core.audit.JsonLinesAuditStorage}) and a JDBC table ({@link
 * io.lethe.core.audit.JdbcAuditStorage}).
 */
public interface AuditStorage {

  /**
   * The entry with the highest sequence number.
   *
   * @return it, empty if the trail is empty
   */
  Optional<AuditEntry> last();

  /**
   * Appends an entry unless its sequence number is already taken (another instance appended
   * first), in which case nothing is written.
   *
   * @param entry the entry, with sequence one above {@link #last()}'s
   * @return true if written, false if the sequence number was taken
   */
  boolean append(AuditEntry entry);

  /**
   * Streams every entry in stored order. The caller closes the stream.
   *
   * @return the entries
   */
  Stream<AuditEntry> readAll();
}
