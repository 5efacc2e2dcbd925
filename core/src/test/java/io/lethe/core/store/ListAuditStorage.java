package io.lethe.core.store;

import io.lethe.core.audit.AuditEntry;
import io.lethe.core.spi.AuditStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An audit storage in a list, for tests of what gets audited. */
final class ListAuditStorage implements AuditStorage {

  final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized Optional<AuditEntry> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }

  @Override
  public synchronized boolean append(AuditEntry entry) {
    if (entry.sequence() != entries.size() + 1) {
      return false;
    }
    entries.add(entry);
    return true;
  }

  @Override
  public synchronized Stream<AuditEntry> readAll() {
    return List.copyOf(entries).stream();
  }
}
