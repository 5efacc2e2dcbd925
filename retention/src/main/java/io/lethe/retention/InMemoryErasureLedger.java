package io.lethe.retention;

import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.retention.spi.ErasureLedger;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An erasure ledger in memory, for tests and single-process hosts. It is lost on restart, and with
 * it the deferred erasures and the tombstones a restored backup needs: production hosts use {@link
 * JdbcErasureLedger}.
 */
public final class InMemoryErasureLedger implements ErasureLedger {

  private final Map<String, Tombstone> tombstones = new HashMap<>();
  private final Map<String, Deferral> deferrals = new LinkedHashMap<>();

  /** Receipts by reference, then by subject hash. */
  private final Map<String, Map<String, ErasureReceipt>> receipts = new HashMap<>();

  /** Creates an empty ledger. */
  public InMemoryErasureLedger() {}

  @Override
  public synchronized void record(Collection<Tombstone> values) {
    values.forEach(t -> tombstones.putIfAbsent(t.subjectHash(), t));
  }

  @Override
  public synchronized Map<String, Instant> erased(Collection<String> subjectHashes) {
    Map<String, Instant> found = new LinkedHashMap<>();
    subjectHashes.stream()
        .filter(tombstones::containsKey)
        .forEach(h -> found.put(h, tombstones.get(h).erasedAt()));
    return found;
  }

  @Override
  public synchronized void defer(Deferral deferral) {
    deferrals.put(deferral.id(), deferral);
  }

  @Override
  public synchronized List<Deferral> dueIn(String store, Instant at) {
    return deferrals.values().stream()
        .filter(d -> d.store().equals(store) && !d.notBefore().isAfter(at))
        .sorted(Comparator.comparing(Deferral::createdAt).thenComparing(Deferral::id))
        .toList();
  }

  @Override
  public synchronized List<Deferral> pending() {
    return deferrals.values().stream()
        .sorted(Comparator.comparing(Deferral::createdAt).thenComparing(Deferral::id))
        .toList();
  }

  @Override
  public synchronized void finish(String id) {
    deferrals.remove(id);
  }

  @Override
  public synchronized ErasureReceipt addToReceipt(ErasureReceipt attempt) {
    String reference = requireReference(attempt);
    return receipts
        .computeIfAbsent(reference, r -> new LinkedHashMap<>())
        .merge(attempt.subjectHash(), attempt, ErasureReceipt::followedBy);
  }

  @Override
  public synchronized List<ErasureReceipt> receipts(String reference) {
    return List.copyOf(receipts.getOrDefault(reference, Map.of()).values());
  }

  /** The attempt's reference, which a receipt is kept under. */
  static String requireReference(ErasureReceipt attempt) {
    java.util.Objects.requireNonNull(attempt, "attempt");
    if (attempt.reference() == null) {
      throw new IllegalArgumentException(
          "an erasure without a reference has no receipt to add" + " to");
    }
    return attempt.reference();
  }
}
