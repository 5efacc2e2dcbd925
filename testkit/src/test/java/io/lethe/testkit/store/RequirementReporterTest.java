package io.lethe.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/** A failing contract test says what the store must do, not only which assertion broke. */
class RequirementReporterTest {

  private static ExtensionContext runningTest(String method) throws NoSuchMethodException {
    Method test = PersonalDataStoreContract.class.getDeclaredMethod(method);
    return (ExtensionContext)
        Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, called, args) -> {
              if (called.getName().equals("getTestMethod")) {
                return Optional.of(test);
              }
              throw new UnsupportedOperationException(called.getName());
            });
  }

  @Test
  void a_failed_assertion_starts_with_the_requirement_of_its_test() throws Exception {
    // GIVEN the rectify test failing as a store that throws nothing would make it fail
    AssertionError bare = new AssertionError("Expecting code to raise a throwable.");

    // WHEN the reporter handles it
    Throwable reported =
        catchThrowable(
            () ->
                new RequirementReporter()
                    .handleTestExecutionException(
                        runningTest("rectifies_one_field_of_one_record"), bare));

    // THEN the rule comes first, then the assertion's own message, with the original as cause
    assertThat(reported)
        .isInstanceOf(AssertionError.class)
        .hasCause(bare)
        .hasMessageStartingWith(
            "Store contract: rectify sets the fields of the given categories" + " on one record")
        .hasMessageContaining(
            "throws IllegalArgumentException whose message never contains the" + " value")
        .hasMessageEndingWith("Expecting code to raise a throwable.");
  }

  @Test
  void a_skipped_optional_group_and_other_failures_pass_through_unchanged() throws Exception {
    TestAbortedException skipped = new TestAbortedException("override createRoleStore");
    IllegalStateException broken = new IllegalStateException("store down");
    RequirementReporter reporter = new RequirementReporter();
    ExtensionContext context = runningTest("rectifies_one_field_of_one_record");

    assertThat(catchThrowable(() -> reporter.handleTestExecutionException(context, skipped)))
        .isSameAs(skipped);
    assertThat(catchThrowable(() -> reporter.handleTestExecutionException(context, broken)))
        .isSameAs(broken);
  }

  @Test
  void every_contract_test_states_its_requirement() {
    assertThat(
            Arrays.stream(PersonalDataStoreContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)))
        .isNotEmpty()
        .allSatisfy(
            m -> assertThat(m.getAnnotation(Requirement.class)).as(m.getName()).isNotNull());
  }
}
