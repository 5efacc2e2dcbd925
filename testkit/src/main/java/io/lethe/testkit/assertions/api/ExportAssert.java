package io.lethe.testkit.assertions.api;

import static io.lethe.testkit.assertions.error.ShouldBeExportOfKind.shouldBeExportOfKind;

import io.lethe.core.spi.PersonalDataStore;
import io.lethe.testkit.assertions.ExportPackage;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on an access or portability export package. Checks that compare the package with what
 * the stores hold go through {@link #against(PersonalDataStore...)}.
 *
 * <pre>{@code
 * assertThatExport(bytes).isAccessExport()
 *     .against(accounts, orders)
 *     .containsEveryCategoryOf(SubjectRef.email("…"))
 *     .containsNoOtherSubject();
 * }</pre>
 */
public class ExportAssert extends AbstractAssert<ExportAssert, ExportPackage> {

  /**
   * Creates the assertion; prefer {@code LetheAssertions.assertThat(ExportPackage)} or {@code
   * LetheAssertions.assertThatExport(byte[])}.
   *
   * @param actual the package
   */
  public ExportAssert(ExportPackage actual) {
    super(actual, ExportAssert.class);
  }

  /**
   * Verifies that the package answers an access request (GDPR Art. 15).
   *
   * @return this assertion
   */
  public ExportAssert isAccessExport() {
    return isKind("access");
  }

  /**
   * Verifies that the package answers a portability request (GDPR Art. 20).
   *
   * @return this assertion
   */
  public ExportAssert isPortabilityExport() {
    return isKind("portability");
  }

  /**
   * Names the stores the package must reflect: the stores the exporter read.
   *
   * @param stores the stores
   * @return assertions comparing the package with the stores
   */
  public ExportAgainstStoresAssert against(PersonalDataStore... stores) {
    isNotNull();
    Assertions.assertThat(stores).as("stores").isNotEmpty().doesNotContainNull();
    return new ExportAgainstStoresAssert(actual, List.of(stores));
  }

  private ExportAssert isKind(String kind) {
    isNotNull();
    if (!Objects.equals(actual.kind(), kind)) {
      throwAssertionError(shouldBeExportOfKind(actual.policy(), kind, actual.kind()));
    }
    return myself;
  }
}
