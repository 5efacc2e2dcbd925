package io.lethe.testkit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lethe.consent.ConsentEvent;
import io.lethe.consent.InMemoryConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.testkit.store.Requirement;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The consent ledger contract fails ledgers that break it in ways an implementer could: one that
 * finds links only by their subject, one that keeps instants to the millisecond; and a failing test
 * says which rule was broken.
 */
class ConsentContractCatchesBrokenLedgersTest {

  /** Hands everything to an in-memory ledger; a test overrides what it breaks. */
  private static class Forwarding implements ConsentLedger {
    final InMemoryConsentLedger inner = new InMemoryConsentLedger();

    @Override
    public List<ConsentEvent> append(List<ConsentEvent> events) {
      return inner.append(events);
    }

    @Override
    public List<ConsentEvent> events(Collection<String> subjectHashes) {
      return inner.events(subjectHashes);
    }

    @Override
    public Optional<ConsentEvent> last() {
      return inner.last();
    }

    @Override
    public Stream<ConsentEvent> readAll() {
      return inner.readAll();
    }
  }

  private static ConsentLedgerContractTest contractOf(ConsentLedger ledger) {
    return new ConsentLedgerContractTest() {
      @Override
      protected ConsentLedger newLedger() {
        return ledger;
      }
    };
  }

  @Test
  void an_honest_ledger_passes() {
    contractOf(new Forwarding()).events_returns_exactly_the_events_naming_any_hash_in_chain_order();
    contractOf(new Forwarding()).every_field_round_trips_exactly();
  }

  @Test
  void a_ledger_that_finds_links_only_by_their_subject_fails() {
    ConsentLedger subjectsOnly =
        new Forwarding() {
          @Override
          public List<ConsentEvent> events(Collection<String> subjectHashes) {
            return inner.events(subjectHashes).stream()
                .filter(e -> subjectHashes.contains(e.subject()))
                .toList();
          }
        };

    assertThatThrownBy(
            () ->
                contractOf(subjectsOnly)
                    .events_returns_exactly_the_events_naming_any_hash_in_chain_order())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void a_ledger_that_keeps_milliseconds_fails() {
    ConsentLedger millis =
        new Forwarding() {
          @Override
          public Stream<ConsentEvent> readAll() {
            return inner
                .readAll()
                .map(
                    e ->
                        new ConsentEvent(
                            e.sequence(),
                            e.id(),
                            e.at().truncatedTo(ChronoUnit.MILLIS),
                            e.kind(),
                            e.subject(),
                            e.subjectType(),
                            e.purpose(),
                            e.noticeId(),
                            e.noticeVersion(),
                            e.noticeHash(),
                            e.status(),
                            e.method(),
                            e.expressedBy(),
                            e.jurisdiction(),
                            e.expires(),
                            e.proof(),
                            e.acknowledgesSignal(),
                            e.signal(),
                            e.linked(),
                            e.linkedType(),
                            e.previousHash(),
                            e.hash()));
          }
        };

    assertThatThrownBy(() -> contractOf(millis).every_field_round_trips_exactly())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("event 1 as read back");
  }

  @Test
  void a_failed_assertion_starts_with_the_requirement_of_its_test() throws Exception {
    Method test = ConsentLedgerContractTest.class.getDeclaredMethod("last_is_the_newest_event");
    ExtensionContext context =
        (ExtensionContext)
            Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, called, args) -> {
                  if (called.getName().equals("getTestMethod")) {
                    return Optional.of(test);
                  }
                  throw new UnsupportedOperationException(called.getName());
                });
    AssertionError bare = new AssertionError("Expecting an empty Optional");

    Throwable reported =
        catchThrowable(
            () -> new ConsentRequirementReporter().handleTestExecutionException(context, bare));

    assertThat(reported)
        .isInstanceOf(AssertionError.class)
        .hasCause(bare)
        .hasMessageStartingWith("Consent ledger contract: last() is empty for an empty ledger")
        .hasMessageEndingWith("Expecting an empty Optional");
    IllegalStateException broken = new IllegalStateException("ledger down");
    assertThat(
            catchThrowable(
                () ->
                    new ConsentRequirementReporter().handleTestExecutionException(context, broken)))
        .isSameAs(broken);
  }

  @Test
  void every_contract_test_states_its_requirement() {
    assertThat(
            Arrays.stream(ConsentLedgerContractTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)))
        .hasSizeGreaterThanOrEqualTo(9)
        .allSatisfy(
            m -> assertThat(m.getAnnotation(Requirement.class)).as(m.getName()).isNotNull());
  }
}
