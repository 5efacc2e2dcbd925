package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link InMemoryStore}'s composite keys do beyond the store contract: the key columns hold
 * the key's parts, a key of another shape is refused, and one column of a composite key is no key a
 * reference can lead to one row through.
 */
class InMemoryStoreCompositeKeyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static InMemoryStore visits() {
    return InMemoryStore.builder("visits")
        .key("customer_id", "day")
        .category("user.behavior.browsing_history")
        .subject("customer_id", IdentifierType.ACCOUNT_ID)
        .field("ip", "user.device.ip_address")
        .field("day", "user.behavior.browsing_history")
        .build();
  }

  @Test
  void the_key_columns_hold_the_keys_parts() {
    InMemoryStore visits = visits();
    RecordKey key = RecordKey.composite(List.of("ada", LocalDate.of(2026, 5, 1)));

    visits.insert(key, Map.of("ip", "203.0.113.1", "collected", T0));

    assertThat(visits.row(key).orElseThrow())
        .containsEntry("customer_id", "ada")
        .containsEntry("day", LocalDate.of(2026, 5, 1));
  }

  @Test
  void a_key_that_does_not_fit_the_key_columns_is_refused_naming_no_value() {
    InMemoryStore visits = visits();

    assertThatThrownBy(() -> visits.insert(RecordKey.of("ada"), Map.of("collected", T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyed by 2 column(s); a key of 1 part(s)")
        .hasMessageNotContaining("ada");
    assertThatThrownBy(
            () ->
                visits.insert(
                    RecordKey.composite(List.of("ada", LocalDate.of(2026, 5, 1))),
                    Map.of("customer_id", "bob", "collected", T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'customer_id' holds the key's part 1")
        .hasMessageNotContaining("bob");
  }

  @Test
  void a_store_without_key_columns_refuses_a_key_of_another_shape() {
    InMemoryStore events =
        InMemoryStore.builder("events")
            .category("user.behavior")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .build();
    events.insert(
        RecordKey.composite(List.of(1L, 2L)), Map.of("account_id", "ada", "collected", T0));

    assertThatThrownBy(
            () -> events.insert(RecordKey.of(3L), Map.of("account_id", "ada", "collected", T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(events.keys()).containsExactly(RecordKey.composite(List.of(1L, 2L)));
  }

  @Test
  void one_column_of_a_composite_key_leads_to_no_single_row() {
    InMemoryStore lines =
        InMemoryStore.builder("order_lines")
            .key("order_id", "line_no")
            .category("user.financial.transaction")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .anchor(Anchor.event("order.completed"), "completed_at")
            .build();

    assertThatThrownBy(
            () ->
                InMemoryStore.builder("line_notes")
                    .category("user.communication")
                    .reference("order_id", lines, "order_id")
                    .anchorThrough(Anchor.event("order.completed"), "order_id", "completed_at")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must lead to the key column of store 'order_lines'");
    assertThatThrownBy(() -> InMemoryStore.builder("x").key("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("each named once");
  }

  @Test
  void an_anonymization_that_would_change_a_key_column_is_a_problem() {
    SubjectHasher hasher =
        SubjectHasher.withSecret(
            "in-memory-composite-secret-32-by".getBytes(StandardCharsets.UTF_8));

    assertThat(
            visits()
                .problemsWith(
                    new Anonymization(
                        Map.of(
                            CategoryKey.of("user.behavior"),
                            FieldStrategy.of(FieldStrategy.Kind.NULL)),
                        hasher)))
        .containsExactly("column 'day' is part of the store's key");
  }
}
