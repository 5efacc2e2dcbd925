package io.lethe.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.internal.TextTable;
import java.time.Instant;
import java.util.List;

/**
 * A dry run of a sweep: per store and category, how many records are due and how many are held
 * back, and why. Nothing is changed by planning.
 *
 * @param policy the policy's id
 * @param at the instant planned for
 * @param lines one per store and category with a rule
 */
public record RetentionPlan(String policy, Instant at, List<PlanLine> lines) {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** Copies the list. */
  public RetentionPlan {
    lines = List.copyOf(lines);
  }

  /** {@return how many records the sweep would process} */
  public long totalDue() {
    return lines.stream().mapToLong(PlanLine::due).sum();
  }

  /** {@return how many expired records holds keep} */
  public long totalHeld() {
    return lines.stream().mapToLong(PlanLine::heldByHold).sum();
  }

  /** {@return the plan as an aligned text table, with why records are kept under each line} */
  public String toTable() {
    TextTable table = new TextTable("store", "category", "rule", "action", "due", "held", "floor");
    for (PlanLine line : lines) {
      String why = line.note() != null ? line.note() : String.join("; ", line.holds());
      table.row(
          line.store(),
          line.category(),
          line.rule(),
          line.action(),
          line.due(),
          line.heldByHold(),
          line.protectedByFloor());
      if (!why.isEmpty()) {
        table.note("why kept: " + why);
      }
    }
    return "Retention plan for policy '"
        + policy
        + "' at "
        + at
        + ": "
        + totalDue()
        + " due, "
        + totalHeld()
        + " held"
        + System.lineSeparator()
        + table.render();
  }

  /** {@return the plan as JSON} */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan could not be written as JSON", e);
    }
  }
}
