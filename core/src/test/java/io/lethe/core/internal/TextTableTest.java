package io.lethe.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void a_table_that_fits_is_padded_to_its_widest_cells() {
    String table = new TextTable("store", "due").row("jobs", 322).row("security_logs", 7).render();

    assertThat(table.lines())
        .containsExactly(
            "  store          due",
            "  -------------  ---",
            "  jobs           322",
            "  security_logs  7");
  }

  @Test
  void a_table_too_wide_wraps_its_widest_column_at_spaces_within_the_width() {
    String reason =
        "Art. 17(3)(b) kept at least P5Y from collected (Applicable financial"
            + " recordkeeping laws); until 2031-09-10T12:00:00Z; erased then";
    String table =
        new TextTable("store", "kept", "why").row("credit_transactions", 2, reason).render(60);

    List<String> lines = table.lines().toList();
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    assertThat(lines).hasSizeGreaterThan(3);
    assertThat(lines.get(2)).startsWith("  credit_transactions  2     Art. 17(3)(b)");
    // every word of the wrapped cell is there, in order, in the third column
    String why =
        String.join(
            " ",
            lines.subList(2, lines.size()).stream()
                .map(line -> line.substring(29).strip())
                .toList());
    assertThat(why).isEqualTo(reason);
  }

  @Test
  void a_word_longer_than_its_column_breaks_after_punctuation_or_else_at_the_width() {
    assertThat(TextTable.wrap("abcdefghijkl", 5)).containsExactly("abcde", "fghij", "kl");
    assertThat(TextTable.wrap("  kept user.financial", 12))
        .containsExactly("  kept", "user.", "financial");
    assertThat(TextTable.wrap("short", 5)).containsExactly("short");
  }

  @Test
  void columns_of_single_words_keep_their_words_while_a_column_of_prose_wraps() {
    String table =
        new TextTable("category", "why kept")
            .row("user.behavior.usage.job_history", "subject hold: chargeback dispute D-118")
            .render(60);

    assertThat(table.lines())
        .containsExactly(
            "  category                         why kept",
            "  -------------------------------  -------------------------",
            "  user.behavior.usage.job_history  subject hold: chargeback",
            "                                   dispute D-118");
  }

  @Test
  void a_note_runs_under_its_row_across_the_table_and_does_not_widen_it() {
    String table =
        new TextTable("store", "kept")
            .row("credit_transactions", 2)
            .note("kept 2 user.financial.transaction: Art. 17(3)(b) kept at least P5Y")
            .render(40);

    assertThat(table.lines())
        .containsExactly(
            "  store                kept",
            "  -------------------  ----",
            "  credit_transactions  2",
            "    kept 2 user.financial.transaction:",
            "    Art. 17(3)(b) kept at least P5Y");
  }

  @Test
  void a_paragraph_wraps_within_the_width_with_continuation_lines_indented() {
    String text = "notify (Art. 19): " + "carrier_verification_provider, ".repeat(6) + "end";

    List<String> lines = TextTable.paragraph(text).lines().toList();

    assertThat(lines)
        .hasSizeGreaterThan(1)
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(TextTable.WIDTH));
    assertThat(lines.get(0)).startsWith("notify (Art. 19): carrier_verification_provider,");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line).startsWith("  ").doesNotStartWith("   "));
  }
}
