package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldBeExportOfKind.shouldBeExportOfKind;
import static io.lethe.testkit.assertions.error.ShouldContainEveryCategoryOf.categoryMissing;
import static io.lethe.testkit.assertions.error.ShouldContainEveryCategoryOf.identifiersMissing;
import static io.lethe.testkit.assertions.error.ShouldContainEveryCategoryOf.recordsMissing;
import static io.lethe.testkit.assertions.error.ShouldContainEveryCategoryOf.shouldContainEveryCategoryOf;
import static io.lethe.testkit.assertions.error.ShouldContainNoOtherSubject.foreignIdentifiers;
import static io.lethe.testkit.assertions.error.ShouldContainNoOtherSubject.foreignRecords;
import static io.lethe.testkit.assertions.error.ShouldContainNoOtherSubject.noIdentifiers;
import static io.lethe.testkit.assertions.error.ShouldContainNoOtherSubject.shouldContainNoOtherSubject;
import static io.lethe.testkit.assertions.error.ShouldContainNoOtherSubject.uncheckedStore;

import io.lethe.core.policy.Anchor;
import io.lethe.core.policy.CategoryKey;
import io.lethe.core.spi.FieldValue;
import io.lethe.core.spi.PersonalDataStore;
import io.lethe.core.spi.PersonalRecord;
import io.lethe.core.subject.SubjectRef;
import io.lethe.testkit.assertions.ExportPackage;
import io.lethe.testkit.assertions.ExportPackage.ExportedRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions comparing an export package with the stores it must reflect, obtained from {@link
 * ExportAssert#against(PersonalDataStore...)}.
 *
 * <p>The subject's identifiers are resolved as the exporter resolves them: from the identifier
 * given, every store is asked for the identifiers it links to each one found, until nothing new
 * turns up. The subject's records are then read with {@link PersonalDataStore#recordsOf}.
 *
 * <p>The JSON document carries no record keys and no per-record identifiers, so an exported record
 * is traced to a stored one by its content: the same store and category, the same field values (for
 * a portability export, the exported fields; for an access export, all fields and all anchors).
 * Each stored record answers for one exported record at most, so a record exported twice, or a
 * look-alike record of somebody else, is caught. Two records of two subjects with identical content
 * cannot be told apart; nor can they by anybody reading the package.
 *
 * <p>Messages name stores, categories, identifier types and counts; never a value, a key or an
 * identifier.
 */
public class ExportAgainstStoresAssert
    extends AbstractAssert<ExportAgainstStoresAssert, ExportPackage> {

  private final List<PersonalDataStore> stores;

  /**
   * Creates the assertion.
   *
   * @param actual the package
   * @param stores the stores it must reflect
   */
  public ExportAgainstStoresAssert(ExportPackage actual, List<PersonalDataStore> stores) {
    super(actual, ExportAgainstStoresAssert.class);
    this.stores = List.copyOf(stores);
  }

  /**
   * Verifies that the access export contains everything the stores hold of the subject: it lists
   * every identifier the stores link to the subject, it explains (in {@code categories}) every
   * record category and field category of the subject's records, and it contains every one of those
   * records. Fails for a portability export, which leaves out by design what the subject did not
   * provide.
   *
   * @param subject the identifier of the request
   * @return this assertion
   */
  public ExportAgainstStoresAssert containsEveryCategoryOf(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    isNotNull();
    if (!"access".equals(actual.kind())) {
      throwAssertionError(shouldBeExportOfKind(actual.policy(), "access", actual.kind()));
    }
    Set<SubjectRef> identities = resolve(subject);
    List<String> findings = new ArrayList<>();
    List<String> unlisted =
        identities.stream()
            .filter(i -> !actual.identifiers().contains(i))
            .map(i -> i.type().name())
            .distinct()
            .toList();
    if (!unlisted.isEmpty()) {
      findings.add(
          identifiersMissing(
              (int) identities.stream().filter(i -> !actual.identifiers().contains(i)).count(),
              unlisted));
    }
    for (PersonalDataStore store : stores) {
      List<PersonalRecord> held = recordsOf(store, identities);
      Set<String> categories = new LinkedHashSet<>();
      for (PersonalRecord record : held) {
        categories.add(record.category().value());
        record.fields().forEach(f -> categories.add(f.category().value()));
      }
      categories.stream()
          .filter(c -> !actual.categories().contains(c))
          .forEach(c -> findings.add(categoryMissing(store.name(), c)));
      List<PersonalRecord> unmatched = new ArrayList<>(held);
      for (ExportedRecord exported : exportedFrom(store.name())) {
        unmatched.stream()
            .filter(r -> matches(exported, r, true))
            .findFirst()
            .ifPresent(unmatched::remove);
      }
      Map<CategoryKey, long[]> byCategory = new LinkedHashMap<>();
      held.forEach(r -> byCategory.computeIfAbsent(r.category(), c -> new long[2])[1]++);
      unmatched.forEach(r -> byCategory.get(r.category())[0]++);
      byCategory.forEach(
          (category, counts) -> {
            if (counts[0] > 0) {
              findings.add(recordsMissing(store.name(), category.value(), counts[0], counts[1]));
            }
          });
    }
    if (!findings.isEmpty()) {
      throwAssertionError(
          shouldContainEveryCategoryOf(actual.policy(), storeNames(), identities.size(), findings));
    }
    return myself;
  }

  /**
   * Verifies that the package holds data of its own subject only, taking as the subject the first
   * identifier it lists (the exporter lists the request's identifier first). See {@link
   * #containsNoOtherSubjectThan(SubjectRef)}.
   *
   * @return this assertion
   */
  public ExportAgainstStoresAssert containsNoOtherSubject() {
    isNotNull();
    if (actual.identifiers().isEmpty()) {
      throwAssertionError(
          shouldContainNoOtherSubject(
              actual.kind(), actual.policy(), storeNames(), 0, List.of(noIdentifiers())));
    }
    return containsNoOtherSubjectThan(actual.identifiers().get(0));
  }

  /**
   * Verifies that the package holds data of the given subject only: every identifier it lists is
   * one the stores link to the subject, and every exported record traces to a record one of the
   * stores holds of the subject (see the class description for how). Records of a store not given
   * cannot be traced and fail the assertion.
   *
   * @param subject the identifier of the request
   * @return this assertion
   */
  public ExportAgainstStoresAssert containsNoOtherSubjectThan(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    isNotNull();
    Set<SubjectRef> identities = resolve(subject);
    List<String> findings = new ArrayList<>();
    List<SubjectRef> foreign =
        actual.identifiers().stream().filter(i -> !identities.contains(i)).toList();
    if (!foreign.isEmpty()) {
      findings.add(
          foreignIdentifiers(
              foreign.size(), foreign.stream().map(i -> i.type().name()).distinct().toList()));
    }
    boolean access = "access".equals(actual.kind());
    for (PersonalDataStore store : stores) {
      List<PersonalRecord> held = new ArrayList<>(recordsOf(store, identities));
      Map<String, Long> foreignByCategory = new LinkedHashMap<>();
      for (ExportedRecord exported : exportedFrom(store.name())) {
        PersonalRecord match =
            held.stream().filter(r -> matches(exported, r, access)).findFirst().orElse(null);
        if (match == null) {
          foreignByCategory.merge(exported.category(), 1L, Long::sum);
        } else {
          held.remove(match);
        }
      }
      foreignByCategory.forEach(
          (category, count) -> findings.add(foreignRecords(store.name(), category, count)));
    }
    Set<String> checked = new LinkedHashSet<>(storeNames());
    Map<String, Long> unchecked = new LinkedHashMap<>();
    actual.records().stream()
        .filter(r -> !checked.contains(r.store()))
        .forEach(r -> unchecked.merge(r.store(), 1L, Long::sum));
    unchecked.forEach((store, count) -> findings.add(uncheckedStore(store, count)));
    if (!findings.isEmpty()) {
      throwAssertionError(
          shouldContainNoOtherSubject(
              actual.kind(), actual.policy(), storeNames(), identities.size(), findings));
    }
    return myself;
  }

  /** Every identifier the stores link to the subject, transitively, as the exporter finds them. */
  private Set<SubjectRef> resolve(SubjectRef subject) {
    Set<SubjectRef> found = new LinkedHashSet<>();
    found.add(subject);
    Deque<SubjectRef> pending = new ArrayDeque<>(found);
    while (!pending.isEmpty()) {
      SubjectRef next = pending.poll();
      for (PersonalDataStore store : stores) {
        for (SubjectRef linked : store.linkedIdentities(next)) {
          if (found.add(linked)) {
            pending.add(linked);
          }
        }
      }
    }
    return found;
  }

  private static List<PersonalRecord> recordsOf(
      PersonalDataStore store, Set<SubjectRef> identities) {
    try (Stream<PersonalRecord> records = store.recordsOf(identities)) {
      return records.toList();
    }
  }

  private List<ExportedRecord> exportedFrom(String store) {
    return actual.records().stream().filter(r -> r.store().equals(store)).toList();
  }

  /**
   * Whether an exported record is the stored one: same category and field values; for an access
   * export also the same field names and anchors, for a portability export the exported fields
   * only.
   */
  private static boolean matches(ExportedRecord exported, PersonalRecord stored, boolean access) {
    if (!exported.category().equals(stored.category().value())) {
      return false;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (FieldValue field : stored.fields()) {
      fields.put(field.name(), ExportPackage.exported(field.value()));
    }
    if (!access) {
      return !exported.fields().isEmpty()
          && exported.fields().entrySet().stream()
              .allMatch(
                  e ->
                      fields.containsKey(e.getKey())
                          && Objects.equals(fields.get(e.getKey()), e.getValue()));
    }
    Map<String, String> anchors = new LinkedHashMap<>();
    for (Map.Entry<Anchor, Instant> anchor : stored.anchors().times().entrySet()) {
      anchors.put(anchor.getKey().event(), anchor.getValue().toString());
    }
    return exported.fields().equals(fields) && exported.anchors().equals(anchors);
  }

  private List<String> storeNames() {
    return stores.stream().map(PersonalDataStore::name).toList();
  }
}
