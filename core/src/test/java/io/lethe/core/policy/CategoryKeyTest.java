package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryKeyTest {

  @Test
  void a_key_knows_its_parent_depth_and_descendants() {
    CategoryKey email = CategoryKey.of("user.contact.email");

    assertThat(email.parent()).contains(CategoryKey.of("user.contact"));
    assertThat(CategoryKey.of("user").parent()).isEmpty();
    assertThat(email.depth()).isEqualTo(3);
    assertThat(email.segments()).containsExactly("user", "contact", "email");
    assertThat(email.isWithin(CategoryKey.of("user.contact"))).isTrue();
    assertThat(email.isWithin(email)).isTrue();
    assertThat(CategoryKey.of("user.contactless").isWithin(CategoryKey.of("user.contact")))
        .as("a shared prefix is not an ancestor")
        .isFalse();
    assertThat(CategoryKey.of("user").child("name")).isEqualTo(CategoryKey.of("user.name"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "User.contact",
        "user..email",
        "user.",
        ".user",
        "user.contact-email",
        "user.1email",
        "user; drop table",
        "user.contact.email'--"
      })
  void malformed_keys_are_rejected_with_the_rule(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CategoryKey.of(text))
        .withMessageStartingWith("not a category key (dotted lower-case segments");
  }

  @Test
  void an_overlong_value_is_cut_short_in_the_message() {
    String huge = "X".repeat(500);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CategoryKey.of(huge))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
