package io.lethe.core.spi;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.policy.IdentifierType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a store holds and how its records link to subjects: the category of its records, the
 * categories of their fields, the identifier types that link a record to a subject, and the anchors
 * (lifecycle instants) it can filter on.
 *
 * @param name the store's unique name, used in audit entries and errors
 * @param recordCategory the category of a record as a whole; expiring it removes the record
 * @param fields the personal fields and their categories
 * @param identifiers the identifier types that link records to subjects
 * @param anchors the anchors the store can filter records by; always includes {@code collected}
 * @param marksAnonymized whether the store remembers which records were anonymized, so that an
 *     anonymizing rule does not find (and hash) them again; required by record-level anonymization
 * @param subjectFields the names of the record's values that carry its subject identifiers (a JDBC
 *     store's subject columns); empty where the store does not say. The retention engine uses them
 *     to refuse an anonymizing rule that would leave records linked to their subjects: each must
 *     also be a field the rule clears
 * @param ownedThrough the stores through whose records this store's records are reached (an order
 *     item through its order): such records may carry no identifier of their own, and {@code
 *     identifiers} then lists the types of the stores reached through
 */
public record StoreDescriptor(
    String name,
    CategoryKey recordCategory,
    List<StoreField> fields,
    List<IdentifierType> identifiers,
    List<Anchor> anchors,
    boolean marksAnonymized,
    List<String> subjectFields,
    List<String> ownedThrough) {

  /**
   * A descriptor of a store whose records carry their subjects' identifiers themselves.
   *
   * @param name the store's name
   * @param recordCategory the category of a record
   * @param fields the personal fields
   * @param identifiers the identifier types
   * @param anchors the anchors
   * @param marksAnonymized whether the store marks anonymized records
   * @param subjectFields the names of the values carrying identifiers
   */
  public StoreDescriptor(
      String name,
      CategoryKey recordCategory,
      List<StoreField> fields,
      List<IdentifierType> identifiers,
      List<Anchor> anchors,
      boolean marksAnonymized,
      List<String> subjectFields) {
    this(
        name,
        recordCategory,
        fields,
        identifiers,
        anchors,
        marksAnonymized,
        subjectFields,
        List.of());
  }

  /**
   * A descriptor that does not name the values carrying its identifiers.
   *
   * @param name the store's name
   * @param recordCategory the category of a record
   * @param fields the personal fields
   * @param identifiers the identifier types
   * @param anchors the anchors
   * @param marksAnonymized whether the store marks anonymized records
   */
  public StoreDescriptor(
      String name,
      CategoryKey recordCategory,
      List<StoreField> fields,
      List<IdentifierType> identifiers,
      List<Anchor> anchors,
      boolean marksAnonymized) {
    this(name, recordCategory, fields, identifiers, anchors, marksAnonymized, List.of());
  }

  /**
   * A descriptor of a store that does not mark anonymized records.
   *
   * @param name the store's name
   * @param recordCategory the category of a record
   * @param fields the personal fields
   * @param identifiers the identifier types
   * @param anchors the anchors
   */
  public StoreDescriptor(
      String name,
      CategoryKey recordCategory,
      List<StoreField> fields,
      List<IdentifierType> identifiers,
      List<Anchor> anchors) {
    this(name, recordCategory, fields, identifiers, anchors, false);
  }

  /** Validates the name and copies the lists. */
  public StoreDescriptor {
    Objects.requireNonNull(name, "store name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_.-]{0,99}")) {
      throw new IllegalArgumentException(
          "a store name must be letters, digits, '_', '-' or '.',"
              + " starting with a letter: '"
              + name
              + "'");
    }
    Objects.requireNonNull(recordCategory, "record category");
    fields = List.copyOf(fields);
    identifiers = List.copyOf(identifiers);
    anchors = List.copyOf(anchors);
    subjectFields = List.copyOf(subjectFields);
    ownedThrough = List.copyOf(ownedThrough);
    if (identifiers.isEmpty()) {
      throw new IllegalArgumentException(
          "store '"
              + name
              + "' must link its records to subjects"
              + " through at least one identifier");
    }
  }

  /** {@return the record category and every field category, without repeats} */
  public Set<CategoryKey> categories() {
    Set<CategoryKey> all = new LinkedHashSet<>();
    all.add(recordCategory);
    fields.forEach(f -> all.add(f.category()));
    return all;
  }

  /**
   * The fields whose category lies within the given one.
   *
   * @param category a category
   * @return matching fields, in declaration order
   */
  public List<StoreField> fieldsWithin(CategoryKey category) {
    List<StoreField> matching = new ArrayList<>();
    for (StoreField field : fields) {
      if (field.category().isWithin(category)) {
        matching.add(field);
      }
    }
    return matching;
  }

  /**
   * Tells whether records of this store hold data of a category: the record category lies within
   * it, or some field does.
   *
   * @param category a category
   * @return true if the store holds such data
   */
  public boolean holds(CategoryKey category) {
    return recordCategory.isWithin(category) || !fieldsWithin(category).isEmpty();
  }

  /**
   * Tells whether the store can filter by an anchor.
   *
   * @param anchor the anchor
   * @return true if supported
   */
  public boolean supports(Anchor anchor) {
    return anchors.contains(anchor);
  }
}
