package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.erasure.ErasureReceipt;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.AuditStorage;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreException;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A store that fails one call in ten at random, during a sweep over 100,000 records and the erasure
 * of 100 subjects: retried as a host would (the next sweep, the request again), the end state is
 * the oracle's and every receipt counts exactly the subject's records.
 */
class FlakyStoreTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final long SEED = Long.getLong("lethe.flaky.seed", 20261207L);
  private static final int ROWS = 100_000;
  private static final int ACCOUNTS = 1_000;

  /** Fails one call in ten of the calls a sweep and an erasure make. */
  private static final class Flaky extends ForwardingStore {
    private final Random random;
    private long failures;

    Flaky(InMemoryStore delegate, Random random) {
      super(delegate);
      this.random = random;
    }

    private void maybeFail() {
      if (random.nextInt(10) == 0) {
        failures++;
        throw new IllegalStateException("connection reset");
      }
    }

    @Override
    public List<RecordKey> findExpired(ExpiryQuery query) {
      maybeFail();
      return super.findExpired(query);
    }

    @Override
    public int delete(List<RecordKey> keys) {
      maybeFail();
      return super.delete(keys);
    }

    @Override
    public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
      maybeFail();
      return super.recordsOf(identities);
    }

    @Override
    public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
      maybeFail();
      return super.linkedIdentities(identity);
    }
  }

  @Test
  void retried_sweeps_and_erasures_reach_the_oracles_end_state_with_exact_receipts() {
    // GIVEN 100,000 events of 1,000 accounts, collected over 200 days, kept 90 days
    Random data = new Random(SEED);
    InMemoryStore events =
        InMemoryStore.builder("events")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .anchor(Anchor.COLLECTED, "created_at")
            .build();
    Map<RecordKey, String> owner = new HashMap<>();
    Map<RecordKey, Instant> created = new HashMap<>();
    for (long id = 1; id <= ROWS; id++) {
      String account = "acct-" + data.nextInt(ACCOUNTS);
      Instant at = T0.minus(Duration.ofMinutes(data.nextInt(200 * 24 * 60)));
      events.insert(RecordKey.of(id), Map.of("account_id", account, "created_at", at));
      owner.put(RecordKey.of(id), account);
      created.put(RecordKey.of(id), at);
    }
    Flaky flaky = new Flaky(events, new Random(SEED + 1));
    MutableClock clock = MutableClock.at(T0);
    RetentionEngine engine =
        RetentionEngine.builder(policy())
            .stores(flaky)
            .audit(
                AuditLog.create(
                    new ListStorage(),
                    SubjectHasher.withSecret(
                        "flaky-store-test-secret-32-bytes".getBytes(StandardCharsets.UTF_8)),
                    clock))
            .clock(clock)
            .build();

    // WHEN sweeps run until one reports no failure, as a scheduler would run them
    int sweeps = 0;
    SweepReport report;
    do {
      report = engine.sweep(T0, SweepOptions.defaults().batchSize(1_000));
      sweeps++;
    } while (!report.failures().isEmpty() && sweeps < 500);

    // THEN exactly the events older than 90 days are gone
    Instant cutoff = T0.minus(Duration.ofDays(90));
    TreeSet<RecordKey> expected = new TreeSet<>();
    created.forEach(
        (key, at) -> {
          if (at.isAfter(cutoff)) {
            expected.add(key);
          }
        });
    assertThat(report.failures()).as("the last of %d sweeps", sweeps).isEmpty();
    assertThat(new TreeSet<>(events.keys())).isEqualTo(expected);

    // WHEN 100 accounts are erased, each request retried until its receipt is complete
    int attempts = 0;
    for (int a = 0; a < 100; a++) {
      SubjectRef account = SubjectRef.account("acct-" + a);
      String id = "acct-" + a;
      long held = expected.stream().filter(k -> owner.get(k).equals(id)).count();
      ErasureReceipt receipt = null;
      for (int attempt = 0; attempt < 50 && (receipt == null || !receipt.complete()); attempt++) {
        attempts++;
        try {
          receipt = engine.erase(account, "req-" + a);
        } catch (StoreException resolving) {
          // the identifiers could not be resolved: nothing was erased; the request is retried
        }
      }

      // THEN the receipt counts exactly what the account held, and nothing of it is left
      assertThat(receipt).as("account %d", a).isNotNull();
      assertThat(receipt.complete()).as("account %d after retries", a).isTrue();
      assertThat(receipt.deleted()).as("account %d's records deleted", a).isEqualTo(held);
      expected.removeIf(k -> owner.get(k).equals(id));
    }
    assertThat(new TreeSet<>(events.keys())).isEqualTo(expected);
    assertThat(flaky.failures).as("calls that failed").isGreaterThan(20);
    System.out.println(
        "FlakyStoreTest: "
            + flaky.failures
            + " failed calls, "
            + sweeps
            + " sweeps, "
            + attempts
            + " erasure attempts for 100 accounts");
  }

  private static PrivacyPolicy policy() {
    return PrivacyPolicy.builder("flaky")
        .controller("Flaky Ltd", "privacy@flaky.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .purpose(
            Purpose.builder("service")
                .name("Run the service")
                .basis(LawfulBasis.CONTRACT)
                .categories("user.behavior.usage")
                .build())
        .rule(
            RetentionRule.builder("events")
                .categories("user.behavior.usage")
                .maximum("P90D")
                .build())
        .build();
  }

  /** An audit trail in memory. */
  private static final class ListStorage implements AuditStorage {
    private final List<io.lethe.core.audit.AuditEntry> entries = new java.util.ArrayList<>();

    @Override
    public synchronized java.util.Optional<io.lethe.core.audit.AuditEntry> last() {
      return entries.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public synchronized io.lethe.core.audit.AuditEntry append(
        java.util.function.Function<
                java.util.Optional<io.lethe.core.audit.AuditEntry>, io.lethe.core.audit.AuditEntry>
            next) {
      io.lethe.core.audit.AuditEntry entry = next.apply(last());
      entries.add(entry);
      return entry;
    }

    @Override
    public synchronized Stream<io.lethe.core.audit.AuditEntry> readAll() {
      return List.copyOf(entries).stream();
    }
  }
}
