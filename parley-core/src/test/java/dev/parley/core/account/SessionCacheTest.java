package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Session;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCacheTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final SessionCache cache = new SessionCache(clock, Duration.ofSeconds(30), 3);

  private Session session(String hash) {
    return new Session(hash, "u", "d", null, clock.instant(), clock.instant(), null);
  }

  @Test
  void entriesExpireAfterTheTtl() {
    cache.put(session("a"));
    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.get("a")).isNotNull();
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void invalidateRemovesAtOnce() {
    cache.put(session("a"));
    cache.invalidate("a");
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void neverHoldsMoreThanItsBound() {
    for (int i = 0; i < 10; i++) {
      cache.put(session("s" + i));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(3);
  }
}
