package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.LetheException;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.IdentityVerifier;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcRequestRepositoryTest {

  private final DsarWorld world = new DsarWorld("2026-03-10T08:00:00Z");

  private DsarService instance() {
    return world
        .service(
            DsarWorld.lawful(), JdbcRequestRepository.of(world.dataSource).createTableIfMissing())
        .identityVerifier((r, e) -> IdentityVerifier.Verdict.VERIFIED)
        .build();
  }

  @Test
  void requestSurvivesARestartAndCarriesOnWhereItStopped() {
    DsarService before = instance();
    String id =
        before
            .receive(
                RequestType.RECTIFICATION, SubjectRef.email("bob@example.org"), Jurisdiction.GDPR)
            .id();
    before.verifyIdentity(id, IdentityEvidence.of("session", Map.of()));

    DsarService after = instance(); // new repository instance, same database
    DataSubjectRequest seen = after.get(id);
    assertThat(seen.state()).isEqualTo(RequestState.IDENTITY_VERIFIED);
    assertThat(seen.dueAt()).isEqualTo("2026-04-10T08:00:00Z");
    assertThat(after.start(id).history()).hasSize(3);
    assertThat(
            JdbcRequestRepository.of(world.dataSource)
                .dueWithin(Duration.ofDays(31), Instant.parse("2026-03-20T00:00:00Z")))
        .extracting(DataSubjectRequest::id)
        .containsExactly(id);
  }

  @Test
  void createTableIfMissingIsIdempotent() {
    JdbcRequestRepository.of(world.dataSource).createTableIfMissing().createTableIfMissing();
    assertThat(JdbcRequestRepository.of(world.dataSource).find("x")).isEmpty();
  }

  @Test
  void tableNameMustBeAPlainIdentifier() {
    assertThatThrownBy(() -> JdbcRequestRepository.of(world.dataSource, "x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failuresNameTheTableButNoPersonalData() {
    JdbcRequestRepository missing = JdbcRequestRepository.of(world.dataSource, "no_such_table");
    assertThatThrownBy(() -> missing.find("req-1"))
        .isInstanceOf(LetheException.class)
        .hasMessageContaining("no_such_table");
  }

  @Test
  void unreadableHistoryIsATypedFailure() throws Exception {
    DsarService service = instance();
    String id =
        service
            .receive(RequestType.ACCESS, SubjectRef.email("eve@example.org"), Jurisdiction.GDPR)
            .id();
    try (Connection c = world.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("UPDATE lethe_dsar_request SET history = 'not json'");
    }
    assertThatThrownBy(() -> service.get(id))
        .isInstanceOf(LetheException.class)
        .hasMessageContaining(id)
        .hasMessageNotContaining("eve@example.org");
  }
}
