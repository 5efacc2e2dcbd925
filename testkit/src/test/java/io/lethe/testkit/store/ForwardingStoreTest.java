package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A forwarding store hands out what the wrapped store says of its records: a wrapper that dropped
 * it would let an erasure take a shared address from under another customer.
 */
class ForwardingStoreTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryStore customers =
      InMemoryStore.builder("customers")
          .key("id")
          .category("user.account")
          .subject("account_id", IdentifierType.ACCOUNT_ID)
          .build();
  private final InMemoryStore orders =
      InMemoryStore.builder("orders")
          .key("id")
          .category("user.financial.transaction")
          .reference("customer_id", customers, "id")
          .build();
  private final InMemoryStore addresses =
      InMemoryStore.builder("addresses")
          .key("id")
          .category("user.contact.address")
          .reference("id", customers, "address_id")
          .field("id", "user.contact.address")
          .build();

  ForwardingStoreTest() {
    customers.insert(
        RecordKey.of(1L), Map.of("account_id", "ada", "address_id", 100L, "collected", T0));
    customers.insert(
        RecordKey.of(2L), Map.of("account_id", "bob", "address_id", 100L, "collected", T0));
    addresses.insert(RecordKey.of(100L), Map.of("collected", T0));
  }

  @Test
  void forwards_which_records_other_subjects_share() {
    PersonalDataStore wrapped = new ForwardingStore(addresses);

    assertThat(
            wrapped.sharedWithOthers(
                List.of(RecordKey.of(100L)), Set.of(SubjectRef.account("ada"))))
        .containsExactly(RecordKey.of(100L));
  }

  @Test
  void forwards_which_stores_it_refers_to_whichever_side_is_wrapped() {
    assertThat(new ForwardingStore(orders).refersTo(customers)).isTrue();
    assertThat(orders.refersTo(new ForwardingStore(customers)))
        .as("the store cannot see" + " through a wrapper")
        .isFalse();
    assertThat(
            new ForwardingStore(orders)
                .refersTo(new ForwardingStore(new ForwardingStore(customers))))
        .isTrue();
    assertThat(new ForwardingStore(customers).refersTo(new ForwardingStore(orders))).isFalse();
  }

  @Test
  void forwards_the_anonymizations_it_cannot_apply() {
    Anonymization clear =
        new Anonymization(
            Map.of(
                CategoryKey.of("user.contact.address"), FieldStrategy.of(FieldStrategy.Kind.NULL)),
            SubjectHasher.withSecret(
                "forwarding-store-test-secret-32b".getBytes(StandardCharsets.UTF_8)));

    assertThat(new ForwardingStore(addresses).problemsWith(clear))
        .isEqualTo(addresses.problemsWith(clear))
        .isNotEmpty();
  }
}
