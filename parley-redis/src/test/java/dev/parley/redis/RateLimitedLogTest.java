package dev.parley.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

  @Test
  void logsOncePerIntervalAndCountsTheRest() {
    AtomicLong nanos = new AtomicLong(1_000);
    RateLimitedLog log =
        new RateLimitedLog(
            LoggerFactory.getLogger(RateLimitedLogTest.class), Duration.ofSeconds(10), nanos::get);

    assertThat(log.warn("lost", null)).isTrue();
    assertThat(log.warn("lost", null)).isFalse();
    nanos.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
    assertThat(log.warn("lost", null)).isFalse();
    nanos.incrementAndGet();
    assertThat(log.warn("lost", new IllegalStateException("x"))).isTrue();
    assertThat(log.warn("lost", null)).isFalse();
  }
}
