package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.dsar.spi.RequestRepository;
import io.lethe.testsupport.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour from the in-memory and the JDBC (H2 and PostgreSQL) repositories. */
class RequestRepositoryTest {

  private static final IdentityEvidence GOOD = IdentityEvidence.of("session", Map.of());

  static Stream<Arguments> repositories() {
    Function<DsarWorld, RequestRepository> memory = w -> new InMemoryRequestRepository();
    Function<DsarWorld, RequestRepository> jdbc =
        w -> JdbcRequestRepository.of(w.dataSource).createTableIfMissing();
    Function<DsarWorld, RequestRepository> postgres =
        w ->
            JdbcRequestRepository.of(TestPostgres.dataSource(), "dsar_request_" + System.nanoTime())
                .createTableIfMissing();
    return Stream.of(
        Arguments.of("in-memory", memory),
        Arguments.of("jdbc-h2", jdbc),
        Arguments.of("jdbc-postgresql", postgres));
  }

  private final DsarWorld world = new DsarWorld("2026-01-01T00:00:00Z");
  private final AtomicInteger ids = new AtomicInteger();

  private DsarService service(RequestRepository repository) {
    return world
        .service(DsarWorld.lawful(), repository)
        .identityVerifier((r, e) -> IdentityVerifier.Verdict.VERIFIED)
        .ids(() -> "req-" + ids.incrementAndGet())
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositories")
  void roundTripsARequestWithItsHistory(String name, Function<DsarWorld, RequestRepository> make) {
    RequestRepository repository = make.apply(world);
    DsarService service = service(repository);
    String id =
        service
            .receive(RequestType.CCPA_OPT_OUT, SubjectRef.account("acct-42"), Jurisdiction.CCPA)
            .id();
    service.verifyIdentity(id, GOOD);
    world.clock.advance(Duration.ofDays(3));
    service.extend(id, "number of requests");
    DataSubjectRequest denied = service.deny(id, DenialReason.LEGAL_EXEMPTION);

    DataSubjectRequest read = repository.find(id).orElseThrow();
    assertThat(read).isEqualTo(denied);
    assertThat(read.subject()).isEqualTo(SubjectRef.account("acct-42"));
    assertThat(read.history()).hasSize(4);
    assertThat(read.history().get(0).from()).isNull();
    assertThat(read.history().get(2).note()).contains("number of requests");
    assertThat(read.extendedUntil()).isEqualTo("2026-04-01T00:00:00Z");
    assertThat(repository.find("unknown")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositories")
  void listsOpenRequestsDueWithinAWindowAndOverdue(
      String name, Function<DsarWorld, RequestRepository> make) {
    RequestRepository repository = make.apply(world);
    DsarService service = service(repository);
    // received 1 January: GDPR due 1 February, CCPA due 15 February
    String gdpr =
        service
            .receive(RequestType.ACCESS, SubjectRef.email("a@x.example"), Jurisdiction.GDPR)
            .id();
    String ccpa =
        service
            .receive(RequestType.CCPA_KNOW, SubjectRef.email("b@x.example"), Jurisdiction.CCPA)
            .id();
    String extended =
        service
            .receive(RequestType.ERASURE, SubjectRef.email("c@x.example"), Jurisdiction.GDPR)
            .id();
    service.extend(extended, "complexity"); // now due 1 April
    String finished =
        service
            .receive(RequestType.ACCESS, SubjectRef.email("d@x.example"), Jurisdiction.GDPR)
            .id();
    service.cancel(finished);

    Instant jan25 = Instant.parse("2026-01-25T00:00:00Z");
    assertThat(repository.dueWithin(Duration.ofDays(7), jan25))
        .extracting(DataSubjectRequest::id)
        .containsExactly(gdpr);
    assertThat(repository.dueWithin(Duration.ofDays(21), jan25))
        .extracting(DataSubjectRequest::id)
        .containsExactly(gdpr, ccpa);
    assertThat(repository.overdue(jan25)).isEmpty();
    assertThat(repository.dueWithin(Duration.ofDays(30), Instant.parse("2026-02-02T00:00:00Z")))
        .extracting(DataSubjectRequest::id)
        .containsExactly(ccpa);

    Instant feb20 = Instant.parse("2026-02-20T00:00:00Z");
    assertThat(repository.overdue(feb20))
        .extracting(DataSubjectRequest::id)
        .containsExactly(gdpr, ccpa);
    assertThat(repository.dueWithin(Duration.ofDays(40), feb20))
        .extracting(DataSubjectRequest::id)
        .containsExactly(extended);

    service.verifyIdentity(gdpr, GOOD);
    service.start(gdpr);
    service.complete(gdpr);
    assertThat(repository.overdue(feb20)).extracting(DataSubjectRequest::id).containsExactly(ccpa);
    assertThat(repository.overdue(feb20).get(0).isOverdue(feb20)).isTrue();
  }
}
