package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@link InMemoryStore}'s references do beyond the store contract: a clock read from the
 * referenced row, the key column references lead to, and the mappings it refuses.
 */
class InMemoryStoreReferencesTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Anchor COMPLETED = Anchor.event("job.completed");
  private static final SubjectRef A1 = SubjectRef.account("a1");

  private static InMemoryStore jobs() {
    return InMemoryStore.builder("jobs")
        .key("id")
        .category("user.behavior.usage")
        .subject("account_id", IdentifierType.ACCOUNT_ID)
        .anchor(Anchor.COLLECTED, "created_at")
        .anchor(COMPLETED, "completed_at")
        .build();
  }

  private static InMemoryStore results(InMemoryStore jobs) {
    return InMemoryStore.builder("job_results")
        .key("id")
        .category("user.behavior.usage")
        .reference("job_id", jobs, "id")
        .field("phone", "user.contact.phone_number")
        .anchor(Anchor.COLLECTED, "created_at")
        .anchorThrough(COMPLETED, "job_id", "completed_at")
        .build();
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void a_rules_clock_can_start_in_the_row_a_reference_leads_to() {
    // GIVEN a job completed 100 days ago, one 10 days ago and one not completed, 2 results each
    InMemoryStore jobs = jobs();
    jobs.insert(
        RecordKey.of(1L),
        Map.of("account_id", "a1", "created_at", daysAgo(120), "completed_at", daysAgo(100)));
    jobs.insert(
        RecordKey.of(2L),
        Map.of("account_id", "a1", "created_at", daysAgo(30), "completed_at", daysAgo(10)));
    jobs.insert(RecordKey.of(3L), Map.of("account_id", "a1", "created_at", daysAgo(2)));
    InMemoryStore results = results(jobs);
    for (long id = 1; id <= 6; id++) {
      // Integer job ids: a whole number matches the key whatever its boxed type
      results.insert(
          RecordKey.of(id),
          Map.of(
              "job_id", (int) (id + 1) / 2, "phone", "+1555000" + id, "created_at", daysAgo(150)));
    }

    // WHEN the results whose job completed more than 90 days ago are looked for
    List<RecordKey> expired =
        results.findExpired(
            ExpiryQuery.firstPage(
                CategoryKey.of("user.behavior.usage"), COMPLETED, daysAgo(90), 100));

    // THEN only those of the first job are, and each result carries its job's completion
    assertThat(expired).containsExactly(RecordKey.of(1L), RecordKey.of(2L));
    assertThat(results.descriptor().supports(COMPLETED)).isTrue();
    try (Stream<PersonalRecord> records = results.recordsOf(Set.of(A1))) {
      assertThat(records.toList())
          .extracting(r -> r.anchors().get(COMPLETED).orElse(null))
          .containsExactly(daysAgo(100), daysAgo(100), daysAgo(10), daysAgo(10), null, null);
    }
  }

  @Test
  void an_anchor_is_read_only_through_a_reference_to_a_key() {
    InMemoryStore jobs = jobs();

    assertThatThrownBy(
            () ->
                InMemoryStore.builder("results")
                    .category("user.behavior.usage")
                    .reference("job_id", jobs, "id")
                    .anchorThrough(COMPLETED, "order_id", "completed_at")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no reference holds column 'order_id'");
    assertThatThrownBy(
            () ->
                InMemoryStore.builder("results")
                    .category("user.behavior.usage")
                    .reference("account_id", jobs, "account_id")
                    .anchorThrough(COMPLETED, "account_id", "completed_at")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must lead to the key column of store 'jobs'");
  }

  @Test
  void a_store_needs_a_subject_column_or_a_reference() {
    assertThatThrownBy(() -> InMemoryStore.builder("loose").category("user.account").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "at least one column must link a row to its subject, or a" + " reference");
  }

  @Test
  void the_key_column_holds_the_rows_key() {
    InMemoryStore jobs = jobs();

    jobs.insert(RecordKey.of(7L), Map.of("account_id", "a1", "created_at", NOW));

    assertThat(jobs.row(RecordKey.of(7L)).orElseThrow()).containsEntry("id", 7L);
    assertThatThrownBy(
            () ->
                jobs.insert(
                    RecordKey.of(8L), Map.of("id", 9L, "account_id", "a1", "created_at", NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'id' holds the key");
  }

  @Test
  void the_rows_holding_a_shared_reference_refer_to_the_store_that_declares_it() {
    InMemoryStore customers =
        InMemoryStore.builder("customers")
            .key("id")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .build();
    InMemoryStore addresses =
        InMemoryStore.builder("addresses")
            .key("id")
            .category("user.contact.address")
            .reference("id", customers, "address_id")
            .build();

    // a customer's address_id refers to an address: customers are erased first
    assertThat(customers.refersTo(addresses)).isTrue();
    assertThat(addresses.refersTo(customers)).isFalse();
  }

  @Test
  void an_anonymization_that_would_change_the_key_column_is_a_problem() {
    InMemoryStore keyedByEmail =
        InMemoryStore.builder("newsletter")
            .key("email")
            .category("user.contact")
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .field("name", "user.name")
            .build();
    SubjectHasher hasher =
        SubjectHasher.withSecret(
            "in-memory-references-secret-32-b".getBytes(StandardCharsets.UTF_8));

    assertThat(
            keyedByEmail.problemsWith(
                new Anonymization(
                    Map.of(CategoryKey.of("user"), FieldStrategy.of(FieldStrategy.Kind.HASH)),
                    hasher)))
        .containsExactly("column 'email' is the store's key");
    assertThat(
            keyedByEmail.problemsWith(
                new Anonymization(
                    Map.of(CategoryKey.of("user.name"), FieldStrategy.of(FieldStrategy.Kind.NULL)),
                    hasher)))
        .isEmpty();
  }
}
