package io.lethe.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md and CONTRIBUTING.md, checked on the compiled classes. */
class ArchitectureTest {

  private static final JavaClasses LETHE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lethe");

  @Test
  void core_depends_on_no_engine_module() {
    noClasses().that().resideInAPackage("io.lethe.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lethe.retention..",
            "io.lethe.dsar..", "io.lethe.consent..", "io.lethe.testkit..", "io.lethe.examples..")
        .check(LETHE);
  }

  @Test
  void only_the_entry_point_module_wires_every_engine() {
    noClasses().that().resideInAnyPackage("io.lethe.core..", "io.lethe.retention..",
            "io.lethe.dsar..", "io.lethe.consent..", "io.lethe.testkit..")
        .should().dependOnClassesThat().resideInAPackage("io.lethe")
        .check(LETHE);
  }

  @Test
  void no_internal_package_is_used_outside_its_module() {
    // core's internals serve the engine modules built on it (such as the JDBC plumbing of
    // Lethe's own tables), never the test kit, the examples or a host
    noClasses().that().resideOutsideOfPackages("io.lethe.core..", "io.lethe.retention..",
            "io.lethe.dsar..", "io.lethe.consent..")
        .should().dependOnClassesThat().resideInAPackage("io.lethe.core.internal..")
        .check(LETHE);
    noClasses().that().resideOutsideOfPackage("io.lethe.retention..")
        .should().dependOnClassesThat().resideInAPackage("io.lethe.retention.internal..")
        .allowEmptyShould(true)
        .check(LETHE);
    noClasses().that().resideOutsideOfPackage("io.lethe.consent..")
        .should().dependOnClassesThat().resideInAPackage("io.lethe.consent.internal..")
        .check(LETHE);
  }

  @Test
  void the_consent_engine_depends_on_core_only() {
    noClasses().that().resideInAPackage("io.lethe.consent..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lethe.retention..",
            "io.lethe.dsar..", "io.lethe.testkit..")
        .check(LETHE);
  }

  @Test
  void the_request_service_does_not_depend_on_the_consent_engine() {
    // consent reaches exports and erasures through the dsar SPIs, adapted in the lethe module
    noClasses().that().resideInAPackage("io.lethe.dsar..")
        .should().dependOnClassesThat().resideInAPackage("io.lethe.consent..")
        .check(LETHE);
  }

  @Test
  void library_code_logs_through_the_slf4j_api_only() {
    noClasses().that().resideInAnyPackage("io.lethe.core..", "io.lethe.retention..",
            "io.lethe.dsar..", "io.lethe.consent..", "io.lethe")
        .should().dependOnClassesThat().resideInAnyPackage("org.slf4j.simple..",
            "ch.qos.logback..", "java.util.logging..")
        .check(LETHE);
  }
}
