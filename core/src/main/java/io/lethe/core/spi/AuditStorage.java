package io.lethe.core.spi;

import io.lethe.core.audit.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
   * Appends the next entry of the chain: reads the newest entry, passes it to {@code next} and
   * stores the entry that returns, holding the trail exclusively from the read until the new entry
   * is stored, so that no other writer appends in between: not another thread, and, for a storage
   * shared between host instances, not another instance either.
   *
   * <p>Writers wait for each other: an append never fails because others are appending. It fails
   * only when the storage itself does.
   *
   * @param next builds the entry to store from the newest entry (empty for an empty trail); it is
   *     called once, while the trail is held, and must not call the storage
   * @return the stored entry
   * @throws io.lethe.core.audit.AuditLog.AuditException if the storage cannot read or write
   */
  AuditEntry append(Function<Optional<AuditEntry>, AuditEntry> next);

  /**
   * Appends several entries of the chain, in order, each built from the one before it (the first
   * from the newest stored entry). A storage that can should hold the trail once for all of them
   * and store them together, all or none; the default appends them one at a time.
   *
   * @param next builds each entry from the one before it, as for {@link #append(Function)}
   * @return the stored entries, in order
   * @throws io.lethe.core.audit.AuditLog.AuditException if the storage cannot read or write
   */
  default List<AuditEntry> appendAll(List<Function<Optional<AuditEntry>, AuditEntry>> next) {
    List<AuditEntry> stored = new ArrayList<>(next.size());
    for (Function<Optional<AuditEntry>, AuditEntry> one : next) {
      stored.add(append(one));
    }
    return stored;
  }

  /**
   * Streams every entry in stored order. The caller closes the stream.
   *
   * @return the entries
   */
  Stream<AuditEntry> readAll();
}
