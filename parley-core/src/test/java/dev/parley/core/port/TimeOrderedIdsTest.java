package dev.parley.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void idsAreUniqueAndSortInCreationOrder() {
    MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    TimeOrderedIds ids = new TimeOrderedIds(clock);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      made.add(ids.next());
      if (i % 100 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }
    assertThat(new HashSet<>(made)).hasSize(made.size());
    assertThat(made).isSorted();
    assertThat(made).allMatch(id -> id.length() == 26);
  }
}
