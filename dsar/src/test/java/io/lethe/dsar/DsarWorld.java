package io.lethe.dsar;

import io.lethe.core.audit.AuditEntry;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.DataSubjectRight;
import io.lethe.core.policy.Jurisdiction;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.RightsProfile;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.dsar.spi.RequestRepository;
import io.lethe.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;

/** A policy, a clock, an H2 database and an audit log for one test. */
final class DsarWorld {

  static final SubjectHasher HASHER =
      SubjectHasher.withSecret("dsar-test-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8));

  final JdbcDataSource dataSource = new JdbcDataSource();
  final MutableClock clock;
  final AuditLog audit;

  DsarWorld(String now) {
    dataSource.setURL("jdbc:h2:mem:dsar-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    clock = MutableClock.at(now);
    audit = AuditLog.create(JdbcAuditStorage.of(dataSource).createTableIfMissing(), HASHER, clock);
  }

  /** GDPR and CCPA at the law's deadlines, in UTC. */
  static PrivacyPolicy lawful() {
    return base("lawful", ZoneId.of("UTC"))
        .rights(
            RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS, DataSubjectRight.ERASURE))
        .rights(
            RightsProfile.of(
                Jurisdiction.CCPA,
                DataSubjectRight.KNOW,
                DataSubjectRight.DELETE,
                DataSubjectRight.OPT_OUT_OF_SALE_OR_SHARING))
        .build();
  }

  /** VZGen's own promise under the GDPR: 30 days, extendable to 60; no CCPA profile. */
  static PrivacyPolicy vzgen() {
    return base("vzgen", ZoneId.of("Europe/Berlin"))
        .rights(
            RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS, DataSubjectRight.ERASURE)
                .promising(Period.ofDays(30), Period.ofDays(30)))
        .build();
  }

  /** GDPR only, at the law's deadline, in Berlin time. */
  static PrivacyPolicy berlin() {
    return base("berlin", ZoneId.of("Europe/Berlin"))
        .rights(RightsProfile.of(Jurisdiction.GDPR, DataSubjectRight.ACCESS))
        .build();
  }

  private static PrivacyPolicy.Builder base(String id, ZoneId zone) {
    return PrivacyPolicy.builder(id)
        .controller("Controller " + id, "privacy@" + id + ".example")
        .version("1")
        .effective(LocalDate.of(2026, 1, 1))
        .timeZone(zone);
  }

  DsarService.Builder service(PrivacyPolicy policy, RequestRepository repository) {
    return DsarService.builder(policy).repository(repository).audit(audit).clock(clock);
  }

  List<AuditEntry> auditEntries() {
    try (Stream<AuditEntry> entries = audit.entries()) {
      return entries.collect(Collectors.toList());
    }
  }
}
