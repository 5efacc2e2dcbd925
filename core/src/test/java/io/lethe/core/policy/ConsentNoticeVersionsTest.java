package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lethe.core.InvalidPolicyException;
import io.lethe.core.PolicyViolation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The versions of a consent notice: history, fingerprints, and when a consent goes stale. */
class ConsentNoticeVersionsTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** Version 1, an editorial 2 on 1 March 2025, a material 3 on 1 June 2025. */
  private static final ConsentNotice MARKETING =
      new ConsentNotice(
          "marketing",
          "3",
          List.of("news"),
          LocalDate.of(2025, 6, 1),
          NoticeChange.MATERIAL,
          "text three",
          List.of(
              new NoticeVersion("1", LocalDate.of(2024, 1, 1), null, "text one"),
              new NoticeVersion(
                  "2", LocalDate.of(2025, 3, 1), NoticeChange.EDITORIAL, "text two")));

  private static PrivacyPolicy.Builder shopWith(ConsentNotice notice) {
    return Policies.shop()
        .purpose(
            Purpose.builder("news")
                .name("Newsletter")
                .basis(LawfulBasis.CONSENT)
                .notice(notice.id())
                .categories("user.contact.email")
                .build())
        .notice(notice);
  }

  private static List<String> violations(PrivacyPolicy.Builder builder) {
    try {
      builder.build();
    } catch (InvalidPolicyException e) {
      return e.violations().stream().map(PolicyViolation::toString).toList();
    }
    throw new AssertionError("the policy was accepted");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ------------------------------------------------------------------ history

  @Test
  void with_previous_keeps_the_current_version_last_and_the_earlier_ones_oldest_first() {
    ConsentNotice notice =
        ConsentNotice.of("marketing", "2", "marketing_emails")
            .withPrevious(NoticeChange.MATERIAL, new NoticeVersion("1", null, null, "old text"));

    assertThat(notice.change()).isEqualTo(NoticeChange.MATERIAL);
    assertThat(notice.previous()).containsExactly(new NoticeVersion("1", null, null, "old text"));
    assertThat(notice.versions())
        .containsExactly(
            new NoticeVersion("1", null, null, "old text"),
            new NoticeVersion("2", null, NoticeChange.MATERIAL, null));
    assertThat(notice.purposes()).containsExactly("marketing_emails");
    assertThat(ConsentNotice.of("marketing", "1").versions())
        .containsExactly(new NoticeVersion("1", null, null, null));
  }

  @Test
  void a_version_is_found_by_its_label() {
    assertThat(MARKETING.version("2"))
        .contains(
            new NoticeVersion("2", LocalDate.of(2025, 3, 1), NoticeChange.EDITORIAL, "text two"));
    assertThat(MARKETING.version("3"))
        .contains(
            new NoticeVersion("3", LocalDate.of(2025, 6, 1), NoticeChange.MATERIAL, "text three"));
    assertThat(MARKETING.version("4")).isEmpty();
  }

  // ------------------------------------------------------------------ content hash

  @Test
  void the_content_hash_is_sha_256_of_the_length_prefixed_id_version_and_text() throws Exception {
    assertThat(MARKETING.contentHash("2"))
        .isEqualTo(sha256("9:marketing;1:2;8:text two;"))
        .matches("[0-9a-f]{64}");
    assertThat(MARKETING.contentHash())
        .isEqualTo(sha256("9:marketing;1:3;10:text three;"))
        .isEqualTo(MARKETING.contentHash("3"));
    assertThat(ConsentNotice.of("marketing", "1").contentHash())
        .as("no text hashes as an empty text")
        .isEqualTo(sha256("9:marketing;1:1;0:;"));
  }

  @Test
  void the_content_hash_changes_with_each_field_and_fields_cannot_pass_for_each_other() {
    ConsentNotice ab = new ConsentNotice("ab", "c", List.of(), null, null, "x", List.of());
    ConsentNotice a = new ConsentNotice("a", "bc", List.of(), null, null, "x", List.of());
    ConsentNotice reworded = new ConsentNotice("ab", "c", List.of(), null, null, "y", List.of());

    assertThat(ab.contentHash()).isNotEqualTo(a.contentHash()).isNotEqualTo(reworded.contentHash());
    assertThat(MARKETING.contentHash("1")).isNotEqualTo(MARKETING.contentHash("2"));
  }

  @Test
  void the_content_hash_of_an_unknown_version_names_the_notice_and_the_version() {
    assertThatThrownBy(() -> MARKETING.contentHash("7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consent notice 'marketing' has no version '7'");
  }

  // ------------------------------------------------------------------ staleness

  @Test
  void a_consent_to_the_current_version_is_not_stale() {
    assertThat(MARKETING.staleFor("3", Instant.parse("2030-01-01T00:00:00Z"), BERLIN)).isFalse();
  }

  @Test
  void an_editorial_version_after_the_given_one_keeps_the_consent() {
    ConsentNotice reworded =
        new ConsentNotice(
            "marketing",
            "2",
            List.of(),
            null,
            NoticeChange.EDITORIAL,
            "typo fixed",
            List.of(new NoticeVersion("1", null, null, "typo")));

    assertThat(reworded.staleFor("1", Instant.parse("2030-01-01T00:00:00Z"), BERLIN)).isFalse();
    // version 2 of MARKETING is editorial, version 3 not yet in effect
    assertThat(MARKETING.staleFor("1", Instant.parse("2025-05-31T12:00:00Z"), BERLIN)).isFalse();
  }

  @Test
  void a_material_version_after_the_given_one_makes_it_stale_once_in_effect() {
    assertThat(MARKETING.staleFor("1", Instant.parse("2025-07-01T00:00:00Z"), BERLIN)).isTrue();
    assertThat(MARKETING.staleFor("2", Instant.parse("2025-07-01T00:00:00Z"), BERLIN)).isTrue();
  }

  @Test
  void a_material_version_takes_effect_at_the_start_of_its_day_in_the_zone() {
    // 1 June 2025 begins in Berlin at 31 May 22:00 UTC
    assertThat(MARKETING.staleFor("2", Instant.parse("2025-05-31T21:59:59Z"), BERLIN)).isFalse();
    assertThat(MARKETING.staleFor("2", Instant.parse("2025-05-31T22:00:00Z"), BERLIN)).isTrue();
    assertThat(MARKETING.staleFor("2", Instant.parse("2025-05-31T22:00:00Z"), ZoneId.of("UTC")))
        .isFalse();
  }

  @Test
  void a_material_version_without_an_effective_date_is_always_in_effect() {
    ConsentNotice undated =
        ConsentNotice.of("marketing", "2")
            .withPrevious(NoticeChange.MATERIAL, new NoticeVersion("1", null, null, null));

    assertThat(undated.staleFor("1", Instant.parse("1970-01-01T00:00:00Z"), BERLIN)).isTrue();
  }

  @Test
  void a_consent_to_an_unknown_version_is_stale() {
    assertThat(MARKETING.staleFor("0", Instant.parse("2030-01-01T00:00:00Z"), BERLIN)).isTrue();
    assertThat(
            ConsentNotice.of("marketing", "1")
                .staleFor("1.0", Instant.parse("2030-01-01T00:00:00Z"), BERLIN))
        .isTrue();
  }

  @Test
  void an_earlier_material_change_does_not_touch_a_consent_given_after_it() {
    ConsentNotice notice =
        new ConsentNotice(
            "marketing",
            "3",
            List.of(),
            null,
            NoticeChange.EDITORIAL,
            null,
            List.of(
                new NoticeVersion("1", null, null, null),
                new NoticeVersion("2", null, NoticeChange.MATERIAL, null)));

    assertThat(notice.staleFor("1", Instant.parse("2030-01-01T00:00:00Z"), BERLIN)).isTrue();
    assertThat(notice.staleFor("2", Instant.parse("2030-01-01T00:00:00Z"), BERLIN)).isFalse();
  }

  // ------------------------------------------------------------------ validation

  @Test
  void a_notice_with_earlier_versions_must_say_how_the_current_one_changed() {
    ConsentNotice unsaid =
        new ConsentNotice(
            "marketing",
            "2",
            List.of("news"),
            null,
            null,
            null,
            List.of(new NoticeVersion("1", null, null, null)));

    assertThat(violations(shopWith(unsaid)))
        .containsExactly(
            "notices[0].change: consent notice"
                + " 'marketing' lists earlier versions, so it must say whether version '2' is a material"
                + " or an editorial change");
    assertThat(shopWith(ConsentNotice.of("marketing", "1", "news")).build().notice("marketing"))
        .as("no earlier versions, no change needed")
        .isPresent();
  }

  @Test
  void every_earlier_version_after_the_oldest_must_say_how_it_changed() {
    ConsentNotice notice =
        ConsentNotice.of("marketing", "3", "news")
            .withPrevious(
                NoticeChange.MATERIAL,
                new NoticeVersion("1", null, null, null),
                new NoticeVersion("2", null, null, null));

    assertThat(violations(shopWith(notice)))
        .containsExactly(
            "notices[0].previous[1].change:"
                + " version '2' of consent notice 'marketing' must say whether it is a material or an"
                + " editorial change from the one before it");
  }

  @Test
  void a_version_given_twice_is_refused_naming_the_notice() {
    ConsentNotice notice =
        ConsentNotice.of("marketing", "2", "news")
            .withPrevious(
                NoticeChange.EDITORIAL,
                new NoticeVersion("1", null, null, null),
                new NoticeVersion("1", null, NoticeChange.MATERIAL, null),
                new NoticeVersion("2", null, NoticeChange.MATERIAL, null));

    assertThat(violations(shopWith(notice)))
        .containsExactly(
            "notices[0].previous[1].version: consent notice 'marketing' has version '1' twice",
            "notices[0].version: consent notice 'marketing' has version '2' twice");
  }

  @Test
  void effective_dates_must_not_go_back_from_the_oldest_version_to_the_current_one() {
    ConsentNotice notice =
        new ConsentNotice(
            "marketing",
            "3",
            List.of("news"),
            LocalDate.of(2025, 1, 1),
            NoticeChange.MATERIAL,
            null,
            List.of(
                new NoticeVersion("1", LocalDate.of(2025, 2, 1), null, null),
                new NoticeVersion("2", null, NoticeChange.EDITORIAL, null)));

    assertThat(violations(shopWith(notice)))
        .containsExactly(
            "notices[0].effective: version '3'"
                + " of consent notice 'marketing' takes effect on 2025-01-01, before the earlier version"
                + " '1' (2025-02-01)");
    assertThat(shopWith(MARKETING).build().notice("marketing")).contains(MARKETING);
  }

  @Test
  void an_earlier_version_needs_a_version_label_and_a_date_within_the_format() {
    ConsentNotice notice =
        ConsentNotice.of("marketing", "2", "news")
            .withPrevious(
                NoticeChange.MATERIAL,
                new NoticeVersion(" ", LocalDate.of(1969, 12, 31), null, null));

    assertThat(violations(shopWith(notice)))
        .containsExactlyInAnyOrder(
            "notices[0].previous[0].version: every earlier version of a consent notice needs a"
                + " version",
            "notices[0].previous[0].effective: must lie in the years 1970 to 2999");
  }

  // ------------------------------------------------------------------ files

  @Test
  void versions_are_read_from_a_file_with_numbers_kept_as_written() {
    String text =
        """
        id: shop
        controller: {name: Shop, contact: privacy@shop.example}
        version: "1"
        effectiveDate: 2026-01-01
        purposes:
          - {key: news, name: Newsletter, basis: consent, notice: marketing}
        notices:
          - id: marketing
            version: 2.0
            effective: 2026-01-01
            change: material
            text: New partners receive your address
            previous:
              - version: 1.10
                effective: 2025-01-01
                text: Newsletter only
        """;

    ConsentNotice notice =
        PolicyFiles.parse(text, PolicyFormat.YAML, "shop.yaml").notice("marketing").orElseThrow();

    assertThat(notice.versions())
        .containsExactly(
            new NoticeVersion("1.10", LocalDate.of(2025, 1, 1), null, "Newsletter only"),
            new NoticeVersion(
                "2.0",
                LocalDate.of(2026, 1, 1),
                NoticeChange.MATERIAL,
                "New partners receive your address"));
    assertThat(notice.staleFor("1.10", Instant.parse("2026-01-02T00:00:00Z"), BERLIN)).isTrue();
  }

  @Test
  void versions_are_written_and_read_back_in_both_formats() {
    PrivacyPolicy policy = shopWith(MARKETING).build();

    String yaml = PolicyFiles.toYaml(policy);
    String json = PolicyFiles.toJson(policy);

    assertThat(yaml)
        .contains("change: material", "change: editorial", "previous:", "version: \"1\"");
    assertThat(json).contains("\"change\" : \"material\"", "\"previous\" : [");
    assertThat(PolicyFiles.parse(yaml, PolicyFormat.YAML, "shop.yaml")).isEqualTo(policy);
    assertThat(PolicyFiles.parse(json, PolicyFormat.JSON, "shop.json")).isEqualTo(policy);
    assertThat(PolicyFiles.toYaml(shopWith(ConsentNotice.of("marketing", "1", "news")).build()))
        .doesNotContain("previous", "change");
  }

  @Test
  void a_notice_is_looked_up_by_its_id() {
    PrivacyPolicy policy = shopWith(MARKETING).build();

    assertThat(policy.notice("marketing")).contains(MARKETING);
    assertThat(policy.notice("cookies")).isEmpty();
  }
}
