package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.Anonymization;
import io.lethe.core.store.ExpiryQuery;
import io.lethe.core.store.FieldValue;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.store.StoreDescriptor;
import io.lethe.core.store.StoreField;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** A subject with 200,000 records exports without the exporter holding on to them. */
class StreamingExportTest {

  static final int RECORDS = 200_000;
  static final SubjectRef SUBJECT = SubjectRef.account("big-1");
  static final String NOTE = "x".repeat(100);

  /** Discards bytes, counting them. */
  static final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  /** Makes records lazily, and measures how far record creation runs ahead of the output. */
  static final class GeneratingStore implements PersonalDataStore {
    final CountingSink sink;
    long created;
    long maxAhead;

    GeneratingStore(CountingSink sink) {
      this.sink = sink;
    }

    @Override
    public StoreDescriptor descriptor() {
      return new StoreDescriptor("generated", CategoryKey.of("user.behavior.usage"),
          List.of(StoreField.of("note", "user.behavior.usage")),
          List.of(IdentifierType.ACCOUNT_ID), List.of(Anchor.COLLECTED));
    }

    @Override
    public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
      Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
      return Stream.iterate(0L, i -> i < RECORDS, i -> i + 1).map(i -> {
        created++;
        // every record takes well over 100 bytes of output; records created but not yet
        // written show up as creation running ahead of the bytes written
        maxAhead = Math.max(maxAhead, created - sink.bytes / 100);
        return new PersonalRecord("generated", RecordKey.of(i), CategoryKey.of("user.behavior.usage"),
            List.of(new FieldValue("note", CategoryKey.of("user.behavior.usage"), NOTE)),
            Set.of(SUBJECT), AnchorTimes.collectedAt(t0.plusSeconds(i)));
      });
    }

    @Override
    public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
      return Set.of();
    }

    @Override
    public List<RecordKey> findExpired(ExpiryQuery query) {
      return List.of();
    }

    @Override
    public Stream<PersonalRecord> records(List<RecordKey> keys) {
      return Stream.empty();
    }

    @Override
    public int delete(List<RecordKey> keys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int anonymize(List<RecordKey> keys, Anonymization anonymization) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int rectify(RecordKey key, Map<CategoryKey, Object> values) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void recordsAreWrittenAsTheyAreGenerated() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:stream-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    AuditLog audit = AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(),
        SubjectHasher.withSecret("stream-test-secret-of-32-bytes!!".getBytes(
            StandardCharsets.UTF_8)), clock);
    PrivacyPolicy policy = PrivacyPolicy.builder("big").controller("Big", "privacy@big.example")
        .version("1").effective(LocalDate.of(2026, 1, 1)).timeZone(ZoneId.of("UTC"))
        .purpose(Purpose.builder("analytics").name("Analytics")
            .basis(LawfulBasis.LEGITIMATE_INTERESTS).categories("user.behavior").build())
        .build();
    CountingSink sink = new CountingSink();
    GeneratingStore store = new GeneratingStore(sink);
    AccessExporter exporter = AccessExporter.builder().policy(policy).stores(store).audit(audit)
        .clock(clock).build();

    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapBefore = runtime.totalMemory() - runtime.freeMemory();
    ExportSummary summary = exporter.export(SUBJECT, sink, ExportFormat.JSON);

    assertThat(summary.total()).isEqualTo(RECORDS);
    assertThat(store.created).isEqualTo(RECORDS);
    assertThat(sink.bytes).isGreaterThan(100L * RECORDS);
    // the generator never ran more than 1,000 records ahead of the output (the JSON generator
    // buffers a few kilobytes); an exporter collecting records first would be 200,000 ahead
    assertThat(store.maxAhead).isLessThan(1_000);
    System.gc();
    long heapAfter = runtime.totalMemory() - runtime.freeMemory();
    assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
  }
}
