package io.lethe;

import io.lethe.consent.ConsentEngine;
import io.lethe.consent.JdbcConsentLedger;
import io.lethe.consent.spi.ConsentLedger;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.JdbcAuditStorage;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.restriction.JdbcRestrictionRegistry;
import io.lethe.core.restriction.Restrictions;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.jdbc.JdbcMapping;
import io.lethe.core.store.jdbc.JdbcStore;
import io.lethe.core.subject.SubjectHasher;
import io.lethe.dsar.DsarService;
import io.lethe.dsar.JdbcRequestRepository;
import io.lethe.dsar.export.AccessExporter;
import io.lethe.dsar.spi.IdentityVerifier;
import io.lethe.retention.JdbcCheckpointStore;
import io.lethe.retention.JdbcErasureLedger;
import io.lethe.retention.JdbcHoldRegistry;
import io.lethe.retention.LegalHolds;
import io.lethe.retention.RetentionEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Lethe wired for the common case: a policy, the host's stores, a data source for Lethe's own
 * tables and a secret for keyed hashes give the retention engine, legal holds, restrictions, the
 * consent engine and the data-subject request service, all sharing one audit trail and one clock.
 *
 * <pre>{@code
 * try (Lethe lethe = Lethe.builder(policy)
 *     .dataSource(dataSource)            // Lethe's own tables live here, created if missing
 *     .secret(secret)                    // at least 32 bytes, kept out of the database
 *     .store(JdbcMapping.builder("jobs").table("jobs", "id")...build())
 *     .identityVerifier(yourLoginCheck)
 *     .build()) {
 *   lethe.retention().sweep();
 *   lethe.consent().decide(subject, "newsletter", Instant.now(), Signals.fromHeaders(headers));
 *   lethe.requests().receive(RequestType.ERASURE, subject, Jurisdiction.GDPR);
 * }
 * }</pre>
 *
 * <p>Lethe's own tables (the audit trail, legal holds, sweep checkpoints, the erasure ledger,
 * requests, restrictions and the consent ledger) get their default names ({@code lethe_audit},
 * {@code lethe_legal_hold}, {@code lethe_sweep_checkpoint}, {@code lethe_tombstone}, {@code
 * lethe_dsar_request}, {@code lethe_restriction}, {@code lethe_consent} and their companions) and
 * are created on {@link Builder#build()} if missing, from the SQL files the jars ship under {@code
 * META-INF/lethe/db/}. Each engine's own builder stays available for other wiring: other table
 * names, another database per table, in-memory registries in tests.
 *
 * <h2>Consent</h2>
 *
 * <p>{@link #consent()} records consent choices, opt-out preference signals and links between a
 * subject's identifiers, and decides before processing; it shares the audit trail (whose secret
 * hashes the subjects in its ledger), the restrictions (which win over consent) and the clock. Its
 * ledger is the table {@code lethe_consent} in the data source unless {@link Builder#consentLedger}
 * gives another; on PostgreSQL, host instances sharing it drop each other's stale decisions through
 * {@code LISTEN/NOTIFY}. The engines are joined in two places, without the request service
 * depending on the consent module:
 *
 * <ul>
 *   <li>an access export carries the consent history of every identifier of the subject (and of
 *       those the ledger links to them, such as a device before sign-up) as its section {@code
 *       consent} (GDPR Art. 15, and Art. 7(1));
 *   <li>an erasure request withdraws every consent of every identifier, as the controller, on the
 *       request; the ledger holds identifiers only as keyed hashes, so its events stay as proof of
 *       consent, and the erasure receipt says so ({@code consent ledger: 2 consents withdrawn; 7
 *       events kept as keyed hashes only, as proof of consent (GDPR Art. 7(1))}). The withdrawal
 *       comes before the stores are erased; if it fails, the stores are left for a retry, the
 *       receipt is not complete and the request stays open.
 * </ul>
 *
 * <p>{@link #close()} stops the consent engine listening to its ledger; the rest holds nothing to
 * close (the data source is the host's).
 *
 * <p>Instances are safe for use by several threads as far as the engines they hold are.
 */
public final class Lethe implements AutoCloseable {

  private final PrivacyPolicy policy;
  private final AuditLog audit;
  private final LegalHolds holds;
  private final Restrictions restrictions;
  private final RetentionEngine retention;
  private final ConsentEngine consent;
  private final AccessExporter exporter;
  private final DsarService requests;
  private final List<PersonalDataStore> stores;

  private Lethe(Builder b, DataSource dataSource, byte[] secret) {
    this.policy = b.policy;
    this.audit =
        AuditLog.create(
            JdbcAuditStorage.of(dataSource).createTableIfMissing(),
            SubjectHasher.withSecret(secret),
            b.clock);
    List<PersonalDataStore> opened = new ArrayList<>(b.stores);
    for (JdbcMapping mapping : b.mappings) {
      opened.add(JdbcStore.open(dataSource, mapping, b.clock));
    }
    this.stores = List.copyOf(opened);
    PersonalDataStore[] all = stores.toArray(PersonalDataStore[]::new);
    this.holds =
        LegalHolds.create(JdbcHoldRegistry.of(dataSource).createTableIfMissing(), audit, b.clock);
    this.restrictions =
        Restrictions.create(
            JdbcRestrictionRegistry.of(dataSource).createTableIfMissing(), policy, audit, b.clock);
    this.retention =
        RetentionEngine.builder(policy)
            .stores(all)
            .audit(audit)
            .holds(holds)
            .checkpoints(JdbcCheckpointStore.of(dataSource).createTableIfMissing())
            .erasureLedger(JdbcErasureLedger.of(dataSource).createTableIfMissing())
            .clock(b.clock)
            .build();
    this.consent =
        ConsentEngine.builder(policy)
            .ledger(b.consentLedger != null ? b.consentLedger : defaultConsentLedger(dataSource))
            .audit(audit)
            .restrictions(restrictions)
            .clock(b.clock)
            .build();
    this.exporter =
        AccessExporter.builder(policy)
            .stores(all)
            .audit(audit)
            .clock(b.clock)
            .section(new ConsentHistorySection(consent))
            .build();
    this.requests =
        DsarService.builder(policy)
            .repository(JdbcRequestRepository.of(dataSource).createTableIfMissing())
            .audit(audit)
            .clock(b.clock)
            .identityVerifier(b.verifier)
            .restrictions(restrictions)
            .retention(retention)
            .exporter(exporter)
            .erasureParticipant(new ConsentWithdrawal(consent))
            .build();
  }

  /**
   * The consent ledger used unless {@link Builder#consentLedger} gives one: {@code lethe_consent}
   * in the data source, created if missing; on PostgreSQL, instances sharing it hear each other's
   * writes.
   */
  private static ConsentLedger defaultConsentLedger(DataSource dataSource) {
    return JdbcConsentLedger.of(dataSource).createTableIfMissing();
  }

  /**
   * Starts wiring Lethe for a policy.
   *
   * @param policy the policy the engines enforce
   * @return a builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /** {@return the policy} */
  public PrivacyPolicy policy() {
    return policy;
  }

  /** {@return the audit trail every engine writes to} */
  public AuditLog audit() {
    return audit;
  }

  /** {@return the retention engine: plans, sweeps, erasure, rectification, replay} */
  public RetentionEngine retention() {
    return retention;
  }

  /** {@return the legal holds that suspend retention maxima and erasure} */
  public LegalHolds holds() {
    return holds;
  }

  /** {@return restrictions, objections and opt-outs, to ask before processing} */
  public Restrictions restrictions() {
    return restrictions;
  }

  /**
   * {@return the consent engine: consent choices, opt-out preference signals, links between
   * identifiers, and decisions before processing}
   */
  public ConsentEngine consent() {
    return consent;
  }

  /** {@return the data-subject request service, erasing and exporting through this instance} */
  public DsarService requests() {
    return requests;
  }

  /** {@return the access exporter the request service uses} */
  public AccessExporter exporter() {
    return exporter;
  }

  /** {@return the host's stores, in the order given, those opened from mappings last} */
  public List<PersonalDataStore> stores() {
    return stores;
  }

  /** Stops the consent engine listening to its ledger for other instances' changes. */
  @Override
  public void close() {
    consent.close();
  }

  /** Fluent builder for {@link Lethe}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private final List<PersonalDataStore> stores = new ArrayList<>();
    private final List<JdbcMapping> mappings = new ArrayList<>();
    private DataSource dataSource;
    private byte[] secret;
    private Clock clock = Clock.systemUTC();
    private IdentityVerifier verifier = IdentityVerifier.rejectAll();
    private ConsentLedger consentLedger;

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * Sets where Lethe keeps its own tables (audit trail, holds, checkpoints, erasure ledger,
     * requests, restrictions), and opens the stores given as mappings; required.
     *
     * @param value the data source, a pool as the host uses
     * @return this builder
     */
    public Builder dataSource(DataSource value) {
      this.dataSource = Objects.requireNonNull(value, "dataSource");
      return this;
    }

    /**
     * Sets the secret that keys the hashes of subjects in the audit trail, tombstones, holds,
     * restrictions and requests; required. Keep it outside the database it protects: a copy of the
     * database with the secret lets anyone test whether a person was a subject.
     *
     * @param value at least 32 bytes; copied
     * @return this builder
     */
    public Builder secret(byte[] value) {
      this.secret = Objects.requireNonNull(value, "secret").clone();
      return this;
    }

    /**
     * Adds stores of the host's personal data.
     *
     * @param values the stores
     * @return this builder
     */
    public Builder stores(PersonalDataStore... values) {
      Arrays.stream(values).map(v -> Objects.requireNonNull(v, "store")).forEach(stores::add);
      return this;
    }

    /**
     * Adds a table of the data source as a store; opened (and checked against the database) on
     * {@link #build()}.
     *
     * @param mapping the table's mapping
     * @return this builder
     */
    public Builder store(JdbcMapping mapping) {
      mappings.add(Objects.requireNonNull(mapping, "mapping"));
      return this;
    }

    /**
     * Adds tables of the data source as stores, such as those a mapping file describes ({@link
     * io.lethe.core.store.jdbc.JdbcMappings#readResource}); each is opened (and checked against the
     * database) on {@link #build()}.
     *
     * @param values the tables' mappings, in order
     * @return this builder
     */
    public Builder stores(Collection<JdbcMapping> values) {
      Objects.requireNonNull(values, "mappings").forEach(this::store);
      return this;
    }

    /**
     * Sets the clock every engine reads; inject a settable one in tests.
     *
     * @param value the clock; the system's UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the host's identity check for data-subject requests; nothing is read or changed for a
     * request before it passes.
     *
     * @param value the check; rejects everyone by default
     * @return this builder
     */
    public Builder identityVerifier(IdentityVerifier value) {
      this.verifier = Objects.requireNonNull(value, "identityVerifier");
      return this;
    }

    /**
     * Sets where the consent engine keeps its events (a hash chain of keyed hashes, never
     * identifiers). Unless set, they are kept in {@code lethe_consent} in the data source.
     *
     * @param value the ledger
     * @return this builder
     */
    public Builder consentLedger(ConsentLedger value) {
      this.consentLedger = Objects.requireNonNull(value, "consentLedger");
      return this;
    }

    /**
     * Creates Lethe's tables where missing, opens the stores given as mappings and wires the
     * engines.
     *
     * @return Lethe
     * @throws IllegalStateException if the data source or the secret is missing
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     * @throws io.lethe.core.store.jdbc.InvalidMappingException if a mapping does not fit its table
     * @throws io.lethe.retention.RetentionConfigurationException if the policy and the stores do
     *     not fit together (an anonymizing rule that would leave a subject column in place)
     */
    public Lethe build() {
      if (dataSource == null) {
        throw new IllegalStateException(
            "Lethe.builder(policy) needs .dataSource(...): where"
                + " Lethe keeps its audit trail, holds, erasure ledger, requests and restrictions");
      }
      if (secret == null) {
        throw new IllegalStateException(
            "Lethe.builder(policy) needs .secret(...): at least 32"
                + " bytes that key the hashes of subjects, kept outside the database");
      }
      return new Lethe(this, dataSource, secret);
    }
  }
}
