package io.lethe.dsar.export;

import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.AnchorTimes;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import io.lethe.core.policy.LawfulBasis;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Purpose;
import io.lethe.core.spi.Anonymization;
import io.lethe.core.spi.ExpiryQuery;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.spi.RecordKey;
import io.lethe.core.spi.StoreDescriptor;
import io.lethe.core.spi.StoreField;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.MutableClock;
import io.lethe.testsupport.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A store holding any number of records of one subject, none of them in memory: {@link #recordsOf}
 * makes each record as the caller's stream asks for it. Every record has one field {@code note}, 16
 * hexadecimal digits that differ per record (so a ZIP cannot squeeze them to nothing), and a {@code
 * collected} anchor.
 */
final class GeneratingStore implements PersonalDataStore {

  static final SubjectRef SUBJECT = SubjectRef.account("big-1");
  static final CategoryKey USAGE = CategoryKey.of("user.behavior.usage");
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final long records;
  private LongUnaryOperator onCreate = created -> created;
  private long created;

  /**
   * @param records how many records the subject has
   */
  GeneratingStore(long records) {
    this.records = records;
  }

  /**
   * Calls back as each record is made.
   *
   * @param hook gets the number of records made so far; its result is ignored
   * @return this store
   */
  GeneratingStore onCreate(LongUnaryOperator hook) {
    this.onCreate = hook;
    return this;
  }

  /** {@return how many records {@link #recordsOf} has made} */
  long created() {
    return created;
  }

  /** {@return the note of record {@code i}: 16 hex digits, a bijective mix of {@code i}} */
  static String note(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    String hex = Long.toHexString(z ^ (z >>> 31));
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** {@return an exporter over this store alone, auditing to an in-memory H2 database} */
  AccessExporter exporter() {
    DataSource dataSource = TestDatabases.h2("generated");
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    AuditLog audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(
                "stream-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
            clock);
    PrivacyPolicy policy =
        PrivacyPolicy.builder("big")
            .controller("Big", "privacy@big.example")
            .version("1")
            .effective(LocalDate.of(2026, 1, 1))
            .timeZone(ZoneId.of("UTC"))
            .purpose(
                Purpose.builder("analytics")
                    .name("Analytics")
                    .basis(LawfulBasis.LEGITIMATE_INTERESTS)
                    .categories("user.behavior")
                    .build())
            .build();
    return AccessExporter.builder(policy).stores(this).audit(audit).clock(clock).build();
  }

  @Override
  public StoreDescriptor descriptor() {
    return new StoreDescriptor(
        "generated",
        USAGE,
        List.of(StoreField.of("note", USAGE.value())),
        List.of(IdentifierType.ACCOUNT_ID),
        List.of(Anchor.COLLECTED));
  }

  @Override
  public Stream<PersonalRecord> recordsOf(Set<SubjectRef> identities) {
    if (!identities.contains(SUBJECT)) {
      return Stream.empty();
    }
    return Stream.iterate(0L, i -> i < records, i -> i + 1)
        .map(
            i -> {
              created++;
              onCreate.applyAsLong(created);
              return new PersonalRecord(
                  "generated",
                  RecordKey.of(i),
                  USAGE,
                  List.of(new FieldValue("note", USAGE, note(i))),
                  Set.of(SUBJECT),
                  AnchorTimes.collectedAt(T0.plusSeconds(i)));
            });
  }

  @Override
  public Set<SubjectRef> linkedIdentities(SubjectRef identity) {
    return Set.of();
  }

  @Override
  public boolean linksIdentities() {
    return false;
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
