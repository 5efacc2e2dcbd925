package io.lethe.dsar.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "2025-01-01T00:00:00.100Z",
        "2025-01-01T00:00:00.000100Z",
        "2025-01-01T00:00:00.000000001Z",
        "2025-06-30T12:34:56.789012345Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "-0001-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z"
      })
  void formats_like_instant_to_string(String text) {
    Instant instant = Instant.parse(text);

    assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20260101L})
  void formats_random_instants_like_instant_to_string(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      long seconds =
          random.nextLong(
              Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond(),
              Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond());
      int nano =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nano);

      assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T23:59:59Z",
        "1600-03-01T00:00:00.5Z",
        "9999-12-31T23:59:59.999999999Z",
        "-0001-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z"
      })
  void formats_into_a_reused_buffer_or_says_it_cannot(String text) {
    Instant instant = Instant.parse(text);
    char[] buffer = new char[IsoInstants.MAX_LENGTH];
    java.util.Arrays.fill(buffer, '#');

    int length = IsoInstants.format(instant, buffer);

    if (text.startsWith("-") || text.startsWith("+")) {
      assertThat(length).as("years the buffer form does not write").isEqualTo(-1);
    } else {
      assertThat(new String(buffer, 0, length)).isEqualTo(instant.toString());
    }
  }
}
