package io.lethe.dsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEntry;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.export.ExportFormat;
import io.lethe.dsar.export.ExportSummary;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.testkit.store.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nothing is exported before identity verification passes. */
class AccessFulfilmentTest {

  private final DsarWorld world = new DsarWorld("2026-03-01T09:00:00Z");
  private final InMemoryStore accounts =
      InMemoryStore.builder("accounts")
          .category("user.account")
          .subject("email", IdentifierType.EMAIL)
          .field("email", "user.contact.email")
          .anchor(Anchor.COLLECTED, "created_at")
          .build();
  private final AccessExporter exporter =
      AccessExporter.builder(DsarWorld.lawful())
          .stores(accounts)
          .audit(world.audit)
          .clock(world.clock)
          .build();
  private final DsarService service =
      DsarService.builder(DsarWorld.lawful())
          .repository(new InMemoryRequestRepository())
          .audit(world.audit)
          .clock(world.clock)
          .exporter(exporter)
          .identityVerifier(
              (request, evidence) ->
                  evidence.method().equals("email-link")
                      ? IdentityVerifier.Verdict.VERIFIED
                      : IdentityVerifier.Verdict.REJECTED)
          .build();

  private long exportEntries() {
    try (Stream<AuditEntry> entries = world.audit.entries()) {
      return entries.filter(e -> e.action() == AuditAction.EXPORT).count();
    }
  }

  @Test
  void an_access_request_is_exported_only_after_identity_verification_and_start() throws Exception {
    accounts.insert(
        RecordKey.of(1L),
        Map.of("email", "ada@example.com", "created_at", Instant.parse("2025-01-01T00:00:00Z")));
    String id =
        service
            .receive(RequestType.ACCESS, SubjectRef.email("ada@example.com"), Jurisdiction.GDPR)
            .id();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    IllegalRequestTransitionException early =
        catchThrowableOfType(
            IllegalRequestTransitionException.class,
            () -> service.fulfilAccess(id, out, ExportFormat.JSON));
    assertThat(early.state()).isEqualTo(RequestState.RECEIVED);
    assertThat(early).hasMessageNotContaining("ada@example.com");
    assertThat(out.size()).isZero();
    assertThat(exportEntries()).isZero();

    service.verifyIdentity(id, IdentityEvidence.of("email-link", Map.of()));
    service.start(id);
    ExportSummary summary = service.fulfilAccess(id, out, ExportFormat.JSON);

    assertThat(summary.total()).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ada@example.com");
    assertThat(exportEntries()).isEqualTo(1);
  }

  @Test
  void a_service_built_without_an_exporter_says_so_and_reads_nothing() {
    DsarService bare =
        DsarService.builder(DsarWorld.lawful())
            .repository(new InMemoryRequestRepository())
            .audit(world.audit)
            .clock(world.clock)
            .identityVerifier((request, evidence) -> IdentityVerifier.Verdict.VERIFIED)
            .build();
    String id =
        bare.receive(RequestType.ACCESS, SubjectRef.email("ada@example.com"), Jurisdiction.GDPR)
            .id();
    bare.verifyIdentity(id, IdentityEvidence.of("email-link", Map.of()));
    bare.start(id);

    assertThatThrownBy(() -> bare.fulfilAccess(id, new ByteArrayOutputStream(), ExportFormat.JSON))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "this DsarService has no AccessExporter to export with; build it with"
                + " .exporter(AccessExporter.builder(policy)...build())");
    assertThat(exportEntries()).isZero();
  }

  @Test
  void a_service_built_without_a_retention_engine_says_so_and_changes_nothing() {
    String id =
        service
            .receive(RequestType.ERASURE, SubjectRef.email("ada@example.com"), Jurisdiction.GDPR)
            .id();
    service.verifyIdentity(id, IdentityEvidence.of("email-link", Map.of()));
    service.start(id);

    assertThatThrownBy(() -> service.fulfilErasure(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "this DsarService has no RetentionEngine to erase"
                + " with; build it with .retention(RetentionEngine.builder(...).build())");
    assertThat(service.get(id).state()).isEqualTo(RequestState.IN_PROGRESS);
  }

  @Test
  void a_request_that_is_not_for_data_cannot_be_exported() {
    String id =
        service
            .receive(RequestType.ERASURE, SubjectRef.email("ada@example.com"), Jurisdiction.GDPR)
            .id();
    service.verifyIdentity(id, IdentityEvidence.of("email-link", Map.of()));
    service.start(id);

    IllegalRequestTransitionException e =
        catchThrowableOfType(
            IllegalRequestTransitionException.class,
            () -> service.fulfilAccess(id, new ByteArrayOutputStream(), ExportFormat.JSON));

    assertThat(e.attempted()).isEqualTo("export");
    assertThat(List.of(e.state())).containsExactly(RequestState.IN_PROGRESS);
  }
}
