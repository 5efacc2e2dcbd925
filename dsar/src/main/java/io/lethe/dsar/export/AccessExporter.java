package io.lethe.dsar.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lethe.core.audit.AuditAction;
import io.lethe.core.audit.AuditEvent;
import io.lethe.core.audit.AuditLog;
import io.lethe.core.audit.AuditOutcome;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.DataCategory;
import io.lethe.core.policy.PrivacyPolicy;
import io.lethe.core.policy.Processor;
import io.lethe.core.policy.Purpose;
import io.lethe.core.policy.RetentionRule;
import io.lethe.core.policy.TransferSafeguard;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.store.AuditContext;
import io.lethe.core.store.AuditedStore;
import io.lethe.core.store.SubjectIdentities;
import io.lethe.core.store.FieldValue;
import io.lethe.core.store.PersonalRecord;
import io.lethe.core.store.RecordKey;
import io.lethe.core.store.StoreDescriptor;
import io.lethe.core.store.StoreField;
import io.lethe.core.subject.SubjectRef;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Answers access (GDPR Art. 15, CCPA "know") and portability (Art. 20) requests: resolves every
 * identifier the stores link to the subject, streams the subject's records store by store, and
 * writes them with the Art. 15 context the policy gives for each category found.
 *
 * <h2>Identity resolution</h2>
 * {@link #resolveIdentities} starts from the identifier in the request and asks every store for
 * the identifiers it links to each one found, until nothing new turns up (a fixpoint): an email
 * leads to an account id, the account id to a wallet. Identifiers are typed, so an account id
 * whose text equals somebody's email address is a different identifier and reaches nothing of
 * theirs. Records are then read with {@code recordsOf(allIdentifiers)}, and {@link AuditedStore}
 * rejects any record that carries none of them.
 *
 * <p>An export resolves by reading instead ({@link SubjectIdentities#resolveOneByReading}): by
 * the store contract, the identifiers a store links to one are those its records of that one
 * carry, so the export reads a linking store's records where it would ask, and keeps them for
 * its turn. It skips what it knows already: a store that links no identifiers ({@link
 * PersonalDataStore#linksIdentities}) is read once, with every identifier found; a store is not
 * read again for an identifier of a type it keeps unique ({@link
 * PersonalDataStore#uniqueIdentifiers}) that a record read from it carries; and a store is read
 * for the identifiers it linked itself only once resolution is done (the accounts table, read
 * for an email, gives the account id; its records of the account id are mostly the same rows),
 * before anything is written: if one of those records carries an identifier not yet found,
 * resolution starts again the long way ({@link SubjectIdentities#resolveOne}), so the result is
 * the same. Up to {@value #CONFIRMATION_BUFFER} records per linking store are kept in memory
 * until their turn in the export; a store with more is asked for links instead and read again
 * when its turn comes.
 *
 * <h2>Round trips</h2>
 * Stores that can be read together ({@link PersonalDataStore#jointReadGroup}), such as {@link
 * io.lethe.core.store.jdbc.JdbcStore}s opened on the same PostgreSQL data source object, start
 * being read with one call once the identifiers are resolved, before they are confirmed and
 * before anything is written: one round trip for the first records of all of them, the reads
 * that confirm the identifiers included. If confirming finds another identifier, those reads are
 * dropped and started again with every identifier. With {@link Builder#readAhead} the stores are
 * read on the executor instead, each on its own; {@link Builder#jointReads} turns joint reads off.
 *
 * <h2>Memory</h2>
 * Records are written as the store's stream hands them out and are never collected; only the
 * set of categories found, the counts per store and category, and the layout of the last record
 * (its field names, encoded once for the records of the same shape that follow) are kept,
 * besides the records read while resolving identifiers (up to {@value #CONFIRMATION_BUFFER} per
 * linking store, until they are written) and what a joint read fetched in its round trip (a
 * {@code JdbcStore}'s first page, up to 500 records per store).
 * The exporter keeps the encoded names of stores, record categories, anchors and declared
 * fields across exports, never values or undeclared field names. The ZIP formats write
 * each CSV to a temporary file (owner-only, deleted before the export returns, also on failure)
 * and copy it into the archive at the end, since a ZIP is written one entry at a time.
 *
 * <h2>JSON document ({@link ExportFormat#JSON}; {@code export.json} in {@link ExportFormat#ZIP})</h2>
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
 * Values are written as JSON strings, numbers and booleans; dates and times as ISO-8601 text,
 * binary values as Base64, anything else as its text.
 *
 * <p>The JSON Schema (draft 2020-12) {@value #JSON_SCHEMA_RESOURCE}, on the class path of this
 * module, describes the document: required properties, types, instants as ISO-8601 UTC text,
 * which objects are closed, and the differences between the kinds (an access record always
 * carries {@code anchors}; a portability record never does, and has at least one field). It also
 * describes {@code context.json}, which carries {@code files} in place of {@code records}. What
 * a schema cannot state, such as {@code summary.records} being the number of records, it leaves
 * to the description above.
 *
 * <h2>CSV ({@link ExportFormat#CSV_ZIP} and {@link ExportFormat#ZIP})</h2>
 * One entry {@code csv/<record category>/<store>.csv} per store and record category found
 * (RFC 4180, UTF-8, header row). Columns: the store's declared fields, then {@code
 * anchor:<event>} for each anchor the store declares (access exports only), then {@code
 * other_fields}: a JSON object of any field the record carries that the store did not declare.
 * A record field whose name differs from a declared field's only in case (a {@link
 * io.lethe.core.store.jdbc.JdbcStore} on H2 reads column names in upper case) is written under
 * the declared name, in the JSON document as in the CSV, so the package looks the same whichever
 * database the store runs on.
 * {@code context.json} holds the JSON document without {@code records}, plus {@code files}, the
 * CSV entry names.
 *
 * <p>Cells are guarded against formula injection (CSV injection, as OWASP describes it): a text
 * cell, header cells included, whose first character is {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return is written with a single quote ({@code '}) in front, so that a
 * spreadsheet shows it as text rather than evaluating it; {@code =HYPERLINK(...)} arrives as
 * {@code '=HYPERLINK(...)}. The guarded cell is then quoted and escaped as RFC 4180 says, like any
 * other. Text that already starts with single quotes followed by one of those six characters
 * gets one quote more, so a reader that wants the stored text back removes one leading {@code '}
 * from every text cell that starts with quotes and then one of the six, and from no other. Values the store gives as numbers ({@code Byte},
 * {@code Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code BigInteger},
 * {@code BigDecimal}) and booleans are written unguarded, so a negative amount stays {@code
 * -42.50}; so are the anchor timestamps, which the exporter writes itself as ISO-8601. Every other
 * value (text, dates, Base64 of binary values) counts as text. The JSON document is not guarded:
 * its strings are exactly the stored values.
 *
 * <h2>Portability</h2>
 * {@link #portability} exports only what the subject provided, approximated by category: fields
 * whose category lies within {@code user.contact}, {@code user.account}, {@code user.content} or
 * {@code user.financial} ({@link #PROVIDED}). Other fields are left out, records with no such
 * field are left out entirely, and anchors (observed lifecycle times) are not written.
 *
 * <h2>Audit</h2>
 * One {@link AuditAction#EXPORT} entry per export, with the subject as the log's keyed hash and
 * the counts {@code records}, {@code stores} and {@code identities}; a failed export is recorded
 * as {@link AuditOutcome#FAILED}.
 */
public final class AccessExporter {

  /** The source of the data, stated for every category (Art. 15(1)(g)). */
  public static final String SOURCE =
      "provided by the data subject or observed from their use of the service";

  /** The categories whose data a subject is taken to have provided, for portability. */
  public static final List<CategoryKey> PROVIDED = List.of(CategoryKey.of("user.contact"),
      CategoryKey.of("user.account"), CategoryKey.of("user.content"),
      CategoryKey.of("user.financial"));

  /** The schema identifier written into every JSON document. */
  public static final String SCHEMA = "lethe-export/1";

  /**
   * The class-path resource holding the JSON Schema (draft 2020-12) of the JSON document, for
   * {@link ClassLoader#getResourceAsStream(String)}. The schema requires the document's {@code
   * schema} property to be {@link #SCHEMA}.
   */
  public static final String JSON_SCHEMA_RESOURCE =
      "io/lethe/dsar/export/lethe-export.schema.json";

  /** Records of a store kept from confirming the identities to writing them. */
  static final int CONFIRMATION_BUFFER = 1_000;

  private static final int MAX_CACHED_CONTEXTS = 4096;
  private static final int MAX_CACHED_TEXTS = 4096;
  /** How many layouts of a store's records an export keeps at once ({@code Run.Layout}). */
  private static final int RECENT_LAYOUTS = 4;

  private static final SerializedString STORE = new SerializedString("store");
  private static final SerializedString CATEGORY = new SerializedString("category");
  private static final SerializedString FIELDS = new SerializedString("fields");
  private static final SerializedString ANCHORS = new SerializedString("anchors");

  private final PrivacyPolicy policy;
  private final List<AuditedStore> stores;
  /** How each store spells its fields, by position in {@link #stores}; built once. */
  private final List<DeclaredNames> declaredNames;
  private final AuditLog audit;
  private final Clock clock;
  private final String actor;
  private final ObjectMapper mapper;
  private final Executor readAhead;
  private final boolean jointReads;
  /** The rendered Art. 15 context of each category met so far; see {@link #contextOf}. */
  private final Map<CategoryKey, SerializedString> contexts = new ConcurrentHashMap<>();
  /** Names written in every export, encoded once; see {@link #encoded}. */
  private final Map<String, SerializedString> texts = new ConcurrentHashMap<>();

  private AccessExporter(Builder builder) {
    this.readAhead = builder.readAhead;
    this.jointReads = builder.jointReads;
    this.policy = Objects.requireNonNull(builder.policy, "policy");
    this.audit = Objects.requireNonNull(builder.audit, "audit log");
    this.clock = Objects.requireNonNull(builder.clock, "clock");
    this.actor = Objects.requireNonNull(builder.actor, "actor");
    List<AuditedStore> wrapped = new ArrayList<>();
    for (PersonalDataStore store : builder.stores) {
      wrapped.add(AuditedStore.of(store, audit));
    }
    this.stores = List.copyOf(wrapped);
    this.declaredNames = stores.stream().map(s -> new DeclaredNames(s.descriptor())).toList();
    this.mapper = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
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
   * Writes an access export of everything the stores hold on the subject. The stream is not
   * closed.
   *
   * @param subject the identifier in the (verified) request
   * @param out where the package goes
   * @param format the package's format
   * @return what was exported
   * @throws UncheckedIOException if writing fails
   * @throws io.lethe.core.store.StoreException if a store fails
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

  private ExportSummary run(SubjectRef subject, OutputStream out, ExportFormat format,
      boolean portability) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(subject, "subject");
    AuditContext context = context(subject);
    String detail = (portability ? "portability" : "access") + " export as " + format;
    SubjectIdentities.Reading resolution;
    try {
      resolution = SubjectIdentities.resolveOneByReading(subject, stores, context,
          CONFIRMATION_BUFFER);
    } catch (RuntimeException e) {
      record(subject, 0, Set.of(subject), AuditOutcome.FAILED, detail + " failed: "
          + e.getClass().getSimpleName());
      throw e;
    }
    Set<SubjectRef> identities = resolution.identities();
    List<AuditedStore> unread = stores.stream().filter(store ->
        !resolution.read().containsKey(store) || resolution.toConfirm().containsKey(store))
        .toList();
    Map<AuditedStore, Stream<PersonalRecord>> started =
        startJointReads(unread, identities, context);
    Map<AuditedStore, List<PersonalRecord>> confirmed;
    try {
      confirmed = confirmByReading(resolution, started, context);
    } catch (RuntimeException e) {
      closeAll(started);
      record(subject, 0, identities, AuditOutcome.FAILED, detail + " failed: "
          + e.getClass().getSimpleName());
      throw e;
    }
    if (confirmed == null) {
      closeAll(started);
      try {
        identities = SubjectIdentities.resolveOne(subject, stores, context);
      } catch (RuntimeException e) {
        record(subject, 0, identities, AuditOutcome.FAILED, detail + " failed: "
            + e.getClass().getSimpleName());
        throw e;
      }
      started = startJointReads(stores, identities, context);
      confirmed = Map.of();
    }
    Run run = new Run(identities, confirmed, started, clock.instant(), portability, context);
    try {
      switch (format) {
        case JSON -> run.writeJson(out);
        case CSV_ZIP -> run.writeZip(out, false);
        case ZIP -> run.writeZip(out, true);
        default -> throw new IllegalArgumentException("unknown format " + format);
      }
    } catch (IOException | RuntimeException e) {
      record(subject, run.total, identities, AuditOutcome.FAILED, detail + " failed: "
          + e.getClass().getSimpleName());
      if (e instanceof IOException io) {
        throw new UncheckedIOException("the export could not be written", io);
      }
      throw (RuntimeException) e;
    } finally {
      run.deleteTemporaryFiles();
      closeAll(run.started);
    }
    record(subject, run.total, identities, AuditOutcome.SUCCESS, detail);
    return new ExportSummary(run.counts, identities.size(), portability);
  }

  /**
   * Completes the records a resolution read ({@link SubjectIdentities#resolveOneByReading}) by
   * reading each store it left unasked about some identifiers, and confirms the resolution on the
   * way: if none of those records carries another identifier, the resolution is complete, and
   * the store's records (up to {@value #CONFIRMATION_BUFFER}) are kept for the export, so the
   * store is read once. A store with more records is confirmed by asking it the questions left
   * out instead, and read in full when its turn comes. A store in a joint read was read with
   * every identifier; the records the resolution read already are skipped.
   *
   * @return the records read, per store, ordered as {@link SubjectIdentities#inKeyOrder} says;
   *     null if an identifier turned up, and resolution must start again without shortcuts
   */
  private Map<AuditedStore, List<PersonalRecord>> confirmByReading(
      SubjectIdentities.Reading resolution, Map<AuditedStore, Stream<PersonalRecord>> started,
      AuditContext context) {
    Set<SubjectRef> identities = resolution.identities();
    Map<AuditedStore, List<PersonalRecord>> read = new LinkedHashMap<>(resolution.read());
    for (Map.Entry<AuditedStore, Set<SubjectRef>> entry : resolution.toConfirm().entrySet()) {
      AuditedStore store = entry.getKey();
      Map<RecordKey, PersonalRecord> held = new LinkedHashMap<>();
      read.remove(store).forEach(record -> held.put(record.key(), record));
      boolean complete = true;
      Stream<PersonalRecord> jointly = started.remove(store);
      try (Stream<PersonalRecord> more = jointly != null ? jointly
          : store.recordsOf(entry.getValue(), context)) {
        Iterator<PersonalRecord> it = more.iterator();
        while (complete && it.hasNext()) {
          PersonalRecord record = it.next();
          if (!identities.containsAll(record.subjects())) {
            return null;
          }
          if (!held.containsKey(record.key())) {
            complete = held.size() < CONFIRMATION_BUFFER;
            held.put(record.key(), record);
          }
        }
      }
      if (complete) {
        read.put(store, SubjectIdentities.inKeyOrder(held.values()));
        continue;
      }
      for (SubjectRef identity : entry.getValue()) {
        if (!identities.containsAll(store.linkedIdentities(identity, context))) {
          return null;
        }
      }
    }
    return read;
  }

  /**
   * Starts reading the stores that can be read together ({@link AuditedStore#recordsOfJointly}),
   * unless joint reads are off or the stores are read ahead on an executor, which overlaps their
   * round trips already.
   */
  private Map<AuditedStore, Stream<PersonalRecord>> startJointReads(List<AuditedStore> which,
      Set<SubjectRef> identities, AuditContext context) {
    return readAhead != null || !jointReads ? new ConcurrentHashMap<>()
        : new ConcurrentHashMap<>(AuditedStore.recordsOfJointly(which, identities, context));
  }

  /**
   * Closes streams started and not read. A failure to close is not thrown: {@link AuditedStore}
   * has audited it, and the export has ended or goes on without that stream.
   */
  private static void closeAll(Map<AuditedStore, Stream<PersonalRecord>> started) {
    for (Stream<PersonalRecord> stream : started.values()) {
      try {
        stream.close();
      } catch (RuntimeException e) {
        // audited by AuditedStore; nothing was read from this stream
      }
    }
    started.clear();
  }

  private void record(SubjectRef subject, long records, Set<SubjectRef> identities,
      AuditOutcome outcome, String detail) {
    audit.append(AuditEvent.of(AuditAction.EXPORT, actor).subject(subject)
        .count("records", records).count("stores", stores.size())
        .count("identities", identities.size()).outcome(outcome).detail(detail).build());
  }

  private AuditContext context(SubjectRef subject) {
    return new AuditContext(AuditAction.EXPORT, actor, null, null, subject);
  }

  private static boolean provided(CategoryKey category) {
    for (CategoryKey root : PROVIDED) {
      if (category.isWithin(root)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes a plain value with the generator's typed calls; going through the object mapper for
   * each value costs a serializer lookup per field, the larger part of a small export's time.
   */
  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof java.math.BigDecimal decimal) {
      json.writeNumber(decimal);
    } else if (value instanceof java.math.BigInteger integer) {
      json.writeNumber(integer);
    } else if (value instanceof Double number) {
      json.writeNumber(number);
    } else if (value instanceof Float number) {
      json.writeNumber(number);
    } else if (value instanceof Number number) {
      json.writeNumber(number.toString());
    } else {
      json.writeString(value.toString());
    }
  }

  /** A value in a form JSON and CSV can carry. */
  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    return String.valueOf(value);
  }

  /**
   * The Art. 15 context of a category as JSON text. The policy does not change, so each
   * category's context is rendered once per exporter; the categories are those the stores hold,
   * so the cache stays small.
   */
  private SerializedString contextOf(CategoryKey category) {
    SerializedString rendered = contexts.get(category);
    if (rendered == null) {
      StringWriter text = new StringWriter();
      try (JsonGenerator json = mapper.createGenerator(text)) {
        writeContext(json, category);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot render the context of a category", e);
      }
      rendered = new SerializedString(text.toString());
      if (contexts.size() < MAX_CACHED_CONTEXTS) {
        contexts.put(category, rendered);
      }
    }
    return rendered;
  }

  /**
   * A name that recurs in every export (a store's, a record category's, an anchor's), as JSON
   * text encoded once: Jackson copies its bytes instead of encoding the characters again for
   * every record. Such names are schema, not personal data; field names are encoded once only
   * when the store declares them ({@link DeclaredNames}), since a store may hand out others.
   * Past {@value #MAX_CACHED_TEXTS} distinct names they are encoded each time.
   */
  private SerializedString encoded(String name) {
    SerializedString encoded = texts.get(name);
    if (encoded == null) {
      encoded = new SerializedString(name);
      if (texts.size() < MAX_CACHED_TEXTS) {
        texts.put(name, encoded);
      }
    }
    return encoded;
  }

  private void writeContext(JsonGenerator json, CategoryKey category) throws IOException {
    boolean known = policy.taxonomy().contains(category);
    json.writeStartObject();
    json.writeStringField("name", known
        ? policy.taxonomy().find(category).map(DataCategory::name).orElse(null) : null);
    json.writeArrayFieldStart("purposes");
    for (Purpose purpose : known ? policy.purposesUsing(category) : List.<Purpose>of()) {
      json.writeStartObject();
      json.writeStringField("key", purpose.key());
      json.writeStringField("name", purpose.name());
      json.writeStringField("lawfulBasis", fileSpelling(purpose.basis()));
      json.writeStringField("article", purpose.basis().article());
      if (purpose.legitimateInterest() != null) {
        json.writeStringField("legitimateInterest", purpose.legitimateInterest());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("recipients");
    for (Processor recipient : known ? policy.recipientsOf(category) : List.<Processor>of()) {
      json.writeStartObject();
      json.writeStringField("key", recipient.key());
      json.writeStringField("name", recipient.name());
      json.writeStringField("role", fileSpelling(recipient.role()));
      json.writeStringField("location",
          recipient.location() == null ? null : recipient.location().code());
      json.writeBooleanField("outsideEea", recipient.mayReceiveOutsideEea());
      json.writeArrayFieldStart("safeguards");
      for (TransferSafeguard safeguard : recipient.safeguards()) {
        json.writeString(fileSpelling(safeguard));
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    RetentionRule rule = known ? policy.ruleFor(category).orElse(null) : null;
    if (rule == null) {
      json.writeNullField("retention");
    } else {
      json.writeObjectFieldStart("retention");
      json.writeStringField("rule", rule.id());
      json.writeStringField("anchor", text(rule.anchor()));
      json.writeStringField("maximum", text(rule.maximum()));
      json.writeStringField("minimum", text(rule.minimum()));
      json.writeStringField("action", fileSpelling(rule.action()));
      json.writeStringField("criteria", rule.criteria());
      json.writeStringField("legalReference", rule.legalReference());
      json.writeEndObject();
    }
    json.writeStringField("source", SOURCE);
    json.writeEndObject();
  }

  // ------------------------------------------------------------------ one export

  /** The state of one export: small, whatever the number of records. */
  private final class Run {
    private final Set<SubjectRef> identities;
    /** Records read while confirming the identities, per store; each is written, then dropped. */
    private final Map<AuditedStore, List<PersonalRecord>> confirmed;
    /** Streams started by a joint read, per store; each is taken when its store's turn comes. */
    private final Map<AuditedStore, Stream<PersonalRecord>> started;
    private final Instant generatedAt;
    private final boolean portability;
    private final AuditContext context;
    private final Set<CategoryKey> categories = new LinkedHashSet<>();
    private final Map<String, Map<CategoryKey, Long>> counts = new LinkedHashMap<>();
    private final Map<String, CsvFile> csvFiles = new LinkedHashMap<>();
    /** Where anchors are formatted, one at a time ({@link IsoInstants#format(Instant, char[])}). */
    private final char[] instantText = new char[IsoInstants.MAX_LENGTH];
    private long total;

    Run(Set<SubjectRef> identities, Map<AuditedStore, List<PersonalRecord>> confirmed,
        Map<AuditedStore, Stream<PersonalRecord>> started, Instant generatedAt,
        boolean portability, AuditContext context) {
      this.identities = identities;
      this.confirmed = new ConcurrentHashMap<>(confirmed);
      this.started = started;
      this.generatedAt = generatedAt;
      this.portability = portability;
      this.context = context;
    }

    void writeJson(OutputStream out) throws IOException {
      JsonGenerator json = mapper.createGenerator(new NonClosing(out));
      writeDocument(json, true, false);
      // closing (not just flushing) hands the generator's buffers back for the next export;
      // the caller's stream stays open
      json.close();
    }

    void writeZip(OutputStream out, boolean withJson) throws IOException {
      ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
      if (withJson) {
        zip.putNextEntry(new ZipEntry("export.json"));
        JsonGenerator json = mapper.createGenerator(new NonClosing(zip));
        writeDocument(json, true, true);
        json.close();
        zip.closeEntry();
      } else {
        readAll(null, true);
      }
      for (Map.Entry<String, CsvFile> entry : csvFiles.entrySet()) {
        entry.getValue().writer.close();
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        Files.copy(entry.getValue().path, zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("context.json"));
      JsonGenerator json = mapper.createGenerator(new NonClosing(zip));
      writeDocument(json, false, false);
      json.close();
      zip.closeEntry();
      zip.finish();
      zip.flush();
    }

    /** Writes the JSON document; with records, reads the stores (and fills CSVs if asked). */
    private void writeDocument(JsonGenerator json, boolean withRecords, boolean csv)
        throws IOException {
      json.writeStartObject();
      json.writeStringField("schema", SCHEMA);
      json.writeStringField("kind", portability ? "portability" : "access");
      json.writeObjectFieldStart("subject");
      json.writeArrayFieldStart("identifiers");
      for (SubjectRef identity : identities) {
        json.writeStartObject();
        json.writeStringField("type", identity.type().name());
        json.writeStringField("value", identity.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeStringField("generatedAt", IsoInstants.format(generatedAt));
      json.writeObjectFieldStart("policy");
      json.writeStringField("id", policy.id());
      json.writeStringField("version", policy.version());
      json.writeEndObject();
      if (withRecords) {
        json.writeArrayFieldStart("records");
        readAll(json, csv);
        json.writeEndArray();
      } else {
        json.writeArrayFieldStart("files");
        for (String name : csvFiles.keySet()) {
          json.writeString(name);
        }
        json.writeEndArray();
      }
      json.writeObjectFieldStart("categories");
      for (CategoryKey category : categories) {
        json.writeFieldName(category.value());
        json.writeRawValue(contextOf(category));
      }
      json.writeEndObject();
      json.writeObjectFieldStart("summary");
      json.writeNumberField("records", total);
      json.writeObjectFieldStart("stores");
      for (Map.Entry<String, Map<CategoryKey, Long>> store : counts.entrySet()) {
        json.writeObjectFieldStart(store.getKey());
        for (Map.Entry<CategoryKey, Long> count : store.getValue().entrySet()) {
          json.writeNumberField(count.getKey().value(), count.getValue());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    }

    /** Streams every store's records once, to the JSON generator and/or the CSV files. */
    private void readAll(JsonGenerator json, boolean csv) throws IOException {
      try (ReadAhead ahead = readAhead == null ? null : new ReadAhead(readAhead, stores.stream()
          .<Map.Entry<String, Supplier<Stream<PersonalRecord>>>>map(s -> Map.entry(s.name(),
              () -> recordsOf(s))).toList())) {
        for (int i = 0; i < stores.size(); i++) {
          readStore(i, ahead, json, csv);
        }
      }
    }

    private Stream<PersonalRecord> recordsOf(AuditedStore store) {
      List<PersonalRecord> read = confirmed.remove(store);
      if (read != null) {
        return read.stream();
      }
      Stream<PersonalRecord> jointly = started.remove(store);
      return jointly != null ? jointly : store.recordsOf(identities, context);
    }

    private void readStore(int index, ReadAhead ahead, JsonGenerator json, boolean csv)
        throws IOException {
      AuditedStore store = stores.get(index);
      StoreDescriptor descriptor = store.descriptor();
      DeclaredNames names = declaredNames.get(index);
      SerializedString storeName = encoded(store.name());
      Map<CategoryKey, Long> storeCounts =
          counts.computeIfAbsent(store.name(), name -> new LinkedHashMap<>());
      Layout layout = null;
      // the last few layouts, for a store whose records take turns between a few shapes
      Layout[] recent = new Layout[RECENT_LAYOUTS];
      int made = 0;
      try (Stream<PersonalRecord> records = ahead == null
          ? recordsOf(store) : ahead.records(index)) {
        Iterator<PersonalRecord> it = records.iterator();
        while (it.hasNext()) {
          PersonalRecord record = it.next();
          if (layout == null || !layout.fits(record)) {
            if (layout != null) {
              layout.count(storeCounts);
            }
            layout = fitting(recent, record);
            if (layout == null) {
              layout = new Layout(record, names);
              recent[made++ % recent.length] = layout;
            }
          }
          if (layout.exported == 0 && portability) {
            continue;
          }
          layout.note();
          total++;
          if (json != null) {
            writeRecord(json, storeName, layout, record);
          }
          if (csv) {
            csvFor(descriptor, record.category()).write(record, layout.fields(record));
          }
        }
      }
      if (layout != null) {
        layout.count(storeCounts);
      }
    }

    /** {@return the first of the layouts that fits a record; null if none does} */
    private Layout fitting(Layout[] layouts, PersonalRecord record) {
      for (Layout layout : layouts) {
        if (layout != null && layout.fits(record)) {
          return layout;
        }
      }
      return null;
    }

    private void writeRecord(JsonGenerator json, SerializedString store, Layout layout,
        PersonalRecord record) throws IOException {
      json.writeStartObject();
      json.writeFieldName(STORE);
      json.writeString(store);
      json.writeFieldName(CATEGORY);
      json.writeString(layout.categoryText);
      json.writeFieldName(FIELDS);
      json.writeStartObject();
      List<FieldValue> fields = record.fields();
      for (int i = 0; i < layout.written.length; i++) {
        SerializedString name = layout.written[i];
        if (name != null) {
          json.writeFieldName(name);
          writeValue(json, plain(fields.get(i).value()));
        }
      }
      json.writeEndObject();
      if (!portability) {
        json.writeFieldName(ANCHORS);
        json.writeStartObject();
        for (Map.Entry<Anchor, Instant> anchor : record.anchors().times().entrySet()) {
          json.writeFieldName(layout.anchorText(anchor.getKey()));
          int length = IsoInstants.format(anchor.getValue(), instantText);
          if (length < 0) {
            json.writeString(anchor.getValue().toString());
          } else {
            json.writeString(instantText, 0, length);
          }
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    }

    /**
     * How the records of a store are written, worked out from one record and kept while the
     * records that follow have its shape: its category, and fields of the same names and
     * categories in the same order. A store builds its records from one mapping, so most of a
     * store's records share one layout; checking that a record fits compares each field's name
     * and category, by reference first, which settles it for a store that hands out the same
     * name and category objects every time (a {@code JdbcStore} takes them from its mapping),
     * and by {@code equals} otherwise. The layout spells each field's name as the store declares it
     * ({@link DeclaredNames}), drops what a portability export leaves out, and holds the names as
     * JSON text; it notes the categories once and counts its records, so that a record costs no
     * lookup of its names, category or count. A store whose records take turns between a few
     * shapes gets the layout it had for each again ({@value #RECENT_LAYOUTS} at most).
     */
    private final class Layout {
      private final CategoryKey category;
      private final SerializedString categoryText;
      /** The fields' names and categories, as the record that made the layout has them. */
      private final String[] names;
      private final CategoryKey[] fieldCategories;
      /** Each field's name, as declared and as JSON text; null for a field left out. */
      private final SerializedString[] written;
      private final String[] spelled;
      /** How many fields are written. */
      private final int exported;
      /** The anchors seen so far and their names as JSON text; a record has a few at most. */
      private final Anchor[] anchors = new Anchor[4];
      private final SerializedString[] anchorTexts = new SerializedString[anchors.length];
      private long count;
      private boolean noted;

      Layout(PersonalRecord record, DeclaredNames declared) {
        category = record.category();
        categoryText = encoded(category.value());
        List<FieldValue> fields = record.fields();
        names = new String[fields.size()];
        fieldCategories = new CategoryKey[fields.size()];
        written = new SerializedString[fields.size()];
        spelled = new String[fields.size()];
        int kept = 0;
        for (int i = 0; i < names.length; i++) {
          FieldValue field = fields.get(i);
          names[i] = field.name();
          fieldCategories[i] = field.category();
          if (!portability || provided(field.category())) {
            spelled[i] = declared.spelling(field.name());
            SerializedString encodedName = declared.encoded(spelled[i]);
            written[i] = encodedName != null ? encodedName : new SerializedString(spelled[i]);
            kept++;
          }
        }
        exported = kept;
      }

      /** {@return whether a record has this layout's category and fields} */
      boolean fits(PersonalRecord record) {
        if (!same(record.category(), category)) {
          return false;
        }
        List<FieldValue> fields = record.fields();
        if (fields.size() != names.length) {
          return false;
        }
        for (int i = 0; i < names.length; i++) {
          FieldValue field = fields.get(i);
          if (!same(field.name(), names[i]) || !same(field.category(), fieldCategories[i])) {
            return false;
          }
        }
        return true;
      }

      private static boolean same(Object a, Object b) {
        return a == b || a.equals(b);
      }

      /** Notes a record written: its categories the first time, its count every time. */
      void note() {
        if (!noted) {
          categories.add(category);
          for (int i = 0; i < written.length; i++) {
            if (written[i] != null) {
              categories.add(fieldCategories[i]);
            }
          }
          noted = true;
        }
        count++;
      }

      /** Adds the records counted to the store's counts, and starts counting again. */
      void count(Map<CategoryKey, Long> storeCounts) {
        if (count > 0) {
          storeCounts.merge(category, count, Long::sum);
        }
        count = 0;
      }

      /** {@return a record's fields as written: spelled as declared, less those left out} */
      List<FieldValue> fields(PersonalRecord record) {
        List<FieldValue> fields = record.fields();
        List<FieldValue> kept = new ArrayList<>(exported);
        for (int i = 0; i < written.length; i++) {
          if (written[i] != null) {
            FieldValue field = fields.get(i);
            kept.add(spelled[i].equals(field.name()) ? field
                : new FieldValue(spelled[i], field.category(), field.value()));
          }
        }
        return kept;
      }

      /** {@return an anchor's name as JSON text} */
      SerializedString anchorText(Anchor anchor) {
        for (int i = 0; i < anchors.length; i++) {
          if (anchors[i] == null) {
            anchors[i] = anchor;
            anchorTexts[i] = encoded(anchor.event());
            return anchorTexts[i];
          }
          if (anchors[i] == anchor) {
            return anchorTexts[i];
          }
        }
        return encoded(anchor.event());
      }
    }

    private CsvFile csvFor(StoreDescriptor descriptor, CategoryKey category) throws IOException {
      String name = "csv/" + category.value() + "/" + descriptor.name() + ".csv";
      CsvFile file = csvFiles.get(name);
      if (file == null) {
        file = new CsvFile(descriptor, portability);
        csvFiles.put(name, file);
      }
      return file;
    }

    void deleteTemporaryFiles() {
      for (CsvFile file : csvFiles.values()) {
        try {
          file.writer.close();
        } catch (IOException e) {
          // the file is deleted next
        }
        try {
          Files.deleteIfExists(file.path);
        } catch (IOException e) {
          file.path.toFile().deleteOnExit();
        }
      }
    }
  }

  /**
   * Spells record fields as the store's descriptor declares them. A store may name a record's
   * fields in another case than its descriptor: {@link io.lethe.core.store.jdbc.JdbcStore} takes
   * the names from the database, which spells unquoted columns in upper case on H2. A field whose
   * name matches a declared one only when case is ignored gets the declared name, so the export
   * has the same field names and CSV columns on every database; a name that matches nothing, or
   * more than one declared name, is kept as the store gave it.
   */
  private static final class DeclaredNames {
    private final Set<String> declared = new LinkedHashSet<>();
    private final Map<String, String> byFoldedName = new LinkedHashMap<>();
    /** The declared names as JSON text, encoded once. */
    private final Map<String, SerializedString> encoded = new LinkedHashMap<>();

    DeclaredNames(StoreDescriptor descriptor) {
      Set<String> ambiguous = new LinkedHashSet<>();
      for (StoreField field : descriptor.fields()) {
        declared.add(field.name());
        encoded.put(field.name(), new SerializedString(field.name()));
        String folded = field.name().toLowerCase(Locale.ROOT);
        String before = byFoldedName.put(folded, field.name());
        if (before != null && !before.equals(field.name())) {
          ambiguous.add(folded);
        }
      }
      ambiguous.forEach(byFoldedName::remove);
    }

    /** {@return a declared name as JSON text; null for a name the store did not declare} */
    SerializedString encoded(String name) {
      return encoded.get(name);
    }

    /**
     * {@return a field's name as the store declares it: the name itself if declared, else the
     * one declared name it matches when case is ignored, else the name itself}
     */
    String spelling(String name) {
      return declared.contains(name) ? name
          : byFoldedName.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  // ------------------------------------------------------------------ CSV

  /** One CSV, buffered in an owner-only temporary file until the archive takes it. */
  private final class CsvFile {
    private final Path path;
    private final Writer writer;
    private final List<String> columns = new ArrayList<>();
    private final List<Anchor> anchors;

    CsvFile(StoreDescriptor descriptor, boolean portability) throws IOException {
      for (StoreField field : descriptor.fields()) {
        if (!portability || provided(field.category())) {
          columns.add(field.name());
        }
      }
      anchors = portability ? List.of() : descriptor.anchors();
      path = Files.createTempFile("lethe-export-", ".csv");
      writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      List<String> header = new ArrayList<>();
      columns.forEach(c -> header.add(guard(c)));
      anchors.forEach(a -> header.add("anchor:" + a.event()));
      header.add("other_fields");
      row(header);
    }

    void write(PersonalRecord record, List<FieldValue> fields) throws IOException {
      Map<String, Object> byName = new LinkedHashMap<>();
      fields.forEach(f -> byName.put(f.name(), plain(f.value())));
      List<String> cells = new ArrayList<>(columns.size() + anchors.size() + 1);
      for (String column : columns) {
        cells.add(cell(byName.remove(column)));
      }
      for (Anchor anchor : anchors) {
        cells.add(record.anchors().get(anchor).map(IsoInstants::format).orElse(""));
      }
      cells.add(byName.isEmpty() ? "" : guard(mapper.writeValueAsString(byName)));
      row(cells);
    }

    private void row(List<String> cells) throws IOException {
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          writer.write(',');
        }
        writer.write(quote(cells.get(i)));
      }
      writer.write("\r\n");
    }
  }

  /** The characters that make a spreadsheet read a cell starting with them as a formula. */
  private static final String FORMULA_TRIGGERS = "=+-@\t\r";

  /** The CSV text of a field value, after {@link #plain}: numbers as they are, text guarded. */
  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean || value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof Byte || value instanceof BigDecimal
        || value instanceof BigInteger || value instanceof Double || value instanceof Float) {
      return value.toString();
    }
    return guard(value.toString());
  }

  /**
   * Puts a single quote in front of text a spreadsheet would evaluate as a formula, and in front
   * of text that already looks guarded (quotes, then such a character), so that taking one quote
   * off a guarded-looking cell always gives the stored text back.
   */
  private static String guard(String text) {
    int first = 0;
    while (first < text.length() && text.charAt(first) == '\'') {
      first++;
    }
    return first < text.length() && FORMULA_TRIGGERS.indexOf(text.charAt(first)) >= 0
        ? "'" + text : text;
  }

  private static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  /** Keeps the caller's stream open when a generator or archive is closed. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** An enum value as policy files spell it: {@code legitimate_interests}, {@code processor}. */
  private static String fileSpelling(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
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

    private Builder(PrivacyPolicy policy) {
      this.policy = policy;
    }

    /** @param values stores holding personal data @return this builder */
    public Builder stores(PersonalDataStore... values) {
      stores.addAll(List.of(values));
      return this;
    }

    /** @param value the audit log @return this builder */
    public Builder audit(AuditLog value) {
      this.audit = value;
      return this;
    }

    /** @param value stamps {@code generatedAt} @return this builder */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** @param value who exports, in audit entries; default {@code dsar-exporter} @return this */
    public Builder actor(String value) {
      this.actor = value;
      return this;
    }

    /**
     * Reads the stores at once on an executor instead of one after the other: while one store's
     * records are written, the others are already being read, so their round trips overlap.
     * Each store's read runs as one task and keeps at most {@value ReadAhead#BATCH} x {@value
     * ReadAhead#BATCHES} records ahead of the writing, so memory stays bounded; records still
     * appear store by store in the order the stores were given. If the executor is busy, refuses
     * a task or runs it on the calling thread, the export reads that store itself when it gets
     * there; if a reader's thread is interrupted (the executor is shut down), the export fails
     * with a {@link io.lethe.core.store.StoreException} naming the store. A store that fails
     * while read ahead is audited when it fails, so a failed export's trail may also name a
     * store after the one that ended it. An export uses up
     * to one task, and so one database connection, per store at a time: size the executor and
     * the connection pools for it. Without this, stores are read one after the other on the
     * calling thread.
     *
     * @param executor runs the stores' reads, for example a fixed thread pool shared by the
     *     host's exports; the exporter never shuts it down
     * @return this builder
     */
    public Builder readAhead(Executor executor) {
      this.readAhead = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Whether stores that can be read together ({@link PersonalDataStore#jointReadGroup}) start
     * an export with one joint read, one round trip for all of them; on by default. Turn it off
     * where the database or something between it and the host refuses several statements sent
     * as one (a pooler in statement mode, for instance): an export then still succeeds, reading
     * the stores one by one after the joint read fails, but logs a warning each time.
     *
     * @param value false to read every store on its own
     * @return this builder
     */
    public Builder jointReads(boolean value) {
      this.jointReads = value;
      return this;
    }

    /** @return the exporter */
    public AccessExporter build() {
      return new AccessExporter(this);
    }
  }
}
