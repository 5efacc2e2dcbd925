package io.lethe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.store.jdbc.JdbcStores;
import io.lethe.core.subject.SubjectRef;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's reference snippet, compiled and run on H2. */
class ReferenceQuickStartTest {

  @Test
  void reference_quick_start() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme-references;DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id VARCHAR(40) NOT NULL,"
              + " placed_at TIMESTAMP NOT NULL, completed_at TIMESTAMP)");
      s.execute(
          "CREATE TABLE order_items (order_id BIGINT NOT NULL, line_no INT NOT NULL,"
              + " product VARCHAR(100), added_at TIMESTAMP NOT NULL, PRIMARY KEY (order_id,"
              + " line_no))");
      s.execute(
          "INSERT INTO orders VALUES (1, 'acct-1', TIMESTAMP '2026-01-01 00:00:00',"
              + " TIMESTAMP '2026-01-03 00:00:00'), (2, 'acct-2', TIMESTAMP '2026-01-01 00:00:00',"
              + " NULL)");
      s.execute(
          "INSERT INTO order_items VALUES (1, 1, 'lamp', TIMESTAMP '2026-01-01"
              + " 00:00:00'), (1, 2, 'bulb', TIMESTAMP '2026-01-01 00:00:00'), (2, 1, 'desk',"
              + " TIMESTAMP '2026-01-01 00:00:00')");
    }
    Clock clock = Clock.systemUTC();

    // readme:begin
    List<JdbcStore> shop =
        JdbcStores.open(
            dataSource,
            clock,
            JdbcMapping.builder("orders")
                .table("orders", "id")
                .category("user.financial.transaction")
                .subject("customer_id", IdentifierType.ACCOUNT_ID)
                .collectedAt("placed_at")
                .anchor(Anchor.event("order.completed"), "completed_at")
                .build(),
            JdbcMapping.builder("order_items")
                .table("order_items", "order_id", "line_no") // a composite key
                .category("user.financial.transaction")
                .reference("order_id", "orders", "id") // an item belongs with its order
                .field("product", "user.financial.transaction")
                .collectedAt("added_at")
                .anchorThrough(Anchor.event("order.completed"), "order_id", "completed_at")
                .build());
    // readme:end

    try (Stream<PersonalRecord> items =
        shop.get(1).recordsOf(Set.of(SubjectRef.account("acct-1")))) {
      List<PersonalRecord> read = items.toList();
      assertThat(read).extracting(r -> r.fields().get(0).value()).containsExactly("lamp", "bulb");
      assertThat(read)
          .extracting(r -> r.key().parts())
          .containsExactly(List.of(1L, 1L), List.of(1L, 2L));
      assertThat(read)
          .allSatisfy(
              r ->
                  assertThat(r.anchors().get(Anchor.event("order.completed")))
                      .contains(Instant.parse("2026-01-03T00:00:00Z")));
    }
  }
}
