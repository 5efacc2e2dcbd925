package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.Decision;
import org.junit.jupiter.api.Test;

/**
 * Keeps the consent benchmarks honest without JMH: the hit benchmark asks for cached decisions that
 * permit, the miss benchmark reads the ledger on every decision (and its check fails a run that hit
 * the cache), appends keep the chain intact, and the result lines have their format.
 */
class ConsentBenchmarkTest {

  private final ConsentDecideBenchmark decide = new ConsentDecideBenchmark();

  @Test
  void the_hit_benchmark_returns_the_cached_decision_which_permits() {
    ConsentDecideBenchmark.Cached cached = new ConsentDecideBenchmark.Cached();
    cached.setUp();
    ConsentDecideBenchmark.Cursor cursor = new ConsentDecideBenchmark.Cursor();

    Decision first = decide.hit(cached, cursor);
    for (int i = 1; i < ConsentDecideBenchmark.HIT_SUBJECTS; i++) {
      assertThat(decide.hit2(cached, cursor).permitted()).isTrue();
    }
    Decision again = decide.hit(cached, cursor);

    assertThat(first.permitted()).isTrue();
    assertThat(again).as("the same subject's decision, from the cache").isSameAs(first);
  }

  @Test
  void every_decision_of_the_miss_benchmark_reads_the_ledger() throws Exception {
    // twice round a population a hundred times the cache, as the benchmark's is fifty times
    ConsentDecideBenchmark.Population population = population(10_000, 100);
    ConsentDecideBenchmark.MissCursor cursor = new ConsentDecideBenchmark.MissCursor();

    for (int i = 0; i < 20_000; i++) {
      assertThat(decide.miss(population, cursor).permitted()).isTrue();
    }
    population.tearDown();

    assertThat(population.counting.subjectsRead.get()).isGreaterThanOrEqualTo(19_800);
  }

  @Test
  void a_miss_run_that_hits_the_cache_fails() throws Exception {
    ConsentDecideBenchmark.Population population = population(500, 1_000);
    ConsentDecideBenchmark.MissCursor cursor = new ConsentDecideBenchmark.MissCursor();

    for (int i = 0; i < 2_000; i++) {
      decide.miss(population, cursor);
    }

    assertThatThrownBy(population::tearDown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache hits");
  }

  @Test
  void appends_to_the_in_memory_ledger_keep_one_intact_chain() throws Exception {
    ConsentAppendBenchmark append = new ConsentAppendBenchmark();
    ConsentAppendBenchmark.Target target = new ConsentAppendBenchmark.Target();
    target.ledger = "memory";
    target.setUp();
    ConsentAppendBenchmark.Writer one = new ConsentAppendBenchmark.Writer();
    one.setUp();
    ConsentAppendBenchmark.Writer other = new ConsentAppendBenchmark.Writer();
    other.setUp();

    for (int i = 0; i < 100; i++) {
      append.append1(target, one);
      append.append8(target, other);
    }
    target.tearDown();

    assertThat(target.target.last()).map(ConsentEvent::sequence).contains(200L);
  }

  @Test
  void the_result_lines_have_their_format() {
    assertThat(ConsentBenchmark.decideLine(6_546_778.7, 0.0004, 127.63, null))
        .isEqualTo(
            "RESULT consent-decide hit_ops_per_s=6546779 hit_bytes_per_op=0.000"
                + " miss_us_p99_memory=127.6 miss_us_p99_postgresql=n/a");
    assertThat(ConsentBenchmark.appendLine("postgresql", 8, 1234.4))
        .isEqualTo("RESULT consent-append db=postgresql writers=8 events_per_s=1234");
  }

  private static ConsentDecideBenchmark.Population population(int size, int cached)
      throws Exception {
    ConsentDecideBenchmark.Population population = new ConsentDecideBenchmark.Population();
    population.ledger = "memory";
    population.size = size;
    population.cached = cached;
    population.setUp();
    return population;
  }
}
