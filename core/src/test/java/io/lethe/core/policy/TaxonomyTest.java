package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

  private final Taxonomy builtIn = Taxonomy.builtIn();

  @Test
  void the_built_in_taxonomy_has_at_least_forty_categories_in_fideslang_style() {
    assertThat(builtIn.categories()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(builtIn.categories())
        .extracting(c -> c.key().toString())
        .contains(
            "user.contact.email",
            "user.device.ip_address",
            "user.financial.account_number",
            "user.behavior.browsing_history",
            "user.financial.transaction");
  }

  @Test
  void every_built_in_category_has_its_parent_in_the_taxonomy() {
    for (DataCategory category : builtIn.categories()) {
      category
          .key()
          .parent()
          .ifPresent(
              parent ->
                  assertThat(builtIn.contains(parent)).as("parent of %s", category.key()).isTrue());
    }
  }

  @Test
  void categories_map_to_w3c_dpv_terms_where_one_exists() {
    DataCategory email = builtIn.find(CategoryKey.of("user.contact.email")).orElseThrow();
    DataCategory ip = builtIn.find(CategoryKey.of("user.device.ip_address")).orElseThrow();

    assertThat(email.dpvIri()).isEqualTo("https://w3id.org/dpv/pd#EmailAddress");
    assertThat(ip.dpvTerm()).isEqualTo("IPAddress");
    assertThat(builtIn.find(CategoryKey.of("user.financial.crypto_wallet")).orElseThrow().dpvTerm())
        .as("DPV has no wallet term")
        .isNull();
  }

  @Test
  void special_and_anonymized_flags_are_inherited_down_the_tree() {
    assertThat(builtIn.isSpecial(CategoryKey.of("user.health_and_medical.genetic"))).isTrue();
    assertThat(builtIn.isSpecial(CategoryKey.of("user.contact.email"))).isFalse();
    assertThat(builtIn.isAnonymized(CategoryKey.of("aggregate.statistics"))).isTrue();

    Taxonomy extended =
        Taxonomy.extendedWith(
            List.of(
                DataCategory.of("user.biometric.voiceprint", "Voiceprint"),
                DataCategory.of("aggregate.statistics.block_hit_rates", "Block hit rates")));

    assertThat(extended.isSpecial(CategoryKey.of("user.biometric.voiceprint"))).isTrue();
    assertThat(extended.isAnonymized(CategoryKey.of("aggregate.statistics.block_hit_rates")))
        .isTrue();
    assertThat(builtIn.contains(CategoryKey.of("user.biometric.voiceprint")))
        .as("extending does not change the built-in taxonomy")
        .isFalse();
  }
}
