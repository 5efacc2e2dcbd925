package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.internal.SubjectIdentities;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.subject.SubjectRef;
import io.lethe.dsar.spi.ExportSection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Answers access (GDPR Art. 15, CCPA "know") and portability (Art. 20) requests: finds every
 * identifier the stores link to the subject, streams the subject's records store by store, and
 * writes them with the Art. 15 context the policy gives for each category found.
 *
 * <h2>Whose records</h2>
 *
 * Starting from the identifier in the request, the exporter follows every identifier the stores
 * link to it until nothing new turns up ({@link #resolveIdentities}): an email leads to an account
 * id, the account id to a wallet. Identifiers are typed, so an account id whose text equals
 * somebody's email address is a different identifier and reaches nothing of theirs. A record that
 * carries none of the subject's identifiers is never exported. Identifiers that reach more than one
 * account id fail the export before anything is written. An export reads a store that links
 * identifiers once where it can, instead of asking it for links and then reading it; the result is
 * the same.
 *
 * <h2>Memory and round trips</h2>
 *
 * Records are written as the stores hand them out and are never collected, so an export's memory
 * does not grow with the number of records; only the categories found and the counts per store and
 * category are kept, besides up to {@value #CONFIRMATION_BUFFER} records per store that links
 * identifiers (read while resolving them, until they are written) and what a joint read fetched in
 * its round trip (a {@link io.lethe.core.store.jdbc.JdbcStore}'s first page, up to 500 records per
 * store). The exporter keeps the encoded names of stores, record categories, anchors and declared
 * fields across exports, never values or undeclared field names. The ZIP formats write each CSV to
 * a temporary file (owner-only, deleted before the export returns, also on failure) and copy it
 * into the archive at the end.
 *
 * <p>Stores that can be read together ({@link PersonalDataStore#jointReadGroup}), such as {@link
 * io.lethe.core.store.jdbc.JdbcStore}s opened on the same PostgreSQL data source object, start
 * being read with one call once the identifiers are resolved: one round trip for the first records
 * of all of them. {@link Builder#jointReads} turns this off; with {@link Builder#readAhead} the
 * stores are read at once on an executor instead, each on its own.
 *
 * <h2>JSON document ({@link ExportFormat#JSON}; {@code export.json} in {@link ExportFormat#ZIP})
 * </h2>
 *
 * <pre>{@code
 * {
 *   "schema": "lethe-export/1",
 *   "kind": "access" | "portability",
 *   "subject": {"identifiers": [{"type": "email", "value": "ada@example.com"}, ...]},
 *   "generatedAt": "2026-03-01T10:00:00Z",                      // ISO-8601, from the clock
 *   "policy": {"id": "vzgen", "version": "3"},
 *   "records": [
 *     {"store": "accounts", "category": "user.account",
 *      "fields": {"email": "ada@example.com", "plan": "pro"},  // field name -> value
 *      "anchors": {"collected": "2025-01-01T00:00:00Z"}}       // access exports only
 *   ],
 *   "sections": {                                             // access exports only; see below
 *     "consent": {"description": "...", "entries": [{"time": "...", "purpose": "newsletter"}]}
 *   },
 *   "categories": {                                           // every record and field category found
 *     "user.contact.email": {
 *       "name": "Email address",                              // null if the policy does not know it
 *       "purposes": [{"key", "name", "lawfulBasis": "contract", "article": "Art. 6(1)(b)",
 *                     "legitimateInterest"}],
 *       "recipients": [{"key", "name", "role", "location", "outsideEea", "safeguards": [...]}],
 *       "retention": {"rule", "anchor", "maximum", "minimum", "action", "criteria",
 *                     "legalReference"} | null,
 *       "source": "provided by the data subject or observed from their use of the service"
 *     }
 *   },
 *   "summary": {"records": 12, "stores": {"accounts": {"user.account": 1}}}
 * }
 * }</pre>
 *
 * Values are written as JSON strings, numbers and booleans; dates and times as ISO-8601 text,
 * binary values as Base64, anything else as its text.
 *
 * <p>The JSON Schema (draft 2020-12) {@value #JSON_SCHEMA_RESOURCE}, on the class path of this
 * module, describes the document: required properties, types, instants as ISO-8601 UTC text, which
 * objects are closed, and the differences between the kinds (an access record always carries {@code
 * anchors}; a portability record never does, and has at least one field). It also describes {@code
 * context.json}, which carries {@code files} in place of {@code records}. What a schema cannot
 * state, such as {@code summary.records} being the number of records, it leaves to the description
 * above.
 *
 * <h2>Sections</h2>
 *
 * Other modules contribute what they hold of the subject outside the stores as sections ({@link
 * ExportSection}, added with {@link Builder#section}), without this module depending on them:
 * {@code Lethe} adds the consent history of the consent ledger as the section {@code consent}. An
 * access export asks each section once for its entries, given every identifier resolved, and writes
 * them under {@code sections} in the order the sections were added, each with its description; in
 * the ZIP formats, each section is also one CSV entry {@code sections/<name>.csv}, listed in {@code
 * files}, and {@code context.json} gives the section's {@code file} in place of its {@code
 * entries}. An access export without sections writes {@code "sections": {}}; a portability export
 * writes none. A section that fails fails the export.
 *
 * <h2>CSV ({@link ExportFormat#CSV_ZIP} and {@link ExportFormat#ZIP})</h2>
 *
 * One entry {@code csv/<record category>/<store>.csv} per store and record category found (RFC
 * 4180, UTF-8, header row). Columns: the store's declared fields, then {@code anchor:<event>} for
 * each anchor the store declares (access exports only), then {@code other_fields}: a JSON object of
 * any field the record carries that the store did not declare. A record field whose name differs
 * from a declared field's only in case (a {@link io.lethe.core.store.jdbc.JdbcStore} on H2 reads
 * column names in upper case) is written under the declared name, in the JSON document as in the
 * CSV, so the package looks the same whichever database the store runs on. {@code context.json}
 * holds the JSON document without {@code records}, plus {@code files}, the CSV entry names.
 *
 * <p>Cells are guarded against formula injection (CSV injection, as OWASP describes it): a text
 * cell, header cells included, whose first character is {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return is written with a single quote ({@code '}) in front, so that a
 * spreadsheet shows it as text rather than evaluating it; {@code =HYPERLINK(...)} arrives as {@code
 * '=HYPERLINK(...)}. The guarded cell is then quoted and escaped as RFC 4180 says, like any other.
 * Text that already starts with single quotes followed by one of those six characters gets one
 * quote more, so a reader that wants the stored text back removes one leading {@code '} from every
 * text cell that starts with quotes and then one of the six, and from no other. Values the store
 * gives as numbers ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float},
 * {@code Double}, {@code BigInteger}, {@code BigDecimal}) and booleans are written unguarded, so a
 * negative amount stays {@code -42.50}; so are the anchor timestamps, which the exporter writes
 * itself as ISO-8601. Every other value (text, dates, Base64 of binary values) counts as text. The
 * JSON document is not guarded: its strings are exactly the stored values.
 *
 * <h2>Portability</h2>
 *
 * {@link #portability} exports only what the subject provided, approximated by category: fields
 * whose category lies within {@code user.contact}, {@code user.account}, {@code user.content} or
 * {@code user.financial} ({@link #PROVIDED}). Other fields are left out, records with no such field
 * are left out entirely, and anchors (observed lifecycle times) are not written.
 *
 * <h2>Audit</h2>
 *
 * One {@link AuditAction#EXPORT} entry per export, with the subject as the log's keyed hash and the
 * counts {@code records}, {@code stores} and {@code identities} (and {@code section_entries}, for
 * an exporter with sections); a failed export is recorded as {@link AuditOutcome#FAILED}.
 */
public final class AccessExporter {

  /** The source of the data, stated for every category (Art. 15(1)(g)). */
  public static final String SOURCE =
      "provided by the data subject or observed from their use of the service";

  /** The categories whose data a subject is taken to have provided, for portability. */
  public static final List<CategoryKey> PROVIDED =
      List.of(
          CategoryKey.of("user.contact"),
          CategoryKey.of("user.account"),
          CategoryKey.of("user.content"),
          CategoryKey.of("user.financial"));

  /** The schema identifier written into every JSON document. */
  public static final String SCHEMA = "lethe-export/1";

  /**
   * The class-path resource holding the JSON Schema (draft 2020-12) of the JSON document, for
   * {@link ClassLoader#getResourceAsStream(String)}. The schema requires the document's {@code
   * schema} property to be {@link #SCHEMA}.
   */
  public static final String JSON_SCHEMA_RESOURCE = "io/lethe/dsar/export/lethe-export.schema.json";

  /** Records of a store kept from confirming identities to writing them ({@link EarlyReads}). */
  static final int CONFIRMATION_BUFFER = 1_000;

  private final List<AuditedStore> stores;
  private final AuditLog audit;
  private final Clock clock;
  private final String actor;

  /** Whether exports start with joint reads: asked for, and the stores not read ahead. */
  private final boolean jointReads;

  /** What every export shares: the stores, the options, the names and contexts encoded once. */
  private final ExportRun.Shared shared;

  private AccessExporter(Builder builder) {
    PrivacyPolicy policy = Objects.requireNonNull(builder.policy, "policy");
    this.audit = Objects.requireNonNull(builder.audit, "audit log");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.actor = Objects.requireNonNull(builder.actor, "actor");
    List<AuditedStore> wrapped = new ArrayList<>();
    for (PersonalDataStore store : builder.stores) {
      wrapped.add(AuditedStore.of(store, audit));
    }
    this.stores = List.copyOf(wrapped);
    // reading ahead on an executor overlaps the stores' round trips already
    this.jointReads = builder.jointReads && builder.readAhead == null;
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    this.shared =
        new ExportRun.Shared(
            policy,
            stores,
            stores.stream().map(s -> new DeclaredNames(s.descriptor())).toList(),
            mapper,
            builder.readAhead,
            new EncodedNames(),
            new CategoryContexts(policy, mapper),
            List.copyOf(builder.sections));
  }

  /**
   * A builder for an exporter under a policy.
   *
   * @param policy the policy giving the Art. 15 context (purposes, recipients, periods)
   * @return the builder
   */
  public static Builder builder(PrivacyPolicy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Finds every identifier the stores link to the subject, transitively.
   *
   * @param subject the identifier in the request
   * @return that identifier and every one linked to it, in the order found
   * @throws io.lethe.core.store.AmbiguousSubjectException if they reach more than one account id
   *     (an identifier on the way is shared): nothing is exported
   */
  public Set<SubjectRef> resolveIdentities(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    return SubjectIdentities.resolveOne(subject, stores, context(subject));
  }

  /**
   * Writes an access export of everything the stores hold on the subject. The stream is not closed.
   *
   * @param subject the identifier in the (verified) request
   * @param out where the package goes
   * @param format the package's format
   * @return what was exported
   * @throws UncheckedIOException if writing fails
   * @throws io.lethe.core.spi.StoreException if a store fails
   */
  public ExportSummary export(SubjectRef subject, OutputStream out, ExportFormat format) {
    return run(subject, out, format, false);
  }

  /**
   * Writes a portability export: only the data the subject provided ({@link #PROVIDED}), in the
   * same machine-readable formats. The stream is not closed.
   *
   * @param subject the identifier in the (verified) request
   * @param out where the package goes
   * @param format the package's format
   * @return what was exported
   * @throws UncheckedIOException if writing fails
   */
  public ExportSummary portability(SubjectRef subject, OutputStream out, ExportFormat format) {
    return run(subject, out, format, true);
  }

  /** Resolves the subject's identities, reads and writes their records, and audits the export. */
  private ExportSummary run(
      SubjectRef subject, OutputStream out, ExportFormat format, boolean portability) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(subject, "subject");
    AuditContext context = context(subject);
    String detail = (portability ? "portability" : "access") + " export as " + format;
    SubjectIdentities.Reading resolution;
    try {
      resolution =
          SubjectIdentities.resolveOneByReading(subject, stores, context, CONFIRMATION_BUFFER);
    } catch (RuntimeException e) {
      record(
          subject,
          0,
          Set.of(subject),
          AuditOutcome.FAILED,
          detail + " failed: " + e.getClass().getSimpleName());
      throw e;
    }
    Set<SubjectRef> identities = resolution.identities();
    List<AuditedStore> unread =
        stores.stream()
            .filter(
                store ->
                    !resolution.read().containsKey(store)
                        || resolution.toConfirm().containsKey(store))
            .toList();
    Map<AuditedStore, Stream<PersonalRecord>> started =
        EarlyReads.startJoint(unread, identities, context, jointReads);
    Map<AuditedStore, List<PersonalRecord>> confirmed;
    try {
      confirmed = EarlyReads.confirm(resolution, started, context);
    } catch (RuntimeException e) {
      EarlyReads.closeAll(started);
      record(
          subject,
          0,
          identities,
          AuditOutcome.FAILED,
          detail + " failed: " + e.getClass().getSimpleName());
      throw e;
    }
    if (confirmed == null) {
      EarlyReads.closeAll(started);
      try {
        identities = SubjectIdentities.resolveOne(subject, stores, context);
      } catch (RuntimeException e) {
        record(
            subject,
            0,
            identities,
            AuditOutcome.FAILED,
            detail + " failed: " + e.getClass().getSimpleName());
        throw e;
      }
      started = EarlyReads.startJoint(stores, identities, context, jointReads);
      confirmed = Map.of();
    }
    ExportRun run =
        new ExportRun(
            shared, identities, confirmed, started, clock.instant(), portability, context);
    try {
      run.write(out, format);
    } catch (IOException | RuntimeException e) {
      record(
          subject,
          run.total(),
          identities,
          AuditOutcome.FAILED,
          detail + " failed: " + e.getClass().getSimpleName());
      if (e instanceof IOException io) {
        throw new UncheckedIOException("the export could not be written", io);
      }
      throw (RuntimeException) e;
    } finally {
      run.cleanUp();
    }
    record(subject, run.total(), identities, AuditOutcome.SUCCESS, detail, run.sectionEntries());
    return new ExportSummary(run.counts(), identities.size(), portability);
  }

  private void record(
      SubjectRef subject,
      long records,
      Set<SubjectRef> identities,
      AuditOutcome outcome,
      String detail) {
    record(subject, records, identities, outcome, detail, 0);
  }

  /** Audits an export; with sections, how many section entries it wrote. */
  private void record(
      SubjectRef subject,
      long records,
      Set<SubjectRef> identities,
      AuditOutcome outcome,
      String detail,
      long sectionEntries) {
    AuditEvent.Builder event =
        AuditEvent.of(AuditAction.EXPORT, actor)
            .subject(subject)
            .count("records", records)
            .count("stores", stores.size())
            .count("identities", identities.size());
    if (!shared.sections().isEmpty()) {
      event.count("section_entries", sectionEntries);
    }
    audit.append(event.outcome(outcome).detail(detail).build());
  }

  private AuditContext context(SubjectRef subject) {
    return new AuditContext(AuditAction.EXPORT, actor, null, null, subject);
  }

  /** {@return whether a category is one whose data the subject provided ({@link #PROVIDED})} */
  static boolean provided(CategoryKey category) {
    for (CategoryKey root : PROVIDED) {
      if (category.isWithin(root)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ builder

  /** Fluent builder for {@link AccessExporter}. */
  public static final class Builder {
    private final PrivacyPolicy policy;
    private final List<PersonalDataStore> stores = new ArrayList<>();
    private AuditLog audit;
    private Clock clock = Clock.systemUTC();
    private String actor = "dsar-exporter";
    private Executor readAhead;
    private boolean jointReads = true;
    private final List<ExportSection> sections = new ArrayList<>();

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /**
     * @param values stores holding personal data @return this builder
     */
    public Builder stores(PersonalDataStore... values) {
      stores.addAll(List.of(values));
      return this;
    }

    /**
     * @param value the audit log @return this builder
     */
    public Builder audit(AuditLog value) {
      this.audit = value;
      return this;
    }

    /**
     * @param value stamps {@code generatedAt} @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * @param value who exports, in audit entries; default {@code dsar-exporter} @return this
     */
    public Builder actor(String value) {
      this.actor = value;
      return this;
    }

    /**
     * Reads the stores at once on an executor instead of one after the other: while one store's
     * records are written, the others are already being read, so their round trips overlap. Each
     * store's read runs as one task and keeps at most {@value ReadAhead#BATCH} x {@value
     * ReadAhead#BATCHES} records ahead of the writing, so memory stays bounded; records still
     * appear store by store in the order the stores were given. If the executor is busy, refuses a
     * task or runs it on the calling thread, the export reads that store itself when it gets there;
     * if a reader's thread is interrupted (the executor is shut down), the export fails with a
     * {@link io.lethe.core.spi.StoreException} naming the store. A store that fails while read
     * ahead is audited when it fails, so a failed export's trail may also name a store after the
     * one that ended it. An export uses up to one task, and so one database connection, per store
     * at a time: size the executor and the connection pools for it. Without this, stores are read
     * one after the other on the calling thread.
     *
     * @param executor runs the stores' reads, for example a fixed thread pool shared by the host's
     *     exports; the exporter never shuts it down
     * @return this builder
     */
    public Builder readAhead(Executor executor) {
      this.readAhead = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether stores that can be read together ({@link PersonalDataStore#jointReadGroup}) start an
     * export with one joint read, one round trip for all of them; on by default. Turn it off where
     * the database or something between it and the host refuses several statements sent as one (a
     * pooler in statement mode, for instance): an export then still succeeds, reading the stores
     * one by one after the joint read fails, but logs a warning each time.
     *
     * @param value false to read every store on its own
     * @return this builder
     */
    public Builder jointReads(boolean value) {
      this.jointReads = value;
      return this;
    }

    /**
     * Adds a section that another module contributes to every access export, such as the consent
     * history; sections are written in the order added.
     *
     * @param value the section
     * @return this builder
     */
    public Builder section(ExportSection value) {
      sections.add(Objects.requireNonNull(value, "section"));
      return this;
    }

    /**
     * Builds the exporter.
     *
     * @return the exporter
     * @throws IllegalArgumentException if a section's name does not match {@link
     *     ExportSection#NAME} or two sections share one, naming every such section
     */
    public AccessExporter build() {
      List<String> problems = new ArrayList<>();
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < sections.size(); i++) {
        String name = sections.get(i).name();
        if (name == null || !ExportSection.NAME.matcher(name).matches()) {
          problems.add(
              "sections["
                  + i
                  + "]: name '"
                  + name
                  + "' must match "
                  + ExportSection.NAME.pattern());
        } else if (!names.add(name)) {
          problems.add(
              "sections[" + i + "]: name '" + name + "' is taken by an earlier" + " section");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "the exporter's sections do not fit: " + String.join("; ", problems));
      }
      return new AccessExporter(this);
    }
  }
}
