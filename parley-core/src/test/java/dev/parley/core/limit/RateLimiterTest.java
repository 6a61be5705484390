package dev.parley.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.RateLimited;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Test
  void aBurstPassesThenTheRateHolds() {
    RateLimiter limiter = new RateLimiter(clock, 2, 3, 100, "sends");
    limiter.acquire("u");
    limiter.acquire("u");
    limiter.acquire("u");
    assertThatThrownBy(() -> limiter.acquire("u"))
        .isInstanceOfSatisfying(
            RateLimited.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500)));
    clock.advance(Duration.ofMillis(500));
    limiter.acquire("u");
    assertThatThrownBy(() -> limiter.acquire("u")).isInstanceOf(RateLimited.class);
  }

  @Test
  void keysAreIndependent() {
    RateLimiter limiter = new RateLimiter(clock, 1, 1, 100, "logins");
    limiter.acquire("a");
    limiter.acquire("b");
    assertThatThrownBy(() -> limiter.acquire("a")).isInstanceOf(RateLimited.class);
  }

  @Test
  void idleBucketsAreDroppedWhenTheMapIsFull() {
    RateLimiter limiter = new RateLimiter(clock, 10, 1, 2, "x");
    limiter.acquire("a");
    limiter.acquire("b");
    clock.advance(Duration.ofSeconds(1));
    limiter.acquire("c");
    limiter.acquire("a");
  }

  @Test
  void perMinuteAllowsTheWholeCountAtOnce() {
    RateLimiter limiter = RateLimiter.perMinute(clock, 5, "logins");
    for (int i = 0; i < 5; i++) {
      limiter.acquire("ip");
    }
    assertThatThrownBy(() -> limiter.acquire("ip"))
        .isInstanceOfSatisfying(
            RateLimited.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12)));
  }
}
