package io.lethe.core.store.jdbc;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one table holds personal data: its key column, the columns that link a row to a subject, the
 * category of a row and of each personal column, and the timestamp column of each anchor.
 *
 * <p>Build one with {@link #builder(String)} or read them from YAML with {@link JdbcMappings}.
 * Table and column names must be plain SQL identifiers (letters, digits and underscores, starting
 * with a letter or underscore); {@link JdbcStore#open} checks them against the database's metadata
 * and uses the names as the database spells them, quoted. Values are always bound, never spliced.
 *
 * @param store the store's name, unique among the host's stores
 * @param schema the table's schema; null for the connection's default
 * @param table the table
 * @param key the key columns: one column, or several for a table keyed by several (an order item by
 *     its order and line number), in order; each a whole number, text or UUID, unique together. In
 *     YAML, {@code key: id} or {@code key: [order_id, line_no]}
 * @param category the category of a row as a whole
 * @param subjects the columns that link a row to its subject, with their identifier types
 * @param fields the personal columns, with their categories
 * @param anchors the timestamp column of each anchor; {@code collected} (when the row was created)
 *     is needed only where a rule counting from collection governs the store's categories, which
 *     the retention engine checks when it is built. Without it, a replay after a restore cannot
 *     tell a restored row from one a returning subject gave later, and erases both
 * @param anonymizedAt a nullable timestamp column marking rows already anonymized; null if none
 * @param references the columns through which a row belongs to whoever a row of another store
 *     belongs to (an order item through its order); a mapping needs at least one subject column or
 *     reference. Stores with references are opened together with the stores they name, by {@link
 *     JdbcStores#open}
 * @param referencedAnchors the anchors read from the row a reference leads to (an order item's
 *     {@code order.completed} from its order's {@code completed_at}), by anchor
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JdbcMapping(
    String store,
    String schema,
    String table,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> key,
    CategoryKey category,
    List<SubjectColumn> subjects,
    List<FieldColumn> fields,
    Map<Anchor, String> anchors,
    String anonymizedAt,
    List<Reference> references,
    Map<Anchor, ReferencedAnchor> referencedAnchors) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  /**
   * A column linking a row to a subject, in a role where a row names several people.
   *
   * <p>A row may name several people, each in a role of their own ({@code lessons.tutor_id} and
   * {@code lessons.student_id}; a message's sender and recipient). Each role's columns link the row
   * to that person only: identifiers are linked to each other only within a role, an access export
   * gives a person the row without the other roles' identifiers and fields (GDPR Art. 15(4)), and
   * an erasure for one person clears that person's role columns and fields and keeps the row for
   * the others, until every person on it is erased. Either every subject column of a mapping has a
   * role, or none has.
   *
   * @param column the column
   * @param type the identifier type it holds
   * @param role the role of the person it names, such as {@code tutor}; null where a row names one
   *     person
   */
  public record SubjectColumn(String column, IdentifierType type, String role) {

    /**
     * A column linking a row to the one person it names.
     *
     * @param column the column
     * @param type the identifier type it holds
     */
    public SubjectColumn(String column, IdentifierType type) {
      this(column, type, null);
    }
  }

  /**
   * A personal column.
   *
   * @param column the column
   * @param category the category of its values
   * @param role the role of the person the values are about, for a row that names several ({@code
   *     tutor_note} is the tutor's); null for values about everyone on the row
   */
  public record FieldColumn(String column, CategoryKey category, String role) {

    /**
     * A personal column about everyone the row names.
     *
     * @param column the column
     * @param category the category of its values
     */
    public FieldColumn(String column, CategoryKey category) {
      this(column, category, null);
    }
  }

  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /**
   * A reference from a row to a row of another store, which the row belongs with: {@code
   * order_items.order_id} holding the {@code id} of a row of store {@code orders} makes an order
   * item belong to whoever the order belongs to. The referenced column must be unique in its table
   * (its key, or a column a unique index covers), so each row has one parent. Reference values are
   * never identifiers: they find no other subject, are not exported as the subject's identifiers
   * and are not hashed into tombstones.
   *
   * @param column this table's column holding the reference
   * @param store the referenced store's name
   * @param key the referenced table's column that the reference holds a value of
   */
  public record Reference(String column, String store, String key) {}

  /**
   * An anchor whose time is a column of the row a reference leads to: a rule's clock for an order
   * item that starts when its order completed. Expiry queries select the rows whose referenced
   * row's column is past the cutoff, with a subquery on the referenced table.
   *
   * @param reference this table's column holding the reference, one of the mapping's references
   * @param column the referenced table's timestamp column
   */
  public record ReferencedAnchor(String reference, String column) {}

  /** Copies the collections; a null collection becomes empty. */
  public JdbcMapping {
    key = key == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(key));
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    fields = fields == null ? List.of() : List.copyOf(fields);
    references = references == null ? List.of() : List.copyOf(references);
    referencedAnchors =
        referencedAnchors == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(referencedAnchors));
    anchors =
        anchors == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(anchors));
  }

  /**
   * Checks the mapping's own shape, before any database is consulted.
   *
   * @return every problem found, empty if none
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (store == null || !store.matches("[A-Za-z][A-Za-z0-9_.-]{0,99}")) {
      problems.add("store: needs a name of letters, digits, '_', '-' or '.'");
    }
    identifier(problems, "schema", schema, true);
    identifier(problems, "table", table, false);
    if (key.isEmpty()) {
      problems.add("key: is required (one column, or several for a composite key)");
    }
    for (int i = 0; i < key.size(); i++) {
      String at = key.size() == 1 ? "key" : "key[" + i + "]";
      identifier(problems, at, key.get(i), false);
      if (key.get(i) != null && key.indexOf(key.get(i)) < i) {
        problems.add(at + ": column '" + key.get(i) + "' is named twice in the key");
      }
    }
    if (category == null) {
      problems.add("category: every table needs the category of its rows");
    }
    if (subjects.isEmpty() && references.isEmpty()) {
      problems.add(
          "subjects: at least one column must link a row to its subject, or a"
              + " reference to another store's rows");
    }
    for (int i = 0; i < subjects.size(); i++) {
      SubjectColumn subject = subjects.get(i);
      identifier(
          problems, "subjects[" + i + "].column", subject == null ? null : subject.column(), false);
      if (subject != null && subject.type() == null) {
        problems.add("subjects[" + i + "].type: needs an identifier type such as account_id");
      }
    }
    List<String> roles =
        subjects.stream()
            .filter(Objects::nonNull)
            .map(SubjectColumn::role)
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    for (int i = 0; i < subjects.size(); i++) {
      SubjectColumn subject = subjects.get(i);
      if (subject == null) {
        continue;
      }
      if (subject.role() != null && !ROLE.matcher(subject.role()).matches()) {
        problems.add(
            "subjects["
                + i
                + "].role: needs lower-case letters, digits or '_',"
                + " starting with a letter");
      } else if (subject.role() == null && !roles.isEmpty()) {
        problems.add(
            "subjects["
                + i
                + "].role: the other subject columns have roles "
                + roles
                + "; give this one a role too, so that no column joins two people into one");
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      FieldColumn field = fields.get(i);
      identifier(
          problems, "fields[" + i + "].column", field == null ? null : field.column(), false);
      if (field != null && field.category() == null) {
        problems.add("fields[" + i + "].category: needs the category of the column's values");
      }
      if (field != null && field.role() != null && !roles.contains(field.role())) {
        problems.add(
            "fields["
                + i
                + "].role: no subject column has role '"
                + (ROLE.matcher(field.role()).matches() ? field.role() : "(not a role name)")
                + "'"
                + (roles.isEmpty() ? "" : "; the roles are " + roles));
      }
    }
    for (int i = 0; i < references.size(); i++) {
      Reference reference = references.get(i);
      identifier(
          problems,
          "references[" + i + "].column",
          reference == null ? null : reference.column(),
          false);
      identifier(
          problems, "references[" + i + "].key", reference == null ? null : reference.key(), false);
      if (reference != null
          && (reference.store() == null
              || !reference.store().matches("[A-Za-z][A-Za-z0-9_.-]{0,99}"))) {
        problems.add("references[" + i + "].store: needs the name of the referenced store");
      } else if (reference != null && reference.store().equals(store)) {
        problems.add(
            "references[" + i + "].store: a store cannot reach its rows through" + " itself");
      }
    }
    anchors.forEach((anchor, column) -> identifier(problems, "anchors." + anchor, column, false));
    referencedAnchors.forEach(
        (anchor, through) -> {
          String at = "referencedAnchors." + anchor;
          if (anchors.containsKey(anchor)) {
            problems.add(at + ": the anchor has a column of its own in anchors");
          }
          identifier(problems, at + ".column", through == null ? null : through.column(), false);
          if (through != null
              && references.stream()
                  .noneMatch(r -> r != null && Objects.equals(r.column(), through.reference()))) {
            problems.add(
                at
                    + ".reference: no reference of this mapping holds column '"
                    + through.reference()
                    + "'");
          }
        });
    identifier(problems, "anonymizedAt", anonymizedAt, true);
    return problems;
  }

  private static void identifier(
      List<String> problems, String where, String name, boolean optional) {
    if (name == null) {
      if (!optional) {
        problems.add(where + ": is required");
      }
      return;
    }
    if (!IDENTIFIER.matcher(name).matches()) {
      String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
      problems.add(
          where
              + ": '"
              + shown
              + "' is not a plain SQL identifier (letters, digits and"
              + " '_', starting with a letter or '_')");
    }
  }

  /**
   * Starts a mapping.
   *
   * @param store the store's name
   * @return a builder
   */
  public static Builder builder(String store) {
    return new Builder(store);
  }

  /** Fluent builder for {@link JdbcMapping}. */
  public static final class Builder {
    private final String store;
    private String schema;
    private String table;
    private List<String> key = List.of();
    private CategoryKey category;
    private final List<SubjectColumn> subjects = new ArrayList<>();
    private final List<FieldColumn> fields = new ArrayList<>();
    private final Map<Anchor, String> anchors = new LinkedHashMap<>();
    private String anonymizedAt;
    private final List<Reference> references = new ArrayList<>();
    private final Map<Anchor, ReferencedAnchor> referencedAnchors = new LinkedHashMap<>();

    private Builder(String store) {
      this.store = store;
    }

    /**
     * @param value the schema @return this builder
     */
    public Builder schema(String value) {
      this.schema = value;
      return this;
    }

    /**
     * @param name the table
     * @param keyColumns its key column, or its key columns in order for a composite key
     * @return this builder
     */
    public Builder table(String name, String... keyColumns) {
      this.table = name;
      this.key = Arrays.asList(keyColumns.clone());
      return this;
    }

    /**
     * @param value the category of a row @return this builder
     */
    public Builder category(String value) {
      this.category = CategoryKey.of(value);
      return this;
    }

    /**
     * @param column a column linking rows to subjects
     * @param type the identifier type it holds
     * @return this builder
     */
    public Builder subject(String column, IdentifierType type) {
      subjects.add(new SubjectColumn(column, type));
      return this;
    }

    /**
     * A column naming one of the people on a row that names several, in a role: {@code
     * subjectInRole("tutor", "tutor_id", ACCOUNT_ID)} and {@code subjectInRole("student",
     * "student_id", ACCOUNT_ID)}. See {@link SubjectColumn}.
     *
     * @param role the role, lower case, such as {@code tutor}
     * @param column the column
     * @param type the identifier type it holds
     * @return this builder
     */
    public Builder subjectInRole(String role, String column, IdentifierType type) {
      subjects.add(new SubjectColumn(column, type, role));
      return this;
    }

    /**
     * @param column a personal column
     * @param fieldCategory the category of its values
     * @return this builder
     */
    public Builder field(String column, String fieldCategory) {
      fields.add(new FieldColumn(column, CategoryKey.of(fieldCategory)));
      return this;
    }

    /**
     * A personal column about the person in one role of a row that names several: a tutor's note on
     * a lesson. An access export leaves it out for the other people on the row; an erasure of that
     * person clears it.
     *
     * @param role one of the roles of {@link #subjectInRole}
     * @param column the column
     * @param fieldCategory the category of its values
     * @return this builder
     */
    public Builder fieldOfRole(String role, String column, String fieldCategory) {
      fields.add(new FieldColumn(column, CategoryKey.of(fieldCategory), role));
      return this;
    }

    /**
     * @param anchor an anchor
     * @param column its timestamp column
     * @return this builder
     */
    public Builder anchor(Anchor anchor, String column) {
      anchors.put(Objects.requireNonNull(anchor, "anchor"), column);
      return this;
    }

    /**
     * @param column the creation timestamp column @return this builder
     */
    public Builder collectedAt(String column) {
      return anchor(Anchor.COLLECTED, column);
    }

    /**
     * @param column the marker column for anonymized rows @return this builder
     */
    public Builder anonymizedAt(String column) {
      this.anonymizedAt = column;
      return this;
    }

    /**
     * Makes a row belong to whoever the row of another store it refers to belongs to.
     *
     * @param column this table's column holding the reference, such as {@code order_id}
     * @param referencedStore the referenced store's name, such as {@code orders}
     * @param referencedKey the unique column of that store's table the reference holds, such as
     *     {@code id}
     * @return this builder
     */
    public Builder reference(String column, String referencedStore, String referencedKey) {
      references.add(new Reference(column, referencedStore, referencedKey));
      return this;
    }

    /**
     * Reads an anchor from the row a reference leads to.
     *
     * @param anchor the anchor, such as {@code Anchor.event("order.completed")}
     * @param referenceColumn this table's column holding the reference, one of {@link #reference}'s
     * @param column the referenced table's timestamp column, such as {@code completed_at}
     * @return this builder
     */
    public Builder anchorThrough(Anchor anchor, String referenceColumn, String column) {
      referencedAnchors.put(
          Objects.requireNonNull(anchor, "anchor"), new ReferencedAnchor(referenceColumn, column));
      return this;
    }

    /**
     * @return the mapping, checked when a store is opened with it
     */
    public JdbcMapping build() {
      return new JdbcMapping(
          store,
          schema,
          table,
          key,
          category,
          subjects,
          fields,
          anchors,
          anonymizedAt,
          references,
          referencedAnchors);
    }
  }
}
