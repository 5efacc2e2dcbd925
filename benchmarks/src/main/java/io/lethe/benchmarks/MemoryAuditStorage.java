package io.lethe.benchmarks;

import io.lethe.core.audit.AuditEntry;
import io.lethe.core.spi.AuditStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An audit trail in memory, for benchmarks whose subject is not the trail: the consent set-up
 * records thousands of choices, which a file forced to disk per line would make take minutes.
 */
final class MemoryAuditStorage implements AuditStorage {

  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized Optional<AuditEntry> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  @Override
  public synchronized AuditEntry append(Function<Optional<AuditEntry>, AuditEntry> next) {
    AuditEntry entry = next.apply(last());
    entries.add(entry);
    return entry;
  }

  @Override
  public synchronized Stream<AuditEntry> readAll() {
    return List.copyOf(entries).stream();
  }
}
