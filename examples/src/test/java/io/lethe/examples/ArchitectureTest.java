package io.lethe.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md and CONTRIBUTING.md, checked on the compiled classes. */
class ArchitectureTest {

  private static final JavaClasses LETHE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.lethe");

  @Test
  void core_depends_on_no_engine_module() {
    noClasses()
        .that()
        .resideInAPackage("io.lethe.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.lethe.retention..",
            "io.lethe.dsar..",
            "io.lethe.consent..",
            "io.lethe.testkit..",
            "io.lethe.examples..")
        .check(LETHE);
  }

  @Test
  void only_the_entry_point_module_wires_every_engine() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.lethe.core..",
            "io.lethe.retention..",
            "io.lethe.dsar..",
            "io.lethe.consent..",
            "io.lethe.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lethe")
        .check(LETHE);
  }

  @Test
  void no_internal_package_is_used_outside_its_module() {
    // core's internals serve the engine modules built on it (such as the JDBC plumbing of
    // Lethe's own tables), never the test kit, the examples or a host
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.lethe.core..", "io.lethe.retention..", "io.lethe.dsar..", "io.lethe.consent..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lethe.core.internal..")
        .check(LETHE);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.lethe.retention..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lethe.retention.internal..")
        .allowEmptyShould(true)
        .check(LETHE);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.lethe.consent..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lethe.consent.internal..")
        .check(LETHE);
  }

  @Test
  void the_consent_engine_depends_on_core_only() {
    noClasses()
        .that()
        .resideInAPackage("io.lethe.consent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lethe.retention..", "io.lethe.dsar..", "io.lethe.testkit..")
        .check(LETHE);
  }

  @Test
  void the_request_service_does_not_depend_on_the_consent_engine() {
    // consent reaches exports and erasures through the dsar SPIs, adapted in the lethe module
    noClasses()
        .that()
        .resideInAPackage("io.lethe.dsar..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lethe.consent..")
        .check(LETHE);
  }

  @Test
  void library_code_logs_through_the_slf4j_api_only() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.lethe.core..",
            "io.lethe.retention..",
            "io.lethe.dsar..",
            "io.lethe.consent..",
            "io.lethe")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.slf4j.simple..", "ch.qos.logback..", "java.util.logging..")
        .check(LETHE);
  }

  @Test
  void no_public_api_exposes_an_internal_type() {
    // what a host can call or extend names no type of an internal package: the parameters,
    // return types and exceptions of public and protected methods and constructors, and the
    // types of public and protected fields, of public types (nested ones in public types too)
    classes()
        .that()
        .resideOutsideOfPackage("..internal..")
        .and(PUBLIC_API)
        .should(exposeNoInternalType())
        .check(LETHE);
  }

  private static final DescribedPredicate<JavaClass> PUBLIC_API =
      DescribedPredicate.describe(
          "are public, as are the types they are nested in", ArchitectureTest::isPublicApi);

  private static boolean isPublicApi(JavaClass type) {
    return type.getModifiers().contains(JavaModifier.PUBLIC)
        && type.getEnclosingClass().map(ArchitectureTest::isPublicApi).orElse(true);
  }

  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>(
        "expose no type of an internal package in a public or protected" + " signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaMember member : type.getMembers()) {
          Set<JavaModifier> modifiers = member.getModifiers();
          boolean visible =
              modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
          if (!visible
              || modifiers.contains(JavaModifier.SYNTHETIC)
              || modifiers.contains(JavaModifier.BRIDGE)) {
            continue;
          }
          Set<JavaClass> named = new LinkedHashSet<>();
          if (member instanceof JavaField field) {
            named.addAll(field.getType().getAllInvolvedRawTypes());
          } else if (member instanceof JavaCodeUnit code) {
            named.addAll(code.getReturnType().getAllInvolvedRawTypes());
            code.getParameterTypes().forEach(p -> named.addAll(p.getAllInvolvedRawTypes()));
            named.addAll(code.getThrowsClause().getTypes());
          }
          named.stream()
              .filter(t -> t.getPackageName().matches(".*\\.internal(\\..*)?"))
              .forEach(
                  t ->
                      events.add(
                          SimpleConditionEvent.violated(
                              member, member.getFullName() + " exposes " + t.getName())));
        }
      }
    };
  }
}
