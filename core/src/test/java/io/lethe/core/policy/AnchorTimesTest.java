package io.lethe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnchorTimesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Anchor CLOSED = Anchor.event("account.closed");

  @Test
  void keeps_the_order_given_and_copies_the_map() {
    Map<Anchor, Instant> given = new LinkedHashMap<>();
    given.put(CLOSED, T0.plusSeconds(60));
    given.put(Anchor.COLLECTED, T0);

    AnchorTimes times = new AnchorTimes(given);
    given.clear();

    assertThat(times.times().keySet()).containsExactly(CLOSED, Anchor.COLLECTED);
    assertThat(times.get(Anchor.COLLECTED)).contains(T0);
  }

  @Test
  void answers_the_same_whatever_the_number_of_anchors() {
    Map<Anchor, Instant> two = new LinkedHashMap<>();
    two.put(Anchor.COLLECTED, T0);
    two.put(CLOSED, T0);
    for (AnchorTimes times :
        new AnchorTimes[] {
          AnchorTimes.none(), new AnchorTimes(Map.of(Anchor.COLLECTED, T0)), new AnchorTimes(two)
        }) {
      assertThat(times.times().get(null)).as("%s anchors", times.times().size()).isNull();
      assertThat(times.times().containsKey(null)).isFalse();
      assertThat(times.get(CLOSED).isPresent()).isEqualTo(times.times().size() == 2);
      assertThatThrownBy(() -> times.times().put(CLOSED, T0))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(new AnchorTimes(Map.of(Anchor.COLLECTED, T0)))
        .isEqualTo(AnchorTimes.collectedAt(T0));
  }

  @Test
  void rejects_null_anchors_and_instants_at_every_size() {
    Map<Anchor, Instant> nullInstant = new HashMap<>();
    nullInstant.put(Anchor.COLLECTED, null);
    Map<Anchor, Instant> nullAnchor = new HashMap<>();
    nullAnchor.put(null, T0);

    assertThatThrownBy(() -> new AnchorTimes(nullInstant))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("instant of");
    assertThatThrownBy(() -> new AnchorTimes(nullAnchor))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("anchor");
    nullInstant.put(CLOSED, T0);
    assertThatThrownBy(() -> new AnchorTimes(nullInstant)).isInstanceOf(NullPointerException.class);
  }
}
