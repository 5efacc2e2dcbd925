package io.lethe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the export benchmark runnable: a small run on H2 must complete and report its format. */
class ExportBenchmarkTest {

  @Test
  void a_small_run_on_h2_exports_the_same_records_every_way_and_reports_its_result_lines()
      throws Exception {
    try (BenchDatabase h2 = BenchDatabase.h2()) {
      ExportBenchmark.Result result =
          ExportBenchmark.run(h2, 2_000, 1, java.time.Duration.ZERO, 20, 20);

      String head = "export db=h2 stores=5 rows_per_store=2000 unique=true audit=apart";
      assertThat(result.line())
          .matches(
              "RESULT "
                  + head
                  + " lethe_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d");
      assertThat(result.coldLine())
          .matches(
              "COLD "
                  + head
                  + " exports=20"
                  + " lethe_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d"
                  + " lethe_total_ms=\\d+\\.\\d sql_total_ms=\\d+\\.\\d ratio_total=\\d+\\.\\d\\d");
      assertThat(result.readAheadLine())
          .matches(
              "READ_AHEAD "
                  + head
                  + " lethe_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d");
      assertThat(result.floorLine())
          .matches(
              "FLOOR "
                  + head
                  + " floor_ms=\\d+\\.\\d{3} sql_ms=\\d+\\.\\d{3} ratio=\\d+\\.\\d\\d"
                  + " lethe_over_floor=\\d+\\.\\d\\d");
      assertThat(result.letheRecords())
          .as("records in Lethe's export")
          .isEqualTo(result.sqlRecords())
          .isEqualTo(ExportTables.RECORDS_PER_SUBJECT);
    }
  }

  @Test
  void records_compare_equal_across_document_shapes_and_a_changed_field_is_found()
      throws Exception {
    String lethe =
        """
        {"schema": "lethe-export/1", "records": [
          {"store": "messages", "category": "user.content.private",
           "fields": {"body": "hello"}, "anchors": {"collected": "2025-03-01T10:00:00Z"}}],
         "summary": {"records": 1}}""";
    String handWritten =
        """
        {"subject": "a@example.com", "records": [
          {"table": "messages", "row": {"id": 7, "sender_email": "a@example.com",
           "body": "hello", "sent_at": "2025-03-01T10:00:00Z"}}], "total": 1}""";

    var letheRecords = ExportRecords.of(lethe.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var sqlRecords =
        ExportRecords.of(handWritten.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var changed =
        ExportRecords.of(
            handWritten
                .replace("hello", "hullo")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(letheRecords).hasSize(1).isEqualTo(sqlRecords);
    assertThat(ExportRecords.difference(letheRecords, sqlRecords)).isNull();
    assertThat(ExportRecords.difference(letheRecords, changed)).contains("hello");
  }
}
