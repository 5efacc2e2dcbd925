package io.lethe.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.audit.JsonLinesAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.FieldStrategy;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testkit.store.ForwardingStore;
import io.lethe.testkit.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionEngineTest {

  private static final Instant T0 = Instant.parse("2026-01-10T00:00:00Z");
  private static final CategoryKey JOBS = CategoryKey.of("user.behavior.usage");

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(T0);
  private AuditLog audit;
  private LegalHolds holds;
  private InMemoryStore jobs;
  private InMemoryStore accounts;

  @BeforeEach
  void setUp() {
    audit =
        AuditLog.create(
            JsonLinesAuditStorage.at(dir.resolve("audit.jsonl")),
            SubjectHasher.withSecret(
                "retention-test-secret-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
            clock);
    holds = LegalHolds.create(new InMemoryHoldRegistry(), audit, clock);
    jobs =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("ip", "user.device.ip_address")
            .anchor(Anchor.COLLECTED, "created_at")
            .anchor(Anchor.event("job.completed"), "completed_at")
            .build();
    accounts =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .subject("email", IdentifierType.EMAIL)
            .field("email", "user.contact.email")
            .anchor(Anchor.COLLECTED, "created_at")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .build();
  }

  private static PrivacyPolicy.Builder policy() {
    return PrivacyPolicy.builder("shop")
        .controller("Shop", "privacy@shop.example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1));
  }

  private static PrivacyPolicy jobsPolicy() {
    return policy()
        .rule(
            RetentionRule.builder("jobs")
                .categories("user.behavior.usage")
                .anchoredOn("job.completed")
                .maximum("P90D")
                .build())
        .rule(
            RetentionRule.builder("ip-logs")
                .categories("user.device.ip_address")
                .maximum("P30D")
                .build())
        .rule(
            RetentionRule.builder("accounts")
                .categories("user.account", "user.contact.email")
                .anchoredOn("account.closed")
                .maximum("P30D")
                .build())
        .build();
  }

  private RetentionEngine.Builder engine(PrivacyPolicy policy) {
    return RetentionEngine.builder(policy)
        .stores(jobs, accounts)
        .audit(audit)
        .holds(holds)
        .clock(clock);
  }

  private void job(long id, String account, Instant created, Instant completed) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("ip", "198.51.100." + id);
    row.put("created_at", created);
    row.put("completed_at", completed);
    jobs.insert(RecordKey.of(id), row);
  }

  private void account(long id, String account, String email, Instant closed) {
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", account);
    row.put("email", email);
    row.put("created_at", T0.minus(Duration.ofDays(400)));
    row.put("closed_at", closed);
    accounts.insert(RecordKey.of(id), row);
  }

  private List<AuditEntry> auditEntries() {
    try (Stream<AuditEntry> entries = audit.entries()) {
      return entries.toList();
    }
  }

  private List<Object> jobIds() {
    return jobs.keys().stream().map(RecordKey::value).toList();
  }

  @Test
  void a_job_completed_on_10_january_is_deleted_on_10_april_and_not_a_day_before() {
    job(1, "a", T0, T0);
    job(2, "a", T0, T0.plus(Duration.ofDays(1)));
    job(3, "a", T0, null);
    RetentionEngine engine = engine(jobsPolicy()).build();

    SweepReport dayBefore =
        engine.sweep(Instant.parse("2026-04-09T23:59:59Z"), SweepOptions.defaults());
    assertThat(jobIds()).containsExactly(1L, 2L, 3L);
    assertThat(dayBefore.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .extracting(SweepLine::processed)
        .isEqualTo(0L);

    SweepReport onTheDay =
        engine.sweep(Instant.parse("2026-04-10T00:00:00Z"), SweepOptions.defaults());
    assertThat(jobIds()).as("job 3 never completed").containsExactly(2L, 3L);
    assertThat(onTheDay.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.processed()).isEqualTo(1);
              assertThat(l.status()).isEqualTo(SweepLine.Status.COMPLETED);
            });
  }

  @Test
  void a_field_with_a_shorter_rule_is_cleared_while_its_record_stays() {
    job(1, "a", T0, null);

    engine(jobsPolicy()).build().sweep(T0.plus(Duration.ofDays(30)), SweepOptions.defaults());

    assertThat(jobs.row(RecordKey.of(1L)).orElseThrow())
        .containsEntry("ip", null)
        .containsEntry("account_id", "a");
  }

  @Test
  void running_the_same_sweep_twice_processes_nothing_the_second_time() {
    for (long id = 1; id <= 25; id++) {
      job(id, "a", T0, T0);
    }
    RetentionEngine engine = engine(jobsPolicy()).build();
    Instant later = T0.plus(Duration.ofDays(200));

    SweepReport first = engine.sweep(later, SweepOptions.defaults().batchSize(10));
    SweepReport second = engine.sweep(later, SweepOptions.defaults().batchSize(10));

    assertThat(first.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .satisfies(l -> assertThat(l.batches()).isEqualTo(3));
    assertThat(first.totalProcessed()).isEqualTo(25);
    assertThat(second.totalProcessed()).isZero();
    assertThat(auditEntries())
        .filteredOn(e -> e.action() == AuditAction.SWEEP_BATCH)
        .extracting(e -> e.counts().get("deleted"))
        .containsExactly(10L, 10L, 5L);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void a_subject_hold_survives_a_sweep_through_every_identifier_and_release_lets_the_next_go() {
    account(1, "acct-1", "held@example.com", T0);
    account(2, "acct-2", "free@example.com", T0);
    job(10, "acct-1", T0, T0);
    job(11, "acct-2", T0, T0);
    RetentionEngine engine = engine(jobsPolicy()).build();
    LegalHold hold =
        holds.holdSubject(
            SubjectRef.email("held@example.com"), "litigation L-7", "legal@shop.example", null);
    Instant later = T0.plus(Duration.ofDays(100));

    RetentionPlan plan = engine.plan(later);
    engine.sweep(later, SweepOptions.defaults());

    assertThat(jobIds())
        .as("the job is linked by account id, the hold by email")
        .containsExactly(10L);
    assertThat(accounts.keys()).containsExactly(RecordKey.of(1L));
    assertThat(plan.lines())
        .filteredOn(l -> l.store().equals("jobs") && l.category().equals(JOBS))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.due()).isEqualTo(1);
              assertThat(l.heldByHold()).isEqualTo(1);
              assertThat(l.holds()).containsExactly("subject hold: litigation L-7");
            });

    holds.release(hold.id(), "legal@shop.example");
    engine.sweep(later, SweepOptions.defaults());

    assertThat(jobIds()).isEmpty();
    assertThat(accounts.keys()).isEmpty();
    assertThat(auditEntries())
        .extracting(AuditEntry::action)
        .contains(AuditAction.HOLD_PLACED, AuditAction.HOLD_RELEASED);
    assertThat(auditEntries().toString()).doesNotContain("held@example.com");
  }

  @Test
  void a_category_hold_keeps_everything_of_that_category_and_says_so() {
    job(1, "a", T0, T0);
    holds.holdCategory(JOBS, "audit by regulator", "dpo", null);
    RetentionEngine engine = engine(jobsPolicy()).build();
    Instant later = T0.plus(Duration.ofDays(100));

    RetentionPlan plan = engine.plan(later);
    SweepReport report = engine.sweep(later, SweepOptions.defaults());

    assertThat(jobIds()).containsExactly(1L);
    assertThat(report.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .extracting(SweepLine::status)
        .isEqualTo(SweepLine.Status.HELD);
    assertThat(plan.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.heldByHold()).isEqualTo(1);
              assertThat(l.holds()).containsExactly("category hold: audit by regulator");
            });
    assertThat(plan.toTable()).contains("category hold: audit by regulator");
    assertThat(plan.toJson()).contains("\"heldByHold\" : 1");
  }

  @Test
  void a_floor_is_never_crossed_even_when_the_maximum_has_passed() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .maximum("P1Y")
                    .minimum("P1Y")
                    .basis(LawfulBasis.LEGAL_OBLIGATION)
                    .build())
            .build();
    job(1, "a", Instant.parse("2025-01-10T12:00:00Z"), null);
    job(2, "a", Instant.parse("2025-01-10T12:00:01Z"), null);

    engine(policy).build().sweep(Instant.parse("2026-01-10T12:00:00Z"), SweepOptions.defaults());

    assertThat(jobIds()).containsExactly(2L);
  }

  @Test
  void anonymizing_rules_anonymize_once_and_keep_the_record() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .anchoredOn("account.closed")
                    .maximum("P30D")
                    .anonymize("user.contact.email", FieldStrategy.of(FieldStrategy.Kind.HASH))
                    .anonymize("user.account", FieldStrategy.of(FieldStrategy.Kind.NULL))
                    .build())
            .build();
    // the e-mail address is a field, not an identifier: hashing it leaves no link
    InMemoryStore profiles =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("account_id", "user.account")
            .field("email", "user.contact.email")
            .anchor(Anchor.COLLECTED, "created_at")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .build();
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", "acct-1");
    row.put("email", "ann@example.com");
    row.put("created_at", T0);
    row.put("closed_at", T0);
    profiles.insert(RecordKey.of(1L), row);
    RetentionEngine engine =
        RetentionEngine.builder(policy).stores(profiles).audit(audit).clock(clock).build();

    engine.sweep(T0.plus(Duration.ofDays(31)), SweepOptions.defaults());
    Object hashed = profiles.row(RecordKey.of(1L)).orElseThrow().get("email");
    SweepReport again = engine.sweep(T0.plus(Duration.ofDays(60)), SweepOptions.defaults());

    assertThat(hashed).isEqualTo(audit.hasher().hash("ann@example.com"));
    assertThat(profiles.row(RecordKey.of(1L)).orElseThrow())
        .containsEntry("email", hashed)
        .containsEntry("account_id", null);
    assertThat(again.totalProcessed()).isZero();
  }

  @Test
  void an_aggregation_hook_sees_each_batch_before_it_is_deleted() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .aggregateWith("hot-zones")
                    .build())
            .build();
    for (long id = 1; id <= 5; id++) {
      job(id, "a", T0, T0);
    }
    List<List<Object>> seen = new ArrayList<>();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(jobs)
            .audit(audit)
            .clock(clock)
            .aggregator(
                "hot-zones",
                (rule, store, records) -> {
                  assertThat(jobs.size())
                      .as("aggregated before deletion")
                      .isEqualTo(5 - 2 * seen.size());
                  seen.add(records.stream().map(r -> r.key().value()).toList());
                })
            .build();

    engine.sweep(T0.plus(Duration.ofDays(90)), SweepOptions.defaults().batchSize(2));

    assertThat(seen).containsExactly(List.of(1L, 2L), List.of(3L, 4L), List.of(5L));
    assertThat(jobIds()).isEmpty();
  }

  @Test
  void a_failing_aggregation_hook_deletes_nothing_and_says_so() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .aggregateWith("hot-zones")
                    .build())
            .build();
    job(1, "a", T0, T0);
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(jobs)
            .audit(audit)
            .clock(clock)
            .aggregator(
                "hot-zones",
                (rule, store, records) -> {
                  throw new IllegalStateException("stats database down");
                })
            .build();

    assertThatThrownBy(() -> engine.sweep(T0.plus(Duration.ofDays(90)), SweepOptions.defaults()))
        .isInstanceOf(AggregationFailedException.class)
        .hasMessage(
            "Aggregation hook 'hot-zones' of rule 'jobs' failed on a batch from store"
                + " 'jobs'; the batch was not deleted");
    assertThat(jobIds()).containsExactly(1L);
    assertThat(auditEntries())
        .last()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
              assertThat(e.counts()).containsEntry("deleted", 0L);
            });
  }

  @Test
  void a_sweep_that_dies_mid_way_resumes_after_its_last_batch_and_records_the_interruption() {
    for (long id = 1; id <= 30; id++) {
      job(id, "a", T0, T0);
    }
    int[] deletes = {0};
    InMemoryStore flaky = jobs;
    io.lethe.core.spi.PersonalDataStore failing =
        new ForwardingStore(flaky) {
          @Override
          public int delete(List<RecordKey> keys) {
            if (++deletes[0] == 2) {
              throw new IllegalStateException("connection reset");
            }
            return super.delete(keys);
          }
        };
    InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .build())
            .build();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(failing)
            .audit(audit)
            .clock(clock)
            .checkpoints(checkpoints)
            .build();
    Instant later = T0.plus(Duration.ofDays(100));

    SweepReport failed = engine.sweep(later, SweepOptions.defaults().batchSize(10));
    assertThat(failed.failures())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.status()).isEqualTo(SweepLine.Status.FAILED);
              assertThat(line.processed()).as("the batch before the failure").isEqualTo(10);
              assertThat(line.failure())
                  .isEqualTo("Store 'jobs' failed to delete: java.lang.IllegalStateException");
            });
    assertThat(jobs.size()).isEqualTo(20);

    SweepReport resumed = engine.sweep(later, SweepOptions.defaults().batchSize(10));

    assertThat(jobs.size()).isZero();
    assertThat(resumed.totalProcessed()).isEqualTo(20);
    assertThat(auditEntries())
        .extracting(AuditEntry::action)
        .containsExactly(
            AuditAction.SWEEP_BATCH,
            AuditAction.SWEEP_BATCH,
            AuditAction.SWEEP_INTERRUPTED,
            AuditAction.SWEEP_BATCH,
            AuditAction.SWEEP_BATCH);
    assertThat(auditEntries().get(1).outcome()).isEqualTo(AuditOutcome.FAILED);
    assertThat(auditEntries().get(2).counts())
        .containsEntry("in_flight", 10L)
        .containsEntry("processed_before", 10L);
    assertThat(checkpoints.load("shop:jobs:user.behavior.usage:jobs")).isEmpty();
  }

  @Test
  void a_failing_store_does_not_stop_the_sweep_of_the_others_and_the_next_sweep_retries_it() {
    // GIVEN two stores with expired records, the first of which cannot delete
    for (long id = 1; id <= 3; id++) {
      job(id, "a", T0, T0);
    }
    InMemoryStore logs =
        InMemoryStore.builder("logs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .anchor(Anchor.event("job.completed"), "completed_at")
            .build();
    logs.insert(RecordKey.of(1L), Map.of("account_id", "a", "completed_at", T0));
    boolean[] down = {true};
    io.lethe.core.spi.PersonalDataStore failing =
        new ForwardingStore(jobs) {
          @Override
          public int delete(List<RecordKey> keys) {
            if (down[0]) {
              throw new IllegalStateException("disk full");
            }
            return super.delete(keys);
          }
        };
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .build())
            .build();
    RetentionEngine engine =
        RetentionEngine.builder(policy).stores(failing, logs).audit(audit).clock(clock).build();
    Instant later = T0.plus(Duration.ofDays(100));

    // WHEN a sweep runs
    SweepReport report = engine.sweep(later, SweepOptions.defaults());

    // THEN the other store was swept, and the report and the audit trail name the failure
    assertThat(logs.size()).isZero();
    assertThat(jobs.size()).isEqualTo(3);
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.store()).isEqualTo("jobs");
              assertThat(line.failure())
                  .isEqualTo("Store 'jobs' failed to delete:" + " java.lang.IllegalStateException");
            });
    assertThat(report.lines())
        .filteredOn(l -> l.store().equals("logs"))
        .singleElement()
        .satisfies(l -> assertThat(l.status()).isEqualTo(SweepLine.Status.COMPLETED));
    assertThat(report.toTable()).contains("failed", "Store 'jobs' failed to delete");
    assertThat(auditEntries())
        .anySatisfy(
            e -> {
              assertThat(e.store()).isEqualTo("jobs");
              assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            });

    // and once the store is back, the next sweep finishes it
    down[0] = false;
    SweepReport next = engine.sweep(later, SweepOptions.defaults());
    assertThat(next.failures()).isEmpty();
    assertThat(jobs.size()).isZero();
  }

  @Test
  void cancellation_stops_between_batches_and_the_next_sweep_finishes() {
    for (long id = 1; id <= 30; id++) {
      job(id, "a", T0, T0);
    }
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .build())
            .build();
    List<Duration> pauses = new ArrayList<>();
    RetentionEngine engine =
        RetentionEngine.builder(policy)
            .stores(jobs)
            .audit(audit)
            .clock(clock)
            .sleeper(pauses::add)
            .build();
    Cancellation cancellation = new Cancellation();
    List<SweepProgress> progress = new ArrayList<>();
    Instant later = T0.plus(Duration.ofDays(100));

    SweepReport cancelled =
        engine.sweep(
            later,
            SweepOptions.defaults()
                .batchSize(10)
                .pause(Duration.ofMillis(250))
                .cancellation(cancellation)
                .listener(
                    p -> {
                      progress.add(p);
                      if (p.done() == 10) {
                        cancellation.cancel();
                      }
                    }));

    assertThat(cancelled.cancelled()).isTrue();
    assertThat(jobs.size()).isEqualTo(20);
    assertThat(progress)
        .extracting(SweepProgress::done, SweepProgress::total)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 30L));
    assertThat(pauses).containsExactly(Duration.ofMillis(250));

    engine.sweep(later, SweepOptions.defaults());
    assertThat(jobs.size()).isZero();
  }

  @Test
  void stores_that_do_not_fit_the_rules_are_refused_with_every_problem() {
    InMemoryStore noCompletion =
        InMemoryStore.builder("jobs")
            .category("user.behavior.usage")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .build();
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("jobs")
                    .categories("user.behavior.usage")
                    .anchoredOn("job.completed")
                    .maximum("P90D")
                    .aggregateWith("hot-zones")
                    .build())
            .build();

    RetentionConfigurationException e =
        catchThrowableOfType(
            RetentionConfigurationException.class,
            () -> RetentionEngine.builder(policy).stores(noCompletion).audit(audit).build());

    assertThat(e.problems())
        .containsExactly(
            "store 'jobs' cannot filter by anchor 'job.completed', which rule 'jobs' counts from for"
                + " 'user.behavior.usage'",
            "rule 'jobs' aggregates through hook 'hot-zones', which is not registered");
  }

  @Test
  void the_plan_counts_what_is_due_without_touching_it() {
    job(1, "a", T0, T0);
    job(2, "a", T0, T0.plus(Duration.ofDays(20)));
    RetentionEngine engine = engine(jobsPolicy()).build();
    clock.advance(Period.ofDays(95));

    RetentionPlan plan = engine.plan();

    assertThat(jobIds()).containsExactly(1L, 2L);
    assertThat(plan.lines())
        .filteredOn(l -> l.category().equals(JOBS))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.due()).isEqualTo(1);
              assertThat(l.action()).isEqualTo("delete");
              assertThat(l.cutoff()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
            });
    assertThat(plan.lines())
        .filteredOn(l -> l.category().equals(CategoryKey.of("user.device.ip_address")))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.action()).isEqualTo("clear_fields");
              // job 1's IP goes with job 1, which its own rule deletes first: counted once
              assertThat(l.due()).isEqualTo(1);
            });
    assertThat(plan.totalDue()).isEqualTo(2);
  }

  @Test
  void a_field_cleared_by_its_own_rule_leaves_the_record_due_for_the_record_rule() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .anchoredOn("account.closed")
                    .maximum("P60D")
                    .anonymize("user.contact.email", FieldStrategy.of(FieldStrategy.Kind.HASH))
                    .anonymize("user.account", FieldStrategy.of(FieldStrategy.Kind.NULL))
                    .build())
            .rule(
                RetentionRule.builder("ip")
                    .categories("user.device.ip_address")
                    .maximum("P30D")
                    .build())
            .build();
    InMemoryStore store =
        InMemoryStore.builder("accounts")
            .category("user.account")
            .subject("account_id", IdentifierType.ACCOUNT_ID)
            .field("account_id", "user.account")
            .field("email", "user.contact.email")
            .field("ip", "user.device.ip_address")
            .anchor(Anchor.COLLECTED, "created_at")
            .anchor(Anchor.ACCOUNT_CLOSED, "closed_at")
            .build();
    Map<String, Object> row = new HashMap<>();
    row.put("account_id", "a");
    row.put("email", "ann@example.com");
    row.put("ip", "198.51.100.7");
    row.put("created_at", T0);
    row.put("closed_at", T0);
    store.insert(RecordKey.of(1L), row);
    RetentionEngine engine =
        RetentionEngine.builder(policy).stores(store).audit(audit).clock(clock).build();

    engine.sweep(T0.plus(Duration.ofDays(31)), SweepOptions.defaults());
    assertThat(store.row(RecordKey.of(1L)).orElseThrow())
        .containsEntry("ip", null)
        .containsEntry("email", "ann@example.com");
    engine.sweep(T0.plus(Duration.ofDays(61)), SweepOptions.defaults());

    assertThat(store.row(RecordKey.of(1L)).orElseThrow().get("email"))
        .isEqualTo(audit.hasher().hash("ann@example.com"));
  }

  @Test
  void hashing_anonymizations_need_a_store_that_marks_anonymized_records() {
    PrivacyPolicy policy =
        policy()
            .rule(
                RetentionRule.builder("accounts")
                    .categories("user.account", "user.contact.email")
                    .anchoredOn("account.closed")
                    .maximum("P60D")
                    .anonymize("user.contact.email", FieldStrategy.of(FieldStrategy.Kind.HASH))
                    .build())
            .build();
    ForwardingStore unmarked =
        new ForwardingStore(accounts) {
          @Override
          public io.lethe.core.spi.StoreDescriptor descriptor() {
            io.lethe.core.spi.StoreDescriptor d = super.descriptor();
            return new io.lethe.core.spi.StoreDescriptor(
                d.name(), d.recordCategory(), d.fields(), d.identifiers(), d.anchors(), false);
          }
        };

    RetentionConfigurationException e =
        catchThrowableOfType(
            RetentionConfigurationException.class,
            () -> RetentionEngine.builder(policy).stores(unmarked).audit(audit).build());

    assertThat(e.problems())
        .containsExactly(
            "rule 'accounts' hashes, redacts or generalizes"
                + " records of store 'accounts', which does not mark anonymized records, so every sweep"
                + " would anonymize them again: give its mapping an anonymizedAt column, or clear the"
                + " fields (null) instead");
  }
}
