package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/taxonomy.md} equal to the built-in taxonomy. After changing the taxonomy,
 * regenerate it with {@code -Dlethe.docs.write=true} on this test.
 */
class TaxonomyDocumentTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "taxonomy.md");

  @Test
  void the_taxonomy_document_lists_every_built_in_category_as_the_code_declares_it()
      throws IOException {
    String expected = render(Taxonomy.builtIn());
    if (Boolean.getBoolean("lethe.docs.write")) {
      Files.writeString(DOCUMENT, expected, StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
        .as("docs/taxonomy.md is out of date: run this test with -Dlethe.docs.write=true")
        .isEqualTo(expected);
  }

  static String render(Taxonomy taxonomy) {
    StringBuilder md = new StringBuilder();
    md.append("# Built-in data categories\n\n")
        .append("The category keys a policy can use without declaring them (`categories:` in a\n")
        .append("policy file adds its own). A rule or purpose on a category covers its\n")
        .append("descendants unless a more specific one exists. DPV terms are local names in\n")
        .append("`")
        .append(DataCategory.DPV_PD_NAMESPACE)
        .append("`.\n\n")
        .append("- **special**: special-category data (GDPR Art. 9 and 10);\n")
        .append("- **anonymized**: not personal data (anonymized or aggregate), the only data\n")
        .append("  that may be kept indefinitely;\n")
        .append("- **context**: `system` and below, values about no person (a status, a\n")
        .append("  reference, a catalog entry); no retention rule may govern them and no\n")
        .append("  receipt lists them as erased.\n\n")
        .append(
            "Generated from `Taxonomy.builtIn()`; `TaxonomyDocumentTest` fails when it"
                + " drifts.\n\n")
        .append("| key | name | DPV term | special | anonymized | context |\n")
        .append("|---|---|---|---|---|---|\n");
    for (DataCategory category : taxonomy.categories()) {
      md.append("| `")
          .append(category.key().value())
          .append("` | ")
          .append(category.name())
          .append(" | ")
          .append(category.dpvTerm() == null ? "" : category.dpvTerm())
          .append(" | ")
          .append(taxonomy.isSpecial(category.key()) ? "yes" : "")
          .append(" | ")
          .append(taxonomy.isAnonymized(category.key()) ? "yes" : "")
          .append(" | ")
          .append(Taxonomy.isContext(category.key()) ? "yes" : "")
          .append(" |\n");
    }
    return md.toString();
  }
}
