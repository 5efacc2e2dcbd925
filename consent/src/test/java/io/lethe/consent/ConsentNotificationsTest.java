package io.lethe.consent;

import static io.lethe.consent.TestEvents.choice;
import static io.lethe.consent.TestEvents.hash;
import static io.lethe.consent.TestEvents.link;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.lethe.consent.spi.ConsentLedger.ConsentLedgerException;
import io.lethe.testsupport.ScratchDatabase;
import io.lethe.testsupport.ScratchTables;
import io.lethe.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two host instances on one PostgreSQL database, each with a pool and a ledger of its own: what one
 * appends or announces, the other hears within a second, through {@code LISTEN/NOTIFY}. On H2
 * nothing is heard, and subscribing is harmless.
 */
@SuppressWarnings("try") // subscriptions are held open for a block, never read in it
class ConsentNotificationsTest {

  @RegisterExtension final ScratchDatabase scratch = new ScratchDatabase();

  private ScratchTables tables;
  private HikariDataSource otherPool;
  private JdbcConsentLedger first;
  private JdbcConsentLedger second;
  private String table;

  @BeforeEach
  void two_instances_on_one_database() {
    tables = scratch.open("postgresql", "notifications");
    table = tables.name("consent");
    first = JdbcConsentLedger.of(tables.dataSource(), table).createTableIfMissing();
    otherPool = TestPostgres.anotherPool();
    second = JdbcConsentLedger.of(otherPool, table).createTableIfMissing();
  }

  @AfterEach
  void close_the_other_pool() {
    otherPool.close();
  }

  @Test
  void an_append_on_one_instance_is_heard_on_the_other_within_a_second() throws Exception {
    // GIVEN the second instance listening
    CompletableFuture<Set<String>> heard = new CompletableFuture<>();
    assertThat(second.hearsOtherInstances()).isTrue();
    try (AutoCloseable subscription = second.subscribe(heard::complete)) {
      String visitor = hash();
      String account = hash();

      // WHEN the first appends a link of two subjects
      first.append(List.of(link(visitor, account)));

      // THEN the second hears both
      assertThat(heard.get(1, SECONDS)).containsExactlyInAnyOrder(visitor, account);
    }
  }

  @Test
  void an_announcement_is_heard_and_a_rolled_back_append_is_not() throws Exception {
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (AutoCloseable subscription = second.subscribe(heard::add)) {
      // GIVEN an append that the database refuses after its notification was sent
      tables.execute(
          "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + table
              + "_no_refused CHECK (purpose <> 'refused')");
      String refused = hash();
      assertThatThrownBy(
              () -> first.append(List.of(choice(refused, "refused", ConsentStatus.CONSENT_GIVEN))))
          .isInstanceOf(ConsentLedgerException.class);

      // WHEN the first announces a restriction's subjects
      String restricted = hash();
      first.announce(Set.of(restricted));

      // THEN only the announcement arrives
      assertThat(heard.poll(1, SECONDS)).containsExactly(restricted);
      assertThat(heard).isEmpty();
    }
  }

  @Test
  void hashes_beyond_one_notification_arrive_in_several() throws Exception {
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (AutoCloseable subscription = second.subscribe(heard::add)) {
      List<ConsentEvent> events = new ArrayList<>();
      Set<String> subjects = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        String subject = hash();
        subjects.add(subject);
        events.add(choice(subject, "marketing", ConsentStatus.CONSENT_GIVEN));
      }

      first.append(events);

      Set<String> all = new HashSet<>();
      while (all.size() < subjects.size()) {
        Set<String> some = heard.poll(1, SECONDS);
        assertThat(some).as("a notification after %d hashes", all.size()).isNotNull();
        all.addAll(some);
      }
      assertThat(all).isEqualTo(subjects);
    }
  }

  @Test
  void closing_the_last_subscription_stops_the_thread() throws Exception {
    // GIVEN two subscriptions, and the thread that calls them
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    BlockingQueue<Set<String>> heardByTwo = new LinkedBlockingQueue<>();
    AutoCloseable one = second.subscribe(hashes -> caller.complete(Thread.currentThread()));
    AutoCloseable two = second.subscribe(heardByTwo::add);
    first.announce(Set.of(hash()));
    Thread thread = caller.get(1, SECONDS);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(heardByTwo.poll(1, SECONDS)).hasSize(1);

    // WHEN one is closed, the other still hears
    one.close();
    String later = hash();
    first.announce(Set.of(later));
    assertThat(heardByTwo.poll(1, SECONDS)).containsExactly(later);

    // WHEN the other is closed too, the thread ends
    two.close();
    thread.join(5_000);
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void after_a_lost_connection_it_listens_again_and_says_that_everything_may_have_changed()
      throws Exception {
    // GIVEN the second instance listening
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (AutoCloseable subscription = second.subscribe(heard::add)) {
      // WHEN the database ends its listening connection
      try (Connection connection = TestPostgres.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT pg_terminate_backend(pid)"
                      + " FROM pg_stat_activity WHERE query = 'LISTEN "
                      + table
                      + "'")) {
        assertThat(rs.next()).as("the listening connection").isTrue();
      }

      // THEN the listener hears "everything", and then the appends again
      assertThat(heard.poll(5, SECONDS)).isNotNull().isEmpty();
      String subject = hash();
      first.append(List.of(choice(subject, "marketing", ConsentStatus.CONSENT_WITHDRAWN)));
      assertThat(heard.poll(1, SECONDS)).containsExactly(subject);
    }
  }
}
