package io.lethe.retention;

import io.lethe.core.internal.TextTable;
import java.time.Instant;
import java.util.List;

/**
 * What a sweep did.
 *
 * @param policy the policy's id
 * @param at the instant swept for
 * @param lines one per store and category with a rule
 */
public record SweepReport(String policy, Instant at, List<SweepLine> lines) {

  /** Copies the list. */
  public SweepReport {
    lines = List.copyOf(lines);
  }

  /** {@return how many records were processed in all} */
  public long totalProcessed() {
    return lines.stream().mapToLong(SweepLine::processed).sum();
  }

  /** {@return whether the sweep was cancelled before it finished} */
  public boolean cancelled() {
    return lines.stream().anyMatch(l -> l.status() == SweepLine.Status.CANCELLED);
  }

  /** {@return the lines of stores that failed; empty when every store was swept} */
  public List<SweepLine> failures() {
    return lines.stream().filter(l -> l.status() == SweepLine.Status.FAILED).toList();
  }

  /** {@return the report as an aligned text table} */
  public String toTable() {
    TextTable table =
        new TextTable("store", "category", "rule", "action", "processed", "batches", "status");
    for (SweepLine line : lines) {
      table.row(
          line.store(),
          line.category(),
          line.rule(),
          line.action(),
          line.processed(),
          line.batches(),
          line.status().name().toLowerCase(java.util.Locale.ROOT));
      if (line.failure() != null) {
        table.note(line.failure());
      }
    }
    return "Sweep of policy '"
        + policy
        + "' at "
        + at
        + ": "
        + totalProcessed()
        + " records processed"
        + System.lineSeparator()
        + table.render();
  }
}
